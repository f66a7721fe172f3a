import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_UNPICKLER_LIMITS, loads } from '../../src/unpickler/index.js';
import { assertUnpicklingError, b } from './helpers.js';

test('defaults are documented values', () => {
  assert.deepEqual(
    { ...DEFAULT_UNPICKLER_LIMITS },
    {
      maxInputBytes: 2 ** 30,
      maxStringBytes: 2 ** 28,
      maxDepth: 1_000_000,
      maxMemoEntries: 2 ** 24,
      maxItems: 2 ** 27,
      maxWork: 2 ** 28,
    },
  );
});

test('maxInputBytes', () => {
  const e = assertUnpicklingError(() => loads(b('K\x01.'), { limits: { maxInputBytes: 2 } }), 'maxInputBytes');
  assert.match(e.message, /limits: \{ maxInputBytes/);
  assert.equal(loads(b('K\x01.'), { limits: { maxInputBytes: 3 } }), 1);
});

test('maxStringBytes applies to str, bytes, bytearray and Python 2 str', () => {
  const limits = { maxStringBytes: 3 };
  for (const data of [
    b('X\x04\x00\x00\x00abcd.'),
    b('B\x04\x00\x00\x00abcd.'),
    b('\x96\x04\x00\x00\x00\x00\x00\x00\x00abcd.'),
    b('T\x04\x00\x00\x00abcd.'),
    b('\x8d\x04\x00\x00\x00\x00\x00\x00\x00abcd.'),
    b('Vabcd\n.'),
    b("S'abcd'\n."),
  ]) {
    assertUnpicklingError(() => loads(data, { limits }), 'maxStringBytes', 0);
  }
  assert.equal(loads(b('X\x03\x00\x00\x00abc.'), { limits }), 'abc');
  // A bytearray(n) REDUCE cannot allocate past the limit either.
  assertUnpicklingError(() => loads(b('c__builtin__\nbytearray\n(J\x00\x00\x00\x40tR.'), { limits: { maxStringBytes: 1000 } }), 'maxStringBytes');
});

test('a length prefix beyond the input is refused before any allocation', () => {
  assertUnpicklingError(() => loads(b('\x8e\xff\xff\xff\xff\xff\xff\x00\x00.')), 'pickle data was truncated', 0);
  assertUnpicklingError(() => loads(b('\x96\xff\xff\xff\xff\xff\xff\x1f\x00.')), 'pickle data was truncated', 0);
  assertUnpicklingError(() => loads(b('X\xff\xff\xff\xff.')), 'pickle data was truncated', 0);
});

test('maxDepth bounds the value and mark stacks', () => {
  const deep = new Uint8Array(1001).fill(0x5d); // 1000 EMPTY_LISTs then garbage
  assertUnpicklingError(() => loads(deep, { limits: { maxDepth: 100 } }), 'maxDepth');
  const marks = new Uint8Array(200).fill(0x28);
  assertUnpicklingError(() => loads(marks, { limits: { maxDepth: 100 } }), 'maxDepth');
});

test('maxMemoEntries', () => {
  assertUnpicklingError(() => loads(b('N\x94\x94\x94.'), { limits: { maxMemoEntries: 2 } }), 'maxMemoEntries', 3);
  assertUnpicklingError(() => loads(b('Nq\x00q\x01q\x02.'), { limits: { maxMemoEntries: 2 } }), 'maxMemoEntries', 5);
  assert.equal(loads(b('Nq\x00q\x00q\x00.'), { limits: { maxMemoEntries: 1 } }), null, 'overwriting an entry adds none');
});

test('maxItems counts container slots', () => {
  assertUnpicklingError(() => loads(b('](NNNNe.'), { limits: { maxItems: 3 } }), 'maxItems');
  assert.deepEqual(loads(b('](NNNe.'), { limits: { maxItems: 3 } }), [null, null, null]);
  assertUnpicklingError(() => loads(b('(NNNNt.'), { limits: { maxItems: 3 } }), 'maxItems');
  assertUnpicklingError(() => loads(b('}(NNNNNNNNu.'), { limits: { maxItems: 3 } }), 'maxItems');
});

/** A memo "billion laughs": level k is a list holding level k-1 ten times. */
function laughs(levels: number): Uint8Array {
  const out: number[] = [0x80, 0x04, 0x5d, 0x94]; // [] -> memo 0
  for (let k = 1; k <= levels; k++) {
    out.push(0x5d, 0x94, 0x28); // [] memo k, MARK
    for (let i = 0; i < 10; i++) out.push(0x68, k - 1); // BINGET k-1
    out.push(0x65, 0x30); // APPENDS, POP
  }
  out.push(0x68, levels, 0x2e);
  return new Uint8Array(out);
}

test('maxWork stops a billion-laughs memo bomb, while small sharing loads', () => {
  const small = loads(laughs(3)) as unknown[][];
  assert.equal(small.length, 10);
  assert.equal(small[0], small[1], 'shared references stay shared');
  const e = assertUnpicklingError(() => loads(laughs(9)), 'maxWork');
  assert.match(e.message, /BINGET/);
  assert.ok(loads(laughs(6), { limits: { maxWork: 2 ** 24 } }));
  assertUnpicklingError(() => loads(laughs(6), { limits: { maxWork: 2 ** 16 } }), 'maxWork');
  // DUP counts the same way.
  const dup = [0x5d, 0x28, 0x4e, ...Array(50).fill(0x32), 0x65];
  assertUnpicklingError(() => loads(new Uint8Array([...dup, 0x2e]), { limits: { maxWork: 40 } }), 'maxWork');
});

test('limits must be numbers', () => {
  assertUnpicklingError(() => loads(b('N.'), { limits: { maxDepth: -1 } }), 'limits.maxDepth');
  assertUnpicklingError(() => loads(b('N.'), { limits: { maxWork: Number.NaN } }), 'limits.maxWork');
});
