/** Adler-32 (zlib's trailer). */

/**
 * Adler-32 of `data` continuing from `adler` (start with 1).
 * @throws never.
 */
export function adler32(data: Uint8Array, adler = 1): number {
  let a = adler & 0xffff;
  let b = adler >>> 16;
  const n = data.length;
  let i = 0;
  while (i < n) {
    // 5552 is the most bytes before b can overflow 2^32 (zlib's NMAX).
    const end = Math.min(i + 5552, n);
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}
