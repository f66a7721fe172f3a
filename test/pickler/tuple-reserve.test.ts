/**
 * Tuples are looked up and reserved in the identity memo in one probe, and
 * their index is filled in once their items are written (CPython memoizes a
 * tuple after its items). The bytes stay CPython's for tuples that are
 * shared, recursive (memoized while their items are written), or part of a
 * dump that failed. Hex by CPython 3.11 (python3), as commented.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps, Pickler } from '../../src/pickler/pickler.js';
import { PicklingError } from '../../src/errors.js';
import { IdentityMemo } from '../../src/pickler/identity-memo.js';
import { Tuple } from '../../src/values/tuple.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

test('a recursive tuple, written twice: POP_MARK and GET as CPython', () => {
  // l = []; t = (l,); l.append(t); pickle.dumps([t, t], 5)
  const l: unknown[] = [];
  const t = new Tuple([l]);
  l.push(t);
  assert.equal(hex(dumps([t, t], { protocol: 5 })), '80059511000000000000005d94285d9468018594613068026802652e');
});

test('shared tuples inside tuples and lists: one MEMOIZE each, then GETs', () => {
  // a = (1, 2); b = (3, 'x', [a]); pickle.dumps(((a, [a]), b, (b, a), a), 5)
  const a = new Tuple([1, 2]);
  const b = new Tuple([3, 'x', [a]]);
  const u = new Tuple([new Tuple([a, [a]]), b, new Tuple([b, a]), a]);
  assert.equal(hex(dumps(u, { protocol: 5 })), '8005952600000000000000284b014b0286945d9468006186944b038c0178945d946800618794680568008694680074942e');
  // [(1,), (1,)] with one tuple object
  const one = new Tuple([1]);
  assert.equal(hex(dumps([one, one], { protocol: 5 })), '8005950b000000000000005d94284b0185946801652e');
});

test('a Pickler reused after a dump failed inside a tuple writes what CPython writes', () => {
  // f = io.BytesIO(); p = pickle.Pickler(f, 5); a = (1, 2); x = [a]; b = (x, 'q')
  // p.dump(b), then p.dump((b, a)) on the same pickler
  const a = new Tuple([1, 2]);
  const x = [a];
  const b = new Tuple([x, 'q']);
  const p = new Pickler({ protocol: 5 });
  // Fails inside the tuple, after its list and the inner tuple were memoized: the memo rolls back.
  assert.throws(() => p.dump(new Tuple([b, Symbol('no')])), PicklingError);
  assert.throws(() => p.dump(new Tuple([[a], () => 1])), PicklingError);
  assert.equal(hex(p.dump(b)), '80059510000000000000005d944b014b028694618c01719486942e');
  assert.equal(hex(p.dump(new Tuple([b, a]))), '80059507000000000000006803680186942e');
});

test('IdentityMemo.getOrReserve, fillAt and reservedIndex in set mode and map mode', () => {
  for (const mapMode of [false, true]) {
    const memo = new IdentityMemo();
    const before = {};
    memo.set(before, 0);
    // A deletion turns the memo into a Map.
    if (mapMode) assert.equal(memo.delete({}), false);
    if (mapMode) assert.equal(memo.delete(before), true);
    if (mapMode) memo.set(before, 0);
    const t = {};
    const r = memo.getOrReserve(t);
    const at = memo.reservedPosition;
    assert.equal(r, mapMode ? -2 : -1);
    // Reserved, without an index: found by no lookup, and not reserved twice.
    assert.equal(memo.get(t), -1);
    assert.equal(memo.getOrReserve(t), -2);
    if (!mapMode) {
      assert.equal(memo.reservedIndex(t, at), -1);
      memo.fillAt(t, at, 5);
      assert.equal(memo.reservedIndex(t, at), 5);
    } else memo.set(t, 5);
    assert.equal(memo.get(t), 5);
    assert.equal(memo.getOrReserve(t), 5);
    memo.dropFrom(1);
    assert.equal(memo.get(t), -1);
    assert.equal(memo.get(before), 0);
  }
});

test('tuples after the identity memo turned into a Map (many repeats): shared and recursive', async () => {
  const { createHash } = await import('node:crypto');
  // objs = [[i] for i in range(3000)]; l = []; r = (l, (1, 2)); l.append(r); t = (objs[0], (1, 2))
  // b = pickle.dumps([objs, objs[::-1], t, t, r, r], 5): 32061 bytes, sha256 below
  const objs = Array.from({ length: 3000 }, (_, i) => [i]);
  // (1, 2) is one constant object in Python: one tuple here too.
  const pair = new Tuple([1, 2]);
  const l: unknown[] = [];
  const r = new Tuple([l, pair]);
  l.push(r);
  const t = new Tuple([objs[0], pair]);
  const b = dumps([objs, [...objs].reverse(), t, t, r, r], { protocol: 5 });
  assert.equal(b.length, 32061);
  assert.equal(createHash('sha256').update(b).digest('hex'), 'b0433020a39f3291fdf1ed7043dacfad7acb9f926766e8b235e4f947bd74442d');
});
