/**
 * The `.lzma` ("alone", LZMA_Alone) format: a 13-byte header (properties,
 * dictionary size, uncompressed size or -1) and one LZMA stream.
 */
import { DecompressionError, type DecompressLimits } from './limits.js';
import { LzmaDecoder } from './lzma-decoder.js';
import { BoundedOutput } from './output.js';

/** Reads the header's uncompressed size; -1 (all ones) means unknown. */
function declaredSize(input: Uint8Array, at: number): number {
  let allOnes = true;
  for (let i = 0; i < 8; i++) if (input[at + i] !== 0xff) allOnes = false;
  if (allOnes) return -1;
  const lo = (input[at]! | (input[at + 1]! << 8) | (input[at + 2]! << 16) | (input[at + 3]! << 24)) >>> 0;
  const hi = (input[at + 4]! | (input[at + 5]! << 8) | (input[at + 6]! << 16) | (input[at + 7]! << 24)) >>> 0;
  if (hi >= 0x200000) return Number.MAX_SAFE_INTEGER;
  return hi * 0x100000000 + lo;
}

/**
 * True when `input` starts like an `.lzma` file: a properties byte below 225
 * with lc + lp + pb in range, a dictionary size liblzma's LZMA_Alone decoder
 * writes (2^n or 2^n + 2^(n-1), at least 4 KiB, or all ones), and an uncompressed size that
 * is -1 or below 2^48; then the range coder's first byte, which is 0.
 * @throws never.
 */
export function looksLikeLzmaAlone(input: Uint8Array): boolean {
  if (input.length < 14 || input[0]! >= 225) return false;
  const dict = (input[1]! | (input[2]! << 8) | (input[3]! << 16) | (input[4]! << 24)) >>> 0;
  if (dict !== 0xffffffff) {
    // liblzma's encoders never write a dictionary below 4 KiB.
    if (dict < 4096) return false;
    let d = dict;
    while ((d & 1) === 0) d >>>= 1;
    if (d !== 1 && d !== 3) return false;
  }
  let allOnes = true;
  for (let i = 5; i < 13; i++) if (input[i] !== 0xff) allOnes = false;
  if (!allOnes && (input[11] !== 0 || input[12] !== 0)) return false;
  return input[13] === 0;
}

/**
 * Decompresses `.lzma` (LZMA_Alone) data, including several concatenated
 * files (as Python's `lzma.decompress` reads them).
 * @throws DecompressionError when corrupt, truncated or over a limit.
 */
export function unlzmaAlone(input: Uint8Array, limits?: DecompressLimits): Uint8Array {
  const out = new BoundedOutput('lzma', limits, Math.min(input.length * 4, 1 << 24));
  let at = 0;
  do {
    if (at + 13 > input.length) throw new DecompressionError(`lzma header at offset ${at} is truncated`);
    const lzma = new LzmaDecoder();
    lzma.setProperties(input[at]!, at);
    lzma.resetState();
    const dict = (input[at + 1]! | (input[at + 2]! << 8) | (input[at + 3]! << 16) | (input[at + 4]! << 24)) >>> 0;
    lzma.dictSize = Math.max(dict, 4096);
    const size = declaredSize(input, at + 5);
    lzma.dictStart = out.length;
    lzma.startRange(input, at + 13, input.length);
    const target = size < 0 ? Infinity : out.length + size;
    const ended = lzma.decode(out, target, true);
    if (size < 0 && !ended) throw new DecompressionError(`lzma data is truncated at offset ${input.length}`);
    if (size >= 0 && out.length !== target) throw new DecompressionError(`lzma data is truncated at offset ${input.length}`);
    at = lzma.position;
    // Python's lzma.decompress goes on while more data follows and ignores
    // trailing bytes that are not another stream.
  } while (at < input.length && looksLikeLzmaAlone(input.subarray(at)));
  return out.result();
}
