/**
 * `bytes` load as copies by default and as zero-copy views of the input with
 * `bytesViews: true`, the same for a plain Uint8Array and a Node Buffer; a
 * bytearray is always a copy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loads } from '../../src/index.js';
import { ByteArray } from '../../src/values/index.js';

// pickle.dumps([b'ab', b'c'*300, bytearray(b'xy')], protocol=5) and a BINBYTES8 by hand.
const shortAndLong = (): Uint8Array => {
  const out: number[] = [0x80, 0x05, 0x5d, 0x28]; // PROTO 5, EMPTY_LIST, MARK
  out.push(0x43, 2, 0x61, 0x62); // SHORT_BINBYTES b'ab'
  out.push(0x42, 300 & 0xff, 300 >> 8, 0, 0, ...new Array<number>(300).fill(0x63)); // BINBYTES b'c'*300
  out.push(0x8e, 3, 0, 0, 0, 0, 0, 0, 0, 0x64, 0x65, 0x66); // BINBYTES8 b'def'
  out.push(0x96, 2, 0, 0, 0, 0, 0, 0, 0, 0x78, 0x79); // BYTEARRAY8 bytearray(b'xy')
  out.push(0x65, 0x2e); // APPENDS, STOP
  return Uint8Array.from(out);
};

function check(input: Uint8Array, views: boolean | undefined): void {
  const value = loads(input, views === undefined ? {} : { bytesViews: views }) as unknown[];
  const [a, c, d, ba] = value as [Uint8Array, Uint8Array, Uint8Array, ByteArray];
  for (const b of [a, c, d]) assert.equal(Object.getPrototypeOf(b), Uint8Array.prototype);
  assert.deepEqual([...a], [0x61, 0x62]);
  assert.equal(c.length, 300);
  assert.deepEqual([...d], [0x64, 0x65, 0x66]);
  assert.ok(ba instanceof ByteArray);
  const shared = views === true;
  for (const [b, at] of [
    [a, 6],
    [c, 13],
    [d, 322],
  ] as const) {
    assert.equal(b.buffer === input.buffer, shared);
    if (shared) assert.equal(b.byteOffset, input.byteOffset + at);
  }
  assert.notEqual(ba.buffer, input.buffer);
  // A view aliases the input: a write to the input shows in the loaded bytes.
  input[6] = 0x7a;
  assert.equal(a[0], shared ? 0x7a : 0x61);
  input[6] = 0x61;
}

test('bytes are copies of a plain Uint8Array by default', () => check(shortAndLong(), undefined));
test('bytes are copies of a Node Buffer by default too, as plain Uint8Arrays', () => check(Buffer.from(shortAndLong()), undefined));
test('bytesViews: true gives views of a plain Uint8Array', () => check(shortAndLong(), true));
test('bytesViews: true gives views of a Node Buffer, as plain Uint8Arrays', () => check(Buffer.from(shortAndLong()), true));
test('bytes are views of an input that is itself a view at an offset', () => {
  const inner = shortAndLong();
  const outer = new Uint8Array(inner.length + 7);
  outer.set(inner, 7);
  check(outer.subarray(7), true);
});
test('bytesViews: false copies from a Node Buffer', () => check(Buffer.from(shortAndLong()), false));
test('truncated BINBYTES still raises UnpicklingError with views', () => {
  const data = Uint8Array.from([0x80, 0x04, 0x42, 10, 0, 0, 0, 1, 2, 3]);
  assert.throws(() => loads(data, { bytesViews: true }), { name: 'UnpicklingError' });
});
