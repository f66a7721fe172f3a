/**
 * How the `datetime` family loads and dumps: exactly CPython's reduce forms,
 * `datetime(state_bytes[, tzinfo])`, `date(state_bytes)`, `time(state_bytes[, tzinfo])`,
 * `timedelta(days, seconds, microseconds)` and `timezone(offset[, name])`.
 * JS `Date` values dump as aware `datetime.datetime` in UTC.
 */
import type { Registry } from '../registry/registry.js';
import { arity, intArg, strArg } from './args.js';
import { PyDate } from './date.js';
import { PyDateTime } from './datetime.js';
import { stateBytes } from './datetime-state.js';
import { PyTime } from './time.js';
import { TimeDelta } from './timedelta.js';
import { TimeZone } from './timezone.js';

/** Registers `datetime.datetime/date/time/timedelta/timezone` and the JS `Date` dump rule. */
export function registerDatetime(reg: Registry): void {
  reg.registerClass(TimeDelta, 'datetime', 'timedelta', {
    call: loadTimeDelta,
    create: loadTimeDelta,
    reduce: (v, _p, g) => ({ callable: g, args: [v.days, v.seconds, v.microseconds] }),
  });
  reg.registerClass(TimeZone, 'datetime', 'timezone', {
    call: loadTimeZone,
    create: loadTimeZone,
    reduce: (v, _p, g) => ({ callable: g, args: v.name === undefined ? [v.offset] : [v.offset, v.name] }),
  });
  reg.registerClass(PyDate, 'datetime', 'date', {
    call: loadDate,
    create: loadDate,
    reduce: (v, _p, g) => ({ callable: g, args: [v.pickleState()] }),
  });
  reg.registerClass(PyTime, 'datetime', 'time', {
    call: loadTime,
    create: loadTime,
    reduce: (v, p, g) => ({ callable: g, args: v.tzinfo === null ? [v.pickleState(p)] : [v.pickleState(p), v.tzinfo] }),
  });
  reg.registerClass(PyDateTime, 'datetime', 'datetime', {
    call: loadDateTime,
    create: loadDateTime,
    reduce: (v, p, g) => ({ callable: g, args: v.tzinfo === null ? [v.pickleState(p)] : [v.pickleState(p), v.tzinfo] }),
  });
  reg.registerReducer(Date, (d, p) => {
    const g = reg.globalOf(PyDateTime);
    if (g === undefined) return undefined;
    const v = PyDateTime.fromDate(d);
    return { callable: g, args: [v.pickleState(p), v.tzinfo] };
  });
}

function loadTimeDelta(args: readonly unknown[]): TimeDelta {
  arity(args, 0, 3, 'timedelta()');
  return new TimeDelta(intArg(args[0] ?? 0, 'days'), intArg(args[1] ?? 0, 'seconds'), intArg(args[2] ?? 0, 'microseconds'));
}

function loadTimeZone(args: readonly unknown[]): TimeZone {
  arity(args, 1, 2, 'timezone()');
  const offset = args[0];
  if (!(offset instanceof TimeDelta)) throw new TypeError('timezone() argument 1 must be datetime.timedelta');
  return TimeZone.of(offset, args.length > 1 ? strArg(args[1], 'timezone name') : undefined);
}

function loadDate(args: readonly unknown[]): PyDate {
  arity(args, 1, 3, 'date()');
  const s = args.length === 1 ? stateBytes(args[0], 4) : undefined;
  if (s !== undefined && s[2]! >= 1 && s[2]! <= 12) return new PyDate((s[0]! << 8) | s[1]!, s[2]!, s[3]!);
  return new PyDate(intArg(args[0], 'year'), intArg(args[1], 'month'), intArg(args[2], 'day'));
}

function loadTime(args: readonly unknown[]): PyTime {
  arity(args, 0, 6, 'time()');
  const s = args.length <= 2 ? stateBytes(args[0], 6) : undefined;
  if (s !== undefined && (s[0]! & 0x7f) < 24) {
    return new PyTime(s[0]! & 0x7f, s[1]!, s[2]!, (s[3]! << 16) | (s[4]! << 8) | s[5]!, {
      tzinfo: args[1] ?? null,
      fold: s[0]! & 0x80 ? 1 : 0,
    });
  }
  const n = args.map((a, i) => (i < 4 ? intArg(a, 'time field') : 0));
  return new PyTime(n[0] ?? 0, n[1] ?? 0, n[2] ?? 0, n[3] ?? 0, { tzinfo: args[4] ?? null });
}

function loadDateTime(args: readonly unknown[]): PyDateTime {
  arity(args, 1, 8, 'datetime()');
  const s = args.length <= 2 ? stateBytes(args[0], 10) : undefined;
  if (s !== undefined && (s[2]! & 0x7f) >= 1 && (s[2]! & 0x7f) <= 12) {
    return new PyDateTime((s[0]! << 8) | s[1]!, s[2]! & 0x7f, s[3]!, s[4]!, s[5]!, s[6]!, (s[7]! << 16) | (s[8]! << 8) | s[9]!, {
      tzinfo: args[1] ?? null,
      fold: s[2]! & 0x80 ? 1 : 0,
    });
  }
  const n = args.map((a, i) => (i < 7 ? intArg(a, 'datetime field') : 0));
  return new PyDateTime(n[0]!, n[1]!, n[2]!, n[3] ?? 0, n[4] ?? 0, n[5] ?? 0, n[6] ?? 0, { tzinfo: args[7] ?? null });
}
