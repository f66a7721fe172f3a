/** Python's `datetime.timezone`: a fixed offset from UTC, with an optional name. */
import { TimeDelta, pad } from './timedelta.js';
import { PY_REPR, type PyReprResult } from '../repr/py-repr.js';
import { reprClassName } from '../repr/type-name.js';

const DAY_US = 86_400_000_000n;

/** A fixed-offset time zone. `TimeZone.utc` is Python's `timezone.utc`. */
export class TimeZone {
  /** Python's `timezone.utc`; loading `timezone(timedelta(0))` returns it, as CPython does. */
  static readonly utc: TimeZone = new TimeZone(new TimeDelta(0), undefined);

  /**
   * @param offset the offset from UTC, strictly between -24h and 24h.
   * @param name the zone's name (Python's `tzname()`), or undefined.
   * @throws RangeError when the offset is out of range.
   */
  constructor(
    readonly offset: TimeDelta,
    readonly name?: string,
  ) {
    const us = offset.totalMicroseconds();
    if (us <= -DAY_US || us >= DAY_US) {
      throw new RangeError('offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24)');
    }
  }

  /** The zone for `offset` (and `name`), reusing `TimeZone.utc` for an unnamed zero offset. */
  static of(offset: TimeDelta, name?: string): TimeZone {
    if (name === undefined && offset.isZero()) return TimeZone.utc;
    return new TimeZone(offset, name);
  }

  /** The offset in whole minutes east of UTC (sub-minute offsets are truncated). */
  offsetMinutes(): number {
    return Math.trunc(Number(this.offset.totalMicroseconds() / 60_000_000n));
  }

  /** Python's `str(tz)`: the name, or `UTC`, or `UTC±HH:MM[:SS[.ffffff]]`. */
  toString(): string {
    if (this.name !== undefined) return this.name;
    if (this.offset.isZero()) return 'UTC';
    return `UTC${formatOffset(this.offset, ':')}`;
  }

  /** `<class 'datetime.timezone'>`. */
  static [PY_REPR](): string {
    return "<class 'datetime.timezone'>";
  }

  /**
   * Python's repr: `datetime.timezone.utc` (an unnamed zero offset is that
   * singleton in Python), else `datetime.timezone(datetime.timedelta(…), 'name')`.
   */
  [PY_REPR](): PyReprResult {
    const call = reprClassName(this, TimeZone, 'datetime.timezone');
    if (this.name === undefined && this.offset.isZero()) return `${call}.utc`;
    return { call, args: this.name === undefined ? [this.offset] : [this.offset, this.name] };
  }
}

/** `±HH:MM[:SS[.ffffff]]` for an offset, as Python's `isoformat` writes it. */
export function formatOffset(offset: TimeDelta, sep: string): string {
  let us = offset.totalMicroseconds();
  const sign = us < 0n ? '-' : '+';
  if (us < 0n) us = -us;
  const total = Number(us / 1_000_000n);
  const micro = Number(us % 1_000_000n);
  let s = `${sign}${pad(Math.floor(total / 3600), 2)}${sep}${pad(Math.floor((total % 3600) / 60), 2)}`;
  if (total % 60 || micro) s += `${sep}${pad(total % 60, 2)}`;
  if (micro) s += `.${pad(micro, 6)}`;
  return s;
}
