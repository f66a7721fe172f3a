/**
 * A zstd writer that stores the data: one frame of raw blocks with the
 * content size and an xxHash64 content checksum. No browser-safe zstd
 * encoder exists, so the core writes valid zstd that every reader (Python's
 * `zstandard`, the zstd CLI) reads, at about the input's size (+ 3 bytes per
 * 128 KiB).
 */
import { xxh64 } from './xxhash.js';

const BLOCK = 1 << 17;

/**
 * Writes `input` as a zstd frame whose blocks are stored, not compressed.
 * @throws never.
 */
export function zstdStored(input: Uint8Array): Uint8Array {
  const n = input.length;
  // Content size field: 1, 2 (minus 256), 4 or 8 bytes; single segment, so
  // the window is the content size and needs no descriptor.
  const fcsFlag = n < 256 ? 0 : n < 65536 + 256 ? 1 : n < 2 ** 32 ? 2 : 3;
  const fcsSize = [1, 2, 4, 8][fcsFlag]!;
  const blocks = Math.max(1, Math.ceil(n / BLOCK));
  const out = new Uint8Array(4 + 1 + fcsSize + blocks * 3 + n + 4);
  out.set([0x28, 0xb5, 0x2f, 0xfd], 0);
  out[4] = (fcsFlag << 6) | 0x20 | 0x04;
  let p = 5;
  let fcs = fcsFlag === 1 ? n - 256 : n;
  for (let i = 0; i < fcsSize; i++) {
    out[p++] = fcs % 256;
    fcs = Math.floor(fcs / 256);
  }
  for (let b = 0; b < blocks; b++) {
    const at = b * BLOCK;
    const size = Math.min(BLOCK, n - at);
    const header = (size << 3) | (b === blocks - 1 ? 1 : 0); // raw block type 0
    out[p++] = header & 0xff;
    out[p++] = (header >>> 8) & 0xff;
    out[p++] = (header >>> 16) & 0xff;
    out.set(input.subarray(at, at + size), p);
    p += size;
  }
  const c = xxh64(input).lo;
  out[p++] = c & 0xff;
  out[p++] = (c >>> 8) & 0xff;
  out[p++] = (c >>> 16) & 0xff;
  out[p++] = (c >>> 24) & 0xff;
  return out;
}
