/**
 * CRC-64 as xz uses it (ECMA-182 polynomial, reflected), on 32-bit halves
 * so it needs no BigInt in the hot loop.
 */

const [LO, HI] = ((): [Uint32Array, Uint32Array] => {
  const lo = new Uint32Array(256);
  const hi = new Uint32Array(256);
  const polyLo = 0xd7870f42;
  const polyHi = 0xc96c5795;
  for (let n = 0; n < 256; n++) {
    let l = n;
    let h = 0;
    for (let k = 0; k < 8; k++) {
      const carry = l & 1;
      l = ((l >>> 1) | (h << 31)) >>> 0;
      h >>>= 1;
      if (carry) {
        l = (l ^ polyLo) >>> 0;
        h = (h ^ polyHi) >>> 0;
      }
    }
    lo[n] = l;
    hi[n] = h;
  }
  return [lo, hi];
})();

/** A CRC-64 value as two 32-bit halves. */
export interface Crc64 {
  readonly lo: number;
  readonly hi: number;
}

/**
 * CRC-64 of `data[start..end)`.
 * @throws never.
 */
export function crc64(data: Uint8Array, start = 0, end = data.length): Crc64 {
  let l = 0xffffffff;
  let h = 0xffffffff;
  for (let i = start; i < end; i++) {
    const idx = (l ^ data[i]!) & 0xff;
    l = ((l >>> 8) | (h << 24)) ^ LO[idx]!;
    h = (h >>> 8) ^ HI[idx]!;
  }
  return { lo: ~l >>> 0, hi: ~h >>> 0 };
}
