import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scan, scanAsync, type ScanReport } from '../../src/safety/index.js';

interface Row {
  file: string;
  what: string;
  expect?: 'safe' | 'suspicious' | 'dangerous' | 'error';
}

const BENIGN = join(process.cwd(), 'test/safety/benign');
const ML_PYTHON = process.env['PICKLEJAR_ML_PYTHON'] ?? '/usr/bin/python3';

function summary(r: ScanReport): string {
  const top = r.findings[0];
  return `${r.verdict}${top ? ` — ${top.severity}: ${top.message}` : ''}${r.failures[0] ? ` — failure: ${r.failures[0].message}` : ''}`;
}

async function check(dir: string): Promise<{ wrong: string[]; rows: Row[] }> {
  const rows: Row[] = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const wrong: string[] = [];
  for (const row of rows) {
    const report = await scanAsync(new Uint8Array(readFileSync(join(dir, row.file))));
    const want = row.expect ?? 'safe';
    if (report.verdict !== want) wrong.push(`${row.file} (${row.what}): expected ${want}, got ${summary(report)}`);
  }
  return { wrong, rows };
}

test('files written by numpy, torch, pandas, scikit-learn and joblib are safe with default options', async () => {
  const { wrong, rows } = await check(BENIGN);
  assert.ok(rows.length >= 60, `${rows.length} benign files`);
  assert.deepEqual(wrong, []);
});

test('the report lists the allowlisted globals it saw, with library and reason', () => {
  const r = scan(new Uint8Array(readFileSync(join(BENIGN, 'pandas-frame-p4.pkl'))));
  assert.equal(r.verdict, 'safe');
  const frame = r.allowed.find((a) => a.module === 'pandas.core.frame' && a.name === 'DataFrame');
  assert.equal(frame?.library, 'pandas');
  assert.match(frame!.why, /rebuilt by cls.__new__/);
  const reconstruct = r.allowed.find((a) => a.name === '_reconstruct');
  assert.deepEqual([reconstruct?.module, reconstruct?.library], ['numpy.core.multiarray', 'numpy']);
  // Every global seen is explained: the two lists name the same globals.
  assert.deepEqual(
    r.allowed.map((a) => [a.module, a.name]),
    r.globals.map((g) => [...g]),
  );
});

test('with ml: false the same files are flagged: numpy, pandas and sklearn globals are not standard', () => {
  for (const file of ['numpy-f64-p4.pkl', 'pandas-series-p4.pkl', 'sklearn-linear.pkl']) {
    const r = scan(new Uint8Array(readFileSync(join(BENIGN, file))), { ml: false });
    assert.notEqual(r.verdict, 'safe', file);
  }
});

test('estimator classes are explained only as rebuilt from state: called with arguments they are a finding', () => {
  // sklearn.linear_model._base.LinearRegression('x') by REDUCE, protocol 4.
  const su = (s: string): number[] => [0x8c, s.length, ...Buffer.from(s, 'latin1')];
  const bytes = Uint8Array.from([0x80, 4, ...su('sklearn.linear_model._base'), ...su('LinearRegression'), 0x93, ...su('x'), 0x85, 0x52, 0x2e]);
  const r = scan(bytes);
  assert.equal(r.verdict, 'dangerous');
  assert.match(r.findings[0]!.message, /only as a class rebuilt from its state \(scikit-learn\)/);
});

test('live: files freshly written by the installed ML libraries are safe (skips without them)', async (t) => {
  const probe = spawnSync(ML_PYTHON, ['-c', 'import numpy, torch, pandas, sklearn, joblib'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    t.skip(`${ML_PYTHON} lacks numpy/torch/pandas/sklearn/joblib`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'picklejar-benign-'));
  try {
    const gen = spawnSync(ML_PYTHON, [join(process.cwd(), 'test/safety/generate-benign.py')], {
      encoding: 'utf8',
      env: { ...process.env, PICKLEJAR_BENIGN_OUT: dir },
    });
    assert.equal(gen.status, 0, gen.stderr);
    const { wrong } = await check(dir);
    assert.deepEqual(wrong, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
