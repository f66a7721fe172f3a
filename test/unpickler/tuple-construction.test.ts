import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loads } from '../../src/unpickler/index.js';
import { Tuple, isTuple } from '../../src/values/index.js';
import { tupleOfArray } from '../../src/values/tuple.js';
import { b } from './helpers.js';

/** What every tuple must be, however it was built. */
function assertTuple(t: unknown, items: unknown[]): void {
  assert.ok(t instanceof Tuple && isTuple(t));
  assert.ok(Array.isArray(t));
  assert.ok(Object.isFrozen(t));
  assert.deepEqual([...(t as Tuple)], items);
  assert.equal((t as Tuple).length, items.length);
  assert.throws(() => {
    (t as unknown as unknown[])[0] = 'x';
  }, TypeError);
  assert.throws(() => {
    (t as unknown as unknown[]).push('x');
  }, TypeError);
  // Derived arrays are plain arrays, no longer the tuple.
  const m = (t as Tuple).map((x) => x);
  assert.ok(!(m instanceof Tuple) && Array.isArray(m));
}

test('tuples built by the constructor, of, from and tupleOfArray are frozen arrays of the right class', () => {
  assertTuple(new Tuple([1, 'a', null]), [1, 'a', null]);
  assertTuple(new Tuple([]), []);
  assertTuple(new Tuple({ length: 2, 0: 'p', 1: 'q' }), ['p', 'q']);
  assertTuple(Tuple.of(7), [7]);
  assertTuple(Tuple.from(new Set([1, 2, 3, 4, 5, 6, 7, 8])), [1, 2, 3, 4, 5, 6, 7, 8]);
  assertTuple(tupleOfArray([1, 2]), [1, 2]);
  // The constructor copies: changing the source afterwards leaves the tuple alone.
  const src = [1, 2, 3];
  const t = new Tuple(src);
  src[0] = 9;
  assert.deepEqual([...t], [1, 2, 3]);
});

test('subclasses of Tuple get their own prototype and run their own constructor code', () => {
  class Pair extends Tuple<number> {
    sum(): number {
      return (this[0] ?? 0) + (this[1] ?? 0);
    }
  }
  const p = new Pair([2, 3]);
  assert.ok(p instanceof Pair && p instanceof Tuple);
  assert.equal(Object.getPrototypeOf(p), Pair.prototype);
  assert.equal(p.sum(), 5);
  assert.ok(Object.isFrozen(p));
});

test('tuples from every tuple opcode are frozen Tuples', () => {
  assertTuple(loads(b('\x80\x02K\x01\x85.')), [1]);
  assertTuple(loads(b('\x80\x02K\x01K\x02\x86.')), [1, 2]);
  assertTuple(loads(b('\x80\x02K\x01K\x02K\x03\x87.')), [1, 2, 3]);
  assertTuple(loads(b('(K\x01K\x02K\x03K\x04K\x05K\x06t.')), [1, 2, 3, 4, 5, 6]);
  assert.equal(loads(b(').')), loads(b(').')));
  assertTuple(loads(b(').')), []);
});
