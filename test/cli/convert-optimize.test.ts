import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasPython, isOneLineError, picklejar, ROOT, runPython } from './harness.js';

const read = (path: string): Buffer => readFileSync(join(ROOT, path));
const OPTIMIZED = ['nested-p0', 'nested-p2', 'shared-p3', 'objects-p4', 'big-p5'];

for (const name of OPTIMIZED) {
  test(`optimize ${name}.pkl equals pickletools.optimize (golden)`, () => {
    const run = picklejar(['optimize', `test/cli/fixtures/${name}.pkl`]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.stdout, read(`test/cli/goldens/${name}.opt.pkl`));
  });
}

test('optimize -o OUT writes the file; optimize - reads standard input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'picklejar-cli-'));
  try {
    const out = join(dir, 'o.pkl');
    const run = picklejar(['optimize', 'test/cli/fixtures/shared-p3.pkl', '-o', out]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.text, '');
    assert.deepEqual(readFileSync(out), read('test/cli/goldens/shared-p3.opt.pkl'));
    const piped = picklejar(['optimize', '-'], read('test/cli/fixtures/big-p5.pkl'));
    assert.deepEqual(piped.stdout, read('test/cli/goldens/big-p5.opt.pkl'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('optimize of a truncated pickle: one line, exit 1, nothing written', () => {
  const run = picklejar(['optimize', 'test/cli/fixtures/odd-truncated.pkl']);
  assert.equal(run.status, 1);
  assert.equal(run.stdout.length, 0);
  assert.ok(isOneLineError(run.stderr), run.stderr);
  assert.match(run.stderr, /^picklejar optimize: test\/cli\/fixtures\/odd-truncated.pkl: /);
});

test('convert: pickle -> typed JSON -> pickle gives back the bytes CPython wrote', () => {
  for (const [file, protocol] of [
    ['examples/records.pkl', 4],
    ['test/cli/fixtures/nested-p0.pkl', 0],
    ['test/cli/fixtures/nested-p2.pkl', 2],
    ['test/cli/fixtures/shared-p3.pkl', 3],
    ['test/cli/fixtures/objects-p4.pkl', 4],
  ] as const) {
    const json = picklejar(['convert', file]);
    assert.equal(json.status, 0, json.stderr);
    assert.match(json.text, /^[[{]/);
    const back = picklejar(['convert', '--protocol', String(protocol), '-'], json.stdout);
    assert.equal(back.status, 0, back.stderr);
    assert.deepEqual(back.stdout, read(file), file);
  }
});

test('convert --to pickle re-encodes a pickle at another protocol, which CPython reads back', () => {
  for (const protocol of [0, 1, 2, 3, 4, 5]) {
    const run = picklejar(['convert', '--to', 'pickle', '-p', String(protocol), 'examples/records.pkl']);
    assert.equal(run.status, 0, run.stderr);
    if (protocol >= 2) assert.equal(run.stdout[1], protocol);
    if (hasPython()) {
      const script = 'import pickle,sys; a=pickle.loads(sys.stdin.buffer.read()); b=pickle.load(open("examples/records.pkl","rb")); print(repr(a)==repr(b))';
      assert.equal(runPython(['-c', script], run.stdout).stdout.toString().trim(), 'True', `protocol ${protocol}`);
    }
  }
});

test('convert --indent 0 writes one line of JSON; --from json refuses a pickle', () => {
  const run = picklejar(['convert', '--indent', '0', 'test/cli/fixtures/memo-first.pkl']);
  assert.equal(run.text, '1\n');
  const bad = picklejar(['convert', '--from', 'json', 'examples/records.pkl']);
  assert.equal(bad.status, 1);
  assert.ok(isOneLineError(bad.stderr), bad.stderr);
  assert.match(bad.stderr, /^picklejar convert: examples\/records.pkl: invalid JSON|TypedJsonError/);
});

test('convert of invalid typed JSON: one line, exit 1', () => {
  const run = picklejar(['convert', '-'], '{"$nonsense": 1}');
  assert.equal(run.status, 1);
  assert.ok(isOneLineError(run.stderr), run.stderr);
  assert.match(run.stderr, /^picklejar convert: <stdin>: TypedJsonError: /);
});
