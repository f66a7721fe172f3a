/** The identity memo: one probe per new object in set mode, the same answers as a Map in every mode. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdentityMemo } from '../../src/pickler/identity-memo.js';

test('IdentityMemo answers as a Map would, before and after it turns into one', () => {
  const memo = new IdentityMemo();
  const objs = Array.from({ length: 300 }, (_, i) => ({ i }));
  for (let i = 0; i < 100; i++) assert.equal(memo.getOrAdd(objs[i]!, i * 2), -1);
  for (let i = 100; i < 200; i++) memo.set(objs[i]!, i * 2);
  assert.equal(memo.size, 200);
  assert.equal(memo.get(objs[250]!), -1);
  // A repeat: the memo turns into a Map once and keeps every index.
  assert.equal(memo.getOrAdd(objs[7]!, 999), 14);
  for (let i = 0; i < 200; i++) assert.equal(memo.get(objs[i]!), i * 2);
  assert.equal(memo.getOrAdd(objs[250]!, 500), -1);
  assert.equal(memo.get(objs[250]!), 500);
  assert.equal(memo.delete(objs[250]!), true);
  assert.equal(memo.delete(objs[250]!), false);
  assert.equal(memo.size, 200);
});

test('IdentityMemo.dropFrom forgets the entries at or past an index, in set mode and map mode', () => {
  for (const mapMode of [false, true]) {
    const memo = new IdentityMemo();
    const objs = Array.from({ length: 100 }, () => ({}));
    for (let i = 0; i < 100; i++) memo.set(objs[i]!, i);
    if (mapMode) assert.equal(memo.get(objs[3]!), 3);
    memo.dropFrom(60);
    assert.equal(memo.size, 60);
    for (let i = 0; i < 100; i++) assert.equal(memo.get(objs[i]!), i < 60 ? i : -1);
    // Added again after the drop: new indices.
    assert.equal(memo.getOrAdd(objs[80]!, 60), -1);
    assert.equal(memo.get(objs[80]!), 60);
  }
});

test('IdentityMemo.dropFrom with an older index aliased after newer ones', () => {
  const memo = new IdentityMemo();
  const [a, b, c] = [{}, {}, {}];
  memo.set(a, 0);
  memo.set(b, 5);
  // An alias of an older entry (as the empty bytes singleton is) after a newer one.
  memo.set(c, 0);
  memo.dropFrom(3);
  assert.equal(memo.get(a), 0);
  assert.equal(memo.get(b), -1);
  assert.equal(memo.get(c), 0);
  assert.equal(memo.delete(a), true);
  assert.equal(memo.delete(a), false);
});

test('IdentityMemo.delete in set mode, and its index table growing past its first size', () => {
  const memo = new IdentityMemo();
  const objs = Array.from({ length: 5000 }, () => ({}));
  objs.forEach((o, i) => assert.equal(memo.getOrAdd(o, i), -1));
  assert.equal(memo.delete({}), false);
  assert.equal(memo.get(objs[4999]!), 4999);
  assert.equal(memo.delete(objs[10]!), true);
  assert.equal(memo.get(objs[10]!), -1);
  assert.equal(memo.get(objs[11]!), 11);
});

test('IdentityMemo finds repeated objects in set mode, and turns into a Map when repeats add up', () => {
  const memo = new IdentityMemo();
  const objs = Array.from({ length: 20000 }, () => ({}));
  objs.forEach((o, i) => assert.equal(memo.getOrAdd(o, i + 1), -1));
  // A few repeated objects, each met many times.
  for (let round = 0; round < 50; round++) {
    for (const i of [5, 19999, 777]) {
      assert.equal(memo.getOrAdd(objs[i]!, -5), i + 1);
      assert.equal(memo.get(objs[i]!), i + 1);
    }
  }
  // A failed dump drops entries, repeated ones included.
  memo.dropFrom(19001);
  assert.equal(memo.get(objs[19999]!), -1);
  assert.equal(memo.getOrAdd(objs[19999]!, 42), -1);
  assert.equal(memo.get(objs[19999]!), 42);
  // Many distinct repeats: the walks add up and the memo turns into a Map, with the same answers.
  for (let i = 0; i < 19000; i += 7) assert.equal(memo.getOrAdd(objs[i]!, -5), i + 1);
  for (let i = 0; i < 19000; i++) assert.equal(memo.get(objs[i]!), i + 1);
  assert.equal(memo.get(objs[19999]!), 42);
  assert.equal(memo.size, 19001);
});
