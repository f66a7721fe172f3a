// dis and optimize against a live CPython (python3 -c pickletools…) on a bounded, seeded sample:
// golden cases with annotate columns the goldens do not use, and mutated pickles (bytes changed,
// inserted, dropped, truncated) whose errors must match pickletools' too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DisOptions } from '../../src/tools/index.js';
import { fromHex, hasPython, ourDis, ourOptimize, readGolden, runPython, type DisResult, type GoldenCase, type OptimizeResult } from './golden-helpers.js';

/** A small deterministic PRNG (mulberry32), so every run checks the same sample. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPCODE_BYTES = [...'()0125FGIJKLMNPQRSTUVX]abcdeghijlopqrstu}']
  .map((c) => c.charCodeAt(0))
  .concat([
    0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x2e,
    0x0a,
  ]);

function mutate(data: Uint8Array, rand: () => number): Uint8Array {
  const bytes = [...data];
  const edits = 1 + Math.floor(rand() * 3);
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(rand() * (bytes.length + 1));
    const choice = rand();
    const opcode = OPCODE_BYTES[Math.floor(rand() * OPCODE_BYTES.length)]!;
    if (choice < 0.3) bytes.splice(at, 0, opcode);
    else if (choice < 0.55 && at < bytes.length) bytes[at] = opcode;
    else if (choice < 0.75 && at < bytes.length) bytes.splice(at, 1 + Math.floor(rand() * 3));
    else if (choice < 0.85) bytes.length = at;
    else if (at < bytes.length) bytes[at] = Math.floor(rand() * 256);
  }
  return Uint8Array.from(bytes);
}

interface Request {
  hex: string;
  options: { annotate?: number; indentlevel?: number };
}

function compareLive(requests: Request[]): { same: number; total: number } {
  const expected = runPython<{ dis: DisResult; optimize: OptimizeResult }[]>('live-pickletools.py', requests);
  let same = 0;
  requests.forEach((req, i) => {
    const data = fromHex(req.hex);
    const options: DisOptions = req.options;
    assert.deepEqual(ourDis(data, options), expected[i]!.dis, `dis(${req.hex}, ${JSON.stringify(req.options)})`);
    assert.deepEqual(ourOptimize(data), expected[i]!.optimize, `optimize(${req.hex})`);
    same++;
  });
  return { same, total: requests.length };
}

const skip = !hasPython() && 'python3 (3.11+) not available';
const small = readGolden<{ cases: GoldenCase[] }>('dis.json').cases.filter((c) => c.hex.length <= 1200);

test('golden pickles with other annotate columns and indent levels, live', { skip }, () => {
  const rand = prng(11);
  const requests: Request[] = [];
  for (let i = 0; i < 120; i++) {
    const c = small[Math.floor(rand() * small.length)]!;
    requests.push({
      hex: c.hex,
      options: { annotate: [0, 3, 17, 45, 51, 80][Math.floor(rand() * 6)]!, indentlevel: Math.floor(rand() * 7) },
    });
  }
  compareLive(requests);
});

test('mutated pickles: the same text and the same error at the same point, live', { skip }, () => {
  const rand = prng(2026);
  const requests: Request[] = [];
  for (let i = 0; i < 1000; i++) {
    const c = small[Math.floor(rand() * small.length)]!;
    const data = mutate(fromHex(c.hex), rand);
    requests.push({ hex: Buffer.from(data).toString('hex'), options: rand() < 0.3 ? { annotate: 30 } : {} });
  }
  const { same, total } = compareLive(requests);
  assert.equal(same, total);
});
