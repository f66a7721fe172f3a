/** Python's `datetime.time`. */
import { pad } from './timedelta.js';
import { checkTime } from './datetime-state.js';
import { TimeZone, formatOffset } from './timezone.js';
import { PY_REPR, type PyReprResult } from '../repr/py-repr.js';
import { reprClassName } from '../repr/type-name.js';

/** Options of `PyTime` and `PyDateTime` beyond the numeric fields. */
export interface TimeOptions {
  /** The tzinfo: a `TimeZone`, any other loaded tzinfo object (kept as is), or null (naive). Default null. */
  readonly tzinfo?: unknown;
  /** Python's `fold` (0 or 1): which of two repeated wall times. Default 0. */
  readonly fold?: number;
}

/** A time of day with microseconds, optional tzinfo and fold. */
export class PyTime {
  readonly tzinfo: unknown;
  readonly fold: number;

  /**
   * @throws RangeError for a field out of range.
   */
  constructor(
    readonly hour = 0,
    readonly minute = 0,
    readonly second = 0,
    readonly microsecond = 0,
    options: TimeOptions = {},
  ) {
    this.tzinfo = options.tzinfo ?? null;
    this.fold = options.fold ?? 0;
    checkTime(hour, minute, second, microsecond, this.fold);
  }

  /** The 6-byte pickle state; fold is kept only at protocol 4+, as CPython. */
  pickleState(protocol: number): Uint8Array {
    const us = this.microsecond;
    const h = this.fold && protocol > 3 ? this.hour | 0x80 : this.hour;
    return Uint8Array.of(h, this.minute, this.second, us >> 16, (us >> 8) & 0xff, us & 0xff);
  }

  /** Python's `isoformat()`. */
  toString(): string {
    return formatTime(this.hour, this.minute, this.second, this.microsecond) + offsetSuffix(this.tzinfo);
  }

  /** `<class 'datetime.time'>`. */
  static [PY_REPR](): string {
    return "<class 'datetime.time'>";
  }

  /**
   * Python's repr: `datetime.time(3, 4)`, with seconds and microseconds only
   * when not zero, then `tzinfo=…`, then `fold=1` (the reverse of datetime's order, as CPython).
   */
  [PY_REPR](): PyReprResult {
    const args: number[] = [this.hour, this.minute];
    if (this.microsecond) args.push(this.second, this.microsecond);
    else if (this.second) args.push(this.second);
    const kwargs: [string, unknown][] = [];
    if (this.tzinfo !== null && this.tzinfo !== undefined) kwargs.push(['tzinfo', this.tzinfo]);
    if (this.fold) kwargs.push(['fold', this.fold]);
    return { call: reprClassName(this, PyTime, 'datetime.time'), args, kwargs };
  }
}

/** `HH:MM:SS[.ffffff]`. */
export function formatTime(h: number, m: number, s: number, us: number): string {
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${us ? `.${pad(us, 6)}` : ''}`;
}

/** `+HH:MM` for a `TimeZone` tzinfo, '' otherwise. */
export function offsetSuffix(tzinfo: unknown): string {
  return tzinfo instanceof TimeZone ? formatOffset(tzinfo.offset, ':') : '';
}
