/** The JS faces of the standard types, without pickling. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Decimal,
  DefaultDict,
  Deque,
  Fraction,
  PurePosixPath,
  PureWindowsPath,
  PyDate,
  PyDateTime,
  PyException,
  PyGlobal,
  PyRange,
  PyTime,
  TimeDelta,
  TimeZone,
  Tuple,
  UUID,
  defineEnum,
  namedTuple,
  standardTypes,
} from '../../src/index.js';

test('Decimal prints as Python str() does', () => {
  const cases: [string, string][] = [
    ['1.10', '1.10'],
    ['-0', '-0'],
    ['1e5', '1E+5'],
    ['1E+5', '1E+5'],
    ['0.000001', '0.000001'],
    ['1e-7', '1E-7'],
    ['123.456e2', '12345.6'],
    ['0.00', '0.00'],
    ['0e-10', '0E-10'],
    ['100', '100'],
    ['1e2', '1E+2'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['  +7_000  ', '7000'],
    ['inf', 'Infinity'],
    ['-Infinity', '-Infinity'],
    ['nan', 'NaN'],
    ['sNaN007', 'sNaN7'],
    ['-NaN0', '-NaN'],
    ['0.0000001234', '1.234E-7'],
    ['1234.5e-10', '1.2345E-7'],
  ];
  for (const [input, want] of cases) assert.equal(new Decimal(input).toString(), want, input);
  assert.equal(new Decimal(12n).toString(), '12');
  assert.equal(new Decimal(-0).toString(), '-0');
  assert.equal(new Decimal('2.50').toNumber(), 2.5);
  assert.throws(() => new Decimal('1.2.3'), RangeError);
  assert.throws(() => new Decimal('1__0'), RangeError);
});

test('Fraction normalizes like Python', () => {
  const f = new Fraction(6, -8);
  assert.deepEqual([f.numerator, f.denominator], [-3n, 4n]);
  assert.equal(new Fraction('10/4').toString(), '5/2');
  assert.equal(new Fraction(0, 5).toString(), '0');
  assert.equal(new Fraction(1, 4).toNumber(), 0.25);
  assert.throws(() => new Fraction(1, 0), RangeError);
  assert.throws(() => new Fraction(1.5), TypeError);
});

test('TimeDelta normalizes like Python and prints as str(td)', () => {
  const td = new TimeDelta(0, -1);
  assert.deepEqual([td.days, td.seconds, td.microseconds], [-1, 86399, 0]);
  assert.equal(new TimeDelta(1, 2, 3).toString(), '1 day, 0:00:02.000003');
  assert.equal(TimeDelta.from({ hours: 25 }).toString(), '1 day, 1:00:00');
  assert.equal(new TimeDelta(0, 0, -1).totalMicroseconds(), -1n);
  assert.throws(() => new TimeDelta(1_000_000_000), RangeError);
  assert.throws(() => new TimeZone(TimeDelta.from({ hours: 24 })), RangeError);
  assert.equal(TimeZone.of(new TimeDelta()), TimeZone.utc);
  assert.equal(new TimeZone(TimeDelta.from({ hours: -3, minutes: -30 })).toString(), 'UTC-03:30');
});

test('datetime <-> Date: instants are kept; naive reads as UTC; fields are validated', () => {
  const instant = new Date(Date.UTC(2024, 0, 31, 23, 30, 0, 250));
  const utc = PyDateTime.fromDate(instant);
  assert.equal(utc.toString(), '2024-01-31T23:30:00.250000+00:00');
  assert.equal(utc.toDate().getTime(), instant.getTime());
  const tokyo = PyDateTime.fromDate(instant, { tz: new TimeZone(TimeDelta.from({ hours: 9 })) });
  assert.equal(tokyo.toString(), '2024-02-01T08:30:00.250000+09:00');
  assert.equal(tokyo.toDate().getTime(), instant.getTime());
  const naive = PyDateTime.fromDate(instant, { tz: null });
  assert.equal(naive.tzinfo, null);
  assert.equal(naive.toDate().getTime(), instant.getTime());
  assert.equal(new PyDateTime(2024, 1, 1, 0, 0, 0, 1999).toDate().getUTCMilliseconds(), 1);
  assert.equal(PyDate.fromDate(instant).toString(), '2024-01-31');
  assert.equal(new PyDate(1, 1, 1).toDate().getUTCFullYear(), 1);
  assert.throws(() => new PyDate(2023, 2, 29), RangeError);
  assert.throws(() => new PyDateTime(2024, 1, 1, 24), RangeError);
  assert.throws(() => new PyTime(0, 0, 0, 0, { fold: 2 }), RangeError);
  assert.deepEqual([...new PyDateTime(2024, 5, 6, 0, 0, 0, 0, { fold: 1 }).pickleState(4)].slice(0, 3), [7, 232, 0x85]);
  assert.deepEqual([...new PyDateTime(2024, 5, 6, 0, 0, 0, 0, { fold: 1 }).pickleState(3)].slice(0, 3), [7, 232, 5]);
});

test('range, paths, uuid, deque, defaultdict', () => {
  assert.deepEqual([...new PyRange(5)], [0, 1, 2, 3, 4]);
  assert.deepEqual([...new PyRange(5, 0, -2)], [5, 3, 1]);
  assert.equal(new PyRange(0, 2n ** 64n).length, 2n ** 64n);
  assert.equal(new PyRange(3, 1).length, 0);
  assert.throws(() => new PyRange(0, 1, 0), RangeError);
  assert.deepEqual(new PurePosixPath('/a', 'b', '/c', 'd').parts, ['/', 'c', 'd']);
  assert.deepEqual(new PurePosixPath('//x').parts, ['//', 'x']);
  assert.deepEqual(new PurePosixPath('///x').parts, ['/', 'x']);
  assert.equal(new PurePosixPath().toString(), '.');
  assert.deepEqual(new PureWindowsPath('c:/a', 'b').parts, ['c:\\', 'a', 'b']);
  assert.deepEqual(new PureWindowsPath('d:rel').parts, ['d:', 'rel']);
  const u = new UUID('urn:uuid:12345678-1234-5678-1234-567812345678');
  assert.equal(u.hex, '12345678123456781234567812345678');
  assert.equal(u.bytes[0], 0x12);
  assert.throws(() => new UUID('xyz'), RangeError);
  const d = Deque.make([1, 2, 3], 2);
  d.push(4);
  assert.deepEqual([...d], [3, 4]);
  const dd = new DefaultDict(() => [] as unknown[]);
  (dd.getOrCreate('k') as unknown[]).push(1);
  assert.deepEqual(dd.get('k'), [1]);
  assert.throws(() => new DefaultDict(null).getOrCreate('x'), RangeError);
  const fromPickle = new DefaultDict(new PyGlobal('builtins', 'list'));
  (fromPickle.getOrCreate('a') as unknown[]).push(1);
  assert.deepEqual([...fromPickle], [['a', [1]]]);
});

test('namedTuple and defineEnum', () => {
  const P = namedTuple('P', ['x', 'y']);
  const p = new P(1, 2);
  assert.ok(p instanceof Tuple && Object.isFrozen(p));
  assert.deepEqual([p.x, p.y, p.length], [1, 2, 2]);
  assert.deepEqual(P.fromRecord({ x: 3, y: 4 }), new P(3, 4));
  assert.throws(() => new P(1), TypeError);
  assert.throws(() => namedTuple('Q', ['length']), TypeError);
  assert.throws(() => namedTuple('Q', ['a', 'a']), TypeError);
  const E = defineEnum('E', { A: 1, B: new Tuple([1, 2]), C: 3n });
  assert.equal(E.fromValue(1), E.A);
  assert.equal(E.fromValue(1n), E.A);
  assert.equal(E.fromValue(new Tuple([1, 2])), E.B);
  assert.equal(E.fromValue(3), E.C);
  assert.equal(E.fromValue(9), undefined);
  assert.equal(String(E.A), 'E.A');
  assert.ok(Object.isFrozen(E.A));
  assert.deepEqual([...E.members.keys()], ['A', 'B', 'C']);
});

test('exceptions: a throwable Error; OSError with a known errno becomes its subclass', () => {
  const e = new PyException('ValueError', ['bad']);
  assert.ok(e instanceof Error);
  assert.equal(e.message, 'bad');
  assert.equal(e.name, 'ValueError');
  const made = standardTypes.lookup('builtins', 'OSError')!.call!([13, 'denied']) as PyException;
  assert.equal(made.pyName, 'PermissionError');
  const plain = standardTypes.lookup('builtins', 'OSError')!.call!(['just text']) as PyException;
  assert.equal(plain.pyName, 'OSError');
});

test('standard bindings refuse malformed arguments with clear errors', () => {
  const call = (m: string, n: string, args: unknown[]): unknown => standardTypes.lookup(m, n)!.call!(args);
  assert.throws(() => call('datetime', 'datetime', [new Uint8Array(10)]), TypeError);
  assert.throws(() => call('datetime', 'timedelta', ['x']), TypeError);
  assert.throws(() => call('datetime', 'timezone', [1]), TypeError);
  assert.throws(() => call('decimal', 'Decimal', [[]]), TypeError);
  assert.throws(() => call('collections', 'deque', [1]), TypeError);
  assert.throws(() => call('builtins', 'range', []), TypeError);
  assert.throws(() => call('pathlib', 'PosixPath', [1]), TypeError);
  // A latin-1 str state, as Python 2 pickles loaded with encoding='latin1' give it.
  const d = call('datetime', 'date', ['\x07\xe8\x01\x02']) as PyDate;
  assert.equal(d.toString(), '2024-01-02');
});
