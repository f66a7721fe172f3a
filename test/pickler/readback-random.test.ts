/**
 * Random values (fast-check, fixed seed, bounded count) dumped at every
 * protocol load in CPython to the equal value, of the same types (1, 1.0 and
 * True told apart; sets compared as sets).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { asProtocol } from '../helpers/protocols.js';
import { pythonSkip } from '../helpers/python.js';
import fc from 'fast-check';
import { dumps } from '../../src/pickler/index.js';
import { Float, Tuple } from '../../src/values/index.js';
import { floatRepr } from '../../src/wire/float-repr.js';

const hasPython = pythonSkip() === false;

/** The Python expression for a value of the generated kinds. */
function py(v: unknown): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Number.isInteger(v) && !Object.is(v, -0)) return BigInt(v).toString();
    return `float('${floatRepr(v)}')`;
  }
  if (v instanceof Float) return `float('${floatRepr(v.value)}')`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof Uint8Array) return `bytes.fromhex('${Buffer.from(v).toString('hex')}')`;
  if (v instanceof Tuple) return v.length === 1 ? `(${py(v[0])},)` : `(${v.map(py).join(', ')})`;
  if (Array.isArray(v)) return `[${v.map(py).join(', ')}]`;
  if (v instanceof Set) return v.size === 0 ? 'set()' : `{${[...v].map(py).join(', ')}}`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${py(k)}: ${py(x)}`).join(', ')}}`;
  return `{${Object.entries(v as object)
    .map(([k, x]) => `${JSON.stringify(k)}: ${py(x)}`)
    .join(', ')}}`;
}

const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -(2 ** 31) - 5, max: 2 ** 31 + 5 }),
  fc.maxSafeInteger(),
  fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }),
  fc.double({ noNaN: true }),
  fc.double().map((d) => new Float(d)),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }),
);

const value = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('v'), { maxLength: 6 }),
    fc.array(tie('v'), { maxLength: 4 }).map((a) => new Tuple(a)),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('v'), { maxKeys: 5 }),
    fc.array(fc.tuple(fc.integer(), tie('v')), { maxLength: 4 }).map((pairs) => new Map(pairs)),
    fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { maxLength: 6 }).map((a) => new Set(a.sort((x, y) => x - y))),
  ),
})).v;

test('CPython loads random dumps to equal values of the same types', { skip: hasPython ? false : 'python3 3.11 not found' }, (t) => {
  const samples = fc.sample(value, { seed: 20261126, numRuns: 300 });
  const cases = samples.map((v, i) => {
    const protocol = asProtocol(i % 6);
    return { py: py(v), protocol, hex: Buffer.from(dumps(v, { protocol })).toString('hex') };
  });
  const script = `
import sys, json, pickle

def canon(v):
    # Types and values, exactly; set members in a fixed order.
    t = type(v)
    if t in (list, tuple):
        return (t.__name__, [canon(x) for x in v])
    if t is dict:
        return ('dict', [(canon(k), canon(x)) for k, x in v.items()])
    if t in (set, frozenset):
        return (t.__name__, sorted(repr(canon(x)) for x in v))
    return (t.__name__, repr(v))

bad = []
for c in json.load(sys.stdin):
    expected = eval(c['py'])
    got = pickle.loads(bytes.fromhex(c['hex']))
    if canon(got) != canon(expected):
        bad.append([c['py'][:200], c['protocol'], repr(got)[:200]])
print(json.dumps(bad))
`;
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(cases), maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr.toString());
  const bad = JSON.parse(r.stdout.toString()) as unknown[];
  t.diagnostic(`CPython read-back of random values: ${cases.length - bad.length}/${cases.length}`);
  assert.deepEqual(bad, []);
});
