/**
 * The pickler against CPython 3.11's C pickler, byte for byte, on the corpus
 * of corpus.ts at protocols 0–5.
 *
 * - Offline: `golden.json` (what python3 wrote) is compared with `dumps`.
 * - With python3: the golden file is checked against python3 live (so it
 *   cannot drift), and every pickle `dumps` writes is loaded by CPython and
 *   dumped again to CPython's own bytes for the expression (same content and
 *   sharing).
 * Regenerate the golden file: `PICKLEJAR_REGEN=1 node --test build/test/pickler/dumps-golden.test.js`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dumps } from '../../src/pickler/index.js';
import { PicklingError } from '../../src/errors.js';
import { CASES, type Case } from './corpus.js';
import { pythonSkip } from '../helpers/python.js';
import { PICKLE_PROTOCOLS, type PickleProtocol } from '../helpers/protocols.js';

const GOLDEN = 'test/pickler/golden.json';
const SCRIPT = 'test/pickler/python-dumps.py';
const hasPython = pythonSkip() === false;
/** Long pickles are stored as a digest to keep the golden file small. */
const MAX_HEX = 4096;

type Golden = Record<string, string[]>;

function runPython(mode: string, input: unknown): Record<string, unknown> {
  const r = spawnSync('python3', [SCRIPT, mode], {
    input: JSON.stringify(input),
    env: { ...process.env, PYTHONHASHSEED: '0' },
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr.toString()}`);
  return JSON.parse(r.stdout.toString()) as Record<string, unknown>;
}

function compact(result: string): string {
  if (result.startsWith('ERR:') || result.length <= MAX_HEX) return result;
  return `sha256:${createHash('sha256').update(Buffer.from(result, 'hex')).digest('hex')}:${result.length / 2}`;
}

function summary(bytes: Uint8Array): string {
  return compact(Buffer.from(bytes).toString('hex'));
}

function protocolsOf(c: Case): readonly PickleProtocol[] {
  return c.protocols ?? PICKLE_PROTOCOLS;
}

const pythonDumps = (): Golden => {
  const raw = runPython(
    'dumps',
    CASES.map((c) => ({ name: c.name, py: c.py })),
  ) as Golden;
  const out: Golden = {};
  for (const c of CASES) out[c.name] = raw[c.name]!.map(compact);
  return out;
};

if (process.env['PICKLEJAR_REGEN'] === '1' && hasPython) {
  writeFileSync(GOLDEN, JSON.stringify(pythonDumps(), null, 0).replace(/\],"/g, '],\n"') + '\n');
}
const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden;

test('corpus names are unique and all in the golden file', () => {
  const names = new Set(CASES.map((c) => c.name));
  assert.equal(names.size, CASES.length);
  for (const c of CASES) assert.ok(golden[c.name], `golden.json lacks ${c.name}; regenerate it`);
});

test('dumps is byte-identical to CPython at every protocol (offline, golden.json)', (t) => {
  const identical = [0, 0, 0, 0, 0, 0];
  const total = [0, 0, 0, 0, 0, 0];
  const failures: string[] = [];
  for (const c of CASES) {
    for (const p of protocolsOf(c)) {
      total[p]!++;
      const expected = golden[c.name]![p]!;
      if (expected.startsWith('ERR:')) {
        // CPython refuses (e.g. a 4301-digit int at protocol 0/1): so must we.
        assert.throws(() => dumps(c.js(), { protocol: p }), PicklingError, `${c.name} at protocol ${p}`);
        identical[p]!++;
        continue;
      }
      const got = summary(dumps(c.js(), { protocol: p }));
      if (got === expected) identical[p]!++;
      else failures.push(`${c.name} @${p}: expected ${expected.slice(0, 120)} got ${got.slice(0, 120)}`);
    }
  }
  for (let p = 0; p <= 5; p++) t.diagnostic(`protocol ${p}: ${identical[p]}/${total[p]} byte-identical`);
  assert.deepEqual(failures, []);
});

test('golden.json is what python3 writes now', { skip: hasPython ? false : 'python3 3.11 not found' }, () => {
  const live = pythonDumps();
  for (const c of CASES) assert.deepEqual(golden[c.name], live[c.name], c.name);
});

test('CPython loads every pickle dumps writes back to the same value and sharing', { skip: hasPython ? false : 'python3 3.11 not found' }, (t) => {
  const input: { name: string; py: string; protocol: number; hex: string }[] = [];
  for (const c of CASES) {
    for (const p of protocolsOf(c)) {
      if (golden[c.name]![p]!.startsWith('ERR:')) continue;
      input.push({ name: c.name, py: c.py, protocol: p, hex: Buffer.from(dumps(c.js(), { protocol: p })).toString('hex') });
    }
  }
  const result = runPython('readback', input);
  const bad = Object.entries(result).filter(([, v]) => v !== 'ok');
  t.diagnostic(`CPython read-back: ${input.length - bad.length}/${input.length}`);
  assert.deepEqual(bad, []);
  assert.equal(Object.keys(result).length, input.length);
});
