/**
 * The pickler's test corpus: each case is a Python expression and the JS value
 * that stands for the same Python value. `golden.json` holds what python3's
 * C `pickle.dumps` writes for each expression at protocols 0–5
 * (regenerate with `PICKLEJAR_REGEN=1`, see dumps-golden.test.ts).
 */
import { Complex, Float, FrozenSet, PyGlobal, PyObject, Tuple, ByteArray } from '../../src/values/index.js';
import type { PickleProtocol } from '../helpers/protocols.js';

export interface Case {
  readonly name: string;
  /** A Python expression (evaluated with `datetime`, `collections`, `argparse`, `types` imported). */
  readonly py: string;
  readonly js: () => unknown;
  /** Protocols where the JS value is meant to match (default all). */
  readonly protocols?: readonly PickleProtocol[];
}

const range = (n: number, start = 0): number[] => Array.from({ length: n }, (_, i) => i + start);
const repeat = (s: string, n: number): string => s.repeat(n);
const bytesOf = (n: number, f: (i: number) => number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => f(i));

const cases: Case[] = [];
const add = (name: string, py: string, js: () => unknown, protocols?: readonly PickleProtocol[]): void => {
  cases.push(protocols ? { name, py, js, protocols } : { name, py, js });
};

// --- ints at every boundary
const ints: [string, number | bigint][] = [
  ['0', 0],
  ['1', 1],
  ['255', 255],
  ['256', 256],
  ['65535', 65535],
  ['65536', 65536],
  ['-1', -1],
  ['-255', -255],
  ['-256', -256],
  ['-65536', -65536],
  ['2**31-1', 2 ** 31 - 1],
  ['-2**31', -(2 ** 31)],
  ['2**31', 2 ** 31],
  ['-2**31-1', -(2 ** 31) - 1],
  ['2**32', 2 ** 32],
  ['2**53-1', 2 ** 53 - 1],
  ['-2**53+1', -(2 ** 53) + 1],
  ['2**63-1', 2n ** 63n - 1n],
  ['2**63', 2n ** 63n],
  ['-2**63', -(2n ** 63n)],
  ['2**64', 2n ** 64n],
  ['-2**64', -(2n ** 64n)],
  ['2**127', 2n ** 127n],
  ['-2**127', -(2n ** 127n)],
  ['-2**128', -(2n ** 128n)],
  ['10**30', 10n ** 30n],
  ['2**2040-1', 2n ** 2040n - 1n],
  ['2**2047', 2n ** 2047n],
  ['-2**2047', -(2n ** 2047n)],
  ['2**2048', 2n ** 2048n],
  ['2**4000+12345', 2n ** 4000n + 12345n],
  ['-(10**4300-1)', -(10n ** 4300n - 1n)],
  ['10**4300', 10n ** 4300n],
  ['2**20000', 2n ** 20000n],
];
for (const [py, js] of ints) add(`int ${py}`, py, () => js);
add('int from integral double 1e20', '10**20', () => 1e20);
add('int bigint small', '5', () => 5n);
add('int bigint -2**31', '-2**31', () => -(2n ** 31n));

// --- floats
const floats: [string, number][] = [
  ['0.0', 0],
  ['-0.0', -0],
  ['1.0', 1],
  ['1.5', 1.5],
  ['-2.25', -2.25],
  ['0.1', 0.1],
  ["float('nan')", NaN],
  ["float('inf')", Infinity],
  ["float('-inf')", -Infinity],
  ['1e16', 1e16],
  ['1e-5', 1e-5],
  ['1e-4', 1e-4],
  ['123456789.0', 123456789],
  ['5e-324', 5e-324],
  ['2.2250738585072014e-308', 2.2250738585072014e-308],
  ['1.7976931348623157e308', 1.7976931348623157e308],
  ['1e22', 1e22],
  ['3.141592653589793', Math.PI],
  ['-1e-300', -1e-300],
  ['9007199254740993.0', 9007199254740992],
];
for (const [py, js] of floats) add(`float ${py}`, py, () => (Number.isInteger(js) && !Object.is(js, -0) ? new Float(js) : js));

// --- singletons
add('None', 'None', () => null);
add('None from undefined', 'None', () => undefined);
add('True', 'True', () => true);
add('False', 'False', () => false);
add('bools in list', '[True, False, True]', () => [true, false, true]);

// --- strings
const strs: [string, string][] = [
  ["''", ''],
  ["'a'", 'a'],
  ["'hello'", 'hello'],
  ["'h\\xe9llo'", 'héllo'],
  ["'\\u20ac'", '€'],
  ["'\\U0001f600'", '😀'],
  ["'\\ud800'", '\ud800'],
  ["'\\udc00x'", '\udc00x'],
  ["'a\\ud83d'", 'a\ud83d'],
  ["'back\\\\slash\\nnew\\rline\\x00nul\\x1asub\\x7f\\x80\\xff'", 'back\\slash\nnew\rline\0nul\x1asub\x7f\x80\xff'],
  ["'tab\\there \"q\" \\'s\\''", 'tab\there "q" \'s\''],
  ["'\\u0100\\uffff'", '\u0100\uffff'],
  ["'a'*255", repeat('a', 255)],
  ["'a'*256", repeat('a', 256)],
  ["'\\xe9'*127", repeat('é', 127)],
  ["'\\xe9'*128", repeat('é', 128)],
  ["'\\u20ac'*85", repeat('€', 85)],
  ["'\\u20ac'*86", repeat('€', 86)],
  ["'x'*65535", repeat('x', 65535)],
  ["'x'*65536", repeat('x', 65536)],
  ["'\\xe9'*32768", repeat('é', 32768)],
  ["'x'*70000", repeat('x', 70000)],
  ["'\\U0001f600'*20000", repeat('😀', 20000)],
  ["'\\ud800'*30000", repeat('\ud800', 30000)],
];
for (const [py, js] of strs) add(`str ${py.length > 40 ? py.slice(0, 40) : py}`, py, () => js);
add('shared equal strings', "['abc', 'abc', 'abc']", () => ['abc', 'abc', 'abc']);
add('str dict keys shared', "[{'a': 1, 'b': 2}, {'a': 3, 'b': 4}]", () => [
  { a: 1, b: 2 },
  { a: 3, b: 4 },
]);

// --- bytes
const bytesCases: [string, () => Uint8Array][] = [
  ["b''", () => new Uint8Array(0)],
  ["b'a'", () => Uint8Array.of(97)],
  ["b'abc'", () => Uint8Array.of(97, 98, 99)],
  ['bytes(range(256))', () => bytesOf(256, (i) => i)],
  ["b'\\x00'*255", () => new Uint8Array(255)],
  ["b'\\x00'*256", () => new Uint8Array(256)],
  ["b'\\n\\\\\\r\\x1a'", () => Uint8Array.of(10, 92, 13, 26)],
  ["b'z'*65535", () => new Uint8Array(65535).fill(122)],
  ["b'z'*65536", () => new Uint8Array(65536).fill(122)],
  ["b'z'*70000", () => new Uint8Array(70000).fill(122)],
];
for (const [py, js] of bytesCases) add(`bytes ${py}`, py, js);
add('bytes shared', "(lambda b: [b, b])(b'xyz')", () => {
  const b = Uint8Array.of(120, 121, 122);
  return [b, b];
});
add('bytes equal not shared', "[b'xyz', bytes(bytearray(b'xyz'))]", () => [Uint8Array.of(120, 121, 122), Uint8Array.of(120, 121, 122)]);
add('bytes and latin1 str', "[b'abc', 'latin1', 'abc', b'a', 'a']", () => [Uint8Array.of(97, 98, 99), 'latin1', 'abc', Uint8Array.of(97), 'a']);
add('bytes empty singleton', "[b'a', bytes(bytearray(b'a')), b'', bytes(0)]", () => [
  Uint8Array.of(97),
  Uint8Array.of(97),
  new Uint8Array(0),
  new Uint8Array(0),
]);
add('bytes empty twice', "[b'', bytearray(b''), b'']", () => [new Uint8Array(0), new ByteArray(0), new Uint8Array(0)]);
add('bytearray empty', 'bytearray()', () => new ByteArray(0));
add('bytearray ab', "bytearray(b'ab')", () => ByteArray.fromBytes([97, 98]));
add('bytearray 70000', "bytearray(b'q'*70000)", () => new ByteArray(70000).fill(113));

// --- tuples
add('tuple ()', '()', () => new Tuple([]));
add('tuple (1,)', '(1,)', () => new Tuple([1]));
add('tuple (1, 2)', '(1, 2)', () => new Tuple([1, 2]));
add('tuple (1, 2, 3)', '(1, 2, 3)', () => new Tuple([1, 2, 3]));
add('tuple (1, 2, 3, 4)', '(1, 2, 3, 4)', () => new Tuple([1, 2, 3, 4]));
add(
  'tuple nested',
  "((), (1,), ('a', ('b', 'a')), [()])",
  () => new Tuple([new Tuple([]), new Tuple([1]), new Tuple(['a', new Tuple(['b', 'a'])]), [new Tuple([])]]),
);
add('tuple shared', '(lambda t: [t, t, (t,)])((1, 2))', () => {
  const t = new Tuple([1, 2]);
  return [t, t, new Tuple([t])];
});

// --- lists
for (const n of [0, 1, 2, 999, 1000, 1001, 1002, 2000, 2001, 3500]) add(`list of ${n}`, `list(range(${n}))`, () => range(n));
add('list mixed', "[1, 'two', 3.0, None, True, [4], (5,), {'six': 6}]", () => [1, 'two', new Float(3), null, true, [4], new Tuple([5]), { six: 6 }]);
add('list of lists shared', '(lambda x: [x, x, [x]])([1])', () => {
  const x = [1];
  return [x, x, [x]];
});

// --- dicts
add('dict {}', '{}', () => ({}));
add('dict one', "{'a': 1}", () => ({ a: 1 }));
add(
  'dict two',
  "{'a': 1, 'b': [2]}",
  () =>
    new Map<unknown, unknown>([
      ['a', 1],
      ['b', [2]],
    ]),
);
add(
  'dict int keys',
  "{1: 'x', 2: 'y', -5: None}",
  () =>
    new Map<unknown, unknown>([
      [1, 'x'],
      [2, 'y'],
      [-5, null],
    ]),
);
add(
  'dict tuple keys',
  "{(1, 2): 'p', ('a',): 'q'}",
  () =>
    new Map<unknown, unknown>([
      [new Tuple([1, 2]), 'p'],
      [new Tuple(['a']), 'q'],
    ]),
);
add('dict null-proto', "{'x': 1, '__proto__': 2}", () => {
  const o = Object.create(null) as Record<string, number>;
  o['x'] = 1;
  o['__proto__'] = 2;
  return o;
});
for (const n of [999, 1000, 1001, 2000, 2001]) {
  add(`dict of ${n}`, `{i: -i for i in range(${n})}`, () => new Map(range(n).map((i) => [i, i === 0 ? 0 : -i])));
}
add('dicts small many', "[{'id': i, 'name': 'n', 'ok': i % 2 == 0} for i in range(50)]", () => range(50).map((i) => ({ id: i, name: 'n', ok: i % 2 === 0 })));

// --- sets (small ints iterate in ascending order in CPython)
add('set empty', 'set()', () => new Set());
add('set one', '{1}', () => new Set([1]));
add('set three', '{1, 2, 3}', () => new Set([1, 2, 3]));
for (const n of [999, 1000, 1001, 2000]) add(`set of ${n}`, `set(range(${n}))`, () => new Set(range(n)));
add('frozenset empty', 'frozenset()', () => new FrozenSet());
add('frozenset two', 'frozenset({1, 2})', () => new FrozenSet([1, 2]));
add('frozenset 1500', 'frozenset(range(1500))', () => new FrozenSet(range(1500)));
add('frozenset shared', '(lambda f: [f, f])(frozenset({7}))', () => {
  const f = new FrozenSet([7]);
  return [f, f];
});
add('set shared in list', '(lambda s: [s, s])({1, 2})', () => {
  const s = new Set([1, 2]);
  return [s, s];
});

// --- complex
add('complex 1+2j', '1+2j', () => new Complex(1, 2));
add('complex -0.5-0j', 'complex(-0.5, -0.0)', () => new Complex(-0.5, -0));
add('complex in list twice', '(lambda c: [c, c])(3j)', () => {
  const c = new Complex(0, 3);
  return [c, c];
});

// --- recursive structures
add('recursive list', '(lambda l: (l.append(l), l)[1])([])', () => {
  const l: unknown[] = [];
  l.push(l);
  return l;
});
add('recursive dict', "(lambda d: (d.__setitem__('self', d), d)[1])({})", () => {
  const d: Record<string, unknown> = {};
  d['self'] = d;
  return d;
});
const recursiveTuple = (n: number) => () => {
  const l: unknown[] = [];
  const t = new Tuple([l, ...range(n - 1, 1)]);
  l.push(t);
  return t;
};
for (const n of [1, 2, 3, 4, 5]) {
  const rest = range(n - 1, 1).join(', ');
  add(`recursive tuple of ${n}`, `(lambda l: (l.append((l, ${rest})), l[0])[1])([])`, recursiveTuple(n));
}
add('recursive list via tuple', '(lambda l: (l.append((l, 1)), l)[1])([])', () => {
  const l: unknown[] = [];
  l.push(new Tuple([l, 1]));
  return l;
});
add('recursive tuple twice', '(lambda l: (l.append((l,)), [l[0], l[0]])[1])([])', () => {
  const l: unknown[] = [];
  const t = new Tuple([l]);
  l.push(t);
  return [t, t];
});

// --- nesting
for (const depth of [50, 500]) {
  add(`nested lists ${depth}`, `(lambda f: f(f, ${depth}))(lambda f, n: [f(f, n-1)] if n else [])`, () => {
    let v: unknown[] = [];
    for (let i = 0; i < depth; i++) v = [v];
    return v;
  });
  add(`nested dicts ${depth}`, `(lambda f: f(f, ${depth}))(lambda f, n: {'k': f(f, n-1)} if n else {})`, () => {
    let v: object = {};
    for (let i = 0; i < depth; i++) v = { k: v };
    return v;
  });
  add(`nested tuples ${depth}`, `(lambda f: f(f, ${depth}))(lambda f, n: (f(f, n-1),) if n else ())`, () => {
    let v: Tuple = new Tuple([]);
    for (let i = 0; i < depth; i++) v = new Tuple([v]);
    return v;
  });
}

// --- frames around 64 KiB
for (const n of [5000, 6553, 6554, 7000, 14000]) {
  add(`list of ${n} floats`, `[i + 0.5 for i in range(${n})]`, () => range(n).map((i) => i + 0.5));
}
for (const n of [65526, 65527, 65528, 65530, 65536]) {
  add(`list with ${n}-byte str and ints`, `['y'*${n}, 1, 2, 3]`, () => [repeat('y', n), 1, 2, 3]);
}
add('strs crossing frames', "['s%d' % i * 50 for i in range(3000)]", () => range(3000).map((i) => repeat(`s${i}`, 50)));
add('big bytes in the middle', "[1, b'x'*70000, 2, 'z'*66000, 3]", () => [1, new Uint8Array(70000).fill(120), 2, repeat('z', 66000), 3]);
add('LONG4 larger than a frame', '[1, 2**600000, -2**600001, 3]', () => [1, 2n ** 600000n, -(2n ** 600001n), 3]);
add('bytes right after a full frame', "['a' * 65530, b'b' * 65536, b'c' * 65535, 'd']", () => [
  repeat('a', 65530),
  new Uint8Array(65536).fill(98),
  new Uint8Array(65535).fill(99),
  'd',
]);
add('bytearrays around the frame size', '[bytearray(65535), bytearray(65536), bytearray(3)]', () => [
  new ByteArray(65535),
  new ByteArray(65536),
  new ByteArray(3),
]);
add('tiny after big', "[b'x'*65536, 1]", () => [new Uint8Array(65536).fill(120), 1]);
add('big only', "b'x'*65536", () => new Uint8Array(65536).fill(120));
add('just under frame min', '[]', () => []);
add('frame exactly 4', '[1]', () => [1]);

// --- Date as aware datetime
const dt = (iso: string): Date => new Date(iso);
add('datetime utc', 'datetime.datetime(2020, 1, 2, 3, 4, 5, 123000, tzinfo=datetime.timezone.utc)', () => dt('2020-01-02T03:04:05.123Z'));
add('datetime epoch', 'datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)', () => new Date(0));
add('datetime year 1', 'datetime.datetime(1, 1, 1, tzinfo=datetime.timezone.utc)', () => dt('0001-01-01T00:00:00Z'));
add('datetime year 9999', 'datetime.datetime(9999, 12, 31, 23, 59, 59, 999000, tzinfo=datetime.timezone.utc)', () => dt('9999-12-31T23:59:59.999Z'));
add('datetime newline byte', 'datetime.datetime(2010, 10, 10, 10, 10, 10, tzinfo=datetime.timezone.utc)', () => dt('2010-10-10T10:10:10Z'));
add(
  'datetimes share utc',
  '[datetime.datetime(2021, 5, 6, tzinfo=datetime.timezone.utc), datetime.datetime(2022, 7, 8, 9, tzinfo=datetime.timezone.utc)]',
  () => [dt('2021-05-06T00:00:00Z'), dt('2022-07-08T09:00:00Z')],
);
add('datetime shared', '(lambda d: [d, d])(datetime.datetime(2000, 2, 29, tzinfo=datetime.timezone.utc))', () => {
  const d = dt('2000-02-29T00:00:00Z');
  return [d, d];
});

// --- globals
add('global len', 'len', () => new PyGlobal('builtins', 'len'));
add('global str (fix_imports)', 'str', () => new PyGlobal('builtins', 'str'));
add('globals shared', '[len, len, str, collections.OrderedDict]', () => [
  new PyGlobal('builtins', 'len'),
  new PyGlobal('builtins', 'len'),
  new PyGlobal('builtins', 'str'),
  new PyGlobal('collections', 'OrderedDict'),
]);
add('global nested name', 'argparse._SubParsersAction._ChoicesPseudoAction', () => new PyGlobal('argparse', '_SubParsersAction._ChoicesPseudoAction'));
add('globals builtins functions and types', "[len, abs, str, int, getattr, 'builtins', 'len', 'str']", () => [
  ...['len', 'abs', 'str', 'int', 'getattr'].map((n) => new PyGlobal('builtins', n)),
  'builtins',
  'len',
  'str',
]);
add(
  'globals python and C qualnames',
  "[argparse.Namespace, 'Namespace', 'argparse', argparse.Action, collections.OrderedDict, 'OrderedDict', datetime.datetime, 'datetime', datetime.timedelta]",
  () => [
    new PyGlobal('argparse', 'Namespace'),
    'Namespace',
    'argparse',
    new PyGlobal('argparse', 'Action'),
    new PyGlobal('collections', 'OrderedDict'),
    'OrderedDict',
    new PyGlobal('datetime', 'datetime'),
    'datetime',
    new PyGlobal('datetime', 'timedelta'),
  ],
);
add('global module string shared', "['builtins', len]", () => ['builtins', new PyGlobal('builtins', 'len')]);

// --- inert objects
const od = (items: [unknown, unknown][]): PyObject => {
  const o = new PyObject(new PyGlobal('collections', 'OrderedDict'), new Tuple([]), 'REDUCE');
  o.dictItems.push(...items);
  return o;
};
add('OrderedDict one', "collections.OrderedDict([('a', 1)])", () => od([['a', 1]]));
add('OrderedDict 1001', 'collections.OrderedDict((i, i) for i in range(1001))', () => od(range(1001).map((i) => [i, i])));
add('OrderedDict 1000', 'collections.OrderedDict((i, i) for i in range(1000))', () => od(range(1000).map((i) => [i, i])));
const dq = (items: unknown[]): PyObject => {
  const o = new PyObject(new PyGlobal('collections', 'deque'), new Tuple([]), 'REDUCE');
  o.listItems.push(...items);
  return o;
};
add('deque two', 'collections.deque([1, 2])', () => dq([1, 2]), [2, 3, 4, 5]);
add('deque one', 'collections.deque([1])', () => dq([1]), [2, 3, 4, 5]);
add('deque 1001', 'collections.deque(range(1001))', () => dq(range(1001)), [2, 3, 4, 5]);
add('deque 2000', 'collections.deque(range(2000))', () => dq(range(2000)), [2, 3, 4, 5]);
add('SimpleNamespace', 'types.SimpleNamespace(a=1)', () => {
  const o = new PyObject(new PyGlobal('types', 'SimpleNamespace'), new Tuple([]), 'REDUCE');
  o.state = { a: 1 };
  return o;
});
add(
  'argparse.Namespace (NEWOBJ)',
  "argparse.Namespace(a=1, b='x')",
  () => {
    const o = new PyObject(new PyGlobal('argparse', 'Namespace'), new Tuple([]), 'NEWOBJ');
    o.state = { a: 1, b: 'x' };
    return o;
  },
  [2, 3, 4, 5],
);
add(
  'argparse.Namespace recursive state',
  "(lambda n: (setattr(n, 'me', n), n)[1])(argparse.Namespace())",
  () => {
    const o = new PyObject(new PyGlobal('argparse', 'Namespace'), new Tuple([]), 'NEWOBJ');
    o.state = { me: o };
    return o;
  },
  [2, 3, 4, 5],
);
add(
  'copyreg._reconstructor object',
  "argparse.Namespace(a=1, b='x')",
  () => {
    const o = new PyObject(
      new PyGlobal('copyreg', '_reconstructor'),
      new Tuple([new PyGlobal('argparse', 'Namespace'), new PyGlobal('builtins', 'object'), null]),
      'REDUCE',
    );
    o.state = { a: 1, b: 'x' };
    return o;
  },
  [0, 1],
);

export const CASES: readonly Case[] = cases;
