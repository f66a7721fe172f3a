import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnpicklingError } from '../../src/errors.js';
import { loads } from '../../src/unpickler/index.js';
import { PyGlobal, PyObject } from '../../src/values/index.js';
import { b } from './helpers.js';
import { dictObject } from '../helpers/default-dicts.js';

const KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__'];

function str(s: string): number[] {
  return [0x8c, s.length, ...Buffer.from(s)];
}

function pristine(): void {
  const probe = {} as Record<string, unknown>;
  assert.equal(probe.polluted, undefined);
  assert.equal(Object.getPrototypeOf(probe), Object.prototype);
  assert.equal(typeof Object.prototype.toString, 'function');
  assert.equal({}.constructor, Object);
}

test('dict keys such as __proto__ and constructor are data (Map and object dicts)', () => {
  for (const key of KEYS) {
    // {key: {'polluted': 1}} at protocol 4.
    const data = new Uint8Array([0x80, 0x04, 0x7d, 0x28, ...str(key), 0x7d, ...str('polluted'), 0x4b, 0x01, 0x73, 0x75, 0x2e]);
    const m = loads(data, { dictType: 'map' }) as Map<string, unknown>;
    assert.ok(m instanceof Map);
    assert.deepEqual([...m.keys()], [key]);
    for (const options of [{}, { dictType: 'object' as const }, { lossless: true }]) {
      const o = loads(data, options) as Record<string, unknown>;
      assert.equal(Object.getPrototypeOf(o), null);
      assert.deepEqual(Object.keys(o), [key]);
      assert.ok(Object.prototype.hasOwnProperty.call(o, key));
      assert.equal(Object.getPrototypeOf(o[key]), null);
      assert.deepEqual(Object.keys(o[key] as object), ['polluted']);
      pristine();
    }
  }
});

test('default dicts: every opcode path keeps prototype keys as data and no prototype reachable', () => {
  const keys = KEYS.map((k) => `S'${k}'\nI1\n`).join('');
  const cases: [string, Uint8Array][] = [
    // protocol 0: MARK ... DICT
    ['DICT', b(`(${keys}d.`)],
    // EMPTY_DICT, SETITEM per key
    ['SETITEM', new Uint8Array([0x7d, ...KEYS.flatMap((k) => [...str(k), 0x4b, 0x01, 0x73]), 0x2e])],
    // EMPTY_DICT, MARK, SETITEMS
    ['SETITEMS', new Uint8Array([0x7d, 0x28, ...KEYS.flatMap((k) => [...str(k), 0x4b, 0x01]), 0x75, 0x2e])],
  ];
  for (const [name, data] of cases) {
    const o = loads(data) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(o), null, name);
    assert.deepEqual(Object.keys(o), KEYS, name);
    for (const k of KEYS) assert.equal(o[k], 1, `${name} ${k}`);
    // Nothing inherited: no toString, no constructor but the data, no accessor named __proto__.
    assert.equal(Object.getOwnPropertyDescriptor(o, '__proto__')!.value, 1, name);
    assert.equal('valueOf' in o, false, name);
    pristine();
  }
  // A key that converts the dict to a Map after prototype keys: still data, in order.
  const mixed = loads(new Uint8Array([0x7d, 0x28, ...str('__proto__'), 0x4b, 0x01, 0x4b, 0x07, 0x4b, 0x02, 0x75, 0x2e])) as Map<unknown, unknown>;
  assert.ok(mixed instanceof Map);
  assert.deepEqual(
    [...mixed],
    [
      ['__proto__', 1],
      [7, 2],
    ],
  );
  pristine();
});

test('BUILD state with prototype keys stays data on the inert object', () => {
  for (const key of KEYS) {
    const data = new Uint8Array([0x80, 0x04, ...str('m'), ...str('C'), 0x93, 0x29, 0x81, 0x7d, ...str(key), 0x4b, 0x01, 0x73, 0x62, 0x2e]);
    const o = loads(data) as PyObject;
    assert.ok(o instanceof PyObject);
    assert.deepEqual(o.state, dictObject([[key, 1]]));
    assert.equal(Object.getPrototypeOf(o.state), null);
    assert.equal(Object.getPrototypeOf(o), PyObject.prototype);
    const m = loads(data, { dictType: 'map' }) as PyObject;
    assert.deepEqual(m.state, new Map([[key, 1]]));
    pristine();
  }
});

test('global names such as __proto__/constructor are inert names, never property lookups', () => {
  for (const [module, name] of [
    ['__proto__', 'constructor'],
    ['builtins', '__proto__'],
    ['builtins', 'constructor'],
    ['Object', 'prototype'],
    ['constructor', 'constructor'],
    ['builtins', 'hasOwnProperty'],
    ['copyreg', '__proto__'],
  ]) {
    const data = new Uint8Array([0x80, 0x04, ...str(module!), ...str(name!), 0x93, 0x29, 0x52, 0x2e]);
    if (module === 'builtins') {
      // builtins has a fixed set of names (issue 12): these fail as in CPython, found in a table, not on an object.
      assert.throws(
        () => loads(data),
        (e: unknown) => e instanceof UnpicklingError && e.message.startsWith(`Can't get attribute '${name}' on <module 'builtins' (built-in)>`),
      );
      pristine();
      continue;
    }
    const v = loads(data) as PyObject;
    assert.ok(v instanceof PyObject, `${module}.${name}`);
    assert.ok(v.callable instanceof PyGlobal);
    pristine();
  }
  // Python 2 names go through Maps too.
  const g = loads(b('c__proto__\nconstructor\n.')) as PyGlobal;
  assert.equal(g.module, '__proto__');
});

test('SETITEM targets and slot state cannot reach a prototype', () => {
  // SETITEMS onto a list with __proto__ key raises like CPython (list indices must be integers).
  assert.throws(() => loads(new Uint8Array([0x5d, 0x28, ...str('__proto__'), 0x4e, 0x75, 0x2e])), /list indices must be integers/);
  // BUILD (None, {'__proto__': ...}) on a dict raises like CPython rather than setting attributes.
  assert.throws(() => loads(new Uint8Array([0x7d, 0x4e, 0x7d, ...str('__proto__'), 0x4b, 0x01, 0x73, 0x86, 0x62, 0x2e])), /has no attribute '__proto__'/);
  pristine();
});

test('huge APPENDS/SETITEMS batches never go through spread or apply', () => {
  const n = 300_000; // beyond V8's argument limit for apply/spread
  const data = new Uint8Array(2 + 1 + n + 2);
  data.set([0x5d, 0x28]);
  data.fill(0x4e, 2, 2 + n);
  data.set([0x65, 0x2e], 2 + n);
  const list = loads(data.subarray(0, 2 + n + 2)) as unknown[];
  assert.equal(list.length, n);
  const parts: number[] = [];
  for (let i = 0; i < n; i++) parts.push(0x4d, i & 0xff, (i >> 8) & 0xff, 0x4e); // BININT2 i, NONE
  const big = new Uint8Array(2 + parts.length + 2);
  big.set([0x7d, 0x28]);
  big.set(parts, 2);
  big.set([0x75, 0x2e], 2 + parts.length);
  const m = loads(big) as Map<number, null>;
  assert.ok(m instanceof Map);
  assert.equal(m.size, 65536);
});
