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

// One python3 process runs `python -m pickletools` for every case (runpy, with sys.argv and sys.stdout swapped).
const LIVE_PICKLETOOLS = `
import io, json, runpy, sys, contextlib
out = {}
for case in json.load(open('test/cli/dis-cases.json')):
    sys.argv = ['pickletools'] + case['args']
    buf = io.StringIO()
    status = 0
    with contextlib.redirect_stdout(buf):
        try:
            runpy.run_module('pickletools', run_name='__main__', alter_sys=True)
        except SystemExit as e:
            status = 0 if e.code in (None, 0) else 1
        except Exception:
            status = 1
    out[case['name']] = [buf.getvalue(), status]
sys.stdout.write(json.dumps(out))
`;

test(
  'the dis goldens are what python3 -m pickletools prints today',
  { skip: hasPython() ? undefined : 'python3 not found: the committed goldens are used' },
  () => {
    const py = runPython(['-c', LIVE_PICKLETOOLS]);
    assert.equal(py.status, 0);
    const live = JSON.parse(py.stdout.toString('utf8')) as Record<string, [string, number]>;
    for (const c of cases) {
      assert.deepEqual(live[c.name], [golden(c.name), c.status], c.name);
    }
  },
);

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
