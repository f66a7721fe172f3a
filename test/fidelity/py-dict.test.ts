/**
 * "Dicts with keys Python compares by value": pyGet/pyHas/pySet/pyDelete find
 * keys by Python equality for tuple, frozenset, bigint, float/int/bool, str,
 * bytes and None keys, keep insertion order and the original key objects, and
 * the dict dumps byte-identically.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps } from '../../src/pickler/index.js';
import { loads } from '../../src/unpickler/index.js';
import { Float, FrozenSet, pyDelete, pyGet, pyHas, pySet, Tuple } from '../../src/values/index.js';

// {(1, 'a'): 'tuple', frozenset({1, 2}): 'fs', 1: 'one', 2**70: 'big', 0.5: 'half', b'k': 'bytes', None: 'none'}
// as CPython 3.11 writes it at protocol 4.
const PICKLE = Buffer.from(
  '8004955e000000000000007d94284b018c01619486948c057475706c6594284b014b0291948c026673944b018c036f6e65948a0900000000000000' +
    '00408c0362696794473fe00000000000008c0468616c669443016b948c056279746573944e8c046e6f6e6594752e',
  'hex',
);

test('lookups by Python equality on a dict loads built', () => {
  const d = loads(PICKLE) as Map<unknown, unknown>;
  assert.equal(d.get(new Tuple<unknown>([1, 'a'])), undefined); // a Map compares by identity...
  assert.equal(pyGet(d, new Tuple<unknown>([1, 'a'])), 'tuple'); // ...pyGet by value
  assert.equal(pyGet(d, new FrozenSet([2, 1])), 'fs');
  assert.equal(pyGet(d, 1), 'one');
  assert.equal(pyGet(d, true), 'one');
  assert.equal(pyGet(d, 1n), 'one');
  assert.equal(pyGet(d, new Float(1)), 'one');
  assert.equal(pyGet(d, 2n ** 70n), 'big');
  assert.equal(pyGet(d, 0.5), 'half');
  assert.equal(pyGet(d, new Uint8Array([0x6b])), 'bytes');
  assert.equal(pyGet(d, null), 'none');
  assert.equal(pyGet(d, undefined), 'none');
  assert.equal(pyHas(d, new Tuple<unknown>([1, 'b'])), false);
  assert.equal(pyHas(d, 'one'), false);
  assert.equal(pyGet(d, NaN), undefined);
});

test('pySet keeps the original key and its place; the dict dumps byte-identically', () => {
  const d = loads(PICKLE) as Map<unknown, unknown>;
  pySet(d, new Tuple<unknown>([1, 'a']), 'tuple');
  pySet(d, true, 'one');
  assert.equal(d.size, 7);
  assert.deepEqual(Buffer.from(dumps(d, { protocol: 4 })), PICKLE);
  pySet(d, Tuple.of(9), 'new');
  assert.equal([...d.keys()].length, 8);
  assert.equal(pyGet(d, Tuple.of(9)), 'new');
  assert.equal(pyDelete(d, 1.0), true);
  assert.equal(pyHas(d, 1), false);
  assert.equal(d.size, 7);
});

test('nested tuple keys of any depth, and str-keyed object dicts', () => {
  let key: unknown = 'x';
  for (let i = 0; i < 10000; i++) key = new Tuple<unknown>([key, i]);
  const d = new Map<unknown, unknown>([[key, 1]]);
  let probe: unknown = 'x';
  for (let i = 0; i < 10000; i++) probe = new Tuple<unknown>([probe, i]);
  assert.equal(pyGet(d, probe), 1);
  const o = loads(Buffer.from('80047d948c0161944b01732e', 'hex'), { dictType: 'object' }) as Record<string, unknown>;
  assert.equal(pyGet(o, 'a'), 1);
  assert.equal(pyHas(o, '__proto__'), false);
  pySet(o, '__proto__', 2);
  assert.equal(Object.getOwnPropertyDescriptor(o, '__proto__')?.value, 2);
});
