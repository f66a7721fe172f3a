/**
 * Dicts, lists and tuples write their leaves at once (scalars, `Float`
 * boxes, flat lists and tuples of those) without a frame of their own: the
 * bytes stay CPython's wherever a leaf sits, whichever form the dicts take,
 * with objects shared or not, across frame and batch boundaries. Hashes by
 * CPython 3.11 (python3):
 *
 *     def value(shared):
 *         sl = [1, 2.5, 'sh']
 *         st = tuple([7, 'st'])  # a display of constants would be one shared constant
 *         out = []
 *         for i in range(2500):
 *             r = i % 5
 *             if r == 0:
 *                 out.append({'id': i, 'score': float(i % 100), 'tags': ['a', 'b%d' % i], 'pos': (i, float(i)), 'e': [], 't0': ()})
 *             elif r == 1:
 *                 out.append({'s': sl if shared else [1, 2.5, 'sh'], 'u': st if shared else tuple([7, 'st']),
 *                             'n': [float(i), None, True], 'big': tuple([1, 2, 3, 4, 5])})
 *             elif r == 2:
 *                 out.append({(i, 'k'): [i], 'z': (i,), 'q': ('x', [i])})
 *             elif r == 3:
 *                 out.append({'long': list(range(i % 3 * 500, i % 3 * 500 + 999)), 'l1000': [0.5] * 1000 if i % 500 == 3 else [i]})
 *             else:
 *                 out.append([{'a': float(i)}, (float(i), [i, (i,)]), sl if shared else [1, 2.5, 'sh']])
 *         return out
 *     hashlib.sha256(pickle.dumps(value(shared), protocol=p)).hexdigest()
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Pickler, dumps } from '../../src/pickler/index.js';
import { PicklingError } from '../../src/errors.js';
import { Float, Tuple } from '../../src/values/index.js';
import { PICKLE_PROTOCOLS } from '../helpers/protocols.js';

const SHARED = [
  'de87cd298cd86817aa37d961a6c72a464ebbf64f939eb55b49bea394501b76cf',
  '216eafa1c5d0fc7d9dbd3fce7b8b325aee30121e6b2e1409874d9ef971cdd3cd',
  '8009b2e4c8184f57b93154d503ea0e8629eca535e42fc4506dd61248095c6f31',
  'cf2eb0428e82694b7853b9167bc46f3e83dbf350c260b228c50f7a623c8a2f03',
  '773b4196db21fc60e27993f46b722212dd5811e26175a1679c671bfa0f291cb9',
  'cc0ac3fea5ddeec7a2563e4d4a40bc9a6b732d9c477654bc0e3d3ccd6caf25d8',
];
const TREE = [
  'fbc4b57022de4af5511ea64174753d7f57f59109a25842b475057301e1d98f01',
  '0cf7e2d3f4518fb7f2100c602aaf316805e78ba6a889243a56c0254a3a58aaaa',
  'ae17d2c7c442cd76075eda1eaa822037fbd17c7edaa3532adccef2dfc8171a4c',
  'ce401ea1d19429274f0462ab26580754a1c77317c67ce181c372619cf3abacb8',
  'c0418ebde7be04d1632c897972718f2d1dcb35b7891062b88b79647cb4cfeff1',
  '3ddbbc037f55bedf543e0c7c59523ead8e618a41c3a6f9475bfa9de1609a4db5',
];

type DictForm = 'plain' | 'map' | 'null';

function value(shared: boolean, form: DictForm): unknown[] {
  const make = (entries: [unknown, unknown][]): unknown => {
    if (form === 'map' || entries.some(([k]) => typeof k !== 'string')) return new Map(entries);
    const o: Record<string, unknown> = form === 'null' ? (Object.create(null) as Record<string, unknown>) : {};
    for (const [k, v] of entries) o[k as string] = v;
    return o;
  };
  const sl = [1, 2.5, 'sh'];
  const st = new Tuple([7, 'st']);
  const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, k) => from + k);
  const out: unknown[] = [];
  for (let i = 0; i < 2500; i++) {
    const r = i % 5;
    if (r === 0)
      out.push(
        make([
          ['id', i],
          ['score', new Float(i % 100)],
          ['tags', ['a', `b${i}`]],
          ['pos', new Tuple([i, new Float(i)])],
          ['e', []],
          ['t0', new Tuple([])],
        ]),
      );
    else if (r === 1)
      out.push(
        make([
          ['s', shared ? sl : [1, 2.5, 'sh']],
          ['u', shared ? st : new Tuple([7, 'st'])],
          ['n', [new Float(i), null, true]],
          ['big', new Tuple([1, 2, 3, 4, 5])],
        ]),
      );
    else if (r === 2)
      out.push(
        make([
          [new Tuple([i, 'k']), [i]],
          ['z', new Tuple([i])],
          ['q', new Tuple(['x', [i]])],
        ]),
      );
    else if (r === 3)
      out.push(
        make([
          ['long', range((i % 3) * 500, 999)],
          ['l1000', i % 500 === 3 ? Array.from({ length: 1000 }, () => 0.5) : [i]],
        ]),
      );
    else out.push([make([['a', new Float(i)]]), new Tuple([new Float(i), [i, new Tuple([i])]]), shared ? sl : [1, 2.5, 'sh']]);
  }
  return out;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

test("leaves written at once keep CPython's bytes: plain, null-prototype and Map dicts, shared or not, every protocol", () => {
  for (const form of ['plain', 'null', 'map'] as const) {
    for (const p of PICKLE_PROTOCOLS) {
      assert.equal(sha256(dumps(value(true, form), { protocol: p })), SHARED[p], `${form}, protocol ${p}, shared`);
      assert.equal(sha256(dumps(value(false, form), { protocol: p })), TREE[p], `${form}, protocol ${p}, tree`);
      assert.equal(sha256(dumps(value(false, form), { protocol: p, sharedReferences: false })), TREE[p], `${form}, protocol ${p}, trees only`);
    }
  }
});

test('trees-only mode: a flat list or tuple met twice inside a dict raises, naming its key', () => {
  const list = [1, 2];
  const tuple = new Tuple([new Float(1), 'a']);
  const nullDict = Object.create(null) as Record<string, unknown>;
  nullDict['first'] = tuple;
  nullDict['second key'] = tuple;
  const cases: [unknown, RegExp][] = [
    [{ x: list, y: list }, /\(at root\.y\)$/],
    [[{ a: 1 }, { x: 0, y: [list, { z: list }] }], /\(at root\[1\]\.y\[1\]\.z\)$/],
    [nullDict, /\(at root\["second key"\]\)$/],
    [
      new Map<unknown, unknown>([
        ['x', tuple],
        ['y', tuple],
      ]),
      /\(at root\.get\("y"\)\)$/,
    ],
    [
      new Map<unknown, unknown>([
        [tuple, 1],
        [2, tuple],
      ]),
      /\(at root\.get\(2\)\)$/,
    ],
  ];
  for (const p of [2, 4, 5] as const) {
    for (const [v, path] of cases) {
      assert.throws(
        () => dumps(v, { protocol: p, sharedReferences: false }),
        (e: unknown) => e instanceof PicklingError && /sharedReferences is false/.test(e.message) && path.test(e.message),
        `protocol ${p}: ${path}`,
      );
    }
  }
});

test('a Pickler memoizes flat leaves across dumps, and a failed dump forgets what it added', () => {
  const leaf = [1, 'x'];
  const tuple = new Tuple([2, 'y']);
  // What CPython writes for `p = Pickler(f, 2); p.dump({'a': leaf, 't': tuple}); p.dump([leaf, tuple, leaf])`.
  const pickler = new Pickler({ protocol: 2 });
  assert.deepEqual(
    Buffer.from(pickler.dump({ a: leaf, t: tuple })).toString('hex'),
    '80027d71002858010000006171015d7102284b0158010000007871036558010000007471044b025801000000797105867106752e',
  );
  assert.deepEqual(Buffer.from(pickler.dump([leaf, tuple, leaf])).toString('hex'), '80025d710728680268066802652e');
  // A failed dump (a function cannot be pickled) leaves the memo as it was: the next one numbers from 8.
  const fresh = [3];
  assert.throws(() => pickler.dump([fresh, new Tuple([4]), () => 0]), PicklingError);
  assert.deepEqual(Buffer.from(pickler.dump([fresh])).toString('hex'), '80025d71085d71094b0361612e');
});

/**
 * Dicts around the batch size, and a first pair that is not a leaf. CPython 3.11:
 *
 *     [{'k%d_%d' % (n, j): (j if j % 3 else [j, float(j)]) for j in range(n)} for n in (0, 1, 2, 998, 999, 1000, 1001, 1999, 2000, 2001)]
 *         + [{'only': [1]}, {'only': {'x': 1}}, {'a': {'b': 2}, 'c': 3}]
 */
const BATCHES = [
  '72e21773dc5fafa49b2a8ae90db707d0ad60f1abda64ab7a9302763238efdafb',
  '17046cd347ce395d78193d33ec7e0911190b9c2a216fde37c8eea624389b8798',
  '836a720894acd9deb90665f1bdee8d4d233adf2a57ad97cb8db21e11e58f25bb',
  '9101444fd373d71c23c3c1c886d392796f32752af8b4f6317fb42febf5a22449',
  'e171d0d5c3e18cbb2a692a776349df5660f717bf629fc4180b8807265337681f',
  'ad940c824b7490aaa82a0cd6d74cec66ba9ae4ddb70da5a029a5560549e8ae00',
];

test("dicts of leaves around the batch size keep CPython's bytes, as objects and as Maps", () => {
  for (const form of ['plain', 'null', 'map'] as const) {
    const make = (entries: [string, unknown][]): unknown => {
      if (form === 'map') return new Map(entries);
      const o: Record<string, unknown> = form === 'null' ? (Object.create(null) as Record<string, unknown>) : {};
      for (const [k, v] of entries) o[k] = v;
      return o;
    };
    const v = [0, 1, 2, 998, 999, 1000, 1001, 1999, 2000, 2001].map((n) =>
      make(Array.from({ length: n }, (_, j): [string, unknown] => [`k${n}_${j}`, j % 3 ? j : [j, new Float(j)]])),
    );
    v.push(
      make([['only', [1]]]),
      make([['only', make([['x', 1]])]]),
      make([
        ['a', make([['b', 2]])],
        ['c', 3],
      ]),
    );
    for (const p of PICKLE_PROTOCOLS) assert.equal(sha256(dumps(v, { protocol: p })), BATCHES[p], `${form}, protocol ${p}`);
  }
});

test("a plain dict's values are each read once: a getter on the first key runs once", () => {
  for (const keys of [['a'], ['a', 'b']]) {
    let calls = 0;
    const o: Record<string, unknown> = {};
    Object.defineProperty(o, 'a', {
      enumerable: true,
      get: () => {
        calls++;
        return 1;
      },
    });
    if (keys.length > 1) o['b'] = 2;
    const bytes = dumps(o, { protocol: 4 });
    assert.equal(calls, 1);
    // CPython: pickle.dumps({'a': 1, 'b': 2}, protocol=4) and pickle.dumps({'a': 1}, protocol=4).
    const expected = keys.length > 1 ? '80049511000000000000007d94288c0161944b018c0162944b02752e' : '8004950a000000000000007d948c0161944b01732e';
    assert.equal(Buffer.from(bytes).toString('hex'), expected);
  }
});
