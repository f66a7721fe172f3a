// The CLI's progress bar: on stderr, for inputs over a few MiB, saying what it does; forced on with PICKLEJAR_PROGRESS=always.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dumps } from '../../src/pickler/index.js';
import { picklejar } from './harness.js';

const tmp = mkdtempSync(join(tmpdir(), 'picklejar-progress-'));
const big = join(tmp, 'big.pkl');
writeFileSync(big, dumps({ blob: new Uint8Array(6 << 20).fill(7), n: [1, 2, 3] }, { protocol: 4 }));
const small = join(tmp, 'small.pkl');
writeFileSync(small, dumps([1, 2, 3], { protocol: 4 }));

/** The labels the bar drew, in order (each redraw starts with a carriage return and clear-line). */
function labels(stderr: string): string[] {
  return stderr
    .split('\r\x1b[K')
    .filter((s) => s.length > 0)
    .map((s) => s.split(' ')[0]!);
}

test('show draws reading, decoding and formatting for a 6 MiB file, then clears the line', () => {
  const run = picklejar(['show', big], undefined, { PICKLEJAR_PROGRESS: 'always' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.text, /^\{'blob': b'\\x07\\x07\\x07/);
  const seen = [...new Set(labels(run.stderr))];
  assert.deepEqual(
    seen.filter((l) => ['reading', 'decoding', 'formatting'].includes(l)),
    ['reading', 'decoding', 'formatting'],
  );
  // Cut to 80 columns (stderr is no terminal here, so its width is unknown).
  assert.match(run.stderr, /reading \S*big\.pkl [█░]{24} +\d+% /);
  assert.match(run.stderr, /decoding \S*big\.pkl \(6\.0 MiB\)…/);
  assert.ok(run.stderr.endsWith('\r\x1b[K'), 'the bar is cleared at the end');
});

test('dis, convert, optimize and scan say what they do on a big input', () => {
  const cases: [string[], string][] = [
    [['dis', '-o', join(tmp, 'out.txt'), big], 'disassembling'],
    [['optimize', '-o', join(tmp, 'opt.pkl'), big], 'optimizing'],
    [['convert', '-o', join(tmp, 'out.json'), big], 'converting'],
    [['scan', big], 'scanning'],
  ];
  for (const [args, label] of cases) {
    const run = picklejar(args, undefined, { PICKLEJAR_PROGRESS: 'always' });
    assert.equal(run.status, 0, run.stderr);
    if (args[0] !== 'scan') assert.ok(labels(run.stderr).includes('reading'), `${args[0]}: ${JSON.stringify(run.stderr.slice(0, 200))}`);
    assert.ok(labels(run.stderr).includes(label), `${args[0]} says ${label}`);
  }
});

test('no bar for a small input, when stderr is not a terminal, or with PICKLEJAR_PROGRESS=never', () => {
  assert.equal(picklejar(['show', small], undefined, { PICKLEJAR_PROGRESS: 'always' }).stderr, '');
  assert.equal(picklejar(['show', big]).stderr, '');
  assert.equal(picklejar(['show', big], undefined, { PICKLEJAR_PROGRESS: 'never' }).stderr, '');
});

test('a big pickle on standard input shows the bytes read (the size is unknown)', () => {
  const run = picklejar(['show', '-'], dumps(new Uint8Array(6 << 20), { protocol: 4 }), { PICKLEJAR_PROGRESS: 'always' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /reading <stdin> [\d.]+ MiB/);
});

test('convert to a pickle shows the bytes written while it writes, and writes exactly dumps()', () => {
  const out = join(tmp, 'out.pkl');
  const json = join(tmp, 'big.json');
  const value = { blob: new Uint8Array(6 << 20).fill(7), n: [1, 2, 3] };
  assert.equal(picklejar(['convert', '-o', json, big]).status, 0);
  const run = picklejar(['convert', '-o', out, '--protocol', '4', json], undefined, { PICKLEJAR_PROGRESS: 'always' });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(labels(run.stderr).includes('writing'), JSON.stringify(run.stderr.slice(0, 300)));
  assert.match(run.stderr, /writing \S*big\.json [\d.]+ MiB/);
  assert.ok(run.stderr.endsWith('\r\x1b[K'), 'the bar is cleared at the end');
  assert.deepEqual(new Uint8Array(readFileSync(out)), dumps(value, { protocol: 4 }));
  // To standard output (a pipe) too.
  const piped = picklejar(['convert', '--to', 'pickle', '--protocol', '4', big]);
  assert.equal(piped.status, 0, piped.stderr);
  assert.deepEqual(new Uint8Array(piped.stdout), dumps(value, { protocol: 4 }));
});
