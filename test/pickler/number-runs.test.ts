/**
 * Flat lists and tuples of numbers only are written in one reservation when
 * no frame boundary can fall among them (machine.ts `writeNumbers`): the
 * bytes stay CPython's for every int width, floats, -0, ints past 2^53 (the
 * bigint route, longer than the bound), protocol 1's decimal longs, and
 * across many frames. Hex and hashes by CPython 3.11 (python3), as commented.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { dumps } from '../../src/pickler/pickler.js';
import { Tuple } from '../../src/values/tuple.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

test('protocol 1: longs as decimal text inside a tuple and a list', () => {
  // pickle.dumps([(2**52, 1, -2**40, 1.5, -0.0, 300, 70000, -5), [2**31, 2**60, 7]], 1)
  const v = [new Tuple([2 ** 52, 1, -(2 ** 40), 1.5, -0, 300, 70000, -5]), [2 ** 31, 2 ** 60, 7]];
  assert.equal(
    hex(dumps(v, { protocol: 1 })),
    '5d710028284c343530333539393632373337303439364c0a4b014c2d313039393531313632373737364c0a473ff80000000000004780000000000000004d2c014a701101004afbffffff7471015d7102284c323134373438333634384c0a4c313135323932313530343630363834363937364c0a4b0765652e',
  );
});

test('protocol 5: ints past 2^53 among the numbers, across frames', () => {
  // big = [2**60, 2**70, -2**80, 2**90, 1, 2**40, 3.5, -2**63, 2**64, 0, -1, 2**100]
  // pickle.dumps([tuple(big) if i % 2 else list(big) for i in range(6000)], 5)
  const big = [2 ** 60, 2 ** 70, -(2 ** 80), 2 ** 90, 1, 2 ** 40, 3.5, -(2 ** 63), 2 ** 64, 0, -1, 2 ** 100];
  const v = Array.from({ length: 6000 }, (_, i) => (i % 2 ? new Tuple(big) : [...big]));
  const b = dumps(v, { protocol: 5 });
  assert.equal(b.length, 681116);
  assert.equal(sha(b), 'd1881ea224faf7f2cdf9f7029b923308bb6b37aa4aaf81fa37a0d56f1004cf1d');
});

test('protocol 5: 20k tuples of 12 ints, frames split where CPython splits them', () => {
  // pickle.dumps([tuple(range(i, i + 12)) for i in range(0, 240000, 12)], 5)
  const v = Array.from({ length: 20000 }, (_, k) => new Tuple(Array.from({ length: 12 }, (_, j) => 12 * k + j)));
  const b = dumps(v, { protocol: 5 });
  assert.equal(b.length, 1128879);
  assert.equal(sha(b), 'b8c389be1c162ee241e6e3b538ad4b824cb88871bc02dc0c0aeb3f14ce17c627');
});
