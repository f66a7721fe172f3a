/**
 * Python's `repr()` of the scalar types of the value model: ints (JS numbers
 * and bigints), floats and complex numbers.
 */

import { floatRepr } from '../wire/float-repr.js';

/**
 * Python's `repr(int)` for a number holding an integer or a bigint.
 * @param value an integral number or a bigint.
 */
export function intRepr(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  // Integral numbers past 2^53 still print every digit, as Python's int would.
  return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
}

/**
 * Python's `repr()` of a number in the value model: an integral number is an
 * int (`3`), anything else (fraction, -0, NaN, ±Infinity) a float (`0.5`,
 * `-0.0`, `nan`, `inf`).
 */
export function numberRepr(value: number): string {
  if (Number.isInteger(value) && !Object.is(value, -0)) return intRepr(value);
  return floatRepr(value);
}

/** A float part of a complex: `repr` without the `.0` Python adds to integral floats. */
function complexPart(x: number): string {
  const s = floatRepr(x);
  return s.endsWith('.0') ? s.slice(0, -2) : s;
}

/**
 * Python's `repr(complex)`: `2j` when the real part is +0.0, otherwise
 * `(1+2j)`, `(-0-1j)`, `(1+nanj)`.
 */
export function complexRepr(real: number, imag: number): string {
  if (real === 0 && !Object.is(real, -0)) return complexPart(imag) + 'j';
  const im = complexPart(imag);
  const sign = im.startsWith('-') ? '' : '+';
  return `(${complexPart(real)}${sign}${im}j)`;
}
