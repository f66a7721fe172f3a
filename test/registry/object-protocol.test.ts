/**
 * The JS object protocol against CPython: each class in protocol-classes.ts
 * dumps to exactly the bytes CPython 3.11 writes for its Python twin
 * (protocol-fixtures.json) at every protocol, and those bytes load back into
 * instances of the JS class. Plus the protocol's reduce shapes without a pickler.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import {
  COPYREG_NEWOBJ,
  COPYREG_NEWOBJ_EX,
  COPYREG_RECONSTRUCTOR,
  PyGlobal,
  Registry,
  Tuple,
  objectReduceEx,
  pickleGetNewArgsEx,
  type ReduceValue,
} from '../../src/index.js';
import { dumps, loads } from '../../src/index.js';
import { Custom, DictAndSlots, Empty, MAKE, NewArgs, Plain, Slotted, WithSetter, protocolRegistry } from './protocol-classes.js';
import { asProtocol } from '../helpers/protocols.js';

const here = dirname(fileURLToPath(import.meta.url));
const GOLDEN = JSON.parse(readFileSync(join(here, '..', '..', '..', 'test', 'registry', 'protocol-fixtures.json'), 'utf8')) as Record<
  string,
  (string | null)[]
>;
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

for (const [name, pickles] of Object.entries(GOLDEN)) {
  pickles.forEach((golden, index) => {
    const protocol = asProtocol(index);
    if (golden === null) return;
    test(`${name}: JS dumps CPython's bytes at protocol ${protocol}`, () => {
      assert.equal(hex(dumps!(MAKE[name]!(), { protocol, registry: protocolRegistry })), golden);
    });
  });
}

const LOADED: Readonly<Record<string, (v: unknown) => void>> = {
  plain: (v) => assert.ok(v instanceof Plain && v.a === 1 && v.b === 'x'),
  empty: (v) => assert.ok(v instanceof Empty && Object.keys(v).length === 0),
  slotted: (v) => assert.ok(v instanceof Slotted && v.x === 1 && v.y === 2),
  dict_and_slots: (v) => assert.ok(v instanceof DictAndSlots && v.s === 'slot' && v.d === 'dict'),
  new_args: (v) => {
    assert.ok(v instanceof NewArgs);
    assert.deepEqual(v.args, new Tuple([1, 'a']));
  },
  custom: (v) => assert.ok(v instanceof Custom && v.x === 3 && v.y === 4),
  with_setter: (v) => assert.ok(v instanceof WithSetter && v.v === 5),
  shared: (v) => {
    assert.ok(Array.isArray(v) && v[0] instanceof Plain);
    assert.equal(v[0], v[1]);
  },
};

for (const [name, check] of Object.entries(LOADED)) {
  GOLDEN[name]!.forEach((golden, protocol) => {
    if (golden === null) return;
    test(`${name}: CPython's protocol ${protocol} pickle loads as the JS class`, () => {
      check(loads!(Uint8Array.from(Buffer.from(golden, 'hex')), { registry: protocolRegistry }));
    });
  });
}

const CLS = new PyGlobal('m', 'C');

test('object protocol: NEWOBJ form at protocol 2+, own fields as state', () => {
  for (const p of [2, 3, 4, 5]) {
    const r = objectReduceEx(new Plain(), CLS, 'object', p);
    assert.equal(r.callable, COPYREG_NEWOBJ);
    assert.deepEqual(r.args, [CLS]);
    assert.deepEqual(
      r.state,
      new Map<string, unknown>([
        ['a', 1],
        ['b', 'x'],
      ]),
    );
  }
});

test('object protocol: copyreg._reconstructor(cls, object, None) at protocols 0-1; empty state means no BUILD', () => {
  for (const p of [0, 1]) {
    const r = objectReduceEx(new Plain(), CLS, 'object', p);
    assert.equal(r.callable, COPYREG_RECONSTRUCTOR);
    assert.deepEqual(r.args, [CLS, new PyGlobal('builtins', 'object'), null]);
    assert.ok(r.state instanceof Map);
    assert.equal('state' in objectReduceEx(new Empty(), CLS, 'object', p), false);
  }
  assert.equal('state' in objectReduceEx(new Empty(), CLS, 'object', 4), false);
});

test('object protocol: getnewargs_ex with kwargs gives copyreg.__newobj_ex__(cls, args, kwargs)', () => {
  class K {
    [pickleGetNewArgsEx](): [unknown[], Record<string, unknown>] {
      return [[1], { b: 2 }];
    }
  }
  const r = objectReduceEx(new K(), CLS, 'object', 4);
  assert.equal(r.callable, COPYREG_NEWOBJ_EX);
  assert.deepEqual(r.args, [CLS, new Tuple([1]), new Map([['b', 2]])]);
});

test('object protocol: list/dict subclasses carry items; tuple subclasses pass them to __new__', () => {
  class L extends Array<unknown> {}
  const l = Reflect.construct(Array, [], L) as L;
  l.push(1, 2);
  const rl = objectReduceEx(l, CLS, 'list', 2) as ReduceValue;
  assert.deepEqual([...(rl.listItems ?? [])], [1, 2]);
  assert.equal(rl.state, undefined);
  const r0 = objectReduceEx(l, CLS, 'list', 0);
  assert.deepEqual(r0.args, [CLS, new PyGlobal('builtins', 'list'), [1, 2]]);
  class D extends Map<unknown, unknown> {}
  const rd = objectReduceEx(new D([['k', 1]]), CLS, 'dict', 4);
  assert.deepEqual([...(rd.dictItems ?? [])], [['k', 1]]);
  class T extends Tuple<unknown> {}
  const rt = objectReduceEx(new T([1, 2]), CLS, 'tuple', 4);
  assert.deepEqual(rt.args, [CLS, new Tuple([1, 2])]);
});

test('registry: a class with no call rule refuses REDUCE with a clear message', () => {
  const reg = new Registry().registerClass(Plain, 'm', 'Plain');
  const binding = reg.lookup('m', 'Plain');
  assert.throws(() => binding!.call!([1]), /m\.Plain cannot be called from a pickle/);
  const made = binding!.create!([], undefined);
  assert.ok(made instanceof Plain);
  assert.equal(Object.keys(made).length, 0, 'made without running the constructor');
});
