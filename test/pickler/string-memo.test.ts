/**
 * The pickler's str memo (src/pickler/string-memo.ts): lookups after growth,
 * long strings (the Map side), rollback of a failed dump, reuse after release.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StringMemo } from '../../src/pickler/string-memo.js';

function fill(memo: StringMemo, keys: readonly string[], start: number): void {
  keys.forEach((k, i) => {
    assert.equal(memo.get(k), -1, k);
    memo.setAfterMiss(k, start + 2 * i);
  });
}

test('StringMemo finds every key it was given, short and long, across growth', () => {
  const memo = new StringMemo();
  const keys = Array.from({ length: 50_000 }, (_, i) => (i % 10 === 0 ? `long-${'x'.repeat(40)}-${i}` : `k${i}`));
  fill(memo, keys, 0);
  keys.forEach((k, i) => assert.equal(memo.get(k), 2 * i, k));
  assert.equal(memo.get(''), -1);
  assert.equal(memo.get('k50000'), -1);
});

test('StringMemo.dropFrom forgets the entries of a failed dump only', () => {
  const memo = new StringMemo();
  const kept = Array.from({ length: 3000 }, (_, i) => `a${i}`);
  const dropped = Array.from({ length: 3000 }, (_, i) => (i % 2 ? `b${i}` : `long-${'y'.repeat(40)}${i}`));
  fill(memo, kept, 0);
  fill(memo, dropped, 6000);
  memo.dropFrom(6000);
  kept.forEach((k, i) => assert.equal(memo.get(k), 2 * i, k));
  dropped.forEach((k) => assert.equal(memo.get(k), -1, k));
  fill(memo, dropped, 6000);
  dropped.forEach((k, i) => assert.equal(memo.get(k), 6000 + 2 * i, k));
});

test('a released StringMemo hands an empty table to the next one', () => {
  const first = new StringMemo();
  fill(
    first,
    Array.from({ length: 20_000 }, (_, i) => `r${i}`),
    0,
  );
  first.release();
  const second = new StringMemo();
  assert.equal(second.get('r1'), -1);
  fill(second, ['r1', 'r2'], 0);
  assert.equal(second.get('r2'), 2);
  second.clear();
  assert.equal(second.get('r2'), -1);
});
