/** Python's `datetime.timedelta`. */
import { intArg } from './args.js';
import { PY_REPR, type PyReprResult } from '../repr/py-repr.js';
import { reprClassName } from '../repr/type-name.js';

const US_PER_DAY = 86_400_000_000n;
const MAX_DAYS = 999_999_999;

/** Parts accepted by `TimeDelta.from`, all integers, all optional. */
export interface TimeDeltaParts {
  readonly weeks?: number;
  readonly days?: number;
  readonly hours?: number;
  readonly minutes?: number;
  readonly seconds?: number;
  readonly milliseconds?: number;
  readonly microseconds?: number;
}

/**
 * A duration, normalized as Python does: `0 <= seconds < 86400`,
 * `0 <= microseconds < 1e6`, the sign carried by `days`.
 */
export class TimeDelta {
  readonly days: number;
  readonly seconds: number;
  readonly microseconds: number;

  /**
   * @param days whole days (may be negative).
   * @param seconds whole seconds (any integer; normalized).
   * @param microseconds whole microseconds (any integer; normalized).
   * @throws TypeError for non-integers; RangeError when |days| > 999999999.
   */
  constructor(days: number | bigint = 0, seconds: number | bigint = 0, microseconds: number | bigint = 0) {
    const total = BigInt(intLike(days, 'days')) * US_PER_DAY + BigInt(intLike(seconds, 'seconds')) * 1_000_000n + BigInt(intLike(microseconds, 'microseconds'));
    let d = total / US_PER_DAY;
    let rest = total % US_PER_DAY;
    if (rest < 0n) {
      rest += US_PER_DAY;
      d -= 1n;
    }
    if (d > BigInt(MAX_DAYS) || d < -BigInt(MAX_DAYS)) throw new RangeError(`days=${d}; must have magnitude <= ${MAX_DAYS}`);
    this.days = Number(d);
    this.seconds = Number(rest / 1_000_000n);
    this.microseconds = Number(rest % 1_000_000n);
  }

  /**
   * Builds a duration from named integer parts, like `timedelta(hours=1)`.
   * @throws TypeError / RangeError as the constructor.
   */
  static from(parts: TimeDeltaParts): TimeDelta {
    const seconds = (parts.hours ?? 0) * 3600 + (parts.minutes ?? 0) * 60 + (parts.seconds ?? 0);
    const micro = (parts.milliseconds ?? 0) * 1000 + (parts.microseconds ?? 0);
    return new TimeDelta((parts.weeks ?? 0) * 7 + (parts.days ?? 0), seconds, micro);
  }

  /** The whole duration in microseconds, exactly. */
  totalMicroseconds(): bigint {
    return BigInt(this.days) * US_PER_DAY + BigInt(this.seconds) * 1_000_000n + BigInt(this.microseconds);
  }

  /** The duration in seconds, as Python's `total_seconds()`. */
  totalSeconds(): number {
    return Number(this.totalMicroseconds()) / 1e6;
  }

  /** True for a zero duration. */
  isZero(): boolean {
    return this.days === 0 && this.seconds === 0 && this.microseconds === 0;
  }

  /** Python's `str(td)`, e.g. `1 day, 0:00:02.000003`. */
  toString(): string {
    const hh = Math.floor(this.seconds / 3600);
    const mm = Math.floor((this.seconds % 3600) / 60);
    const ss = this.seconds % 60;
    let s = `${hh}:${pad(mm, 2)}:${pad(ss, 2)}`;
    if (this.microseconds) s += `.${pad(this.microseconds, 6)}`;
    if (this.days) s = `${this.days} day${Math.abs(this.days) === 1 ? '' : 's'}, ${s}`;
    return s;
  }

  /** `<class 'datetime.timedelta'>`. */
  static [PY_REPR](): string {
    return "<class 'datetime.timedelta'>";
  }

  /** Python's repr: `datetime.timedelta(days=1, seconds=2)` (non-zero fields only), `datetime.timedelta(0)`. */
  [PY_REPR](): PyReprResult {
    const call = reprClassName(this, TimeDelta, 'datetime.timedelta');
    const kwargs: [string, number][] = [];
    if (this.days) kwargs.push(['days', this.days]);
    if (this.seconds) kwargs.push(['seconds', this.seconds]);
    if (this.microseconds) kwargs.push(['microseconds', this.microseconds]);
    return kwargs.length === 0 ? { call, args: [0] } : { call, kwargs };
  }
}

function intLike(value: number | bigint, what: string): number | bigint {
  return typeof value === 'bigint' ? value : intArg(value, what);
}

/** Zero-padded decimal of a non-negative integer. */
export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
