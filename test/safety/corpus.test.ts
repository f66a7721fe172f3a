import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scan, scanAsync, NUMPY_GLOBALS, TORCH_GLOBALS, type ScanOptions, type ScanReport } from '../../src/safety/index.js';

interface Case {
  name: string;
  file: string;
  expect: 'safe' | 'suspicious' | 'dangerous' | 'error';
  expectAsync?: 'safe' | 'suspicious' | 'dangerous' | 'error';
  demonstrates: string;
  source?: string;
  options?: { allow?: string | [string, string][]; allowPersistentIds?: boolean; maxOps?: number; maxNesting?: number; ml?: boolean };
}

const CORPUS = join(process.cwd(), 'test/safety/corpus');
const manifest: Case[] = JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8'));

function options(c: Case): ScanOptions {
  const o = c.options ?? {};
  const allow = o.allow === 'numpy' ? NUMPY_GLOBALS : o.allow === 'torch' ? TORCH_GLOBALS : o.allow;
  return { ...o, allow } as ScanOptions;
}

function summary(r: ScanReport): string {
  const top = r.findings[0];
  return `${r.verdict}${top ? ` — ${top.severity}: ${top.message}` : ''}${r.failures[0] ? ` — failure: ${r.failures[0].message}` : ''}`;
}

test('every corpus case gets its expected verdict (sync and async)', async () => {
  assert.ok(manifest.length >= 90, `manifest has ${manifest.length} cases`);
  const table = { dangerous: [0, 0], suspicious: [0, 0], safe: [0, 0], error: [0, 0] } as Record<string, [number, number]>;
  const wrong: string[] = [];
  for (const c of manifest) {
    const data = new Uint8Array(readFileSync(join(CORPUS, c.file)));
    const sync = scan(data, options(c));
    const asyncReport = await scanAsync(data, options(c));
    table[c.expect]![1]++;
    if (sync.verdict === c.expect) table[c.expect]![0]++;
    else wrong.push(`${c.name}: expected ${c.expect}, got ${summary(sync)}`);
    const wantAsync = c.expectAsync ?? c.expect;
    if (asyncReport.verdict !== wantAsync) wrong.push(`${c.name} (async): expected ${wantAsync}, got ${summary(asyncReport)}`);
  }
  console.log('scanner verdict table on test/safety/corpus:');
  console.log(`  dangerous caught:        ${table.dangerous![0]}/${table.dangerous![1]}`);
  console.log(`  suspicious flagged:      ${table.suspicious![0]}/${table.suspicious![1]}`);
  console.log(`  safe passed:             ${table.safe![0]}/${table.safe![1]}`);
  console.log(`  malformed failed closed: ${table.error![0]}/${table.error![1]}`);
  assert.deepEqual(wrong, []);
});
