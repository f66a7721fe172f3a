import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumpsSigned, loadsSigned } from '../../src/signing/index.js';
import { UnpicklingError } from '../../src/errors.js';
import { PyGlobal, PyObject } from '../../src/values/index.js';
import { dictObject } from '../helpers/default-dicts.js';

const KEY = new Uint8Array(32).fill(9);

test('dumpsSigned / loadsSigned round trip', async () => {
  const value = new Map<unknown, unknown>([
    ['a', [1, 2.5, 'x']],
    ['b', null],
  ]);
  const signed = await dumpsSigned(value, KEY, { keyId: 'k1' });
  assert.deepEqual([...signed.subarray(0, 4)], [0x50, 0x4a, 0x53, 0x47]);
  assert.deepEqual(await loadsSigned(signed, KEY, { keyId: 'k1' }), dictObject(value as Map<string, unknown>));
  assert.deepEqual(await loadsSigned(signed, KEY, { keyId: 'k1', unpickler: { dictType: 'map' } }), value);
});

test('a tampered envelope is rejected before the pickle is parsed', async () => {
  const signed = await dumpsSigned([1, 2, 3], KEY);
  const bad = signed.slice();
  bad[bad.length - 40] ^= 0xff; // inside the pickle
  await assert.rejects(loadsSigned(bad, KEY), (e: unknown) => e instanceof UnpicklingError && /tag mismatch/.test((e as Error).message));
});

test('a verified pickle still goes through the safe loader', async () => {
  // A signed pickle that calls os.system: signature fine, but loads keeps it inert (or refuses it in strict mode).
  const { sign } = await import('../../src/signing/index.js');
  const evil = Uint8Array.from("cposix\nsystem\n(S'id'\ntR.", (c) => c.charCodeAt(0));
  const value = await loadsSigned(await sign(evil, KEY), KEY);
  assert.ok(value instanceof PyObject);
  assert.deepEqual((value as PyObject).callable, new PyGlobal('posix', 'system'));
});
