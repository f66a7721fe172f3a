import { test } from 'node:test';
import assert from 'node:assert/strict';
import { picklejar } from './harness.js';

// The scanner has its own tests; these check that `picklejar scan` reaches it through the real binary.
test('scan --json of a plain data pickle: verdict safe, exit 0, JSON on stdout', () => {
  const run = picklejar(['scan', '--json', 'examples/records.pkl']);
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.text) as { verdict: string; files: { file: string; verdict: string }[] };
  assert.equal(report.verdict, 'safe');
  assert.deepEqual(
    report.files.map((f) => [f.file, f.verdict]),
    [['examples/records.pkl', 'safe']],
  );
});

test('scan of a pickle that calls os.system: exit 1, verdict dangerous (read from stdin)', () => {
  // cos\nsystem\n(S'echo hi'\ntR. : what pickle.loads would turn into os.system('echo hi').
  const run = picklejar(['scan', '--json', '-'], "cos\nsystem\n(S'echo hi'\ntR.");
  assert.equal(run.status, 1, run.stderr);
  assert.equal((JSON.parse(run.text) as { verdict: string }).verdict, 'dangerous');
});
