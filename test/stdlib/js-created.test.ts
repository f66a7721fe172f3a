/**
 * Standard-type values built in JS (not loaded from CPython) dump, at every
 * protocol, to pickles CPython loads as the expected Python objects (as its
 * own round trip at that protocol gives them), and to exactly the bytes
 * CPython writes for those objects.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Counter,
  Decimal,
  DefaultDict,
  Deque,
  Ellipsis,
  Fraction,
  NotImplemented,
  OrderedDict,
  PosixPath,
  PureWindowsPath,
  PyDate,
  PyDateTime,
  PyException,
  PyGlobal,
  PyRange,
  PySlice,
  PyTime,
  TimeDelta,
  TimeZone,
  Tuple,
  UUID,
} from '../../src/index.js';
import { Color, MyList, Point } from './fixture-registry.js';
import { fixtureRegistry } from './fixture-registry.js';
import { dumps } from '../../src/index.js';
import { NO_PYTHON, python } from '../registry/python.js';
import { PICKLE_PROTOCOLS } from '../helpers/protocols.js';

const myList = (): MyList => {
  const l = Reflect.construct(Array, [], MyList) as MyList;
  l.push(1, 'two');
  return l;
};

/** [description, JS value, Python expression it must equal]. */
const CASES: readonly [string, () => unknown, string][] = [
  ['datetime', () => new PyDateTime(2024, 2, 29, 13, 14, 15, 16), 'datetime.datetime(2024, 2, 29, 13, 14, 15, 16)'],
  ['datetime fold', () => new PyDateTime(2024, 11, 3, 1, 30, 0, 0, { fold: 1 }), 'datetime.datetime(2024, 11, 3, 1, 30, fold=1)'],
  [
    'datetime from Date',
    () => PyDateTime.fromDate(new Date(Date.UTC(2001, 8, 9, 1, 46, 40, 123))),
    'datetime.datetime(2001, 9, 9, 1, 46, 40, 123000, tzinfo=datetime.timezone.utc)',
  ],
  [
    'datetime +05:30',
    () => new PyDateTime(2000, 1, 1, 0, 0, 0, 0, { tzinfo: new TimeZone(TimeDelta.from({ hours: 5, minutes: 30 }), 'IST') }),
    "datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=5, minutes=30), 'IST'))",
  ],
  ['date', () => new PyDate(1970, 1, 1), 'datetime.date(1970, 1, 1)'],
  ['time', () => new PyTime(12, 0, 1, 999999, { tzinfo: TimeZone.utc }), 'datetime.time(12, 0, 1, 999999, tzinfo=datetime.timezone.utc)'],
  ['timedelta', () => TimeDelta.from({ weeks: 1, hours: -1, microseconds: 5 }), 'datetime.timedelta(weeks=1, hours=-1, microseconds=5)'],
  ['decimal', () => new Decimal('-12.3400'), "decimal.Decimal('-12.3400')"],
  ['decimal from number', () => new Decimal(0.1), "decimal.Decimal('0.1')"],
  ['decimal e-notation', () => new Decimal('1_000e-9'), "decimal.Decimal('1000e-9')"],
  ['fraction', () => new Fraction(6, -8), 'fractions.Fraction(-3, 4)'],
  ['uuid', () => new UUID('{12345678-1234-5678-1234-567812345678}'), "uuid.UUID('12345678-1234-5678-1234-567812345678')"],
  [
    'OrderedDict',
    () =>
      new OrderedDict<unknown, unknown>([
        ['z', 1],
        ['a', new Tuple([])],
      ]),
    "collections.OrderedDict([('z', 1), ('a', ())])",
  ],
  ['defaultdict', () => new DefaultDict(new PyGlobal('builtins', 'int'), [['k', 0]]), "collections.defaultdict(int, {'k': 0})"],
  ['Counter', () => new Counter().addAll(['b', 'a', 'b']), "collections.Counter(['b', 'a', 'b'])"],
  ['deque', () => Deque.make([1, 2, 3, 4], 2), 'collections.deque([3, 4], maxlen=2)'],
  ['namedtuple', () => new Point(1, new Point(2, 3)), 'fixture_types.Point(1, fixture_types.Point(2, 3))'],
  ['enum', () => [Color.BLUE, Color.RED], '[fixture_types.Color.BLUE, fixture_types.Color.RED]'],
  ['range', () => new PyRange(10, 0, -3), 'range(10, 0, -3)'],
  ['slice', () => new PySlice(null, 5, null), 'slice(None, 5, None)'],
  ['Ellipsis/NotImplemented', () => [Ellipsis, NotImplemented], '[Ellipsis, NotImplemented]'],
  ['PosixPath', () => new PosixPath('/srv', 'data', 'x.bin'), "pathlib.PosixPath('/srv/data/x.bin')"],
  ['PureWindowsPath', () => new PureWindowsPath('C:\\', 'Users', 'me'), "pathlib.PureWindowsPath('C:/Users/me')"],
  ['exception', () => new PyException('KeyError', ['missing']), "KeyError('missing')"],
  ['list subclass', myList, "fixture_types.MyList([1, 'two'])"],
];

const skip = NO_PYTHON;

test('CPython loads JS-built standard values as the expected objects, with identical bytes', { skip }, () => {
  const items = CASES.map(([name, make, expr]) => ({
    name,
    expr,
    pickles: PICKLE_PROTOCOLS.map((p) => Buffer.from(dumps!(make(), { protocol: p, registry: fixtureRegistry })).toString('hex')),
  }));
  const out = python(
    `import json, sys, pickle, datetime, decimal, fractions, uuid, collections, pathlib, fixture_types
res = []
for item in json.load(sys.stdin):
    want = eval(item['expr'])
    for p, h in enumerate(item['pickles']):
        got = pickle.loads(bytes.fromhex(h))
        # CPython's own round trip at p is the reference (fold is dropped below protocol 4).
        ref = pickle.loads(pickle.dumps(want, p))
        same = type(got) is type(ref) and repr(got) == repr(ref)
        exact = h == pickle.dumps(want, p).hex()
        if not (same and exact):
            res.append(f"{item['name']} p{p}: value {'ok' if same else repr(got)} bytes {'ok' if exact else 'differ'}")
print(json.dumps(res))`,
    JSON.stringify(items),
  );
  assert.deepEqual(JSON.parse(out), []);
});
