/**
 * dictType 'object' builds dicts as null-prototype objects in the VM: the
 * result must be what 'map' mode gives with every dict whose keys are all
 * non-index str turned into such an object (the others stay Maps), sharing
 * and cycles included; bindings still get Maps; dumps writes the same bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps } from '../../src/pickler/index.js';
import type { LoadBinding } from '../../src/registry/contract.js';
import { loads } from '../../src/unpickler/index.js';
import { FrozenSet, PyObject, Tuple } from '../../src/values/index.js';
import { b, hex, NEEDS_PYTHON, pyDumps, readGolden } from './helpers.js';
import { asProtocol } from '../helpers/protocols.js';

/** True when JS keeps `k` in insertion order as an own key (not an array index). */
function objectKey(k: unknown): boolean {
  return typeof k === 'string' && !(/^(0|[1-9][0-9]*)$/.test(k) && Number(k) <= 4294967294);
}

/** 'map' mode's value with the str-keyed Maps as null-prototype objects (test reference, recursive). */
function objectForm(v: unknown, done = new Map<unknown, unknown>()): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (done.has(v)) return done.get(v);
  if (v instanceof Map) {
    if ([...v.keys()].every(objectKey)) {
      const o = Object.create(null) as Record<string, unknown>;
      done.set(v, o);
      for (const [k, x] of v) o[k as string] = objectForm(x, done);
      return o;
    }
    const m = new Map();
    done.set(v, m);
    for (const [k, x] of v) m.set(objectForm(k, done), objectForm(x, done));
    return m;
  }
  if (v instanceof Tuple) {
    const t = new Tuple(v.map((x) => objectForm(x, done)));
    done.set(v, t);
    return t;
  }
  if (v instanceof FrozenSet) return new FrozenSet([...v].map((x) => objectForm(x, done)));
  if (Array.isArray(v)) {
    const a: unknown[] = [];
    done.set(v, a);
    for (const x of v) a.push(objectForm(x, done));
    return a;
  }
  if (v instanceof Set) {
    const s = new Set();
    done.set(v, s);
    for (const x of v) s.add(objectForm(x, done));
    return s;
  }
  return v;
}

interface Goldens {
  values: { name: string; proto: number; hex: string }[];
}

test("every committed CPython pickle: 'object' mode is 'map' mode with str-keyed dicts as objects; dumps agree", () => {
  const goldens = readGolden<Goldens>('values.json');
  for (const c of goldens.values) {
    for (const lossless of [false, true]) {
      const data = hex(c.hex);
      const asMaps = loads(data, { lossless });
      const asObjects = loads(data, { lossless, dictType: 'object' });
      assert.deepEqual(asObjects, objectForm(asMaps), `${c.name} at protocol ${c.proto}, lossless ${lossless}`);
      assert.deepEqual(dumps(asObjects, { protocol: asProtocol(c.proto) }), dumps(asMaps, { protocol: asProtocol(c.proto) }), `${c.name} dumps`);
    }
  }
});

test('array-index str keys and non-str keys give Maps; other str keys (also "-1", "01") stay objects', () => {
  // {'a': 1, '5': 2} and {'-1': 1, '01': 2, '4294967295': 3} at protocol 4.
  const indexKey = b('\x80\x04}\x94(\x8c\x01a\x94K\x01\x8c\x015\x94K\x02u.');
  const m = loads(indexKey, { dictType: 'object' }) as Map<string, number>;
  assert.ok(m instanceof Map);
  assert.deepEqual(
    [...m.entries()],
    [
      ['a', 1],
      ['5', 2],
    ],
  );
  const o = loads(b('\x80\x04}\x94(\x8c\x02-1\x94K\x01\x8c\x0201\x94K\x02\x8c\n4294967295\x94K\x03u.'), { dictType: 'object' }) as Record<string, number>;
  assert.equal(Object.getPrototypeOf(o), null);
  assert.deepEqual(Object.keys(o), ['-1', '01', '4294967295']);
  // DICT (protocol 0/1 style): {'x': 1, 2: 3}
  const d = loads(b('(Vx\nI1\nI2\nI3\nd.'), { dictType: 'object' }) as Map<unknown, unknown>;
  assert.deepEqual(
    [...d.entries()],
    [
      ['x', 1],
      [2, 3],
    ],
  );
});

test('a dict that becomes a Map after it was shared: every reference, the memo and rebuilt tuples see the Map', () => {
  // d = {}; d['self'] = d; d['t'] = (d,); d[1] = 'one'; [d, d, (d, d)] at protocol 4:
  // ]( } MEMOIZE(0) ( 'self' h0 't' h0 TUPLE1 MEMOIZE K1 'one' u h0 h0 h0 TUPLE2 e .
  const data = b('\x80\x04](}\x94(\x8c\x04self\x94h\x00\x8c\x01t\x94h\x00\x85\x94K\x01\x8c\x03one\x94uh\x00h\x00h\x00\x86\x94e.');
  const v = loads(data, { dictType: 'object' }) as unknown[];
  const d = v[0] as Map<unknown, unknown>;
  assert.ok(d instanceof Map);
  assert.deepEqual([...d.keys()], ['self', 't', 1]);
  assert.equal(d.get('self'), d);
  const t = d.get('t') as Tuple;
  assert.ok(t instanceof Tuple && Object.isFrozen(t));
  assert.equal(t[0], d);
  assert.equal(v[1], d);
  assert.equal((v[2] as Tuple)[0], d);
  assert.equal((v[2] as Tuple)[1], d);
  assert.deepEqual(v, objectForm(loads(data)));
});

test('bindings get Maps (REDUCE args, NEWOBJ args, BUILD state); inert objects keep dict objects', () => {
  const seen: unknown[] = [];
  const binding: LoadBinding = {
    call: (args) => {
      seen.push(args[0]);
      return { made: true };
    },
  };
  // m.f({'a': {'b': 1}}) and inert m.g({'a': 1}) at protocol 4.
  const data = b('\x80\x04(\x8c\x01m\x8c\x01f\x93}(\x8c\x01a}\x8c\x01bK\x01su\x85R\x8c\x01m\x8c\x01g\x93}\x8c\x01aK\x01s\x85Rl.');
  const v = loads(data, { dictType: 'object', findClass: (_m, name) => (name === 'f' ? binding : undefined) }) as unknown[];
  assert.deepEqual(v[0], { made: true });
  const arg = seen[0] as Map<string, unknown>;
  assert.ok(arg instanceof Map);
  assert.ok(arg.get('a') instanceof Map);
  const inert = v[1] as PyObject;
  assert.ok(inert instanceof PyObject);
  assert.equal(Object.getPrototypeOf((inert.args as Tuple)[0]), null);
});

test("records as CPython writes them: 'object' mode dumps back to CPython's bytes", { skip: NEEDS_PYTHON }, () => {
  const expr = "[{'id': i, 'name': 'user%d' % i, 'score': i * 0.5, 'tags': ['a', 'b'], 'active': i % 2 == 0, 'sub': {'k': None}} for i in range(3000)]";
  for (const proto of [2, 4, 5] as const) {
    const data = pyDumps(expr, proto);
    const v = loads(data, { dictType: 'object' }) as Record<string, unknown>[];
    assert.equal(v.length, 3000);
    assert.equal(Object.getPrototypeOf(v[7]), null);
    assert.deepEqual(Object.keys(v[7]!), ['id', 'name', 'score', 'tags', 'active', 'sub']);
    assert.deepEqual(dumps(v, { protocol: proto }), data, `protocol ${proto}`);
  }
});
