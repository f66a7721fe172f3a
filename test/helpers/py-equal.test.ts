import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tuple, ByteArray, FrozenSet, Float, Complex, PyGlobal, PyObject } from '../../src/values/index.js';
import { pyEqual, pyDiff, assertPyEqual } from './py-equal.js';

test('types that JS would confuse stay distinct', () => {
  assert.ok(!pyEqual(new Tuple([1]), [1]));
  assert.ok(!pyEqual(new Uint8Array([1]), ByteArray.fromBytes([1])));
  assert.ok(!pyEqual(new Set([1]), new FrozenSet([1])));
  assert.ok(!pyEqual(1, new Float(1)), 'int vs float');
  assert.ok(!pyEqual(1, 1.5));
  assert.ok(!pyEqual(0, -0), '-0 is a float');
  assert.ok(!pyEqual(new Float(0), new Float(-0)));
  assert.ok(!pyEqual(null, false));
  assert.ok(!pyEqual('1', 1));
  assert.ok(!pyEqual(new Map([[1, 'a']]), new Map([['1', 'a']])));
});

test('equal values compare equal', () => {
  assert.ok(pyEqual(NaN, NaN));
  assert.ok(pyEqual(new Float(NaN), NaN));
  assert.ok(pyEqual(-0, new Float(-0)), 'both are the float -0.0');
  assert.ok(pyEqual(2n ** 64n, 2n ** 64n));
  assert.ok(pyEqual(5, 5n), 'bigint and number by value');
  assert.ok(pyEqual(1e16, 10n ** 16n));
  assert.ok(pyEqual(new Complex(NaN, -0), new Complex(NaN, -0)));
  assert.ok(!pyEqual(new Complex(0, 0), new Complex(0, -0)));
  assert.ok(pyEqual(new PyGlobal('a', 'b'), new PyGlobal('a', 'b')));
  assert.ok(!pyEqual(new PyGlobal('a', 'b'), new PyGlobal('a', 'c')));
  assert.ok(pyEqual('a\ud800', 'a\ud800'));
});

test('Float wrappers are told apart only when asked', () => {
  assert.ok(pyEqual(1.5, new Float(1.5)));
  assert.ok(!pyEqual(1.5, new Float(1.5), { exactFloatWrappers: true }));
});

test('dict order matters; set order matters unless unorderedSets', () => {
  assert.ok(
    !pyEqual(
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
      new Map([
        ['b', 2],
        ['a', 1],
      ]),
    ),
  );
  assert.ok(!pyEqual(new Set([1, 2]), new Set([2, 1])));
  assert.ok(pyEqual(new Set([1, 'x', new Tuple([2])]), new Set([new Tuple([2]), 'x', 1]), { unorderedSets: true }));
  assert.ok(!pyEqual(new Set([1, 2]), new Set([1, 3]), { unorderedSets: true }));
});

test('PyObject compares every field', () => {
  const make = (creation: 'REDUCE' | 'NEWOBJ', state: unknown, item?: unknown): PyObject => {
    const o = new PyObject(new PyGlobal('m', 'C'), new Tuple([1]), creation);
    o.state = state;
    if (item !== undefined) o.listItems.push(item);
    return o;
  };
  assert.ok(pyEqual(make('NEWOBJ', new Map([['a', 1]]), 'x'), make('NEWOBJ', new Map([['a', 1]]), 'x')));
  assert.ok(!pyEqual(make('NEWOBJ', undefined), make('REDUCE', undefined)));
  assert.ok(!pyEqual(make('NEWOBJ', undefined), make('NEWOBJ', null)));
  assert.ok(!pyEqual(make('NEWOBJ', null, 'x'), make('NEWOBJ', null, 'y')));
});

test('sharing must match in both directions; cycles compare', () => {
  const x = [1];
  assert.ok(pyEqual([x, x], [[1], [1]], { identity: false }));
  assert.match(pyDiff([x, x], [[1], [1]])!, /sharing differs/);
  const y = [1];
  assert.match(pyDiff([[1], [1]], [y, y])!, /sharing differs/);
  const a: unknown[] = [];
  a.push(a);
  const b: unknown[] = [];
  b.push(b);
  assert.ok(pyEqual(a, b));
  const c: unknown[] = [[]];
  (c[0] as unknown[]).push(c);
  assert.ok(!pyEqual(a, c), 'a 1-cycle is not a 2-cycle');
  // CPython singletons say nothing: () and b'' may or may not be shared.
  const e = new Tuple([]);
  assert.ok(pyEqual([e, e], [new Tuple([]), new Tuple([])]));
});

test('100,000-deep values compare without recursion', () => {
  let a: unknown = [];
  let b: unknown = [];
  for (let i = 0; i < 100_000; i++) {
    a = [a];
    b = [b];
  }
  assert.ok(pyEqual(a, b));
  assert.ok(!pyEqual([a, 1], [b, 2]));
});

test('the message gives the path to the first difference', () => {
  const actual = new Map<unknown, unknown>([['k', [1, new Tuple([2, 3])]]]);
  const expected = new Map<unknown, unknown>([['k', [1, new Tuple([2, 4])]]]);
  assert.equal(pyDiff(actual, expected), 'at root.get("k")[1][1]: expected int 4, got int 3');
  assert.throws(() => assertPyEqual(actual, expected, 'case x'), /^AssertionError.*case x: at root\.get\("k"\)\[1\]\[1\]/);
});
