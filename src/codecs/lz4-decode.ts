/**
 * The LZ4 frame format (what Python's `lz4.frame` and so joblib's `.lz4`
 * files are), decode only: frame descriptor and its checksum, independent
 * and linked blocks, stored blocks, block and content xxHash32 checksums,
 * skippable frames and several frames in a row.
 */
import { DecompressionError, type DecompressLimits } from './limits.js';
import { BoundedOutput } from './output.js';
import { xxh32 } from './xxhash.js';

const FRAME_MAGIC = 0x184d2204;

function u32le(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/** True for an LZ4 frame (04 22 4D 18) or a skippable frame at `at`. @throws never. */
export function isLz4Start(input: Uint8Array, at = 0): boolean {
  if (at + 4 > input.length) return false;
  const magic = u32le(input, at);
  return magic === FRAME_MAGIC || (magic & 0xfffffff0) >>> 0 === 0x184d2a50;
}

/** Decodes one LZ4 block `input[start..end)` into `out`; matches may reach back to `windowStart`. */
function decodeBlock(input: Uint8Array, start: number, end: number, out: BoundedOutput, windowStart: number, maxBlock: number): void {
  let buf = out.buf;
  let o = out.length;
  // Room is asked for exactly before each copy, so output just at the limit passes.
  const grow = (n: number): void => {
    out.length = o;
    out.reserve(n);
    buf = out.buf;
  };
  const limit = o + maxBlock;
  let p = start;
  const bad = (what: string): never => {
    throw new DecompressionError(`lz4: ${what} in the block at offset ${start}: the data is corrupt`);
  };
  for (;;) {
    if (p >= end) bad('truncated sequence');
    const token = input[p++]!;
    let litLen = token >>> 4;
    if (litLen === 15) {
      let b: number;
      do {
        if (p >= end) bad('truncated length');
        b = input[p++]!;
        litLen += b;
      } while (b === 255);
    }
    if (p + litLen > end) bad('literals run past the block');
    if (o + litLen > limit) bad('block larger than its maximum size');
    if (o + litLen > buf.length) grow(litLen);
    // Short copies are cheaper as plain loops than as native calls.
    if (litLen < 32) for (let k = 0; k < litLen; k++) buf[o++] = input[p++]!;
    else {
      buf.set(input.subarray(p, p + litLen), o);
      o += litLen;
      p += litLen;
    }
    if (p === end) break; // the last sequence has literals only
    if (p + 2 > end) bad('truncated offset');
    const offset = input[p]! | (input[p + 1]! << 8);
    p += 2;
    if (offset === 0 || offset > o - windowStart) bad('match offset out of range');
    let matchLen = (token & 15) + 4;
    if ((token & 15) === 15) {
      let b: number;
      do {
        if (p >= end) bad('truncated length');
        b = input[p++]!;
        matchLen += b;
      } while (b === 255);
    }
    if (o + matchLen > limit) bad('block larger than its maximum size');
    if (o + matchLen > buf.length) grow(matchLen);
    let from = o - offset;
    const stop = o + matchLen;
    if (offset >= matchLen && matchLen >= 32) {
      buf.copyWithin(o, from, from + matchLen);
      o = stop;
    } else while (o < stop) buf[o++] = buf[from++]!;
  }
  out.length = o;
}

/**
 * Decompresses LZ4 frame data (every frame; skippable frames skipped).
 * @throws DecompressionError when corrupt, truncated or over a limit (the
 * legacy LZ4 format and dictionaries are not supported).
 */
export function unlz4(input: Uint8Array, limits?: DecompressLimits): Uint8Array {
  const out = new BoundedOutput('lz4', limits, Math.min(input.length * 4, 1 << 24));
  let at = 0;
  let frames = 0;
  while (at < input.length || frames === 0) {
    if (!isLz4Start(input, at)) throw new DecompressionError(`lz4: no frame at offset ${at}`);
    frames++;
    if (u32le(input, at) !== FRAME_MAGIC) {
      if (at + 8 > input.length) throw new DecompressionError(`lz4: truncated skippable frame at offset ${at}`);
      at += 8 + u32le(input, at + 4);
      if (at > input.length) throw new DecompressionError(`lz4: truncated skippable frame at offset ${at}`);
      continue;
    }
    const frameAt = at;
    const fail = (what: string): never => {
      throw new DecompressionError(`lz4: ${what} in the frame at offset ${frameAt}`);
    };
    if (at + 7 > input.length) fail('truncated header');
    const flg = input[at + 4]!;
    const bd = input[at + 5]!;
    if (flg >> 6 !== 1) fail(`unsupported version ${flg >> 6}`);
    if (flg & 2 || bd & 0x8f) fail('reserved bits set');
    const independent = (flg & 0x20) !== 0;
    const blockChecksum = (flg & 0x10) !== 0;
    const hasSize = (flg & 8) !== 0;
    const contentChecksum = (flg & 4) !== 0;
    if (flg & 1) fail('a dictionary is needed (picklejar has none)');
    const sizeCode = (bd >> 4) & 7;
    if (sizeCode < 4) fail(`invalid block size code ${sizeCode}`);
    const maxBlock = 1 << (8 + 2 * sizeCode);
    const descEnd = at + 6 + (hasSize ? 8 : 0);
    if (descEnd + 1 > input.length) fail('truncated header');
    let contentSize = -1;
    if (hasSize) contentSize = u32le(input, at + 6) + u32le(input, at + 10) * 0x100000000;
    if (((xxh32(input, 0, at + 4, descEnd) >>> 8) & 0xff) !== input[descEnd]) fail('header checksum mismatch');
    at = descEnd + 1;
    const frameStart = out.length;
    if (contentSize >= 0) {
      out.consumed = input.length;
      out.check();
    }
    for (;;) {
      if (at + 4 > input.length) fail(`truncated block header at offset ${at}`);
      const word = u32le(input, at);
      at += 4;
      if (word === 0) break;
      const stored = (word & 0x80000000) !== 0;
      const size = word & 0x7fffffff;
      if (size > maxBlock) fail(`block at offset ${at - 4} is larger than the frame's maximum`);
      if (at + size + (blockChecksum ? 4 : 0) > input.length) fail(`truncated block at offset ${at - 4}`);
      if (blockChecksum && xxh32(input, 0, at, at + size) !== u32le(input, at + size)) fail(`block checksum mismatch at offset ${at + size}`);
      out.consumed = at + size;
      if (stored) out.write(input.subarray(at, at + size));
      else decodeBlock(input, at, at + size, out, independent ? out.length : frameStart, maxBlock);
      out.check();
      at += size + (blockChecksum ? 4 : 0);
    }
    if (contentSize >= 0 && out.length - frameStart !== contentSize) fail('content size mismatch');
    if (contentChecksum) {
      if (at + 4 > input.length) fail('truncated content checksum');
      if (xxh32(out.buf, 0, frameStart, out.length) !== u32le(input, at)) fail('content checksum mismatch: the data is corrupt');
      at += 4;
    }
  }
  return out.result();
}
