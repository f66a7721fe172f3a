import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { UnpicklingError } from '../../src/errors.js';
import { loads } from '../../src/unpickler/index.js';
import { describe, hex, NEEDS_PYTHON, python, readGolden, SOURCE_DIR } from './helpers.js';

interface Case {
  hex: string;
  error?: string;
  message?: string;
  value?: unknown;
  opaque?: string;
}
interface Golden {
  python: string;
  cases: Case[];
}

/**
 * Inputs where picklejar's message deliberately differs from CPython's (the
 * error class is still UnpicklingError). Keyed by input hex.
 */
const MESSAGE_DEVIATIONS: ReadonlyMap<string, string> = new Map([
  // CPython reports the base-10 retry of its own parser; we name the base used.
  [Buffer.from('LL\n.').toString('hex'), 'invalid literal for int() with base 0'],
  [Buffer.from('L5LL\n.').toString('hex'), 'invalid literal for int() with base 0'],
  // Our UTF-8 decoder words positions its own way.
  [Buffer.from('X\x02\x00\x00\x00\xff\xfe.', 'latin1').toString('hex'), ''],
  [Buffer.from('\x8c\x02\xc3.', 'latin1').toString('hex'), ''],
  [Buffer.from('\x8c\x01\x80.', 'latin1').toString('hex'), ''],
  [Buffer.from('\x8c\x03\xe0\x80\x80.', 'latin1').toString('hex'), ''],
  [Buffer.from('\x8c\x04\xf4\x90\x80\x80.', 'latin1').toString('hex'), ''],
  [Buffer.from('c\xff\nb\n.', 'latin1').toString('hex'), ''],
  // Python's advice names sys.set_int_max_str_digits(), which has no JS equivalent.
  [Buffer.from('L1' + '0'.repeat(5000) + '\n.').toString('hex'), 'Exceeds the limit (4300 digits) for integer string conversion: value has 5001 digits'],
]);

function check(c: Case): void {
  const data = hex(c.hex);
  const label = JSON.stringify(Buffer.from(data).toString('latin1').slice(0, 40));
  if (c.error !== undefined) {
    let caught: unknown;
    try {
      loads(data);
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof UnpicklingError, `${label}: CPython raises ${c.error}; got ${String(caught)}`);
    const expected = MESSAGE_DEVIATIONS.get(c.hex) ?? c.message!;
    assert.ok(caught.message.includes(expected), `${label}: ${JSON.stringify(caught.message)} lacks CPython's ${JSON.stringify(expected)}`);
    assert.match(caught.message, / at byte \d+ \([A-Z0-9_]*\)$|at byte \d+$/, `${label}: no position in ${caught.message}`);
  } else if (c.opaque === undefined) {
    assert.deepEqual(describe(loads(data, { lossless: true })), c.value, label);
  }
}

const golden = readGolden<Golden>('bad-input.json');

test('malformed and unusual pickles behave as CPython 3.11 (committed goldens)', () => {
  assert.ok(golden.cases.length > 250);
  const failures: string[] = [];
  for (const c of golden.cases) {
    try {
      check(c);
    } catch (e) {
      failures.push((e as Error).message);
    }
  }
  assert.deepEqual(failures, []);
});

test('malformed and unusual pickles behave as the python3 here', { skip: NEEDS_PYTHON }, () => {
  const live = JSON.parse(
    python(
      `import runpy, sys\nsys.argv = ['x', '--stdout']\nrunpy.run_path(${JSON.stringify(join(SOURCE_DIR, 'generate-bad-input.py'))}, run_name='__main__')`,
    ).toString('utf8'),
  ) as Golden;
  const failures: string[] = [];
  for (const c of live.cases) {
    try {
      check(c);
    } catch (e) {
      failures.push((e as Error).message);
    }
  }
  assert.deepEqual(failures, []);
});
