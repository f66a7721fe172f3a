/**
 * bzip2's CRC-32: the same polynomial as zlib's (0x04C11DB7) but not
 * reflected (bits are fed most significant first).
 */

/** 256-entry table for the MSB-first CRC. */
export const BZ2_CRC_TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/**
 * bzip2 block CRC of `data[start..end)`.
 * @throws never.
 */
export function bz2Crc(data: Uint8Array, start = 0, end = data.length): number {
  const t = BZ2_CRC_TABLE;
  let c = -1;
  for (let i = start; i < end; i++) c = (c << 8) ^ t[((c >>> 24) ^ data[i]!) & 0xff]!;
  return ~c >>> 0;
}

/** Folds a block CRC into a stream's combined CRC. @throws never. */
export function bz2CombineCrc(combined: number, block: number): number {
  return (((combined << 1) | (combined >>> 31)) ^ block) >>> 0;
}
