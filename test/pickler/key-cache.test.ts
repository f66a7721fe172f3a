/**
 * Plain dicts find their keys in a small cache by position and length
 * (machine.ts `saveKey`), and tuples and short lists write their flat items
 * (flat lists and tuples) at once: the bytes stay CPython's for keys that
 * share a cache slot, for dicts of more than 16 keys, across dumps of one
 * Pickler (after a failed dump and after clearMemo), and for flat
 * containers shared inside tuples and lists. Hex by CPython 3.11 (python3),
 * as commented.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps, Pickler } from '../../src/pickler/pickler.js';
import { PicklingError } from '../../src/errors.js';
import { Tuple } from '../../src/values/tuple.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

test('keys of one length at one position, alternating: each memoized once, then GETs', () => {
  // pickle.dumps([{'ab': 1}, {'cd': 2}, {'ab': 3}, {'cd': 4}], 5)
  assert.equal(
    hex(dumps([{ ab: 1 }, { cd: 2 }, { ab: 3 }, { cd: 4 }], { protocol: 5 })),
    '80059527000000000000005d94287d948c026162944b01737d948c026364944b02737d9468024b03737d9468044b0473652e',
  );
});

test('dicts of 20 keys, in one order and reversed (cache positions wrap)', () => {
  // ks = ['k%d' % i for i in range(20)] (one str object per key, as JS strs are by value)
  // d = {ks[i]: i for i in range(20)}; e = {ks[19 - i]: i for i in range(20)}
  // pickle.dumps([d, e, d.copy()], 5)
  const d: Record<string, number> = {};
  const e: Record<string, number> = {};
  for (let i = 0; i < 20; i++) d[`k${i}`] = i;
  for (let i = 0; i < 20; i++) e[`k${19 - i}`] = i;
  const expected =
    '80059547010000000000005d94287d94288c026b30944b008c026b31944b018c026b32944b028c026b33944b038c026b34944b048c026b35944b058c026b36944b068c026b37944b078c026b38944b088c026b39944b098c036b3130944b0a8c036b3131944b0b8c036b3132944b0c8c036b3133944b0d8c036b3134944b0e8c036b3135944b0f8c036b3136944b108c036b3137944b118c036b3138944b128c036b3139944b13757d942868154b0068144b0168134b0268124b0368114b0468104b05680f4b06680e4b07680d4b08680c4b09680b4b0a680a4b0b68094b0c68084b0d68074b0e68064b0f68054b1068044b1168034b1268024b13757d942868024b0068034b0168044b0268054b0368064b0468074b0568084b0668094b07680a4b08680b4b09680c4b0a680d4b0b680e4b0c680f4b0d68104b0e68114b0f68124b1068134b1168144b1268154b1375652e';
  assert.equal(hex(dumps([d, e, { ...d }], { protocol: 5 })), expected);
});

test('one Pickler: a failed dump forgets its keys, clearMemo forgets all', () => {
  // f = io.BytesIO(); p = pickle.Pickler(f, 5)
  // p.dump({'k': 1}); p.dump({'gamma': 2, 'k': 3}); p.clear_memo(); p.dump({'k': 4, 'gamma': 5})
  const p = new Pickler({ protocol: 5 });
  assert.equal(hex(p.dump({ k: 1 })), '8005950a000000000000007d948c016b944b01732e');
  // Writes (and caches) 'gamma' before failing: the rollback must forget it.
  assert.throws(() => p.dump({ gamma: 0, bad: Symbol('no') }), PicklingError);
  assert.equal(hex(p.dump({ gamma: 2, k: 3 })), '80059513000000000000007d94288c0567616d6d61944b0268014b03752e');
  p.clearMemo();
  assert.equal(hex(p.dump({ k: 4, gamma: 5 })), '80059515000000000000007d94288c016b944b048c0567616d6d61944b05752e');
});

test('flat lists and tuples inside tuples and lists, shared', () => {
  // l = [1]; t = (l, (2, 3), l); pickle.dumps([t, l], 5)
  const l = [1];
  const t = new Tuple([l, new Tuple([2, 3]), l]);
  assert.equal(hex(dumps([t, l], { protocol: 5 })), '80059516000000000000005d94285d944b01614b024b038694680187946801652e');
  // a = (1, 2); pickle.dumps([[a, [3], a], a], 5)
  const a = new Tuple([1, 2]);
  assert.equal(hex(dumps([[a, [3], a], a], { protocol: 5 })), '80059518000000000000005d94285d94284b014b0286945d944b03616802656802652e');
});

test('trees-only mode: a flat list met twice inside a tuple or a list names its index', () => {
  const l = [1];
  assert.throws(
    () => dumps(new Tuple([l, l]), { protocol: 5, sharedReferences: false }),
    (e: unknown) => e instanceof PicklingError && (e as PicklingError & { path: string }).path === 'root[1]',
  );
  assert.throws(
    () => dumps([[0, l, l]], { protocol: 5, sharedReferences: false }),
    (e: unknown) => e instanceof PicklingError && (e as PicklingError & { path: string }).path === 'root[0][2]',
  );
});

test('a dict whose last value is not a leaf, and one with a key after such a value', () => {
  // inner = {'d': 2}; pickle.dumps([{'a': 1, 'b': {'c': [1, inner]}}, {'x': [inner], 'y': 3}], 5)
  const inner = { d: 2 };
  assert.equal(
    hex(
      dumps(
        [
          { a: 1, b: { c: [1, inner] } },
          { x: [inner], y: 3 },
        ],
        { protocol: 5 },
      ),
    ),
    '8005953c000000000000005d94287d94288c0161944b018c0162947d948c0163945d94284b017d948c0164944b02736573757d94288c0178945d946807618c0179944b0375652e',
  );
  // The last value's getter runs once; an error inside it names its key.
  let reads = 0;
  const o = {
    a: 1,
    get b(): unknown {
      reads++;
      return [1, [inner, inner]];
    },
  };
  assert.throws(
    () => dumps(o, { protocol: 5, sharedReferences: false }),
    (e: unknown) => e instanceof PicklingError && (e as PicklingError & { path: string }).path === 'root.b[1][1]',
  );
  assert.equal(reads, 1);
});
