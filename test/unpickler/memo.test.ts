/**
 * The memo keeps strings memoized right after their opcode by offset (see
 * src/unpickler/memo.ts); every way of reading or overwriting such an entry
 * must give exactly what CPython gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps } from '../../src/pickler/index.js';
import { loads, Unpickler } from '../../src/unpickler/index.js';
import { assertUnpicklingError, b } from './helpers.js';

test('strings memoized by MEMOIZE load back through BINGET, LONG_BINGET and GET', () => {
  // MARK, 'a' MEMOIZE, BINGET 0 x2, BINUNICODE 'bc' MEMOIZE, LONG_BINGET 1, GET 0, LIST
  const data = b('\x80\x04(\x8c\x01a\x94h\x00h\x00X\x02\x00\x00\x00bc\x94j\x01\x00\x00\x00g0\nl.');
  assert.deepEqual(loads(data), ['a', 'a', 'a', 'bc', 'bc', 'a']);
});

test('an int memoized after a string op is not mistaken for a string; overwrites replace lazy entries', () => {
  // 'a' MEMOIZE(0), K 2 MEMOIZE(1), BINGET 1, BININT1 5, BINPUT 0, BINGET 0
  const data = b('\x80\x04(\x8c\x01a\x94K\x02\x94h\x01K\x05q\x00h\x00l.');
  assert.deepEqual(loads(data), ['a', 2, 2, 5, 5]);
  // A string not right before MEMOIZE (NONE, POP between) is stored as the value itself.
  assert.deepEqual(loads(b('\x80\x04(\x8c\x01aN0\x94h\x00l.')), ['a', 'a']);
});

test('memoized strings stay valid across loads of one Unpickler and go with clearMemo', () => {
  const first = b('\x80\x04\x8c\x03abc\x94.');
  const second = b('\x80\x04h\x00.');
  const data = new Uint8Array([...first, ...second, ...second]);
  const u = new Unpickler(data);
  assert.equal(u.load(), 'abc');
  assert.equal(u.load(), 'abc');
  u.clearMemo();
  assertUnpicklingError(() => u.load(), 'Memo value not found at index 0');
});

test('non-ASCII and surrogate strings come back from the memo unchanged', () => {
  const data = b('\x80\x04(\x8c\x03\xe2\x82\xac\x94\x8c\x03\xed\xa0\x80\x94h\x00h\x01l.');
  assert.deepEqual(loads(data), ['\u20ac', '\ud800', '\u20ac', '\ud800']);
});

test('a memo whose storage a previous loads used starts empty, and the previous value stays intact', () => {
  // 5000 distinct lists: 5000+ memoized objects, past the first growths of the values array.
  const big = Array.from({ length: 5000 }, (_, i) => [i, `s${i}`]);
  const first = loads(dumps(big, { protocol: 4 })) as unknown[];
  assert.deepEqual(first, big);
  // Memo index 0 was never put in this pickle: the entry of the earlier load must not show through.
  assertUnpicklingError(() => loads(b('\x80\x04h\x00.')), 'Memo value not found at index 0');
  assertUnpicklingError(() => loads(b('\x80\x04(]\x94h\x01l.')), 'Memo value not found at index 1');
  // A smaller load after it, then the big one again: same values each time.
  assert.deepEqual(loads(dumps([[1], [2]], { protocol: 4 })), [[1], [2]]);
  assert.deepEqual(loads(dumps(big, { protocol: 4 })), big);
  assert.deepEqual(first, big);
  // clearMemo on an Unpickler forgets objects too.
  const u = new Unpickler(new Uint8Array([...dumps([[1]], { protocol: 4 }), ...b('h\x01.')]));
  assert.deepEqual(u.load(), [[1]]);
  u.clearMemo();
  assert.throws(() => u.load(), /Memo value not found at index 1/);
});
