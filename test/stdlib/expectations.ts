/**
 * The JS value each standard-type fixture must load to, by case name.
 * `p` is the protocol the fixture was written with (fold survives only at 4+).
 */
import assert from 'node:assert/strict';
import {
  Counter,
  Decimal,
  DefaultDict,
  Deque,
  Ellipsis,
  Fraction,
  FrozenSet,
  NotImplemented,
  OrderedDict,
  PosixPath,
  PurePosixPath,
  PureWindowsPath,
  PyDate,
  PyDateTime,
  PyException,
  PyGlobal,
  PyObject,
  PyRange,
  PySlice,
  PyTime,
  TimeDelta,
  TimeZone,
  Tuple,
  UUID,
} from '../../src/index.js';
import { Color, MyDict, MyFrozenSet, MyList, MySet, MyTuple, Plain, Point, WithArgs } from './fixture-registry.js';

type Check = (v: unknown, p: number) => void;

function dt(v: unknown, parts: number[], fold = 0): PyDateTime {
  assert.ok(v instanceof PyDateTime, 'a PyDateTime');
  assert.deepEqual([v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond], parts);
  assert.equal(v.fold, fold);
  return v;
}

function tz(v: unknown, offsetMicros: bigint, name?: string): TimeZone {
  assert.ok(v instanceof TimeZone, 'a TimeZone');
  assert.equal(v.offset.totalMicroseconds(), offsetMicros);
  assert.equal(v.name, name);
  return v;
}

function td(v: unknown, days: number, seconds: number, micro: number): void {
  assert.ok(v instanceof TimeDelta);
  assert.deepEqual([v.days, v.seconds, v.microseconds], [days, seconds, micro]);
}

function dec(text: string): Check {
  return (v) => {
    assert.ok(v instanceof Decimal);
    assert.equal(v.toString(), text);
  };
}

function exc(name: string, args: unknown[]): Check {
  return (v) => {
    assert.ok(v instanceof PyException);
    assert.ok(v instanceof Error);
    assert.equal(v.pyName, name);
    assert.deepEqual([...v.args], args);
  };
}

function mapOf(v: unknown): [unknown, unknown][] {
  assert.ok(v instanceof Map);
  return [...v.entries()];
}

export const EXPECT: Readonly<Record<string, Check>> = {
  datetime_naive: (v) => assert.equal(dt(v, [2024, 5, 6, 7, 8, 9, 123456]).tzinfo, null),
  datetime_fold: (v, p) => dt(v, [2024, 11, 3, 1, 30, 0, 0], p >= 4 ? 1 : 0),
  datetime_utc: (v) => assert.equal(dt(v, [2024, 5, 6, 0, 0, 0, 0]).tzinfo, TimeZone.utc),
  datetime_offset: (v) => {
    const d = dt(v, [1999, 12, 31, 23, 59, 59, 999999]);
    tz(d.tzinfo, -(5n * 3600n + 30n * 60n) * 1_000_000n, 'X');
    assert.equal(d.toDate().toISOString(), '2000-01-01T05:29:59.999Z');
  },
  datetime_zoneinfo: (v) => {
    // A tzinfo picklejar has no class for stays inert and dumps back unchanged.
    const d = dt(v, [2024, 3, 31, 2, 30, 0, 0]);
    assert.ok(d.tzinfo instanceof PyObject);
    assert.throws(() => d.toDate(), RangeError);
  },
  datetime_min: (v) => dt(v, [1, 1, 1, 0, 0, 0, 0]),
  datetime_max: (v) => dt(v, [9999, 12, 31, 23, 59, 59, 999999]),
  datetime_shared_utc: (v) => {
    assert.ok(Array.isArray(v) && v.length === 2);
    assert.equal(dt(v[0], [2020, 1, 1, 0, 0, 0, 0]).tzinfo, TimeZone.utc);
    assert.equal(dt(v[1], [2021, 2, 3, 4, 5, 6, 0]).toDate().toISOString(), '2021-02-03T04:05:06.000Z');
  },
  date: (v) => {
    assert.ok(v instanceof PyDate);
    assert.equal(v.toString(), '2024-01-02');
  },
  date_min: (v) => assert.ok(v instanceof PyDate && v.toString() === '0001-01-01'),
  date_max: (v) => assert.ok(v instanceof PyDate && v.toString() === '9999-12-31'),
  time: (v) => {
    assert.ok(v instanceof PyTime);
    assert.deepEqual([v.hour, v.minute, v.second, v.microsecond, v.fold, v.tzinfo], [1, 2, 3, 4, 0, null]);
  },
  time_aware_fold: (v, p) => {
    assert.ok(v instanceof PyTime);
    assert.deepEqual([v.hour, v.minute, v.second, v.microsecond, v.fold], [23, 59, 59, 999999, p >= 4 ? 1 : 0]);
    tz(v.tzinfo, 9n * 3600n * 1_000_000n);
    assert.equal(v.toString(), '23:59:59.999999+09:00');
  },
  timedelta: (v) => td(v, 1, 2, 3),
  timedelta_negative: (v) => td(v, -1, 86399, 999999),
  timedelta_max: (v) => td(v, 999999999, 86399, 999999),
  timedelta_min: (v) => td(v, -999999999, 0, 0),
  timezone_utc: (v) => assert.equal(v, TimeZone.utc),
  timezone_named: (v) => assert.equal(tz(v, 3_600_000_000n, 'CET').toString(), 'CET'),
  decimal: dec('1.10'),
  decimal_neg_zero: dec('-0'),
  decimal_exp: dec('1E+5'),
  decimal_small: dec('0.000001'),
  decimal_tiny: dec('1E-7'),
  decimal_nan: dec('NaN'),
  decimal_snan: dec('-sNaN123'),
  decimal_inf: dec('-Infinity'),
  decimal_long: dec('123456789012345678901234567890.5'),
  fraction: (v) => {
    assert.ok(v instanceof Fraction);
    assert.deepEqual([v.numerator, v.denominator], [3n, 4n]);
  },
  fraction_big: (v) => {
    assert.ok(v instanceof Fraction);
    assert.deepEqual([v.numerator, v.denominator], [-7n, 2n ** 70n]);
  },
  uuid: (v) => {
    assert.ok(v instanceof UUID);
    assert.equal(v.toString(), '00000000-0000-0000-0000-000000000005');
    assert.equal(v.isSafe, undefined);
  },
  uuid_str: (v) => assert.ok(v instanceof UUID && v.toString() === '12345678-1234-5678-1234-567812345678'),
  uuid_safe: (v) => {
    assert.ok(v instanceof UUID);
    assert.equal(v.hex, 'f'.repeat(32));
    assert.equal(v.isSafe, 0);
  },
  ordered_dict: (v) => {
    assert.ok(v instanceof OrderedDict);
    assert.deepEqual(mapOf(v), [
      ['b', 1],
      ['a', [2]],
    ]);
  },
  ordered_dict_empty: (v) => assert.ok(v instanceof OrderedDict && v.size === 0),
  ordered_dict_attr: (v) => {
    assert.ok(v instanceof OrderedDict);
    assert.deepEqual(mapOf(v), [['a', 1]]);
    assert.equal((v as unknown as Record<string, unknown>)['extra'], 'x');
  },
  defaultdict_list: (v) => {
    assert.ok(v instanceof DefaultDict);
    assert.ok(v.defaultFactory instanceof PyGlobal);
    assert.equal(String(v.defaultFactory), 'builtins.list');
    assert.deepEqual(mapOf(v), [['a', [1]]]);
  },
  defaultdict_none: (v) => {
    assert.ok(v instanceof DefaultDict);
    assert.equal(v.defaultFactory, null);
    assert.deepEqual(mapOf(v), [[1, 2]]);
  },
  counter: (v) => {
    assert.ok(v instanceof Counter);
    assert.deepEqual(mapOf(v), [
      ['a', 5],
      ['b', 2],
      ['r', 2],
      ['c', 1],
      ['d', 1],
    ]);
    assert.equal(v.count('z'), 0);
  },
  counter_empty: (v) => assert.ok(v instanceof Counter && v.size === 0),
  deque: (v) => {
    assert.ok(v instanceof Deque);
    assert.deepEqual([...v], [1, 2, 3]);
    assert.equal(v.maxlen, null);
  },
  deque_maxlen: (v) => {
    assert.ok(v instanceof Deque);
    assert.deepEqual([...v], ['a']);
    assert.equal(v.maxlen, 3);
  },
  deque_empty: (v) => assert.ok(v instanceof Deque && v.length === 0),
  namedtuple: (v) => {
    assert.ok(v instanceof Point);
    assert.ok(v instanceof Tuple);
    assert.deepEqual([v.x, v.y], [1, 2]);
  },
  namedtuple_nested: (v) => {
    assert.ok(v instanceof Point);
    assert.ok(v.x instanceof Point);
    assert.deepEqual([...(v.x as Tuple)], [1, 'a']);
    assert.deepEqual(v.y, [3]);
  },
  enum: (v) => assert.equal(v, Color.RED),
  enum_list: (v) => {
    assert.ok(Array.isArray(v));
    assert.equal(v[0], Color.GREEN);
    assert.equal(v[1], Color.BLUE);
    assert.equal(v[2], Color.GREEN);
  },
  range: (v) => {
    assert.ok(v instanceof PyRange);
    assert.deepEqual([...v], [1, 3]);
  },
  range_stop: (v) => assert.ok(v instanceof PyRange && v.length === 10 && v.at(-1) === 9),
  range_big: (v) => {
    assert.ok(v instanceof PyRange);
    assert.equal(v.length, (2n ** 70n + 2n) / 3n);
  },
  slice: (v) => {
    assert.ok(v instanceof PySlice);
    assert.deepEqual([v.start, v.stop, v.step], [1, null, 2]);
  },
  slice_stop: (v) => assert.ok(v instanceof PySlice && v.start === null && v.stop === 5 && v.step === null),
  slice_objects: (v) => {
    assert.ok(v instanceof PySlice);
    assert.equal(v.start, 'a');
    assert.deepEqual(v.stop, new Tuple([1, 2]));
  },
  ellipsis: (v) => assert.equal(v, Ellipsis),
  not_implemented: (v) => assert.equal(v, NotImplemented),
  builtin_singletons: (v) => assert.deepEqual(v, [Ellipsis, NotImplemented, Ellipsis]),
  pure_posix_path: (v) => {
    assert.ok(v instanceof PurePosixPath && !(v instanceof PosixPath));
    assert.deepEqual(v.parts, ['/', 'usr', 'lib', 'x.so']);
    assert.equal(v.toString(), '/usr/lib/x.so');
  },
  pure_posix_relative: (v) => assert.ok(v instanceof PurePosixPath && v.toString() === 'a/b/c'),
  posix_path: (v) => assert.ok(v instanceof PosixPath && v.toString() === '/tmp'),
  pure_windows_path: (v) => {
    assert.ok(v instanceof PureWindowsPath);
    assert.deepEqual(v.parts, ['c:\\', 'Program Files', 'x']);
    assert.equal(v.toString(), 'c:\\Program Files\\x');
  },
  pure_windows_unc: (v) => {
    assert.ok(v instanceof PureWindowsPath);
    assert.deepEqual(v.parts, ['\\\\server\\share\\', 'f.txt']);
  },
  value_error: exc('ValueError', ['x']),
  key_error: exc('KeyError', ['k']),
  exception_empty: exc('Exception', []),
  exception_args: exc('Exception', [1, 'two']),
  // OSError(2, ...) builds FileNotFoundError, as CPython (protocols < 3 name it exceptions.OSError).
  os_error: exc('FileNotFoundError', [2, 'No such file', 'f']),
  stop_iteration: exc('StopIteration', [5]),
  error_with_note: (v) => {
    exc('ValueError', ['bad'])(v, 0);
    assert.deepEqual(mapOf((v as PyException).state), [['__notes__', ['note']]]);
  },
  my_list: (v) => {
    assert.ok(v instanceof MyList && Array.isArray(v));
    assert.deepEqual([...v], [1, 2]);
    assert.equal(v.length, 2);
  },
  my_list_attr: (v) => {
    assert.ok(v instanceof MyList);
    assert.deepEqual([...v], [1, 2]);
    assert.equal((v as unknown as Record<string, unknown>)['z'], 3);
  },
  my_dict: (v) => {
    assert.ok(v instanceof MyDict);
    assert.deepEqual(mapOf(v), [
      ['a', 1],
      ['b', 2],
    ]);
  },
  my_set: (v) => assert.ok(v instanceof MySet && v.has(3) && v.size === 1),
  my_frozenset: (v) => assert.ok(v instanceof MyFrozenSet && v instanceof FrozenSet && v.has(4)),
  my_tuple: (v) => {
    assert.ok(v instanceof MyTuple && Object.isFrozen(v));
    assert.deepEqual([...v], [1, 'a']);
  },
  plain: (v) => {
    assert.ok(v instanceof Plain);
    assert.equal(v['n'], 1);
    assert.equal(v['s'], 'two');
    assert.deepEqual(v['l'], [3]);
    assert.deepEqual(mapOf(v['d']), [['k', 4]]);
    assert.deepEqual(v['t'], new Tuple([5, 6]));
  },
  with_args: (v, p) => {
    // Protocols 2-3 write functools.partial(object.__new__, ...), which stays inert.
    if (p === 2 || p === 3) return;
    assert.ok(v instanceof WithArgs);
    assert.deepEqual([v.a, v.b], [1, 'two']);
  },
  mixed: (v) => {
    assert.ok(Array.isArray(v) && v.length === 4);
    dec('2.5')(v[0], 0);
    assert.ok(v[1] instanceof PyDate && v[1].toString() === '2020-02-29');
    assert.ok(v[2] instanceof Counter && v[2].get('x') === 2);
    assert.ok(v[3] instanceof Fraction && v[3].toString() === '1/3');
  },
};
