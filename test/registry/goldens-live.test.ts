/**
 * The committed CPython goldens (test/stdlib/fixtures.json,
 * test/registry/protocol-fixtures.json, test/registry/hook-fixtures.json) are
 * what the local python3 writes today. Skips without python3.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { NO_PYTHON } from './python.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

for (const [script, golden] of [
  ['test/stdlib/generate-fixtures.py', 'test/stdlib/fixtures.json'],
  ['test/registry/generate-protocol-fixtures.py', 'test/registry/protocol-fixtures.json'],
  ['test/registry/generate-hook-fixtures.py', 'test/registry/hook-fixtures.json'],
] as const) {
  test(`${golden} matches python3 today`, { skip: NO_PYTHON }, () => {
    const run = spawnSync('python3', ['-B', join(root, script), '--stdout'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(run.status, 0, run.stderr);
    const live = JSON.parse(run.stdout) as Record<string, unknown>;
    const committed = JSON.parse(readFileSync(join(root, golden), 'utf8')) as Record<string, unknown>;
    if ('python' in live) {
      // The CPython patch version is informational only.
      delete live['python'];
      delete committed['python'];
    }
    assert.deepEqual(live, committed);
  });
}
