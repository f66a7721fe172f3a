// Every command reads a pipe when no FILE is given, opening it by content like a file (every codec).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { picklejar } from './harness.js';

const F = 'test/node/fixtures/';

test('show, dis, convert, optimize and scan read standard input with no FILE, compressed or not', () => {
  const reference = {
    show: picklejar(['show', F + 'multi.pkl']).text,
    dis: picklejar(['dis', F + 'multi.pkl']).text,
    convert: picklejar(['convert', F + 'multi.pkl']).text,
    optimize: picklejar(['optimize', F + 'multi.pkl']).stdout,
  };
  assert.equal(reference.show, "{'C': 1.0, 'name': 'Ada', 'n': [1, 2, 3]}\n");
  for (const name of ['multi.pkl', 'multi.pkl.gz', 'multi.pkl.z', 'multi.pkl.bz2', 'multi.pkl.xz', 'multi.pkl.zst']) {
    const input = readFileSync(F + name);
    for (const command of ['show', 'dis', 'convert'] as const) {
      const run = picklejar([command], input);
      assert.equal(run.status, 0, `${command} < ${name}: ${run.stderr}`);
      assert.equal(run.text, reference[command], `${command} < ${name}`);
    }
    assert.deepEqual(picklejar(['optimize'], input).stdout, reference.optimize, `optimize < ${name}`);
    const scan = picklejar(['scan', '--json'], input);
    assert.equal(scan.status, 0, `scan < ${name}: ${scan.stderr}`);
    assert.equal((JSON.parse(scan.text) as { verdict: string }).verdict, 'safe');
  }
});
