import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { loads } from '../../src/unpickler/index.js';
import { describe, hex, NEEDS_PYTHON, python, SOURCE_DIR } from './helpers.js';

/** Descriptions of Python values (generate-goldens.py's describe format), built into values by python3. */
type D = unknown;

const leaf: fc.Arbitrary<D> = fc.oneof(
  fc.constant(null),
  fc.boolean().map((x) => ({ bool: x })),
  fc
    .oneof(fc.integer(), fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }), fc.constantFrom(0, 255, 256, 65535, 65536, 2 ** 31, -(2 ** 31)))
    .map((x) => ({ int: String(x) })),
  fc.double().map((x) => ({ float: Number.isNaN(x) ? 'nan' : Object.is(x, -0) ? '-0.0' : String(x) })),
  fc.string({ unit: 'binary' }).map((s) => ({ str: s })),
  fc.uint8Array({ maxLength: 20 }).map((u) => ({ bytes: Buffer.from(u).toString('hex') })),
);
const hashable: fc.Arbitrary<D> = fc.oneof(
  fc.integer().map((x) => ({ int: String(x) })),
  fc.string({ maxLength: 8 }).map((s) => ({ str: s })),
);
const { tree } = fc.letrec<{ tree: D }>((tie) => ({
  tree: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'tree' },
    leaf,
    fc.array(tie('tree'), { maxLength: 5 }).map((l) => ({ list: l })),
    fc.array(tie('tree'), { maxLength: 4 }).map((l) => ({ tuple: l })),
    fc.uniqueArray(fc.tuple(hashable, tie('tree')), { maxLength: 4, selector: (kv) => JSON.stringify(kv[0]) }).map((kv) => ({ dict: kv })),
    fc.uniqueArray(hashable, { maxLength: 4, selector: (k) => JSON.stringify(k) }).map((s) => ({ set: s })),
    fc.uniqueArray(hashable, { maxLength: 4, selector: (k) => JSON.stringify(k) }).map((s) => ({ frozenset: s })),
  ),
}));

const BUILD_AND_DUMP = `
import json, pickle, sys, runpy
describe = runpy.run_path(${JSON.stringify(join(SOURCE_DIR, 'generate-goldens.py'))})['describe']
def build(d):
    if d is None: return None
    (k, v), = d.items()
    if k == 'bool': return v
    if k == 'int': return int(v)
    if k == 'float': return float(v)
    if k == 'str': return v
    if k == 'bytes': return bytes.fromhex(v)
    if k == 'list': return [build(x) for x in v]
    if k == 'tuple': return tuple(build(x) for x in v)
    if k == 'dict': return {build(a): build(b) for a, b in v}
    if k == 'set': return {build(x) for x in v}
    if k == 'frozenset': return frozenset(build(x) for x in v)
    raise ValueError(k)
out = []
for d in json.load(sys.stdin):
    value = build(d)
    out.append([[pickle.dumps(value, p).hex() for p in range(6)], describe(pickle.loads(pickle.dumps(value, 5)))])
json.dump(out, sys.stdout)
`;

test('random values pickled by CPython at every protocol load to the same value', { skip: NEEDS_PYTHON }, () => {
  const samples = fc.sample(tree, { numRuns: 150, seed: 20261126 });
  const results = JSON.parse(python(BUILD_AND_DUMP, JSON.stringify(samples)).toString('utf8')) as [string[], D][];
  assert.equal(results.length, samples.length);
  for (const [pickles, expected] of results) {
    pickles.forEach((h, proto) => {
      assert.deepEqual(describe(loads(hex(h), { lossless: true })), expected, `protocol ${proto}: ${h.slice(0, 80)}`);
    });
  }
});
