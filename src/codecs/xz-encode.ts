/**
 * An `.xz` writer that stores the data: one block of LZMA2 *uncompressed*
 * chunks in a standard xz container with a CRC-64 check (the check
 * `lzma.compress` uses by default). No browser-safe LZMA encoder exists, so
 * the core writes valid xz that every xz reader (Python's `lzma`, xz-utils)
 * reads, but at about the input's size (+ 3 bytes per 64 KiB).
 */
import { crc32 } from './crc32.js';
import { crc64 } from './crc64.js';

const CHUNK = 1 << 16;

function varintBytes(v: number): number[] {
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function putU32(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
  b[at + 2] = (v >>> 16) & 0xff;
  b[at + 3] = (v >>> 24) & 0xff;
}

/**
 * Writes `input` as an `.xz` file whose data is stored, not compressed.
 * @throws never.
 */
export function xzStored(input: Uint8Array): Uint8Array {
  const n = input.length;
  const chunks = Math.ceil(n / CHUNK);
  const lzma2Size = n + 3 * chunks + 1;
  const blockHeader = n > 0 ? 12 : 0;
  const blockPad = (4 - (lzma2Size % 4)) % 4;
  const blockSize = n > 0 ? blockHeader + lzma2Size + blockPad + 8 : 0;
  const record = n > 0 ? [...varintBytes(blockHeader + lzma2Size + 8), ...varintBytes(n)] : [];
  const indexBody = [0, ...varintBytes(n > 0 ? 1 : 0), ...record];
  const indexSize = Math.ceil(indexBody.length / 4) * 4 + 4;
  const out = new Uint8Array(12 + blockSize + indexSize + 12);
  // Stream header: magic, flags (check type 4 = CRC-64), CRC-32 of the flags.
  out.set([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04], 0);
  putU32(out, 8, crc32(out, 0, 6, 8));
  let p = 12;
  if (n > 0) {
    // Block header: size (12 bytes), flags (one filter, no sizes), LZMA2 with
    // a 4 KiB dictionary (stored chunks use none), padding, CRC-32.
    const h = p;
    out.set([blockHeader / 4 - 1, 0x00, 0x21, 0x01, 0x00, 0, 0, 0], h);
    putU32(out, h + 8, crc32(out, 0, h, h + 8));
    p += blockHeader;
    for (let at = 0; at < n; at += CHUNK) {
      const size = Math.min(CHUNK, n - at);
      out[p++] = at === 0 ? 1 : 2; // the first chunk resets the dictionary
      out[p++] = (size - 1) >> 8;
      out[p++] = (size - 1) & 0xff;
      out.set(input.subarray(at, at + size), p);
      p += size;
    }
    out[p++] = 0;
    p += blockPad;
    const c = crc64(input);
    putU32(out, p, c.lo);
    putU32(out, p + 4, c.hi);
    p += 8;
  }
  const indexAt = p;
  out.set(indexBody, p);
  p = indexAt + indexSize - 4;
  putU32(out, p, crc32(out, 0, indexAt, p));
  p += 4;
  // Stream footer: CRC-32, backward size, flags, magic.
  putU32(out, p + 4, indexSize / 4 - 1);
  out[p + 8] = 0;
  out[p + 9] = 4;
  putU32(out, p, crc32(out, 0, p + 4, p + 10));
  out[p + 10] = 0x59;
  out[p + 11] = 0x5a;
  return out;
}
