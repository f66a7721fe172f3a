import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasPython, isOneLineError, picklejar, ROOT, runPython } from './harness.js';

interface DisCase {
  name: string;
  args: string[];
  status: number;
}

// Written by test/cli/make-goldens.py from `python3 -m pickletools` output.
const cases = JSON.parse(readFileSync(join(ROOT, 'test/cli/dis-cases.json'), 'utf8')) as DisCase[];
const golden = (name: string): string => readFileSync(join(ROOT, 'test/cli/goldens', `${name}.txt`), 'utf8');


for (const c of cases) {
  test(`dis ${c.args.join(' ')} equals python -m pickletools (golden ${c.name})`, () => {
    const run = picklejar(['dis', ...c.args]);
    assert.equal(run.text, golden(c.name));
    if (c.status === 0) {
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stderr, '');
    } else {
      // pickletools prints what it disassembled, then raises: picklejar prints the same, then one error line.
      assert.equal(run.status, 1);
      assert.ok(isOneLineError(run.stderr), run.stderr);
      assert.match(run.stderr, /^picklejar dis: /);
    }
  });
}

test('the dis goldens are what python3 -m pickletools prints today', { skip: hasPython() ? undefined : 'python3 not found: the committed goldens are used' }, () => {
  for (const c of cases) {
    const py = runPython(['-m', 'pickletools', ...c.args]);
    assert.equal(py.stdout.toString('utf8'), golden(c.name), c.name);
    assert.equal(py.status === 0 ? 0 : 1, c.status, c.name);
  }
});

test('dis - reads standard input, with the same text as for the file', () => {
  const run = picklejar(['dis', '-'], readFileSync(join(ROOT, 'examples/records.pkl')));
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.text, golden('records'));
});

test('dis with no FILE reads piped standard input', () => {
  const run = picklejar(['dis', '-a'], readFileSync(join(ROOT, 'examples/records.pkl')));
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.text, golden('records-annotate'));
});

test('dis -o writes the disassembly to a file and nothing to stdout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'picklejar-cli-'));
  try {
    const out = join(dir, 'out.txt');
    const run = picklejar(['dis', '-o', out, '--annotate', 'examples/records.pkl']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.text, '');
    assert.equal(readFileSync(out, 'utf8'), golden('records-annotate'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('dis of a missing file is one line on stderr and exit status 1', () => {
  const run = picklejar(['dis', 'no/such/file.pkl']);
  assert.equal(run.status, 1);
  assert.equal(run.text, '');
  assert.equal(run.stderr, 'picklejar dis: no/such/file.pkl: no such file or directory\n');
});

test('dis of a directory is one line on stderr and exit status 1', () => {
  const run = picklejar(['dis', 'examples']);
  assert.equal(run.status, 1);
  assert.equal(run.stderr, 'picklejar dis: examples: is a directory\n');
});

test('dis checks every file before printing anything, as pickletools opens them all first', () => {
  const run = picklejar(['dis', 'examples/records.pkl', 'missing.pkl']);
  assert.equal(run.status, 1);
  assert.equal(run.text, '');
  assert.equal(run.stderr, 'picklejar dis: missing.pkl: no such file or directory\n');
});
