/**
 * A list filled by one batch of simple items (strs, ints, None, bools, memo
 * fetches) is made at its exact size by EMPTY_LIST and filled by index by
 * its APPENDS or APPEND: the values must be those CPython gives, including
 * a list that holds itself, a batch followed by more batches, and batches
 * that are not simple.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps } from '../../src/pickler/index.js';
import { loads } from '../../src/unpickler/index.js';
import { simpleBatchLength } from '../../src/unpickler/batch-scan.js';
import { b, NEEDS_PYTHON, pyDumps } from './helpers.js';
import { PICKLE_PROTOCOLS } from '../helpers/protocols.js';

test('simpleBatchLength counts one batch of simple items, else 0', () => {
  // After EMPTY_LIST: MEMOIZE MARK 'a' MEMOIZE h0 K1 N APPENDS
  assert.equal(simpleBatchLength(b('\x94(\x8c\x01a\x94h\x00K\x01Ne.'), 0, 12), 4);
  // put, one item, APPEND
  assert.equal(simpleBatchLength(b('q\x01K\x05a.'), 0, 6), 1);
  // a nested list is not simple; a float is left to the float runs
  assert.equal(simpleBatchLength(b('\x94(]e.'), 0, 5), 0);
  assert.equal(simpleBatchLength(b('(G?\xf0\x00\x00\x00\x00\x00\x00e.'), 0, 12), 0);
  // truncated
  assert.equal(simpleBatchLength(b('\x94(\x8c\x05ab'), 0, 6), 0);
  // two batches with a FRAME between them; a third that is not simple is not counted
  const two = b('\x94(K\x01K\x02e\x95\x05\x00\x00\x00\x00\x00\x00\x00(K\x03e(]e.');
  assert.equal(simpleBatchLength(two, 0, two.length), 3);
  assert.deepEqual(loads(new Uint8Array([0x80, 0x04, 0x5d, ...two])), [1, 2, 3, []]);
});

test('lists of simple items load as CPython wrote them, at every protocol', { skip: NEEDS_PYTHON }, () => {
  const expr = "[[], ['a', 'b'], ['solo'], [1, 2, None, True, False, 'é', 'a'], list(range(2500)), ['x'] * 1001, [[1], [2, 3]]]";
  const expected = [
    [],
    ['a', 'b'],
    ['solo'],
    [1, 2, null, true, false, 'é', 'a'],
    Array.from({ length: 2500 }, (_, i) => i),
    Array(1001).fill('x'),
    [[1], [2, 3]],
  ];
  for (const proto of PICKLE_PROTOCOLS) {
    const data = pyDumps(expr, proto);
    assert.deepEqual(loads(data), expected, `protocol ${proto}`);
    assert.deepEqual(loads(data, { lossless: true }), expected, `protocol ${proto} lossless`);
    if (proto >= 2) assert.deepEqual(dumps(loads(data), { protocol: proto }), data, `protocol ${proto} dumps`);
  }
});

test('a list that holds itself, fetched from the memo inside its own batch', () => {
  // l = ['a']; l.append(l); l.append('b') at protocol 4: ] MEMOIZE ( 'a' MEMOIZE h0 'b' MEMOIZE e .
  const l = loads(b('\x80\x04]\x94(\x8c\x01a\x94h\x00\x8c\x01b\x94e.')) as unknown[];
  assert.equal(l.length, 3);
  assert.equal(l[0], 'a');
  assert.equal(l[1], l);
  assert.equal(l[2], 'b');
});

test('a presized list is charged to maxItems as the general path charges it', () => {
  // The opcodes run one by one as ever (presizing changes only the allocation): the 4 items count at APPENDS.
  const data = b('\x80\x04]\x94(\x8c\x01a\x94h\x00K\x01Ne.');
  assert.throws(() => loads(data, { limits: { maxItems: 3 } }), /maxItems/);
  assert.equal((loads(data, { limits: { maxItems: 4 } }) as unknown[]).length, 4);
});

test('simpleBatchLength counts across a FRAME inside a batch, as CPython frames every 64 KiB', () => {
  // MEMOIZE MARK K1 FRAME(4) K2 'a' MEMOIZE APPENDS
  const inside = b('\x94(K\x01\x95\x04\x00\x00\x00\x00\x00\x00\x00K\x02\x8c\x01a\x94e.');
  assert.equal(simpleBatchLength(inside, 0, inside.length), 3);
  assert.deepEqual(loads(new Uint8Array([0x80, 0x04, 0x5d, ...inside])), [1, 2, 'a']);
  // A FRAME whose length runs past the input is not one: the count stops there.
  const bad = b('\x94(K\x01\x95\xff\x00\x00\x00\x00\x00\x00\x00K\x02e.');
  assert.equal(simpleBatchLength(bad, 0, bad.length), 0);
  // Short strs, a quarter non-ASCII, framed by dumps as CPython frames them (FRAMEs inside batches).
  const strs = Array.from({ length: 20_000 }, (_, i) => (i % 4 === 0 ? `café-${i}-€` : `item-${i}`));
  const data = dumps(strs, { protocol: 5 });
  assert.deepEqual(loads(data), strs);
});
