import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scan, scanAsync, type ScanReport } from '../../src/safety/index.js';
import { PickleError } from '../../src/errors.js';

// The corpus, the real libraries' files (joblib, torch zips and tars, npz) and the code-object pickles.
const seeds = ['test/safety/corpus', 'test/safety/benign', 'test/safety/code-objects'].flatMap((dir) =>
  readdirSync(join(process.cwd(), dir))
    .filter((f) => !f.endsWith('.json'))
    .sort()
    .map((f) => new Uint8Array(readFileSync(join(process.cwd(), dir, f)))),
);

/** mulberry32: a small deterministic PRNG, so every run fuzzes the same inputs. */
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

function mutate(input: Uint8Array, rand: () => number): Uint8Array {
  let data = input.slice();
  const int = (n: number): number => Math.floor(rand() * n);
  const rounds = 1 + int(4);
  for (let r = 0; r < rounds; r++) {
    const at = int(data.length + 1);
    switch (int(6)) {
      case 0:
        if (data.length > 0) data[at % data.length]! ^= 1 << int(8);
        break;
      case 1:
        if (data.length > 0) data[at % data.length] = [0x80, 0x2e, 0x93, 0x52, 0x95, 0xff, 0x00, 0x28][int(8)]!;
        break;
      case 2:
        data = data.slice(0, at);
        break;
      case 3: {
        const extra = Uint8Array.from({ length: 1 + int(16) }, () => int(256));
        const out = new Uint8Array(data.length + extra.length);
        out.set(data.subarray(0, at));
        out.set(extra, at);
        out.set(data.subarray(at), at + extra.length);
        data = out;
        break;
      }
      case 4: {
        const from = int(data.length + 1);
        const slice = data.slice(from, from + int(64));
        const out = new Uint8Array(data.length + slice.length);
        out.set(data.subarray(0, at));
        out.set(slice, at);
        out.set(data.subarray(at), at + slice.length);
        data = out;
        break;
      }
      default:
        data = Uint8Array.from({ length: int(64) }, () => int(256));
    }
  }
  return data;
}

function checkReport(r: ScanReport, what: string): void {
  assert.ok(['safe', 'suspicious', 'dangerous', 'error'].includes(r.verdict), what);
  if (r.verdict === 'safe') {
    assert.equal(r.failures.length, 0, `${what}: safe with failures`);
    assert.ok(
      r.findings.every((f) => f.severity !== 'critical' && f.severity !== 'high'),
      `${what}: safe with a high finding`,
    );
  }
  if (r.verdict === 'error') assert.ok(r.failures.length > 0, `${what}: error without a failure`);
  // The scanner turns its own bugs into failures (fail closed); the fuzzer must find none.
  for (const f of r.failures) assert.doesNotMatch(f.message, /internal scanner error/, what);
}

test('seeded fuzz: scan never throws and never reports an unfinished scan as safe', async () => {
  const rand = prng(0x5ca11ed);
  const counts = { safe: 0, suspicious: 0, dangerous: 0, error: 0 };
  const ITERATIONS = 4000;
  for (let i = 0; i < ITERATIONS; i++) {
    const data = mutate(seeds[i % seeds.length]!, rand);
    let report: ScanReport;
    try {
      report = scan(data, { maxOps: 100_000, maxBytes: 1 << 22 });
      if (i % 20 === 0) checkReport(await scanAsync(data, { maxOps: 100_000, maxBytes: 1 << 22 }), `async iteration ${i}`);
    } catch (e) {
      // scan documents PickleError only for programmer errors, which the fuzzer never makes.
      assert.ok(e instanceof PickleError, `iteration ${i} threw ${String(e)}`);
      assert.fail(`iteration ${i} threw ${String(e)}`);
    }
    checkReport(report, `iteration ${i}`);
    counts[report.verdict]++;
  }
  console.log(
    `fuzz: ${ITERATIONS} mutated inputs scanned: ${counts.dangerous} dangerous, ${counts.suspicious} suspicious, ${counts.safe} safe, ${counts.error} could not scan`,
  );
  assert.equal(counts.safe + counts.suspicious + counts.dangerous + counts.error, ITERATIONS);
});
