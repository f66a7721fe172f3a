/** Python's `datetime.datetime`, with conversions to and from JS `Date`. */
import { pad } from './timedelta.js';
import { checkDate, checkTime } from './datetime-state.js';
import { TimeZone } from './timezone.js';
import { formatTime, offsetSuffix, type TimeOptions } from './time.js';
import { PY_REPR, type PyReprResult } from '../repr/py-repr.js';
import { reprClassName } from '../repr/type-name.js';

/** Options of `PyDateTime.fromDate`. */
export interface FromDateOptions {
  /**
   * The zone to express the instant in: a `TimeZone` gives an aware datetime in
   * that zone; null gives a naive datetime holding the UTC wall time. Default `TimeZone.utc`.
   */
  readonly tz?: TimeZone | null;
}

/** A date and time with microseconds, optional tzinfo and fold. */
export class PyDateTime {
  readonly tzinfo: unknown;
  readonly fold: number;

  /**
   * @throws RangeError for a field out of range.
   */
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour = 0,
    readonly minute = 0,
    readonly second = 0,
    readonly microsecond = 0,
    options: TimeOptions = {},
  ) {
    this.tzinfo = options.tzinfo ?? null;
    this.fold = options.fold ?? 0;
    checkDate(year, month, day);
    checkTime(hour, minute, second, microsecond, this.fold);
  }

  /**
   * The datetime of a JS `Date`'s instant (milliseconds, so microseconds are a
   * multiple of 1000), aware in `options.tz` (UTC by default) or naive UTC.
   * @throws RangeError for an invalid Date or a year outside 1..9999.
   */
  static fromDate(date: Date, options: FromDateOptions = {}): PyDateTime {
    const ms = date.getTime();
    if (Number.isNaN(ms)) throw new RangeError('invalid Date');
    const tz = options.tz === undefined ? TimeZone.utc : options.tz;
    const shift = tz === null ? 0 : Number(tz.offset.totalMicroseconds() / 1000n);
    const local = new Date(ms + shift);
    return new PyDateTime(
      local.getUTCFullYear(),
      local.getUTCMonth() + 1,
      local.getUTCDate(),
      local.getUTCHours(),
      local.getUTCMinutes(),
      local.getUTCSeconds(),
      local.getUTCMilliseconds() * 1000,
      { tzinfo: tz },
    );
  }

  /**
   * The instant as a JS `Date` (microseconds truncated to milliseconds). A naive
   * datetime is read as UTC; an aware one uses its `TimeZone` offset.
   * @throws RangeError when the tzinfo is not a `TimeZone` (its offset is unknown here).
   */
  toDate(): Date {
    let offsetMs = 0;
    if (this.tzinfo instanceof TimeZone) offsetMs = Number(this.tzinfo.offset.totalMicroseconds() / 1000n);
    else if (this.tzinfo !== null) throw new RangeError('toDate() needs a naive datetime or a TimeZone tzinfo');
    const d = new Date(0);
    d.setUTCFullYear(this.year, this.month - 1, this.day);
    const ms = d.getTime() + ((this.hour * 60 + this.minute) * 60 + this.second) * 1000 + Math.floor(this.microsecond / 1000);
    return new Date(ms - offsetMs);
  }

  /** The 10-byte pickle state; fold is kept only at protocol 4+, as CPython. */
  pickleState(protocol: number): Uint8Array {
    const us = this.microsecond;
    const m = this.fold && protocol > 3 ? this.month | 0x80 : this.month;
    return Uint8Array.of(this.year >> 8, this.year & 0xff, m, this.day, this.hour, this.minute, this.second, us >> 16, (us >> 8) & 0xff, us & 0xff);
  }

  /** Python's `isoformat()`: `YYYY-MM-DDTHH:MM:SS[.ffffff][±HH:MM]`. */
  toString(): string {
    return `${pad(this.year, 4)}-${pad(this.month, 2)}-${pad(this.day, 2)}T${formatTime(this.hour, this.minute, this.second, this.microsecond)}${offsetSuffix(this.tzinfo)}`;
  }

  /** `<class 'datetime.datetime'>`. */
  static [PY_REPR](): string {
    return "<class 'datetime.datetime'>";
  }

  /**
   * Python's repr: `datetime.datetime(2024, 1, 2, 3, 4)`, with seconds and
   * microseconds only when not zero, then `fold=1`, then `tzinfo=…`.
   */
  [PY_REPR](): PyReprResult {
    const args: number[] = [this.year, this.month, this.day, this.hour, this.minute];
    if (this.microsecond) args.push(this.second, this.microsecond);
    else if (this.second) args.push(this.second);
    const kwargs: [string, unknown][] = [];
    if (this.fold) kwargs.push(['fold', this.fold]);
    if (this.tzinfo !== null && this.tzinfo !== undefined) kwargs.push(['tzinfo', this.tzinfo]);
    return { call: reprClassName(this, PyDateTime, 'datetime.datetime'), args, kwargs };
  }
}
