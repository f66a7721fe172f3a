/** Python's `datetime.date`. */
import { pad } from './timedelta.js';
import { checkDate } from './datetime-state.js';
import { PY_REPR, type PyReprResult } from '../repr/py-repr.js';
import { reprClassName } from '../repr/type-name.js';

/** A calendar date (proleptic Gregorian, years 1..9999). */
export class PyDate {
  /**
   * @throws RangeError for an invalid date.
   */
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {
    checkDate(year, month, day);
  }

  /** The UTC calendar date of a JS `Date`. @throws RangeError for an invalid Date or year. */
  static fromDate(date: Date): PyDate {
    if (Number.isNaN(date.getTime())) throw new RangeError('invalid Date');
    return new PyDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
  }

  /** Midnight UTC of this date, as a JS `Date`. */
  toDate(): Date {
    const d = new Date(0);
    d.setUTCFullYear(this.year, this.month - 1, this.day);
    return d;
  }

  /** The 4-byte pickle state (`yhi, ylo, month, day`). */
  pickleState(): Uint8Array {
    return Uint8Array.of(this.year >> 8, this.year & 0xff, this.month, this.day);
  }

  /** Python's `isoformat()`: `YYYY-MM-DD`. */
  toString(): string {
    return `${pad(this.year, 4)}-${pad(this.month, 2)}-${pad(this.day, 2)}`;
  }

  /** `<class 'datetime.date'>`. */
  static [PY_REPR](): string {
    return "<class 'datetime.date'>";
  }

  /** Python's repr: `datetime.date(2024, 1, 2)`. */
  [PY_REPR](): PyReprResult {
    return { call: reprClassName(this, PyDate, 'datetime.date'), args: [this.year, this.month, this.day] };
  }
}
