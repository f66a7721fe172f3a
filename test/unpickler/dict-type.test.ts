import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loads } from '../../src/unpickler/index.js';
import { FrozenSet, PyObject, Tuple } from '../../src/values/index.js';
import { b, pyDumps, NEEDS_PYTHON } from './helpers.js';

test("dictType 'object': str-keyed dicts become null-prototype objects, others stay Maps", { skip: NEEDS_PYTHON }, () => {
  for (let proto = 0; proto <= 5; proto++) {
    const v = loads(pyDumps("[{'a': 1, 'b': {'c': 2}}, {1: 'x'}, ({'t': 1},), frozenset([(1, 2)]), {}]", proto), { dictType: 'object' }) as unknown[];
    const first = v[0] as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(first), null, `protocol ${proto}`);
    assert.equal(first.a, 1);
    assert.equal((first.b as Record<string, unknown>).c, 2);
    assert.ok(v[1] instanceof Map);
    const t = v[2] as Tuple;
    assert.ok(t instanceof Tuple && Object.isFrozen(t));
    assert.equal((t[0] as Record<string, unknown>).t, 1, 'tuples holding a converted dict are rebuilt');
    assert.ok(v[3] instanceof FrozenSet);
    assert.equal(Object.getPrototypeOf(v[4]), null);
  }
});

test("dictType 'object' keeps sharing and cycles", () => {
  // d = {}; d['self'] = d; [d, d, (d,)]
  const v = loads(b('\x80\x04](}\x94\x8c\x04self\x94h\x00sh\x00h\x00\x85e.'), { dictType: 'object' }) as unknown[];
  const d = v[0] as Record<string, unknown>;
  assert.equal(d.self, d);
  assert.equal(v[1], d);
  assert.equal((v[2] as Tuple)[0], d);
  // State of an inert object is converted too.
  const o = loads(b('\x80\x02cm\nC\n)\x81}X\x01\x00\x00\x00xK\x01sb.'), { dictType: 'object' }) as PyObject;
  assert.equal(Object.getPrototypeOf(o.state), null);
  assert.equal((o.state as Record<string, unknown>).x, 1);
});
