/**
 * Issue 12: globals resolve as CPython 3.11 resolves them, for the names
 * picklejar can know: builtins' fixed set of names, dotted names only from
 * protocol 4, the Python 2 mapping only below protocol 3, NEWOBJ only of a
 * class. The golden (global-rules.json, written by global_rules.py) holds
 * CPython's outcome per pickle; a live test checks it still is CPython's.
 * Unknown modules (CPython: ModuleNotFoundError) load inert, as documented.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UnpicklingError } from '../../src/errors.js';
import { loads } from '../../src/unpickler/index.js';
import { PyGlobal } from '../../src/values/index.js';
import { PYTHON, pythonSkip } from '../helpers/python.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'fidelity');
const GOLDEN = readFileSync(join(DIR, 'global-rules.json'), 'utf8');

interface Case {
  readonly name: string;
  readonly pickle: string;
  readonly value?: string;
  readonly error?: string;
  readonly message?: string;
}

const cases = JSON.parse(GOLDEN) as Case[];

test('globals: picklejar fails where CPython fails to resolve, with its message, and resolves the rest', () => {
  let failures = 0;
  for (const c of cases) {
    for (const lossless of [false, true]) {
      const data = Buffer.from(c.pickle, 'hex');
      const label = `${c.name} (lossless: ${lossless})`;
      if (c.error === 'AttributeError' || c.error === 'UnpicklingError') {
        assert.throws(
          () => loads(data, { lossless }),
          (e: unknown) => e instanceof UnpicklingError && e.message.startsWith(`${c.message!} at byte `),
          label,
        );
        failures++;
      } else if (c.error === 'ModuleNotFoundError') {
        // picklejar imports nothing: an unknown module loads inert.
        assert.ok(loads(data, { lossless }) instanceof PyGlobal, label);
      } else {
        assert.equal(c.error, undefined, label);
        assert.doesNotThrow(() => loads(data, { lossless }), label);
      }
    }
  }
  assert.equal(failures, 2 * 13);
});

test('globals: the Python 2 mapping follows the protocol the pickle declared', () => {
  const at = (hex: string): unknown => loads(Buffer.from(hex, 'hex'), { lossless: true });
  const p2 = at(cases.find((c) => c.name === 'Python 2 name p2')!.pickle) as PyGlobal;
  assert.deepEqual([p2.module, p2.name], ['builtins', 'str']);
  const p3 = at(cases.find((c) => c.name === 'Python 2 name p3 (no mapping)')!.pickle) as PyGlobal;
  assert.deepEqual([p3.module, p3.name], ['__builtin__', 'unicode']);
  const p4 = at(cases.find((c) => c.name === 'Python 2 module p4 (no mapping)')!.pickle) as PyGlobal;
  assert.deepEqual([p4.module, p4.name], ['UserDict', 'UserDict']);
});

test('globals: the golden is what CPython 3.11 does today', { skip: pythonSkip() }, () => {
  const r = spawnSync(PYTHON, [join(DIR, 'global_rules.py'), '--stdout'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, GOLDEN);
});
