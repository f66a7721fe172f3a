import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize } from '../../src/node/summarize.js';
import { pyRepr } from '../../src/repr/index.js';
import { ByteArray, FrozenSet, PyGlobal, PyObject, Tuple } from '../../src/values/index.js';

const show = (v: unknown, o = {}): string => pyRepr(summarize(v, o));

test('long lists, tuples, sets and dicts keep three items at each end', () => {
  const xs = Array.from({ length: 1001 }, (_, i) => i);
  assert.equal(show(xs), '[0, 1, 2, ..., 998, 999, 1000]');
  assert.equal(show(new Tuple(xs)), '(0, 1, 2, ..., 998, 999, 1000)');
  assert.equal(show(new FrozenSet(xs)), 'frozenset({0, 1, 2, ..., 998, 999, 1000})');
  assert.equal(show(new Map(xs.map((i) => [i, 2 * i]))), '{0: 0, 1: 2, 2: 4, ...: ..., 998: 1996, 999: 1998, 1000: 2000}');
  assert.equal(show(xs, { maxItems: 0 }).split(', ').length, 1001);
  // Six items are kept, so a container just over the limit may show them all around the ellipsis.
  assert.equal(show([1, 2, 3, 4, 5, 6, 7], { maxItems: 2 }), '[1, 2, 3, ..., 5, 6, 7]');
});

test('small values are returned as they are, not copied', () => {
  const v = { a: [1, 2], b: new Map([['x', new Uint8Array(3)]]) };
  assert.equal(summarize(v), v);
});

test('long bytes and bytearrays show their ends; --depth elides deeper containers', () => {
  const b = new Uint8Array(2000).fill(0x61);
  assert.equal(show(b), `b'${'a'.repeat(24)}'...b'${'a'.repeat(24)}'`);
  assert.equal(show(new ByteArray(2000)), `bytearray(b'${'\\x00'.repeat(24)}'...b'${'\\x00'.repeat(24)}')`);
  assert.equal(show([1, [2, [3]], new Tuple([4]), new Map([[5, 6]])], { depth: 1 }), '[1, [...], (...), {...}]');
  assert.equal(show([1, [2, [3]]], { depth: 2 }), '[1, [2, [...]]]');
});

test('inside inert objects too, and cycles do not loop', () => {
  const o = new PyObject(new PyGlobal('numpy.core.multiarray', '_reconstruct'), new Tuple([1]));
  o.state = new Tuple([1, new Uint8Array(5000)]);
  const s = summarize(o) as PyObject;
  assert.notEqual(s, o);
  assert.match(pyRepr(s), /\\x00'\.\.\.b'\\x00/);
  const cyclic: unknown[] = [1];
  cyclic.push(cyclic);
  assert.equal(summarize(cyclic), cyclic);
});
