import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTorch } from '../../../src/containers/torch.js';
import { writeTorch } from '../../../src/containers/torch-write.js';
import { EXPECTED, TORCH_TEST_DIR, fixture, mlPython } from './helpers.js';

// torch 1.13's weights_only unpickler refuses Python floats (BINFLOAT), so torch's own
// checkpoint fixture (lr, momentum…) fails it too; every other case must pass.
const WEIGHTS_ONLY_CASES = Object.keys(EXPECTED.cases).filter((n) => n !== 'checkpoint');

test('torch.load(weights_only=True) reads writeTorch re-dumps of every zip and legacy fixture, equal to the original (live)', (t) => {
  const py = mlPython();
  if ('skip' in py) return t.skip(py.skip);
  const dir = mkdtempSync(join(tmpdir(), 'picklejar-torch-'));
  try {
    const files: [string, string][] = [];
    for (const name of WEIGHTS_ONLY_CASES) {
      for (const format of ['zip', 'legacy']) {
        for (const lossless of [false, true]) {
          const value = readTorch(fixture(`${name}.${format}.pt`), { lossless });
          const path = join(dir, `${name}.${format}.${lossless ? 'lossless' : 'default'}.pt`);
          writeFileSync(path, writeTorch(value));
          files.push([name, path]);
        }
      }
    }
    const r = spawnSync(py.python, [join(TORCH_TEST_DIR, 'load_summary.py'), ...files.map(([, p]) => p)], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, files.length);
    files.forEach(([name, path], i) => assert.deepEqual(JSON.parse(lines[i]!), EXPECTED.cases[name], path));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
