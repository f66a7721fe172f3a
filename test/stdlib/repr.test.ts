import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Counter,
  DefaultDict,
  Deque,
  OrderedDict,
  PY_REPR,
  PosixPath,
  PureWindowsPath,
  PyDate,
  PyDateTime,
  PyException,
  PyGlobal,
  PyTime,
  TimeDelta,
  TimeZone,
  Tuple,
  ByteArray,
  loads,
  pyFormat,
  pyRepr,
} from '../../src/index.js';
import { Color, MyDeque, MySet, Point, reprRegistry } from '../repr/repr-types.js';
import { pythonSkip } from '../helpers/python.js';

const REPR_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'repr');
const GENERATOR = join(REPR_DIR, 'generate-stdlib-goldens.py');

interface Layout {
  width: number;
  indent: number;
  text: string;
}
interface Case {
  name: string;
  expr: string;
  pickle: string;
  repr: string;
  pprint?: Layout[];
}
const golden = JSON.parse(readFileSync(join(REPR_DIR, 'golden', 'stdlib.json'), 'utf8')) as { cases: Case[] };

const skipLive = pythonSkip();

function load(c: Case): unknown {
  return loads(Uint8Array.from(Buffer.from(c.pickle, 'hex')), { registry: reprRegistry });
}

test('standard types loaded from CPython pickles print as CPython repr()', () => {
  const wrong: string[] = [];
  for (const c of golden.cases) {
    const text = pyRepr(load(c));
    if (text !== c.repr) wrong.push(`${c.name}: ${text} !== ${c.repr}`);
  }
  assert.deepEqual(wrong, []);
  assert.ok(golden.cases.length >= 140);
});

test('standard types lay out as CPython pprint.pformat(sort_dicts=False)', () => {
  let layouts = 0;
  for (const c of golden.cases) {
    const value = load(c);
    for (const { width, indent, text } of c.pprint ?? []) {
      assert.equal(pyFormat(value, { width, indent }), text, `${c.name} width ${width} indent ${indent}`);
      layouts++;
    }
  }
  assert.ok(layouts >= 200);
});

test('the committed goldens are what CPython prints today, live', { skip: skipLive }, () => {
  const run = spawnSync('python3', [GENERATOR, '--stdout'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(run.status, 0, run.stderr);
  const live = JSON.parse(run.stdout) as { cases: Case[] };
  assert.deepEqual(live.cases, golden.cases);
});

test('JS-built standard values print as CPython prints them after a round trip, live', { skip: skipLive }, async () => {
  const { dumps } = await import('../../src/index.js');
  const values: unknown[] = [
    new PyDateTime(2024, 1, 2, 3, 4, 5, 6, { tzinfo: TimeZone.utc }),
    new PyDateTime(2024, 11, 3, 1, 30, 0, 0, { fold: 1, tzinfo: new TimeZone(TimeDelta.from({ hours: -5 }), 'EST') }),
    new PyDate(2024, 2, 29),
    new PyTime(12, 0, 1, 0, { tzinfo: new TimeZone(new TimeDelta(0, 3600)), fold: 1 }),
    TimeDelta.from({ days: -1, microseconds: 7 }),
    new OrderedDict<unknown, unknown>([
      ['a', 1],
      ['b', new Deque()],
    ]),
    new DefaultDict(new PyGlobal('builtins', 'list'), [['k', [1, 2]]]),
    new Counter<string>().addAll('mississippi'),
    Deque.make([1, 'two', 3], 5),
    new Point(1, [2, 3]),
    Color.BLUE,
    new PosixPath('/usr', 'lib'),
    new PureWindowsPath('c:\\Users', 'x'),
    new PyException('ValueError', ['bad', 3]),
    new MySet([1, 2, 3]), // small ints: Python's set order is numeric order
  ];
  const script = [
    'import pickle, pprint, sys, json',
    `sys.path.insert(0, ${JSON.stringify(REPR_DIR)})`,
    'v = pickle.loads(sys.stdin.buffer.read())',
    'json.dump([repr(v)] + [pprint.pformat(v, width=w, sort_dicts=False) for w in (10, 30, 60)], sys.stdout)',
  ].join('\n');
  const run = spawnSync('python3', ['-c', script], {
    input: dumps(values, { registry: reprRegistry }),
    encoding: 'utf8',
    env: { ...process.env, PYTHONHASHSEED: '0', PYTHONDONTWRITEBYTECODE: '1' },
  });
  assert.equal(run.status, 0, run.stderr);
  const [repr, ...layouts] = JSON.parse(run.stdout) as string[];
  assert.equal(pyRepr(values), repr);
  [10, 30, 60].forEach((width, i) => assert.equal(pyFormat(values, { width }), layouts[i], `width ${width}`));
});

test('an inert defaultdict factory prints as its global; builtin ones as CPython', () => {
  assert.equal(pyRepr(new DefaultDict(new PyGlobal('app.models', 'make_row'), [['a', 1]])), "defaultdict(app.models.make_row, {'a': 1})");
  assert.equal(pyRepr(new DefaultDict(new PyGlobal('builtins', 'len'))), 'defaultdict(<built-in function len>, {})');
  assert.equal(pyRepr(new DefaultDict(new PyGlobal('builtins', 'frozenset'))), "defaultdict(<class 'frozenset'>, {})");
  assert.equal(pyRepr(new DefaultDict()), 'defaultdict(None, {})');
  assert.equal(pyRepr(new DefaultDict(OrderedDict)), "defaultdict(<class 'collections.OrderedDict'>, {})");
  const wide = new DefaultDict(new PyGlobal('app.models', 'make_row'), [
    ['alpha', 1],
    ['beta', 2],
  ]);
  assert.equal(pyFormat(wide, { width: 30 }), "defaultdict(app.models.make_row,\n            {'alpha': 1,\n             'beta': 2})");
});

test('subclasses print their own class name where CPython does', () => {
  class Tags extends Set<unknown> {}
  class Blob extends ByteArray {}
  assert.equal(pyRepr(new Tags(['b', 'a'])), "Tags({'b', 'a'})");
  assert.equal(pyRepr(new Tags()), 'Tags()');
  assert.equal(pyFormat(new Tags(['bb', 'aa']), { width: 8 }), "Tags({'aa',\n      'bb'})");
  const blob = new Blob(1);
  blob[0] = 0x78;
  assert.equal(pyRepr(blob), "Blob(b'x')");
  assert.equal(pyRepr(Buffer.from('x')), "b'x'");
  const d = new MyDeque();
  d.maxlen = 2;
  d.push(0, 1, 2);
  assert.equal(pyRepr(d), 'MyDeque([1, 2], maxlen=2)');
  assert.equal(pyRepr(new MySet()), 'MySet()');
  // A JS subclass of a standard class without a static hook of its own prints as a function.
  class MyDate extends PyDate {}
  assert.equal(pyRepr(new MyDate(2020, 1, 1)), 'MyDate(2020, 1, 1)');
  assert.equal(pyRepr(MyDate), '<function MyDate>');
});

test('a PY_REPR wrapper lays out its lead, container and keyword arguments as pprint does', () => {
  class Bag {
    [PY_REPR]() {
      return { call: 'Bag', args: ['label', [1, 2, 3, 4]], kwargs: [['limit', 9] as const], pretty: 'wrapper' as const };
    }
  }
  assert.equal(pyRepr(new Bag()), "Bag('label', [1, 2, 3, 4], limit=9)");
  assert.equal(pyFormat(new Bag(), { width: 20 }), "Bag('label',\n    [1,\n     2,\n     3,\n     4],\n    limit=9)");
  assert.equal(pyFormat(new Tuple([new Bag()]), { width: 200 }), "(Bag('label', [1, 2, 3, 4], limit=9),)");
});

test('deeply nested collections print without recursion', () => {
  let v: unknown = 0;
  for (let i = 0; i < 100_000; i++) v = i % 2 ? new OrderedDict([['k', v]]) : Deque.make([v]);
  const text = pyRepr(v);
  assert.ok(text.startsWith("OrderedDict([('k', deque([OrderedDict(["), text.slice(0, 40));
  // 50,000 OrderedDicts, each but the innermost around a deque, around the innermost deque([0]).
  assert.ok(text.endsWith('deque([0]))])' + ']))])'.repeat(49_999)), text.slice(-40));
  assert.equal(text.length, 50_000 * "OrderedDict([('k', )])".length + 49_999 * 'deque([])'.length + 'deque([0])'.length);
  // The broken layout indents every level, so its size grows with the square of the depth: bound it.
  const pretty = pyFormat(v, { width: 80, maxLength: 100_000 });
  assert.equal(pretty.length, 100_000);
  assert.ok(pretty.startsWith("OrderedDict([('k',\n              deque([OrderedDict([('k',\n"), pretty.slice(0, 80));
});
