/**
 * LZMA2 chunk decoding (the filter inside `.xz` blocks): uncompressed chunks
 * and LZMA chunks with their state, property and dictionary resets.
 */
import { DecompressionError } from './limits.js';
import { LzmaDecoder } from './lzma-decoder.js';
import type { BoundedOutput } from './output.js';

/** The dictionary size an LZMA2 properties byte declares. @throws DecompressionError when invalid. */
export function lzma2DictSize(props: number, at: number): number {
  if (props > 40) throw new DecompressionError(`xz: invalid LZMA2 dictionary size byte at offset ${at}`);
  if (props === 40) return 0xffffffff;
  return (2 | (props & 1)) * 2 ** (Math.floor(props / 2) + 11);
}

/**
 * Decodes LZMA2 chunks from `input[start..end)` into `out`.
 * @returns the offset just after the end-of-data chunk.
 * @throws DecompressionError when corrupt, truncated or over a limit.
 */
export function lzma2Decode(input: Uint8Array, start: number, end: number, dictSize: number, out: BoundedOutput): number {
  const lzma = new LzmaDecoder();
  lzma.dictSize = dictSize;
  lzma.dictStart = out.length;
  let at = start;
  let needDictReset = true;
  let needProps = true;
  let needStateReset = true;
  for (;;) {
    if (at >= end) throw new DecompressionError(`xz: LZMA2 data is truncated at offset ${at}`);
    const control = input[at]!;
    if (control === 0) return at + 1;
    if (control === 1 || control === 2) {
      if (at + 3 > end) throw new DecompressionError(`xz: LZMA2 data is truncated at offset ${at}`);
      if (control === 1) {
        lzma.dictStart = out.length;
        needDictReset = false;
      } else if (needDictReset) throw new DecompressionError(`xz: LZMA2 chunk at offset ${at} lacks the first dictionary reset: the data is corrupt`);
      const size = ((input[at + 1]! << 8) | input[at + 2]!) + 1;
      at += 3;
      if (at + size > end) throw new DecompressionError(`xz: LZMA2 data is truncated at offset ${end}`);
      out.consumed = at + size;
      out.write(input.subarray(at, at + size));
      at += size;
      // An uncompressed chunk ends an LZMA run: the next LZMA chunk needs a state reset.
      needStateReset = true;
      continue;
    }
    if (control < 0x80) throw new DecompressionError(`xz: invalid LZMA2 control byte ${control} at offset ${at}: the data is corrupt`);
    if (at + 5 > end) throw new DecompressionError(`xz: LZMA2 data is truncated at offset ${at}`);
    const unpacked = (control & 0x1f) * 65536 + ((input[at + 1]! << 8) | input[at + 2]!) + 1;
    const packed = ((input[at + 3]! << 8) | input[at + 4]!) + 1;
    const reset = (control >> 5) & 3;
    const chunkAt = at;
    at += 5;
    if (reset === 3) {
      lzma.dictStart = out.length;
      needDictReset = false;
    } else if (needDictReset) throw new DecompressionError(`xz: LZMA2 chunk at offset ${chunkAt} lacks the first dictionary reset: the data is corrupt`);
    if (reset >= 2) {
      if (at >= end) throw new DecompressionError(`xz: LZMA2 data is truncated at offset ${at}`);
      lzma.setProperties(input[at]!, at);
      if (lzma.lc + lzma.lp > 4) throw new DecompressionError(`xz: LZMA2 lc + lp > 4 at offset ${at}: the data is corrupt`);
      at++;
      needProps = false;
    } else if (needProps) throw new DecompressionError(`xz: LZMA2 chunk at offset ${chunkAt} lacks properties: the data is corrupt`);
    if (reset >= 1) {
      lzma.resetState();
      needStateReset = false;
    } else if (needStateReset) throw new DecompressionError(`xz: LZMA2 chunk at offset ${chunkAt} lacks a state reset: the data is corrupt`);
    if (at + packed > end) throw new DecompressionError(`xz: LZMA2 data is truncated at offset ${end}`);
    lzma.startRange(input, at, at + packed);
    out.consumed = at;
    lzma.decode(out, out.length + unpacked, false);
    if (lzma.position !== at + packed || !lzma.finishedCleanly) {
      throw new DecompressionError(`xz: LZMA2 chunk at offset ${chunkAt} does not end where its size says: the data is corrupt`);
    }
    at += packed;
  }
}
