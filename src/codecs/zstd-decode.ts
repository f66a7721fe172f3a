/**
 * zstd decompression: frames are walked and checked here (header, window,
 * declared size against the limits, block structure, xxHash64 content
 * checksum, skippable frames, several frames in a row); the entropy and
 * sequence decoding of each frame is done by `fzstd` (MIT, pure JS, sync,
 * no dependencies), which does not check checksums and would allocate a
 * frame's declared window before decoding.
 */
import { Decompress } from 'fzstd';
import { checkDecompressed, DecompressionError, type DecompressLimits } from './limits.js';
import { BoundedOutput } from './output.js';
import { xxh64 } from './xxhash.js';

const FRAME_MAGIC = 0xfd2fb528;

function u32le(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/** True for a zstd frame or a skippable frame at `at`. @throws never. */
export function isZstdStart(input: Uint8Array, at = 0): boolean {
  if (at + 4 > input.length) return false;
  const magic = u32le(input, at);
  return magic === FRAME_MAGIC || (magic & 0xfffffff0) >>> 0 === 0x184d2a50;
}

interface FrameInfo {
  /** Offset of the first block header. */
  blocksAt: number;
  /** Offset just past the frame (checksum included). */
  end: number;
  /** Declared content size, or -1. */
  contentSize: number;
  windowSize: number;
  singleSegment: boolean;
  hasChecksum: boolean;
}

function readFrame(input: Uint8Array, at: number): FrameInfo {
  const fail = (what: string): never => {
    throw new DecompressionError(`zstd: ${what} in the frame at offset ${at}`);
  };
  if (at + 5 > input.length) fail('truncated header');
  const fhd = input[at + 4]!;
  const fcsFlag = fhd >> 6;
  const singleSegment = ((fhd >> 5) & 1) === 1;
  if (fhd & 8) fail('reserved header bit set');
  const hasChecksum = ((fhd >> 2) & 1) === 1;
  const dictIdSize = [0, 1, 2, 4][fhd & 3]!;
  const fcsSize = [singleSegment ? 1 : 0, 2, 4, 8][fcsFlag]!;
  let p = at + 5;
  let windowSize = 0;
  if (!singleSegment) {
    if (p >= input.length) fail('truncated header');
    const wd = input[p++]!;
    const base = 2 ** (10 + (wd >> 3));
    windowSize = base + (base / 8) * (wd & 7);
  }
  if (dictIdSize > 0) {
    let id = 0;
    for (let i = 0; i < dictIdSize; i++) id += input[p + i]! * 2 ** (8 * i);
    if (id !== 0) fail('a dictionary is needed (picklejar has none)');
  }
  p += dictIdSize;
  if (p + fcsSize > input.length) fail('truncated header');
  let contentSize = -1;
  if (fcsSize > 0) {
    contentSize = 0;
    for (let i = 0; i < fcsSize; i++) contentSize += input[p + i]! * 2 ** (8 * i);
    if (fcsSize === 2) contentSize += 256;
  }
  p += fcsSize;
  if (singleSegment) windowSize = contentSize;
  const blocksAt = p;
  // Walk the block headers to find the frame's end.
  for (;;) {
    if (p + 3 > input.length) fail(`truncated block header at offset ${p}`);
    const bh = input[p]! | (input[p + 1]! << 8) | (input[p + 2]! << 16);
    const type = (bh >> 1) & 3;
    const size = bh >>> 3;
    if (type === 3) fail(`reserved block type at offset ${p}`);
    p += 3 + (type === 1 ? 1 : size);
    if (p > input.length) fail(`truncated block at offset ${p - size}`);
    if (bh & 1) break;
  }
  if (hasChecksum) p += 4;
  if (p > input.length) fail('truncated checksum');
  return { blocksAt, end: p, contentSize, windowSize, singleSegment, hasChecksum };
}

/**
 * Decompresses zstd data: every frame, skipping skippable frames.
 * @throws DecompressionError when corrupt, truncated, over a limit, or when
 * a frame needs a dictionary.
 */
export function unzstd(input: Uint8Array, limits?: DecompressLimits): Uint8Array {
  const out = new BoundedOutput('zstd', limits, Math.min(input.length * 4, 1 << 24));
  let at = 0;
  let frames = 0;
  while (at < input.length || frames === 0) {
    if (!isZstdStart(input, at)) throw new DecompressionError(`zstd: no frame at offset ${at}`);
    frames++;
    const magic = u32le(input, at);
    if (magic !== FRAME_MAGIC) {
      if (at + 8 > input.length) throw new DecompressionError(`zstd: truncated skippable frame at offset ${at}`);
      at += 8 + u32le(input, at + 4);
      if (at > input.length) throw new DecompressionError(`zstd: truncated skippable frame at offset ${at}`);
      continue;
    }
    const frame = readFrame(input, at);
    out.consumed = frame.end;
    // A declared size is checked against the limits before anything is allocated.
    if (frame.contentSize >= 0) {
      checkDecompressed(out.length + frame.contentSize, frame.end, out.limits, 'zstd');
      // Room for the whole frame up front: growing by doubling would copy the output again and again.
      out.reserve(frame.contentSize);
    }
    let bytes = input.subarray(at, frame.end);
    if (!frame.singleSegment) {
      // fzstd allocates the declared window. A window larger than the output
      // the limits allow is never needed: declare the smaller one instead.
      const budget = Math.min(out.limits.maxOutputBytes, Math.max(1 << 20, out.limits.maxRatio * frame.end));
      const cap = Math.max(1 << 17, frame.contentSize >= 0 ? frame.contentSize : budget);
      if (frame.windowSize > cap) {
        let exp = 7; // 2^(10+7) = 128 KiB
        while (2 ** (10 + exp) < cap && exp < 31) exp++;
        bytes = bytes.slice();
        bytes[5] = exp << 3;
      }
    }
    const start = out.length;
    const decoder = new Decompress((chunk) => {
      if (chunk.length > 0) out.write(chunk);
    });
    try {
      decoder.push(bytes, true);
    } catch (e) {
      if (e instanceof DecompressionError) throw e;
      throw new DecompressionError(`zstd data in the frame at offset ${at} is corrupt: ${(e as Error)?.message ?? String(e)}`);
    }
    const produced = out.length - start;
    if (frame.contentSize >= 0 && produced !== frame.contentSize) {
      throw new DecompressionError(`zstd: the frame at offset ${at} declares ${frame.contentSize} bytes but holds ${produced}: the data is corrupt`);
    }
    if (frame.hasChecksum) {
      const want = u32le(input, frame.end - 4);
      if (xxh64(out.buf, start, out.length).lo !== want)
        throw new DecompressionError(`zstd: content checksum mismatch in the frame at offset ${at}: the data is corrupt`);
    }
    at = frame.end;
  }
  return out.result();
}
