/**
 * Python's `decimal.Decimal`, kept exactly: sign, coefficient digits and
 * exponent (or a special value), printed as Python's `str()` does. Pickles as
 * `decimal.Decimal('<str>')`. No arithmetic: convert with `toNumber()` or hand
 * `toString()` to a decimal library.
 */

import { PY_REPR, type PyReprResult } from '../repr/py-repr.js';
import { reprClassName } from '../repr/type-name.js';

const DECIMAL_RE = /^([+-])?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;
const SPECIAL_RE = /^([+-])?(?:(inf|infinity)|(s?nan)(\d*))$/i;

/** A decimal number with Python's exact representation. */
export class Decimal {
  /** 1 for negative (including -0), 0 otherwise. */
  readonly sign: 0 | 1;
  /** The coefficient's digits without leading zeros ('0' for zero), or a NaN's payload ('' for none). */
  readonly digits: string;
  /** The exponent, or 'F' (Infinity), 'n' (NaN), 'N' (sNaN), as Python's `_exp`. */
  readonly exponent: number | 'F' | 'n' | 'N';

  /**
   * Parses a decimal string as Python's `Decimal(str)`: surrounding whitespace
   * and `_` between digits allowed, `Infinity`/`inf`/`NaN`/`sNaN` in any case.
   * Numbers and bigints convert exactly (numbers through their shortest repr).
   * @throws RangeError for an invalid literal (Python's `InvalidOperation`).
   */
  constructor(value: string | number | bigint = '0') {
    const text = typeof value === 'string' ? value.trim().replace(/(?<=\d)_(?=\d)/g, '') : numberText(value);
    const m = DECIMAL_RE.exec(text);
    if (m) {
      this.sign = m[1] === '-' ? 1 : 0;
      const intPart = m[2] ?? '';
      const frac = m[3] ?? m[4] ?? '';
      this.digits = (intPart + frac).replace(/^0+(?=.)/, '');
      this.exponent = Number(m[5] ?? 0) - frac.length;
      return;
    }
    const s = SPECIAL_RE.exec(text);
    if (!s) throw new RangeError(`invalid Decimal literal: ${JSON.stringify(String(value))}`);
    this.sign = s[1] === '-' ? 1 : 0;
    if (s[2] !== undefined) {
      this.digits = '0';
      this.exponent = 'F';
    } else {
      this.digits = (s[4] ?? '').replace(/^0+/, '');
      this.exponent = s[3]!.toLowerCase() === 'nan' ? 'n' : 'N';
    }
  }

  /** True for Infinity, NaN and sNaN. */
  isSpecial(): boolean {
    return typeof this.exponent !== 'number';
  }

  /** The nearest JS number (Infinity and NaN map to their JS twins). */
  toNumber(): number {
    if (this.exponent === 'F') return this.sign ? -Infinity : Infinity;
    if (typeof this.exponent !== 'number') return NaN;
    return Number(`${this.sign ? '-' : ''}${this.digits}e${this.exponent}`);
  }

  /** Python's `str(Decimal)`: scientific notation only for very small or large exponents. */
  toString(): string {
    const sign = this.sign ? '-' : '';
    if (this.exponent === 'F') return `${sign}Infinity`;
    if (this.exponent === 'n') return `${sign}NaN${this.digits}`;
    if (this.exponent === 'N') return `${sign}sNaN${this.digits}`;
    const exp = this.exponent;
    const digits = this.digits;
    const leftDigits = exp + digits.length;
    const dot = exp <= 0 && leftDigits > -6 ? leftDigits : 1;
    let intPart: string;
    let fracPart: string;
    if (dot <= 0) {
      intPart = '0';
      fracPart = `.${'0'.repeat(-dot)}${digits}`;
    } else if (dot >= digits.length) {
      intPart = digits + '0'.repeat(dot - digits.length);
      fracPart = '';
    } else {
      intPart = digits.slice(0, dot);
      fracPart = `.${digits.slice(dot)}`;
    }
    const e = leftDigits === dot ? '' : `E${leftDigits - dot >= 0 ? '+' : '-'}${Math.abs(leftDigits - dot)}`;
    return sign + intPart + fracPart + e;
  }

  /** `<class 'decimal.Decimal'>`. */
  static [PY_REPR](): string {
    return "<class 'decimal.Decimal'>";
  }

  /** Python's repr: `Decimal('1.10')`. */
  [PY_REPR](): PyReprResult {
    return { call: reprClassName(this, Decimal, 'Decimal'), args: [this.toString()] };
  }
}

function numberText(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return Object.is(value, -0) ? '-0' : String(value);
}
