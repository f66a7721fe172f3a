/**
 * How the unpickler uses bindings (issue 4): a binding's `value` is what the
 * global loads as, and REDUCE/NEWOBJ/`copyreg._reconstructor`/BUILD on that
 * value still go through the binding; `standardTypes` is consulted after the
 * caller's registry unless turned off; BUILD on an instance of a JS class
 * applies `[pickleSetState]` or own fields, safely.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loads } from '../../src/index.js';
import { ExtensionRegistry, pickleSetState, Registry } from '../../src/registry/index.js';
import { Ellipsis, NotImplemented, PyRange, standardTypes } from '../../src/stdlib/index.js';
import { PyGlobal, PyObject } from '../../src/values/index.js';
import { assertUnpicklingError, b } from './helpers.js';

class L extends Array<unknown> {
  tag?: unknown;
}
class P {
  [key: string]: unknown;
}
const seen: unknown[] = [];
class S {
  [pickleSetState](state: unknown): void {
    seen.push(this, state);
  }
}

/** `[..., ...]` at protocol 2, as CPython writes it (`__builtin__.Ellipsis`, mapped by fix_imports). */
const ELLIPSIS_LIST = b('\x80\x02]q\x00(c__builtin__\nEllipsis\nq\x01h\x01e.');
/** A list subclass `m.L([1, 2])` with `tag = 't'`, protocol 0 (`copyreg._reconstructor(L, list, [1, 2])`). */
const LIST_SUBCLASS_P0 = b('ccopy_reg\n_reconstructor\np0\n(cm\nL\np1\nc__builtin__\nlist\np2\n(lp3\nI1\naI2\natp4\nRp5\n(dp6\nVtag\np7\nVt\np8\nsb.');
/** `m.P()` with `__dict__ = {'__proto__': 1, 'a': 2}` at protocols 2 and 0. */
const PLAIN_P2 = b('\x80\x02cm\nP\nq\x00)\x81q\x01}q\x02(X\t\x00\x00\x00__proto__q\x03K\x01X\x01\x00\x00\x00aq\x04K\x02ub.');
const PLAIN_P0 = b('ccopy_reg\n_reconstructor\np0\n(cm\nP\np1\nc__builtin__\nobject\np2\nNtp3\nRp4\n(dp5\nV__proto__\np6\nI1\nsVa\np7\nI2\nsb.');
/** `range(3)` at protocol 2 (`__builtin__.xrange`). */
const RANGE_P2 = b('\x80\x02c__builtin__\nxrange\nq\x00K\x00K\x03K\x01\x87q\x01Rq\x02.');

test('GLOBAL pushes a binding value (standard types by default), the same value each time', () => {
  const v = loads(ELLIPSIS_LIST) as unknown[];
  assert.equal(v[0], Ellipsis);
  assert.equal(v[1], Ellipsis);
  assert.equal(loads(b('c__builtin__\nNotImplemented\np0\n.')), NotImplemented);
});

test('standardTypes: false keeps standard types inert', () => {
  const v = loads(ELLIPSIS_LIST, { standardTypes: false }) as unknown[];
  assert.ok(v[0] instanceof PyGlobal);
  assert.equal(String(v[0]), 'builtins.Ellipsis');
  const r = loads(RANGE_P2, { standardTypes: false });
  assert.ok(r instanceof PyObject);
  assert.ok(loads(RANGE_P2) instanceof PyRange);
});

test('findClass, then registry, then standardTypes, then built-ins', () => {
  const mine = {};
  const registry = new Registry().registerValue('builtins', 'Ellipsis', mine);
  assert.equal((loads(ELLIPSIS_LIST, { registry }) as unknown[])[0], mine);
  const other = {};
  const v = loads(ELLIPSIS_LIST, { registry, findClass: () => ({ value: other }) }) as unknown[];
  assert.equal(v[0], other);
  assert.ok((loads(ELLIPSIS_LIST, { registry, findClass: () => null }) as unknown[])[0] instanceof PyGlobal);
  // A registry built on standardTypes gives the same as the default.
  assert.equal((loads(ELLIPSIS_LIST, { registry: new Registry([standardTypes]), standardTypes: false }) as unknown[])[0], Ellipsis);
});

test('REDUCE on a pushed value calls its binding; a value without call stays an inert PyObject of the global', () => {
  const registry = new Registry().registerFunction('m', 'f', (...args: never[]) => ['called', ...args]);
  const pickle = b('\x80\x02cm\nf\nK\x01\x85R.');
  assert.deepEqual(loads(pickle, { registry }), ['called', 1]);
  const inert = loads(pickle, { registry: new Registry().registerValue('m', 'f', {}) });
  assert.ok(inert instanceof PyObject);
  assert.equal(String((inert as PyObject).callable), 'm.f');
  assertUnpicklingError(() => loads(b('\x80\x02K\x05K\x01\x85R.')), "'int' object is not callable");
});

test('copyreg._reconstructor(cls, list, items) calls the binding reconstruct, then BUILD gives own fields', () => {
  const registry = new Registry().registerClass(L, 'm', 'L');
  const v = loads(LIST_SUBCLASS_P0, { registry }) as L;
  assert.ok(v instanceof L);
  assert.deepEqual([...v], [1, 2]);
  assert.equal(v.tag, 't');
  const inert = loads(LIST_SUBCLASS_P0);
  assert.ok(inert instanceof PyObject);
});

test('BUILD on an instance a findClass binding made: own fields, __proto__ only a field', () => {
  const registry = new Registry().registerClass(P, 'm', 'P');
  for (const pickle of [PLAIN_P2, PLAIN_P0]) {
    const v = loads(pickle, { findClass: (m, n) => registry.lookup(m, n) }) as P;
    assert.equal(Object.getPrototypeOf(v), P.prototype);
    assert.equal(v.a, 2);
    assert.ok(Object.prototype.hasOwnProperty.call(v, '__proto__'));
    assert.equal(Object.getOwnPropertyDescriptor(v, '__proto__')!.value, 1);
    assert.equal(({} as Record<string, unknown>).a, undefined);
  }
});

test('BUILD on an instance with [pickleSetState] calls it; value-model builtins still refuse state', () => {
  const registry = new Registry().registerClass(S, 'm', 'P');
  const v = loads(PLAIN_P2, { findClass: (m, n) => registry.lookup(m, n) }) as S;
  assert.ok(v instanceof S);
  assert.equal(seen.length, 2);
  assert.equal(seen[0], v);
  assert.ok(seen[1] instanceof Map);
  assert.deepEqual(Object.keys(v), []);
  assertUnpicklingError(() => loads(b('\x80\x02]}X\x01\x00\x00\x00aK\x01sb.')), "'list' object has no attribute '__dict__'");
});

test('extensions accepts an ExtensionRegistry (lookupCode) as well as a Map', () => {
  const registry = new Registry().registerValue('m', 'x', Ellipsis);
  const pickle = b('\x80\x02\x82\x07.');
  assert.equal(loads(pickle, { registry, extensions: new ExtensionRegistry([['m', 'x', 7]]) }), Ellipsis);
  assert.equal(loads(pickle, { registry, extensions: new Map([[7, { module: 'm', name: 'x' }]]) }), Ellipsis);
  assertUnpicklingError(() => loads(pickle, { registry }), 'unregistered extension code 7');
});
