/**
 * Python's `fractions.Fraction`: an exact rational in lowest terms with a
 * positive denominator. Pickles as `fractions.Fraction(numerator, denominator)`.
 */

import { PY_REPR, type PyReprResult } from '../repr/py-repr.js';
import { reprClassName } from '../repr/type-name.js';

/** An exact rational number. */
export class Fraction {
  /** The numerator (carries the sign). */
  readonly numerator: bigint;
  /** The denominator, always positive. */
  readonly denominator: bigint;

  /**
   * Builds `numerator / denominator` in lowest terms. A string numerator
   * `'3/4'` or `'-2'` is parsed.
   * @throws RangeError for a zero denominator or an unparsable string;
   *   TypeError for non-integer numbers.
   */
  constructor(numerator: bigint | number | string = 0n, denominator: bigint | number = 1n) {
    let n: bigint;
    let d: bigint;
    if (typeof numerator === 'string') {
      const m = /^\s*([+-]?\d+)(?:\s*\/\s*(\d+))?\s*$/.exec(numerator);
      if (!m) throw new RangeError(`invalid literal for Fraction: ${JSON.stringify(numerator)}`);
      n = BigInt(m[1]!);
      d = BigInt(m[2] ?? 1) * toBig(denominator);
    } else {
      n = toBig(numerator);
      d = toBig(denominator);
    }
    if (d === 0n) throw new RangeError(`Fraction(${n}, 0)`);
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n < 0n ? -n : n, d);
    this.numerator = n / g;
    this.denominator = d / g;
  }

  /** The nearest JS number. */
  toNumber(): number {
    return Number(this.numerator) / Number(this.denominator);
  }

  /** Python's `str(Fraction)`: `3/4`, or `2` when the denominator is 1. */
  toString(): string {
    return this.denominator === 1n ? `${this.numerator}` : `${this.numerator}/${this.denominator}`;
  }

  /** `<class 'fractions.Fraction'>`. */
  static [PY_REPR](): string {
    return "<class 'fractions.Fraction'>";
  }

  /** Python's repr: `Fraction(1, 3)`. */
  [PY_REPR](): PyReprResult {
    return { call: reprClassName(this, Fraction, 'Fraction'), args: [this.numerator, this.denominator] };
  }
}

function toBig(value: bigint | number): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isInteger(value)) throw new TypeError(`Fraction parts must be integers, not ${value}`);
  return BigInt(value);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}
