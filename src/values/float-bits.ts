/**
 * The exact 64 bits of a NaN, where they are not JS's one NaN: sign and
 * payload bits (a signalling NaN, `-nan`) change when a NaN passes through a
 * plain JS number (V8 canonicalizes NaNs held in double arrays). Lossless
 * loads box such a NaN in a `Float` (or keep the bits of a `Complex` part)
 * and record the bits here, by identity; `dumps` writes them back.
 */
import { Complex } from './complex.js';
import { Float } from './float.js';

/** The bits of JS's NaN (and Python's `float('nan')`), which need no record. */
export const CANONICAL_NAN_BITS = 0x7ff8000000000000n;

const floatBits = new WeakMap<Float, bigint>();
const complexBits = new WeakMap<Complex, readonly [bigint | undefined, bigint | undefined]>();

/**
 * A `Float` holding the NaN whose IEEE 754 bits are `bits`.
 * @param bits the 64 bits, big-endian as a pickle's BINFLOAT holds them.
 * @returns a Float whose value is NaN and whose bits `dumps` writes.
 * @throws RangeError when `bits` is not a NaN's bit pattern.
 */
export function nanFloat(bits: bigint): Float {
  if ((bits & 0x7ff0000000000000n) !== 0x7ff0000000000000n || (bits & 0xfffffffffffffn) === 0n) {
    throw new RangeError(`0x${bits.toString(16)} is not the bit pattern of a NaN`);
  }
  const f = new Float(NaN);
  if (bits !== CANONICAL_NAN_BITS) floatBits.set(f, bits);
  return f;
}

/**
 * The recorded bits of a NaN `Float`.
 * @returns the bits, or undefined when the float is not such a NaN.
 */
export function floatBitsOf(f: Float): bigint | undefined {
  return floatBits.get(f);
}

/**
 * Records the NaN bits of the parts of a `Complex` (undefined: a part that needs none).
 * @param c the complex number, whose parts are NaN where bits are given.
 */
export function setComplexBits(c: Complex, real: bigint | undefined, imag: bigint | undefined): void {
  if (real !== undefined || imag !== undefined) complexBits.set(c, [real, imag]);
}

/**
 * The recorded NaN bits of a complex number's parts.
 * @returns [real bits, imag bits] (each undefined when not recorded), or undefined.
 */
export function complexBitsOf(c: Complex): readonly [bigint | undefined, bigint | undefined] | undefined {
  return complexBits.get(c);
}

/**
 * The bits of a NaN read from `data` at `at` (8 bytes, big-endian), when they are not the canonical NaN.
 * @returns the bits, or undefined for the canonical NaN.
 */
export function readNanBits(data: Uint8Array, at: number): bigint | undefined {
  const hi = ((data[at]! << 24) | (data[at + 1]! << 16) | (data[at + 2]! << 8) | data[at + 3]!) >>> 0;
  const lo = ((data[at + 4]! << 24) | (data[at + 5]! << 16) | (data[at + 6]! << 8) | data[at + 7]!) >>> 0;
  if (hi === 0x7ff80000 && lo === 0) return undefined;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/**
 * Writes the float `value` (or the recorded NaN `bits`) big-endian at `at`.
 * @param view where to write.
 */
export function writeFloatBits(view: DataView, at: number, value: number, bits: bigint | undefined): void {
  if (bits === undefined) view.setFloat64(at, value, false);
  else view.setBigUint64(at, bits, false);
}
