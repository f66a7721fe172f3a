/**
 * The `reducerOverride` and `dispatchTable` options (Python's
 * `Pickler.reducer_override` and per-pickler `dispatch_table`) and the
 * `standardTypes` default. Expected bytes were written by python3.11's C
 * pickler; the script that made them is quoted below.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps } from '../../src/index.js';
import { PicklingError } from '../../src/errors.js';
import { Registry } from '../../src/registry/registry.js';
import { Complex, Float, PyGlobal, PyObject, Tuple } from '../../src/values/index.js';
import { Decimal } from '../../src/stdlib/decimal.js';
import type { ReduceValue } from '../../src/registry/contract.js';
import { PICKLE_PROTOCOLS } from '../helpers/protocols.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

// app = types.ModuleType('app'); sys.modules['app'] = app
// def make_point(x, y): ...            (app.make_point)
// class Point: x, y                     (app.Point)
// def red(p): return (make_point, (p.x, p.y))
// p = Point(1, 2); value = [p, p, {'k': Point(3, 4.5)}, 'end']
// class RO(pickle.Pickler):
//     def reducer_override(self, obj):
//         return red(obj) if isinstance(obj, Point) else NotImplemented
// RO(f, proto).dump(value)
// -- and the same bytes from: pk = pickle.Pickler(f, proto); pk.dispatch_table = {Point: red}; pk.dump(value)
const POINTS = [
  '286c70300a636170700a6d616b655f706f696e740a70310a2849310a49320a7470320a5270330a6167330a61286470340a566b0a70350a67310a2849330a46342e350a7470360a5270370a736156656e640a70380a612e',
  '5d710028636170700a6d616b655f706f696e740a7101284b014b0274710252710368037d710458010000006b71056801284b03474012000000000000747106527107735803000000656e647108652e',
  '80025d710028636170700a6d616b655f706f696e740a71014b014b0286710252710368037d710458010000006b710568014b03474012000000000000867106527107735803000000656e647108652e',
  '80035d710028636170700a6d616b655f706f696e740a71014b014b0286710252710368037d710458010000006b710568014b03474012000000000000867106527107735803000000656e647108652e',
  '80049542000000000000005d94288c03617070948c0a6d616b655f706f696e749493944b014b028694529468057d948c016b9468034b0347401200000000000086945294738c03656e6494652e',
  '80059542000000000000005d94288c03617070948c0a6d616b655f706f696e749493944b014b028694529468057d948c016b9468034b0347401200000000000086945294738c03656e6494652e',
];

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}
class Point3 extends Point {}

const MAKE_POINT = new PyGlobal('app', 'make_point');
const reducePoint = (p: Point): ReduceValue => ({ callable: MAKE_POINT, args: [p.x, p.y] });
const points = (): unknown[] => {
  const p = new Point(1, 2);
  return [p, p, { k: new Point(3, 4.5) }, 'end'];
};

test('reducerOverride writes what it returns, as CPython reducer_override (every protocol)', () => {
  for (const protocol of PICKLE_PROTOCOLS) {
    const reducerOverride = (v: object): ReduceValue | undefined => (v instanceof Point ? reducePoint(v) : undefined);
    assert.equal(hex(dumps(points(), { protocol, reducerOverride })), POINTS[protocol], `protocol ${protocol}`);
    // Without the hook the class is unknown.
    assert.throws(() => dumps(points(), { protocol }), PicklingError);
  }
});

test('reducerOverride comes before the registry and is not asked for built-in values', () => {
  const registry = new Registry().registerClass(Point, 'app', 'Point');
  const seen: unknown[] = [];
  const reducerOverride = (v: object): ReduceValue | undefined => {
    seen.push(v);
    return v instanceof Point ? reducePoint(v) : undefined;
  };
  assert.equal(hex(dumps(points(), { protocol: 4, registry, reducerOverride })), POINTS[4]);
  // Lists, dicts, strs, ints, floats never reach it (CPython's exact built-ins); the shared point is a memo
  // hit; the callable app.make_point is asked about once, as CPython asks about the function.
  assert.equal(seen.length, 3);
  assert.ok(seen[0] instanceof Point && seen[2] instanceof Point);
  assert.equal(seen[1], MAKE_POINT);

  seen.length = 0;
  const inert = new PyObject(new PyGlobal('m', 'C'), new Tuple([]));
  const g = new PyGlobal('m', 'f');
  const d = new Date(0);
  const c = new Complex(1, 2);
  const values: unknown[] = [
    1,
    2.5,
    new Float(3),
    'x',
    null,
    undefined,
    true,
    10n ** 30n,
    [],
    new Map(),
    new Set(),
    new Tuple([1]),
    new Uint8Array(1),
    inert,
    g,
    g,
    d,
    c,
    Point,
  ];
  dumps(values, { protocol: 4, registry, reducerOverride });
  // Called for the inert object, the global (once: then a memo hit), the Date, the complex and the class
  // (and, as CPython, for the classes and objects their reductions write: m.C, datetime.timezone.utc, …).
  assert.deepEqual(
    seen.filter((v) => values.includes(v)),
    [inert, g, d, c, Point],
  );
  assert.ok(seen.every((v) => typeof v === 'function' || (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map))));
});

test('reducerOverride returning a PyGlobal pickles the object by reference', () => {
  const p = new Point(1, 2);
  const out = dumps([p, p], { protocol: 2, reducerOverride: (v) => (v instanceof Point ? new PyGlobal('app', 'ORIGIN') : undefined) });
  // [app.ORIGIN, memo get]: the object is memoized as the global.
  // CPython: reducer_override returning 'ORIGIN' for an object that is app.ORIGIN.
  assert.equal(hex(out), '80025d710028636170700a4f524947494e0a71016801652e');
});

test('dispatchTable: per-pickler reducers by exact class, as CPython dispatch_table (every protocol)', () => {
  for (const protocol of PICKLE_PROTOCOLS) {
    const dispatchTable = new Map([[Point, reducePoint]]);
    assert.equal(hex(dumps(points(), { protocol, dispatchTable })), POINTS[protocol], `protocol ${protocol}`);
  }
  // Exact class only: a subclass is not covered (CPython looks up type(obj)).
  assert.throws(() => dumps([new Point3(1, 2)], { dispatchTable: new Map([[Point, reducePoint]]) }), PicklingError);
  // Checked after reducerOverride.
  const other = (p: Point): ReduceValue => ({ callable: new PyGlobal('app', 'other'), args: [p.x] });
  const out = dumps(new Point(1, 2), {
    protocol: 4,
    dispatchTable: new Map([[Point, other]]),
    reducerOverride: (v) => (v instanceof Point ? reducePoint(v) : undefined),
  });
  assert.ok(hex(out).includes(hex(new TextEncoder().encode('make_point'))));
});

test('dispatchTable is not consulted for the built-in containers, nor for classes', () => {
  const calls: unknown[] = [];
  const table = new Map<Function, (v: never) => undefined>([
    [Array, (v) => void calls.push(v)],
    [Map, (v) => void calls.push(v)],
  ]);
  const plain = dumps([[1], new Map([[1, 2]])], { protocol: 4 });
  assert.deepEqual(dumps([[1], new Map([[1, 2]])], { protocol: 4, dispatchTable: table }), plain);
  assert.deepEqual(calls, []);
});

test('a hook returning something else than a reduction is a PicklingError', () => {
  assert.throws(() => dumps([new Point(1, 2)], { reducerOverride: () => 42 as unknown as ReduceValue }), PicklingError);
  assert.throws(() => dumps([1], { reducerOverride: 'no' as unknown as () => undefined }), PicklingError);
  assert.throws(() => dumps([1], { dispatchTable: {} as unknown as Map<Function, () => undefined> }), PicklingError);
});

// pickle.dumps(decimal.Decimal('1.5'), 4); pickle.dumps([decimal.Decimal('1.5')], 2)
const DECIMAL_P4 = '80049521000000000000008c07646563696d616c948c07446563696d616c9493948c03312e3594859452942e';
const DECIMAL_LIST_P2 = '80025d710063646563696d616c0a446563696d616c0a71015803000000312e357102857103527104612e';

test('standard types dump by default, after the registry; standardTypes: false turns them off', () => {
  assert.equal(hex(dumps(new Decimal('1.5'), { protocol: 4 })), DECIMAL_P4);
  assert.equal(hex(dumps([new Decimal('1.5')], { protocol: 2 })), DECIMAL_LIST_P2);
  assert.throws(() => dumps(new Decimal('1.5'), { standardTypes: false }), PicklingError);
  // The user's registry wins over the standard types.
  const registry = new Registry().registerClass(Decimal, 'mine', 'Dec', { reduce: (v, _p, g) => ({ callable: g, args: [v.toString()] }) });
  assert.ok(hex(dumps(new Decimal('1.5'), { protocol: 4, registry })).includes(hex(new TextEncoder().encode('mine'))));
});

test('an object a hook reduced is memoized: its second occurrence is a memo get', () => {
  const g = new PyGlobal('m', 'thing');
  let calls = 0;
  const reducerOverride = (v: object): ReduceValue | undefined => {
    if (v !== g) return undefined;
    calls++;
    return { callable: MAKE_POINT, args: [1, 2] };
  };
  const out = hex(dumps([g, g], { protocol: 2, reducerOverride }));
  assert.equal(calls, 1);
  // [make_point(1, 2), BINGET 2]
  assert.ok(out.endsWith('5271036803652e'), out);
});
