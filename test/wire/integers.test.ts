// The named fixed-width readers and writers of src/wire/integers.ts, checked
// against byte layouts written out by hand (as Python's struct would pack them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  f64be,
  i32le,
  lengthPrefix,
  prefixedBytes,
  u16le,
  u32le,
  u64le,
  writeF64be,
  writeI32le,
  writePrefixedBytes,
  writeU16le,
  writeU32le,
  writeU64le,
} from '../../src/wire/integers.js';

const b = (...xs: number[]): Uint8Array => Uint8Array.from(xs);

test('readers decode little-endian integers at an offset', () => {
  const data = b(0xaa, 0x34, 0x12, 0x78, 0x56);
  assert.equal(u16le(data, 1), 0x1234);
  assert.equal(u32le(data, 1), 0x56781234);
  assert.equal(i32le(b(0xff, 0xff, 0xff, 0xff), 0), -1);
  assert.equal(u32le(b(0xff, 0xff, 0xff, 0xff), 0), 0xffffffff);
  assert.equal(i32le(b(0x00, 0x00, 0x00, 0x80), 0), -0x80000000);
});

test('u64le gives a number up to 2^53 - 1 and a bigint beyond', () => {
  assert.equal(u64le(b(1, 0, 0, 0, 0, 0, 0, 0), 0), 1);
  assert.equal(u64le(b(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, 0), 0), Number.MAX_SAFE_INTEGER);
  assert.equal(u64le(b(0, 0, 0, 0, 0, 0, 0x20, 0), 0), 2n ** 53n);
  assert.equal(u64le(b(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), 0), 2n ** 64n - 1n);
});

test('f64be reads and writeF64be writes big-endian doubles (struct.pack(">d", 1.5))', () => {
  const bytes = b(0x3f, 0xf8, 0, 0, 0, 0, 0, 0);
  assert.equal(f64be(bytes, 0), 1.5);
  const out = new Uint8Array(10);
  writeF64be(out, 2, -0);
  assert.deepEqual(out, b(0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0));
  writeF64be(out, 1, 1.5);
  assert.equal(f64be(out, 1), 1.5);
});

test('writers write little-endian integers', () => {
  const out = new Uint8Array(8);
  writeU16le(out, 0, 0xbeef);
  assert.deepEqual(out.subarray(0, 2), b(0xef, 0xbe));
  writeU32le(out, 0, 0xdeadbeef);
  assert.deepEqual(out.subarray(0, 4), b(0xef, 0xbe, 0xad, 0xde));
  writeI32le(out, 0, -2);
  assert.deepEqual(out.subarray(0, 4), b(0xfe, 0xff, 0xff, 0xff));
  writeU64le(out, 0, 2 ** 40 + 3);
  assert.deepEqual(out, b(3, 0, 0, 0, 0, 1, 0, 0));
  writeU64le(out, 0, 2n ** 64n - 2n);
  assert.deepEqual(out, b(0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff));
});

test('length prefixes of every width, and payloads that the data do not hold', () => {
  const data = b(3, 0x61, 0x62, 0x63);
  assert.equal(lengthPrefix(data, 0, 1), 3);
  assert.deepEqual(prefixedBytes(data, 0, 1), b(0x61, 0x62, 0x63));
  assert.equal(prefixedBytes(b(4, 0x61, 0x62, 0x63), 0, 1), undefined);
  assert.equal(prefixedBytes(b(1, 0), 0, 4), undefined);
  assert.equal(prefixedBytes(b(0, 0, 0, 0, 0, 0, 0, 0x80), 0, 8), undefined);
  const out = new Uint8Array(11);
  assert.equal(writePrefixedBytes(out, 0, 8, b(7, 8, 9)), 11);
  assert.deepEqual(out, b(3, 0, 0, 0, 0, 0, 0, 0, 7, 8, 9));
  assert.equal(lengthPrefix(out, 0, 8), 3);
  assert.deepEqual(prefixedBytes(out, 0, 8), b(7, 8, 9));
  const two = new Uint8Array(4);
  writePrefixedBytes(two, 0, 2, b(5, 6));
  assert.deepEqual(two, b(2, 0, 5, 6));
  assert.equal(lengthPrefix(two, 0, 2), 2);
  const four = new Uint8Array(5);
  writePrefixedBytes(four, 0, 4, b(1));
  assert.deepEqual(four, b(1, 0, 0, 0, 1));
});
