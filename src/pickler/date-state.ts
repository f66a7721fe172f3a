/**
 * A JS `Date` as Python's `datetime.datetime(..., tzinfo=datetime.timezone.utc)`:
 * the 10-byte state CPython's datetime pickles (year high, year low, month,
 * day, hour, minute, second, microsecond as 3 big-endian bytes).
 */

/**
 * The datetime state bytes of `d` in UTC, or the reason it has none.
 * @returns the state, or a message when `d` is invalid or outside years 1–9999.
 */
export function dateState(d: Date): Uint8Array | string {
  if (!Number.isFinite(d.getTime())) return 'cannot pickle an invalid Date';
  const year = d.getUTCFullYear();
  if (year < 1 || year > 9999) return `cannot pickle Date with year ${year}: Python's datetime holds years 1 to 9999`;
  const us = d.getUTCMilliseconds() * 1000;
  return Uint8Array.of(
    year >> 8,
    year & 0xff,
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    us >> 16,
    (us >> 8) & 0xff,
    us & 0xff,
  );
}
