/**
 * The default dictType ('object'): which dicts load as null-prototype
 * objects and which as Maps, identity through the memo when a dict becomes
 * a Map mid-load, shared-reference limits, and dumps byte-identical to
 * CPython's at every protocol.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps } from '../../src/pickler/index.js';
import { loads } from '../../src/unpickler/index.js';
import { dictEntries, dictSize, isDictObject, isPyDict, PyObject, pyGet, Tuple } from '../../src/values/index.js';
import { pyRepr } from '../../src/repr/index.js';
import { asProtocol } from '../helpers/protocols.js';
import { assertUnpicklingError, b, NEEDS_PYTHON, pyDumps } from './helpers.js';

const str = (s: string): number[] => [0x8c, s.length, ...Buffer.from(s)];

test('default: str-keyed dicts are null-prototype objects; int, tuple and index-like str keys give Maps', () => {
  // {'a': 1, 'b': {'c': 2}} at protocol 4
  const o = loads(new Uint8Array([0x80, 0x04, 0x7d, 0x28, ...str('a'), 0x4b, 0x01, ...str('b'), 0x7d, ...str('c'), 0x4b, 0x02, 0x73, 0x75, 0x2e])) as Record<
    string,
    unknown
  >;
  assert.ok(isDictObject(o));
  assert.equal(Object.getPrototypeOf(o), null);
  assert.deepEqual(Object.keys(o), ['a', 'b']);
  assert.equal(o['a'], 1);
  assert.equal(Object.getPrototypeOf(o['b']), null);
  assert.equal((o['b'] as Record<string, unknown>)['c'], 2);
  // Empty dicts are objects too.
  assert.equal(Object.getPrototypeOf(loads(b('}.'))), null);
  // {1: 'x'}
  const ints = loads(b('}K\x01X\x01\x00\x00\x00xs.'));
  assert.ok(ints instanceof Map);
  assert.deepEqual([...ints], [[1, 'x']]);
  // {(1, 2): 3}
  const tuples = loads(b('}K\x01K\x02\x86K\x03s.')) as Map<unknown, unknown>;
  assert.ok(tuples instanceof Map);
  assert.ok([...tuples.keys()][0] instanceof Tuple);
  // {'b': 1, '0': 2}: JS would list '0' first, so a Map keeps Python's order.
  const index = loads(new Uint8Array([0x7d, 0x28, ...str('b'), 0x4b, 0x01, ...str('0'), 0x4b, 0x02, 0x75, 0x2e])) as Map<string, number>;
  assert.ok(index instanceof Map);
  assert.deepEqual([...index.keys()], ['b', '0']);
  // Not index-like: '-1', '01', '4294967295' stay object keys.
  const near = loads(new Uint8Array([0x7d, 0x28, ...str('-1'), 0x4b, 0x01, ...str('01'), 0x4b, 0x02, ...str('4294967295'), 0x4b, 0x03, 0x75, 0x2e]));
  assert.ok(isDictObject(near));
  assert.deepEqual(Object.keys(near), ['-1', '01', '4294967295']);
  // dictType 'map' gives Maps everywhere, as before.
  const m = loads(b('}.'), { dictType: 'map' });
  assert.ok(m instanceof Map);
});

test('py-dict helpers read both forms', () => {
  const o = loads(new Uint8Array([0x7d, 0x28, ...str('x'), 0x4b, 0x01, ...str('__proto__'), 0x4b, 0x02, 0x75, 0x2e])) as Record<string, unknown>;
  const m = loads(b('}K\x01K\x02s.')) as Map<unknown, unknown>;
  assert.equal(isPyDict(o), true);
  assert.equal(isPyDict(m), true);
  assert.equal(isPyDict({}), false, 'a plain {} is not what loads gives');
  assert.equal(isPyDict([]), false);
  assert.equal(isPyDict(null), false);
  assert.deepEqual(dictEntries(o), [
    ['x', 1],
    ['__proto__', 2],
  ]);
  assert.deepEqual(dictEntries(m), [[1, 2]]);
  assert.equal(dictSize(o), 2);
  assert.equal(dictSize(m), 1);
  assert.equal(pyGet(o, '__proto__'), 2);
  assert.equal(pyGet(o, 'toString'), undefined);
  assert.equal(pyGet(m, 1.0), 2);
});

test('a dict shared through the memo that becomes a Map mid-load is that one Map everywhere', () => {
  // d = {'a': 1}; value = [d, d, (d,), {'x': d}, m.C() with state d]; then d[7] = 2; d['self'] = d
  const data = b(
    '\x80\x04]\x94(}\x94\x8c\x01aK\x01sh\x01h\x01\x85\x94}\x94\x8c\x01xh\x01s\x8c\x01m\x8c\x01C\x93)\x81h\x01be' + 'h\x01K\x07K\x02s\x8c\x04selfh\x01s0.',
  );
  const v = loads(data) as unknown[];
  const d = v[0] as Map<unknown, unknown>;
  assert.ok(d instanceof Map);
  assert.deepEqual([...d.keys()], ['a', 7, 'self']);
  assert.equal(d.get('a'), 1);
  assert.equal(d.get(7), 2);
  assert.equal(d.get('self'), d, 'the memo hands out the Map after the conversion');
  assert.equal(v[1], d);
  const t = v[2] as Tuple;
  assert.ok(t instanceof Tuple && Object.isFrozen(t));
  assert.equal(t[0], d, 'the tuple holding it is rebuilt around the Map');
  const holder = v[3] as Record<string, unknown>;
  assert.ok(isDictObject(holder));
  assert.equal(holder['x'], d);
  const obj = v[4] as PyObject;
  assert.ok(obj instanceof PyObject);
  assert.equal(obj.state, d);
  // The same pickle with dictType 'map': the same shape.
  const w = loads(data, { dictType: 'map' }) as unknown[];
  const dm = w[0] as Map<unknown, unknown>;
  assert.equal(dm.get('self'), dm);
  assert.equal((w[2] as Tuple)[0], dm);
  assert.equal((w[4] as PyObject).state, dm);
  // Both dump back to the same bytes.
  assert.deepEqual(dumps(v, { protocol: 4 }), dumps(w, { protocol: 4 }));
});

/** A memo "billion laughs" of dicts: level k is a str-keyed dict holding level k-1 under ten keys. */
function dictLaughs(levels: number): Uint8Array {
  const out: number[] = [0x80, 0x04, 0x7d, 0x94]; // {} -> memo 0
  for (let k = 1; k <= levels; k++) {
    out.push(0x7d, 0x94, 0x28); // {} memo k, MARK
    for (let i = 0; i < 10; i++) out.push(...str(`a${i}`), 0x68, k - 1); // key, BINGET k-1
    out.push(0x75, 0x30); // SETITEMS, POP
  }
  out.push(0x68, levels, 0x2e);
  return new Uint8Array(out);
}

test('maxWork charges shared dict objects as it charges Maps', () => {
  const small = loads(dictLaughs(3)) as Record<string, unknown>;
  assert.ok(isDictObject(small));
  assert.equal(small['a0'], small['a9']);
  for (const dictType of ['object', 'map'] as const) {
    const e = assertUnpicklingError(() => loads(dictLaughs(9), { dictType }), 'maxWork');
    assert.match(e.message, /BINGET/);
    assertUnpicklingError(() => loads(dictLaughs(6), { dictType, limits: { maxWork: 2 ** 16 } }), 'maxWork');
  }
});

test('repr of a default-loaded dict is as before: integral floats stay floats', () => {
  // {'a': 1.0, 'b': 2}
  const data = b('\x80\x04\x95\x18\x00\x00\x00\x00\x00\x00\x00}\x94(\x8c\x01a\x94G?\xf0\x00\x00\x00\x00\x00\x00\x8c\x01b\x94K\x02u.');
  assert.equal(pyRepr(loads(data)), "{'a': 1.0, 'b': 2}");
  assert.equal(pyRepr(loads(data)), pyRepr(loads(data, { dictType: 'map' })));
  assert.deepEqual(dumps(loads(data), { protocol: 4 }), data);
});

const CASES = [
  "{'a': 1, 'b': 2.5, 'c': 'three', 'd': None, 'e': [1.0, 2], 'f': {'g': (1, 'x')}}",
  "{'__proto__': {'polluted': 1}, 'constructor': 2, 'hasOwnProperty': 3, 'toString': 4}",
  "(lambda d: [d, d, {'k': d}])({'shared': 1.0})",
  "(lambda d: (d.__setitem__('self', d), d)[1])({'x': 1})",
  "{'b': 1, '0': 2, 1: 3}",
  "[{'id': i, 'name': 'n%d' % i, 'score': i * 1.5, 'tags': ['a', 'b'], 'active': i % 2 == 0} for i in range(30)]",
  "{'k%d' % i: i for i in range(1200)}",
  "{'': 0, '-1': 1, '01': 2, '4294967295': 3, 'é': 4, '\\ud800': 5}",
];

test('default-loaded dicts dump byte-identical to CPython at protocols 0-5', { skip: NEEDS_PYTHON }, () => {
  for (const expr of CASES) {
    for (let proto = 0; proto <= 5; proto++) {
      const data = pyDumps(expr, proto);
      for (const options of [{}, { lossless: true }]) {
        const v = loads(data, options);
        assert.deepEqual(Buffer.from(dumps(v, { protocol: asProtocol(proto) })), Buffer.from(data), `${expr} protocol ${proto} ${JSON.stringify(options)}`);
      }
    }
  }
});

test('a dict object built in JS dumps as CPython writes the dict', { skip: NEEDS_PYTHON }, () => {
  const o = loads(b('}.')) as Record<string, unknown>;
  o['a'] = 1;
  o['__proto__'] = 'x';
  o['z'] = [true, null];
  for (let proto = 0; proto <= 5; proto++) {
    assert.deepEqual(
      Buffer.from(dumps(o, { protocol: asProtocol(proto) })),
      Buffer.from(pyDumps("{'a': 1, '__proto__': 'x', 'z': [True, None]}", proto)),
      `protocol ${proto}`,
    );
  }
});
