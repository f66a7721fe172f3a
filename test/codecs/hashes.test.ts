// The checksums the containers rely on, against published values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { crc32 as nodeCrc32 } from 'node:zlib';
import { adler32 } from '../../src/codecs/adler32.js';
import { bz2Crc } from '../../src/codecs/bz2-crc.js';
import { crc32 } from '../../src/codecs/crc32.js';
import { crc64 } from '../../src/codecs/crc64.js';
import { sha256 } from '../../src/codecs/sha256.js';
import { xxh32, xxh64 } from '../../src/codecs/xxhash.js';
import { pseudoRandom } from './helpers.js';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex64 = (h: { hi: number; lo: number }): string => h.hi.toString(16).padStart(8, '0') + h.lo.toString(16).padStart(8, '0');

test('CRC-32 (gzip) check values, and equal to zlib on random data of every length mod 8', () => {
  assert.equal(crc32(ascii('123456789')), 0xcbf43926);
  assert.equal(crc32(new Uint8Array(0)), 0);
  const data = pseudoRandom(5000);
  if (typeof nodeCrc32 === 'function') {
    for (let n = 0; n < 40; n++) assert.equal(crc32(data.subarray(0, n)), nodeCrc32(data.subarray(0, n)) >>> 0, `length ${n}`);
    assert.equal(crc32(data), nodeCrc32(data) >>> 0);
  }
  // Incremental equals one-shot.
  assert.equal(crc32(data.subarray(1000), crc32(data.subarray(0, 1000))), crc32(data));
});

test('CRC-64 (xz, ECMA-182 reflected) check value', () => {
  assert.equal(hex64(crc64(ascii('123456789'))), '995dc9bbdf1939fa');
  assert.equal(hex64(crc64(new Uint8Array(0))), '0000000000000000');
});

test('bzip2 CRC check value', () => {
  // CRC-32/BZIP2 of "123456789".
  assert.equal(bz2Crc(ascii('123456789')), 0xfc891918);
});

test('Adler-32', () => {
  assert.equal(adler32(ascii('Wikipedia')), 0x11e60398);
  assert.equal(adler32(new Uint8Array(0)), 1);
  // Past zlib's NMAX (5552) bytes of 0xff, the modulo must have been taken.
  const big = new Uint8Array(100000).fill(0xff);
  let a = 1;
  let b = 0;
  for (const x of big) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  assert.equal(adler32(big), ((b << 16) | a) >>> 0);
});

test('xxHash32 and xxHash64 reference values', () => {
  assert.equal(xxh32(new Uint8Array(0)), 0x02cc5d05);
  assert.equal(xxh32(ascii('a')), 0x550d7456);
  assert.equal(xxh32(ascii('abc')), 0x32d153ff);
  assert.equal(hex64(xxh64(new Uint8Array(0))), 'ef46db3751d8e999');
  assert.equal(hex64(xxh64(ascii('a'))), 'd24ec4f1a98c6e5b');
  assert.equal(hex64(xxh64(ascii('abc'))), '44bc2cf5ad770999');
  assert.equal(hex64(xxh64(ascii('Nobody inspects the spammish repetition'))), 'fbcea83c8a378bf1');
});

test('SHA-256 equals node:crypto at lengths around the block boundaries', () => {
  const data = pseudoRandom(300, 7);
  for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 300]) {
    const want = createHash('sha256').update(data.subarray(0, n)).digest('hex');
    assert.equal(Buffer.from(sha256(data, 0, n)).toString('hex'), want, `length ${n}`);
  }
  assert.equal(Buffer.from(sha256(data, 10, 200)).toString('hex'), createHash('sha256').update(data.subarray(10, 200)).digest('hex'));
});
