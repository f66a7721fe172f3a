/**
 * `sharedReferences: false` (issue 11's trees-only mode): no identity table,
 * but the same bytes as CPython for values that are trees, and a
 * PicklingError for a shared or cyclic object (never written wrong). The
 * hashes are CPython 3.11's for:
 *
 *     recs = [{'id': i, 'name': 'n%d' % i, 'score': i * 1.5 + 0.25, 'tags': ['a', 'b'], 'active': i % 2 == 0,
 *              'pos': (i, -i), 'blob': bytes([1, 2, i % 256]), 'set': {i}} for i in range(1500)]
 *     hashlib.sha256(pickle.dumps(recs, protocol=p)).hexdigest()
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Pickler, dumps } from '../../src/pickler/index.js';
import { PicklingError } from '../../src/errors.js';
import { PyGlobal, PyObject, Tuple } from '../../src/values/index.js';
import { PICKLE_PROTOCOLS } from '../helpers/protocols.js';

const CPYTHON = [
  'cfe1e748f9ad79b28d28db1744d352599185c4cfc93840575e19578a0ca31dcd',
  'f70a8a83ed35353653a78df5181f59d7efe3b4a76d8c6c0e451baff8d0b8c116',
  'fb2c261e3315eaf862d1860612621e702525f9ec77e1426d64b2d1043157a299',
  'e85400542ea4aaa7cb290b09f512f875b68ee1ae90b255d92e5c4701c17ff2d9',
  'c0d402977c008133911a793d71a40579811d6a39541782c336063fa0fb8bbb2b',
  '6fd3c9521531aa05d8ee252fcb2069ccc4a8fc77cfbff5292149d31564b42894',
];

const records = (): unknown[] =>
  Array.from({ length: 1500 }, (_, i) => ({
    id: i,
    name: `n${i}`,
    score: i * 1.5 + 0.25,
    tags: ['a', 'b'],
    active: i % 2 === 0,
    pos: new Tuple([i, -i || 0]),
    blob: Uint8Array.of(1, 2, i % 256),
    set: new Set([i]),
  }));

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const trees = { sharedReferences: false } as const;

test("trees-only mode writes CPython's bytes for a tree, at every protocol", () => {
  for (const p of PICKLE_PROTOCOLS) {
    assert.equal(sha256(dumps(records(), { protocol: p, ...trees })), CPYTHON[p], `protocol ${p}, trees only`);
    assert.equal(sha256(dumps(records(), { protocol: p })), CPYTHON[p], `protocol ${p}, default`);
  }
});

test('trees-only mode: values that repeat without being shared objects are fine', () => {
  const g = new PyGlobal('collections', 'OrderedDict');
  const empty = new Tuple([]);
  const noBytes = new Uint8Array(0);
  const v = [g, g, empty, empty, noBytes, noBytes, 'same', 'same', 1.5, 1.5, null, null, new PyObject(g, []), new PyObject(g, [])];
  for (const p of PICKLE_PROTOCOLS) assert.deepEqual(dumps(v, { protocol: p, ...trees }), dumps(v, { protocol: p }), `protocol ${p}`);
});

test('trees-only mode raises PicklingError for a shared object, naming where it was met again', () => {
  const shared = { k: 1 };
  const cases: [unknown, RegExp][] = [
    [[shared, shared], /root\[1\]/],
    [{ a: [1, 2], b: { c: [shared, 3, shared] } }, /root\.b\.c\[2\]/],
    [new Tuple([shared, new Tuple([shared])]), /root\[1\]\[0\]/],
    [
      (() => {
        const b = Uint8Array.of(1);
        return [b, b];
      })(),
      /root\[1\]/,
    ],
    [
      (() => {
        const s = new Set([1]);
        return new Map([
          ['x', s],
          ['y', s],
        ]);
      })(),
      /root\.get\("y"\)/,
    ],
  ];
  for (const p of PICKLE_PROTOCOLS) {
    for (const [value, path] of cases) {
      assert.throws(
        () => dumps(value, { protocol: p, ...trees }),
        (e: unknown) => e instanceof PicklingError && /sharedReferences/.test(e.message) && path.test(e.message),
        `protocol ${p}: ${path}`,
      );
      // The default mode writes the second reference as a memo GET.
      assert.doesNotThrow(() => dumps(value, { protocol: p }));
    }
  }
});

test('trees-only mode raises PicklingError for a cycle, without looping', () => {
  const list: unknown[] = [1];
  list.push(list);
  const dict: Record<string, unknown> = { a: 1 };
  dict['self'] = { inner: dict };
  for (const p of PICKLE_PROTOCOLS) {
    assert.throws(() => dumps(list, { protocol: p, ...trees }), PicklingError);
    assert.throws(() => dumps(dict, { protocol: p, ...trees }), PicklingError);
  }
});

test('a trees-only Pickler remembers what earlier dumps wrote, until clearMemo', () => {
  const item = [1, 2];
  const pickler = new Pickler({ protocol: 2, ...trees });
  const reference = new Pickler({ protocol: 2 });
  assert.deepEqual(pickler.dump({ first: item }), reference.dump({ first: item }));
  // A Python Pickler would write a memo GET for it now: trees-only mode refuses.
  assert.throws(() => pickler.dump({ again: item }), PicklingError);
  // The failed dump left its memo as it was (BINPUT numbers continue from the first dump).
  assert.deepEqual(pickler.dump([3, 'x']), reference.dump([3, 'x']));
  pickler.clearMemo();
  assert.doesNotThrow(() => pickler.dump({ again: item }));
});
