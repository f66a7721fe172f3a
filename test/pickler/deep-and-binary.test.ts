/**
 * 100,000-deep nesting (no recursion in the pickler) and the JS binary types
 * without a Python twin (typed arrays, ArrayBuffer, DataView, Buffer → bytes).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { pythonSkip } from '../helpers/python.js';
import { dumps } from '../../src/pickler/index.js';
import { Tuple } from '../../src/values/index.js';

const hasPython = pythonSkip() === false;
const DEPTH = 100_000;

function nested(kind: 'list' | 'dict' | 'tuple' | 'mixed'): unknown {
  let v: unknown = kind === 'dict' ? {} : kind === 'tuple' ? new Tuple([]) : [];
  for (let i = 0; i < DEPTH; i++) {
    const k = kind === 'mixed' ? (['list', 'dict', 'tuple'] as const)[i % 3] : kind;
    v = k === 'list' ? [v] : k === 'dict' ? { k: v } : new Tuple([v]);
  }
  return v;
}

/** Loads each pickle in CPython (its unpickler is not recursive) and measures the nesting iteratively. */
function pythonDepths(pickles: Uint8Array[]): number[] {
  const script = `
import sys, pickle, json
out = []
for h in json.load(sys.stdin):
    v = pickle.loads(bytes.fromhex(h))
    d = 0
    while True:
        if isinstance(v, dict):
            if not v: break
            v = v['k']
        elif len(v):
            v = v[0]
        else:
            break
        d += 1
    out.append(d)
print(json.dumps(out))
`;
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(pickles.map((p) => Buffer.from(p).toString('hex'))), maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr.toString());
  return JSON.parse(r.stdout.toString()) as number[];
}

test('100,000-deep lists, dicts, tuples dump at every protocol without recursion', { skip: false }, () => {
  const pickles: Uint8Array[] = [];
  for (const kind of ['list', 'dict', 'tuple', 'mixed'] as const) {
    const value = nested(kind);
    for (const protocol of [0, 2, 4, 5] as const) {
      const b = dumps(value, { protocol });
      assert.equal(b[b.length - 1], 0x2e);
      pickles.push(b);
    }
  }
  // Exact bytes for a deep list at protocol 2: ']' BINPUT/LONG_BINPUT per list, then one APPEND per level.
  const b = dumps(nested('list'), { protocol: 2 });
  const puts = 256 * 3 + (DEPTH + 1 - 256) * 6; // ']q\xNN' (3 bytes) below 256, ']r\xNN\xNN\xNN\xNN' (6 bytes) after
  assert.equal(b.length, 2 + puts + DEPTH + 1);
  if (hasPython)
    assert.deepEqual(
      pythonDepths(pickles),
      pickles.map(() => DEPTH),
    );
});

test('typed arrays, ArrayBuffer, DataView and Buffer dump as bytes of their content', () => {
  const f = new Float64Array([1.5]);
  const expected = dumps(new Uint8Array(f.buffer));
  assert.deepEqual(dumps(f), expected);
  assert.deepEqual(dumps(f.buffer), expected);
  assert.deepEqual(dumps(new DataView(f.buffer)), expected);
  // A view covers only its own bytes.
  const i16 = new Int16Array([1, 2, 3, 4]).subarray(1, 3);
  assert.deepEqual([...dumps(i16, { protocol: 3 })], [0x80, 3, 0x43, 4, 2, 0, 3, 0, 0x71, 0, 0x2e]);
  assert.deepEqual(dumps(Buffer.from('ab'), { protocol: 3 }), dumps(Uint8Array.of(97, 98), { protocol: 3 }));
  // Shared views are memoized by identity.
  const shared = new Uint16Array([7]);
  assert.deepEqual([...dumps([shared, shared], { protocol: 3 })], [0x80, 3, 0x5d, 0x71, 0, 0x28, 0x43, 2, 7, 0, 0x71, 1, 0x68, 1, 0x65, 0x2e]);
});
