/** Python's `range`, `slice`, `Ellipsis` and `NotImplemented`. */
import { PY_REPR, type PyReprResult } from '../repr/py-repr.js';

/** Python's `range(start, stop, step)`: iterable, with `length` and `at`. */
export class PyRange implements Iterable<number | bigint> {
  readonly start: number | bigint;
  readonly stop: number | bigint;
  readonly step: number | bigint;

  /**
   * `new PyRange(stop)` or `new PyRange(start, stop, step = 1)`, as Python.
   * @throws RangeError for a zero step; TypeError for non-integers.
   */
  constructor(start: number | bigint, stop?: number | bigint, step: number | bigint = 1) {
    if (stop === undefined) {
      stop = start;
      start = 0;
    }
    for (const v of [start, stop, step]) {
      if (typeof v !== 'bigint' && !Number.isInteger(v)) throw new TypeError('range() arguments must be integers');
    }
    if (BigInt(step) === 0n) throw new RangeError('range() arg 3 must not be zero');
    this.start = start;
    this.stop = stop;
    this.step = step;
  }

  /** How many items (Python's `len(range)`), as a bigint when beyond 2^53. */
  get length(): number | bigint {
    const [a, b, s] = [BigInt(this.start), BigInt(this.stop), BigInt(this.step)];
    let n = s > 0n ? (b - a + s - 1n) / s : (a - b - s - 1n) / -s;
    if (n < 0n) n = 0n;
    return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
  }

  /** The `i`-th item (negative counts from the end), or undefined when out of range. */
  at(i: number): number | bigint | undefined {
    const n = BigInt(this.length);
    let k = BigInt(i);
    if (k < 0n) k += n;
    if (k < 0n || k >= n) return undefined;
    const v = BigInt(this.start) + k * BigInt(this.step);
    return Number.isSafeInteger(Number(v)) ? Number(v) : v;
  }

  *[Symbol.iterator](): Iterator<number | bigint> {
    const n = BigInt(this.length);
    for (let k = 0n; k < n; k++) {
      const v = BigInt(this.start) + k * BigInt(this.step);
      yield Number.isSafeInteger(Number(v)) ? Number(v) : v;
    }
  }

  /** Python's `repr`: `range(1, 5, 2)`. */
  toString(): string {
    return BigInt(this.step) === 1n ? `range(${this.start}, ${this.stop})` : `range(${this.start}, ${this.stop}, ${this.step})`;
  }

  /** `<class 'range'>`. */
  static [PY_REPR](): string {
    return "<class 'range'>";
  }

  /** Python's repr: `range(0, 10)`, `range(0, 10, 2)`. */
  [PY_REPR](): PyReprResult {
    return { call: 'range', args: BigInt(this.step) === 1n ? [this.start, this.stop] : [this.start, this.stop, this.step] };
  }
}

/** Python's `slice(start, stop, step)`: three arbitrary values (null for None). */
export class PySlice {
  constructor(
    readonly start: unknown = null,
    readonly stop: unknown = null,
    readonly step: unknown = null,
  ) {}

  /** `<class 'slice'>`. */
  static [PY_REPR](): string {
    return "<class 'slice'>";
  }

  /** Python's repr: `slice(1, None, 2)`. */
  [PY_REPR](): PyReprResult {
    return { call: 'slice', args: [this.start, this.stop, this.step] };
  }
}

/** The type of Python's `Ellipsis` (`...`); its only instance is `Ellipsis`. */
export class EllipsisType {
  /** `Ellipsis`. */
  toString(): string {
    return 'Ellipsis';
  }

  /** `<class 'ellipsis'>`. */
  static [PY_REPR](): string {
    return "<class 'ellipsis'>";
  }

  /** Python's repr: `Ellipsis`. */
  [PY_REPR](): string {
    return 'Ellipsis';
  }
}

/** The type of Python's `NotImplemented`; its only instance is `NotImplemented`. */
export class NotImplementedType {
  /** `NotImplemented`. */
  toString(): string {
    return 'NotImplemented';
  }

  /** `<class 'NotImplementedType'>`. */
  static [PY_REPR](): string {
    return "<class 'NotImplementedType'>";
  }

  /** Python's repr: `NotImplemented`. */
  [PY_REPR](): string {
    return 'NotImplemented';
  }
}

/** Python's `Ellipsis`: loads from `builtins.Ellipsis`, dumps back as that global. */
export const Ellipsis: EllipsisType = Object.freeze(new EllipsisType());
/** Python's `NotImplemented`: loads from `builtins.NotImplemented`, dumps back as that global. */
export const NotImplemented: NotImplementedType = Object.freeze(new NotImplementedType());
