import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loads } from '../../src/unpickler/index.js';
import { Tuple } from '../../src/values/index.js';

const DEPTH = 100_000;

test('100,000-deep nested lists load without recursion', () => {
  // [[[...]]] as CPython writes one-item lists: EMPTY_LIST ... then APPEND per level.
  const data = new Uint8Array(DEPTH * 2 + 1);
  data.fill(0x5d, 0, DEPTH);
  data.fill(0x61, DEPTH, 2 * DEPTH - 1);
  data[2 * DEPTH - 1] = 0x2e;
  let v = loads(data.subarray(0, 2 * DEPTH)) as unknown[];
  let depth = 1;
  while (v.length > 0) {
    v = v[0] as unknown[];
    depth++;
  }
  assert.equal(depth, DEPTH);
});

test('100,000-deep nested dicts load', () => {
  // {'a': {'a': ...}}: EMPTY_DICT, key per level, then SETITEM per level.
  const parts: number[] = [];
  for (let i = 0; i < DEPTH; i++) parts.push(0x7d, 0x8c, 0x01, 0x61);
  parts.push(0x7d);
  for (let i = 0; i < DEPTH; i++) parts.push(0x73);
  parts.push(0x2e);
  let v = loads(new Uint8Array(parts)) as Record<string, unknown>;
  let depth = 0;
  while (v['a'] !== undefined) {
    assert.equal(Object.getPrototypeOf(v), null);
    v = v['a'] as Record<string, unknown>;
    depth++;
  }
  assert.deepEqual(Object.keys(v), []);
  assert.equal(depth, DEPTH);
  let m = loads(new Uint8Array(parts), { dictType: 'map' }) as Map<string, unknown>;
  depth = 0;
  while (m.size > 0) {
    m = m.get('a') as Map<string, unknown>;
    depth++;
  }
  assert.equal(depth, DEPTH);
});

test('100,000-deep nested tuples load (TUPLE1 and MARK/TUPLE)', () => {
  const one = new Uint8Array(DEPTH + 2);
  one[0] = 0x29;
  one.fill(0x85, 1, DEPTH + 1);
  one[DEPTH + 1] = 0x2e;
  let v = loads(one) as Tuple;
  let depth = 0;
  while (v.length > 0) {
    v = v[0] as Tuple;
    depth++;
  }
  assert.equal(depth, DEPTH);
  const marked = new Uint8Array(2 * DEPTH + 2);
  marked.fill(0x28, 0, DEPTH);
  marked[DEPTH] = 0x29;
  marked.fill(0x74, DEPTH + 1, 2 * DEPTH + 1);
  marked[2 * DEPTH + 1] = 0x2e;
  v = loads(marked) as Tuple;
  depth = 0;
  while (v.length > 0) {
    v = v[0] as Tuple;
    depth++;
  }
  assert.equal(depth, DEPTH);
});

test('deep structures convert to object dicts without recursion', () => {
  const parts: number[] = [];
  for (let i = 0; i < DEPTH; i++) parts.push(0x7d, 0x8c, 0x01, 0x61);
  parts.push(0x29);
  for (let i = 0; i < DEPTH; i++) parts.push(0x73);
  parts.push(0x2e);
  let v = loads(new Uint8Array(parts), { dictType: 'object' }) as Record<string, unknown>;
  let depth = 0;
  while (!(v instanceof Tuple)) {
    v = v.a as Record<string, unknown>;
    depth++;
  }
  assert.equal(depth, DEPTH);
});
