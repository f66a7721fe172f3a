/** float16 and bfloat16 bits to and from numbers, for numpy and torch alike: JS has no 16-bit float arrays (Float16Array is too new to rely on). */

/**
 * The value of an IEEE 754 binary16 bit pattern.
 * @throws never.
 */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * The value of a bfloat16 bit pattern (the top half of a float32).
 * @throws never.
 */
export function bfloat16ToNumber(bits: number): number {
  u32[0] = (bits & 0xffff) << 16;
  return f32[0]!;
}

/**
 * float16 or bfloat16 bits widened to float32 (exact: both fit).
 * @throws never.
 */
export function widen16(bits: Uint16Array, brain: boolean): Float32Array {
  const out = new Float32Array(bits.length);
  if (brain) {
    const outBits = new Uint32Array(out.buffer);
    for (let i = 0; i < bits.length; i++) outBits[i] = bits[i]! << 16;
  } else {
    for (let i = 0; i < bits.length; i++) out[i] = halfToNumber(bits[i]!);
  }
  return out;
}

/**
 * The float16 bit pattern nearest to `x` (round half to even, as torch).
 * @throws never.
 */
export function numberToHalf(x: number): number {
  f32[0] = x;
  const b = u32[0]!;
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  const mant = b & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const m = mant | 0x800000;
    const shift = 14 - e;
    let h = m >>> shift;
    const rem = m & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && h & 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && h & 1)) h++;
  return sign | h;
}

/**
 * The bfloat16 bit pattern nearest to `x` (round half to even, NaN kept quiet).
 * @throws never.
 */
export function numberToBfloat16(x: number): number {
  f32[0] = x;
  const b = u32[0]!;
  if (Number.isNaN(x)) return ((b >>> 16) | 0x40) & 0xffff;
  return ((b + 0x7fff + ((b >>> 16) & 1)) >>> 16) & 0xffff;
}
