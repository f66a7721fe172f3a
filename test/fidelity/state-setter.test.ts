/**
 * Issue 12: the sixth element of a reduce value (`state_setter`): CPython
 * writes `set_state(obj, state)` and POP instead of BUILD. Loads keep it as
 * the object's state and state setter (lossless and default mode), and
 * `dumps` writes it back so (corpus: state-setter-p0/p2/p4).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dumps } from '../../src/pickler/index.js';
import { loads } from '../../src/unpickler/index.js';
import { discardedAfter, PyGlobal, PyObject } from '../../src/values/index.js';

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'fidelity', 'corpus');

test('state_setter: taken as state and setter, not a discarded call, and written back', () => {
  for (const p of [0, 2, 4] as const) {
    const data = new Uint8Array(readFileSync(join(CORPUS, `state-setter-p${p}.pkl`)));
    for (const lossless of [true, false]) {
      const value = loads(data, { lossless }) as PyObject[];
      const [x, same, other] = value;
      assert.equal(x, same);
      assert.ok(x instanceof PyObject && other instanceof PyObject);
      assert.deepEqual(x.stateSetter, new PyGlobal('fidelity_types', 'set_state'));
      assert.equal(Object.getPrototypeOf(x.state), null);
      assert.deepEqual(Object.keys(x.state as object), ['v']);
      assert.equal(discardedAfter(x), undefined);
      assert.deepEqual(Buffer.from(dumps(value, { protocol: p })), Buffer.from(data), `protocol ${p}, lossless ${lossless}`);
    }
  }
});
