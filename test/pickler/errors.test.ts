/**
 * What the pickler refuses, and how it names the place: PicklingError with a
 * path from `root`, never another error class, nothing returned.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps, Pickler } from '../../src/pickler/index.js';
import { PicklingError } from '../../src/errors.js';
import { FrozenSet, PyObject, PyGlobal, Tuple } from '../../src/values/index.js';
import type { PickleProtocol } from '../helpers/protocols.js';

function pathOf(value: unknown, protocol: PickleProtocol = 4): string {
  try {
    dumps(value, { protocol });
  } catch (error) {
    assert.ok(error instanceof PicklingError, `not a PicklingError: ${String(error)}`);
    return error.path;
  }
  assert.fail('dumps did not throw');
}

test('functions, symbols and unregistered objects name their path', () => {
  const callback = (): number => 1;
  const users = [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd', callback }];
  assert.equal(pathOf({ users }), 'root.users[3].callback');
  assert.throws(() => dumps({ users }), /cannot pickle function callback/);
  assert.equal(pathOf(Symbol('s')), 'root');
  assert.equal(pathOf([1, Symbol('s')]), 'root[1]');
  assert.equal(pathOf({ 'odd key': new WeakMap() }), 'root["odd key"]');
  assert.equal(pathOf(new Map<unknown, unknown>([['key', [Promise.resolve()]]])), 'root.get("key")[0]');
  assert.equal(
    pathOf(
      new Map<unknown, unknown>([
        [1, 'x'],
        [new WeakSet(), 1],
      ]),
    ),
    'root.keys()[1]',
  );
  assert.equal(pathOf(new Map<unknown, unknown>([[2, () => 0]])), 'root.get(2)');
  class Unregistered {}
  assert.equal(pathOf(new Tuple([1, 2, 3, new Unregistered()])), 'root[3]');
  assert.throws(() => dumps(new Unregistered()), /cannot pickle 'Unregistered' object/);
  for (const protocol of [2, 4] as const) {
    assert.equal(pathOf(new Set([1, Symbol.iterator]), protocol), 'root.values()[1]');
    assert.equal(pathOf(new FrozenSet([1, 2, Symbol.iterator]), protocol), 'root.values()[2]');
  }
  const o = new PyObject(new PyGlobal('m', 'C'), new Tuple([]), 'NEWOBJ');
  o.state = { f: [() => 0] };
  assert.equal(pathOf(o), 'root.state.f[0]');
  const p = new PyObject(new PyGlobal('m', 'C'), new Tuple([1, () => 0]), 'REDUCE');
  assert.equal(pathOf([p]), 'root[0].args[1]');
  const q = new PyObject(new PyGlobal('m', 'C'), new Tuple([]));
  q.dictItems.push(['k', 1], ['j', Symbol('v')]);
  assert.equal(pathOf(q), 'root.dictItems[1][1]');
});

test('Date: invalid or outside datetime years is refused', () => {
  assert.throws(() => dumps(new Date(NaN)), /invalid Date/);
  assert.throws(
    () => dumps([new Date('+010000-01-01T00:00:00Z')]),
    (e: unknown) => e instanceof PicklingError && e.path === 'root[0]',
  );
  assert.throws(() => dumps(new Date('0000-06-01T00:00:00Z')), /year 0/);
});

test('protocol outside -1…5 (and not an integer) is refused as CPython does', () => {
  // @ts-expect-error -- 6 is not a protocol: the type refuses it, and so does the run-time check
  assert.throws(() => dumps(1, { protocol: 6 }), { name: 'PicklingError', message: 'pickle protocol must be <= 5' });
  // @ts-expect-error -- not an integer
  assert.throws(() => new Pickler({ protocol: 1.5 }), PicklingError);
  // @ts-expect-error -- a plain number is not a protocol
  assert.throws(() => dumps(1, { protocol: NaN }), PicklingError);
  // Any negative protocol means the highest, as in CPython.
  assert.deepEqual([...dumps(1, { protocol: -1 })], [0x80, 5, 0x4b, 1, 0x2e]);
  // @ts-expect-error -- the type admits -1 only, but any negative means the highest at run time, as in Python
  assert.deepEqual([...dumps(1, { protocol: -7 })], [0x80, 5, 0x4b, 1, 0x2e]);
  assert.equal(new Pickler().protocol, 4);
});

test('ints too long for a decimal repr are refused at protocol 0/1, as CPython (4300 digits)', () => {
  const big = 10n ** 4300n;
  for (const protocol of [0, 1] as const) {
    assert.throws(
      () => dumps([1, big], { protocol }),
      (e: unknown) => e instanceof PicklingError && e.path === 'root[1]' && /4300 digits/.test(e.message),
    );
    assert.doesNotThrow(() => dumps(big - 1n, { protocol }));
  }
  assert.doesNotThrow(() => dumps(big, { protocol: 2 }));
});

test('errors thrown by hooks become PicklingError with the path', () => {
  const persistentId = (v: unknown): unknown => {
    if (v === 'boom') throw new RangeError('hook failed');
    return undefined;
  };
  assert.throws(
    () => dumps({ a: ['x', 'boom'] }, { persistentId }),
    (e: unknown) => e instanceof PicklingError && e.path === 'root.a[1]' && /hook failed/.test(e.message),
  );
});
