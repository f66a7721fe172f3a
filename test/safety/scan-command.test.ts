import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runScanCommand } from '../../src/node/scan-command.js';

const CORPUS = join(process.cwd(), 'test/safety/corpus');

async function run(argv: string[], stdin?: Uint8Array): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = {
    stdout: { write: (s: string) => ((out += s), true) },
    stderr: { write: (s: string) => ((err += s), true) },
    stdin: Readable.from(stdin ? [stdin] : []),
  };
  const status = await runScanCommand(argv, io);
  return { status, out, err };
}

test('exit status 0 for safe files, with a JSON report', async () => {
  const r = await run([join(CORPUS, 'standard-types-p2.pkl'), join(CORPUS, 'npy-float.npy')]);
  assert.equal(r.status, 0);
  const doc = JSON.parse(r.out);
  assert.equal(doc.verdict, 'safe');
  assert.deepEqual(
    doc.files.map((f: { verdict: string }) => f.verdict),
    ['safe', 'safe'],
  );
  assert.equal(doc.files[0].container, 'pickle');
});

test('exit status 1 when anything is dangerous, even next to unscannable files', async () => {
  const r = await run(['--compact', join(CORPUS, 'truncated.pkl'), join(CORPUS, 'zip-deflated.pt')]);
  assert.equal(r.status, 1);
  assert.equal(r.out.trim().split('\n').length, 1);
  const doc = JSON.parse(r.out);
  assert.deepEqual(
    doc.files.map((f: { verdict: string }) => f.verdict),
    ['error', 'dangerous'],
  );
  const call = doc.files[1].findings.find((f: { kind: string }) => f.kind === 'call');
  assert.deepEqual(call.path, ['archive/data.pkl']);
  assert.deepEqual(call.global.mapped, { module: 'posix', name: 'system' });
});

test('exit status 2 for malformed, over-budget and unreadable files, and usage errors', async () => {
  assert.equal((await run([join(CORPUS, 'truncated.pkl')])).status, 2);
  assert.equal((await run(['--max-ops', '10', join(CORPUS, 'standard-types-p4.pkl')])).status, 2);
  const missing = await run([join(CORPUS, 'no-such-file.pkl')]);
  assert.equal(missing.status, 2);
  assert.match(JSON.parse(missing.out).files[0].error, /ENOENT/);
  const usage = await run(['--allow', 'nonsense', 'x']);
  assert.equal(usage.status, 2);
  assert.match(usage.err, /--allow takes numpy, torch or MODULE:NAME/);
  assert.equal((await run([])).status, 2);
  assert.equal((await run(['--bogus', 'x'])).status, 2);
});

test('--allow and --allow-persistent-ids, standard input, --help', async () => {
  const torch = join(CORPUS, 'torch-checkpoint.pt');
  assert.equal((await run(['--no-ml', torch])).status, 1);
  assert.equal((await run(['--no-ml', '--allow', 'torch', '--allow-persistent-ids', torch])).status, 0);
  assert.equal((await run([torch])).status, 0);
  assert.equal((await run([join(CORPUS, 'user-class-reconstructor.pkl')])).status, 3);
  assert.equal((await run(['--allow=mylib.models:Model', join(CORPUS, 'user-class-reconstructor-allowed.pkl')])).status, 0);
  const stdin = await run(['-'], Uint8Array.from([0x80, 0x04, 0x4e, 0x2e]));
  assert.equal(stdin.status, 0);
  assert.equal(JSON.parse(stdin.out).files[0].file, '-');
  const help = await run(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.out, /exit status: 0 all safe, 1 dangerous, 2 could not scan \(or bad usage\), 3 suspicious/);
});
