/**
 * `PickleProtocol` is the exact union 0-5 | -1: `PICKLE_PROTOCOLS` lists the
 * protocols for loops, `isPickleProtocol` narrows a computed number.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps, isPickleProtocol, PICKLE_PROTOCOLS, PicklingError, type PickleProtocol } from '../../src/index.js';

test('PICKLE_PROTOCOLS lists 0 to 5, lowest first', () => {
  assert.deepEqual([...PICKLE_PROTOCOLS], [0, 1, 2, 3, 4, 5]);
  // Each one dumps, and the PROTO byte (protocol 2+) says which.
  for (const p of PICKLE_PROTOCOLS) {
    const b = dumps(null, { protocol: p });
    assert.deepEqual([...b.subarray(0, 2)], p >= 2 ? [0x80, p] : [0x4e, 0x2e]);
  }
});

test('isPickleProtocol accepts exactly the integers 0-5 and -1', () => {
  for (const n of [-1, 0, 1, 2, 3, 4, 5]) assert.equal(isPickleProtocol(n), true, String(n));
  for (const n of [-2, 6, 1.5, NaN, Infinity, -Infinity, -0.5]) assert.equal(isPickleProtocol(n), false, String(n));
  for (const v of ['4', 4n, null, undefined, [4], { valueOf: () => 4 }]) assert.equal(isPickleProtocol(v), false, String(v));
});

test('a number narrowed by isPickleProtocol is a valid dumps protocol; others are refused at run time', () => {
  const parsed: number = Number.parseInt('3', 10);
  if (!isPickleProtocol(parsed)) assert.fail('3 is a protocol');
  const p: PickleProtocol = parsed;
  assert.deepEqual([...dumps(true, { protocol: p })], [0x80, 3, 0x88, 0x2e]);
  // Untyped callers still meet the run-time check.
  assert.throws(() => dumps(1, { protocol: 7 as unknown as PickleProtocol }), PicklingError);
});
