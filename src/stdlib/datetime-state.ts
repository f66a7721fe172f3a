/**
 * The byte states CPython's `datetime` types pickle (`_getstate`): big-endian
 * year, then fields one byte each, microseconds in 3 bytes; `fold` rides in the
 * high bit of the month (datetime) or hour (time) byte at protocol 4+ only.
 */

/**
 * The state argument as bytes: CPython passes `bytes`; Python 2 pickles loaded
 * with `encoding='latin1'` pass a `str` whose code points are the bytes.
 * Returns undefined when `arg` is neither or has the wrong length.
 */
export function stateBytes(arg: unknown, length: number): Uint8Array | undefined {
  if (arg instanceof Uint8Array) return arg.length === length ? arg : undefined;
  if (typeof arg === 'string' && arg.length === length) {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const c = arg.charCodeAt(i);
      if (c > 0xff) return undefined;
      out[i] = c;
    }
    return out;
  }
  return undefined;
}

/** Days in `month` of `year` (proleptic Gregorian). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Checks a calendar date as Python's `date()` does.
 * @throws RangeError for a year outside 1..9999, a month outside 1..12 or a day outside the month.
 */
export function checkDate(year: number, month: number, day: number): void {
  if (!Number.isInteger(year) || year < 1 || year > 9999) throw new RangeError(`year ${year} is out of range`);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError('month must be in 1..12');
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) throw new RangeError('day is out of range for month');
}

/**
 * Checks a time of day as Python's `time()` does.
 * @throws RangeError for a field out of range.
 */
export function checkTime(hour: number, minute: number, second: number, microsecond: number, fold: number): void {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError('hour must be in 0..23');
  if (!Number.isInteger(minute) || minute < 0 || minute > 59) throw new RangeError('minute must be in 0..59');
  if (!Number.isInteger(second) || second < 0 || second > 59) throw new RangeError('second must be in 0..59');
  if (!Number.isInteger(microsecond) || microsecond < 0 || microsecond > 999_999) {
    throw new RangeError('microsecond must be in 0..999999');
  }
  if (fold !== 0 && fold !== 1) throw new RangeError('fold must be either 0 or 1');
}
