import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTypedJson } from '../../src/typed-json/index.js';
import { isOneLineError, picklejar, ROOT } from './harness.js';

const RECORDS = 'examples/records.pkl';
const golden = (name: string): string => readFileSync(join(ROOT, 'test/cli/goldens', name), 'utf8');

test('show prints the value as Python pprint.pp does, 80 columns when not on a terminal', () => {
  const run = picklejar(['show', RECORDS]);
  assert.equal(run.stderr, '');
  assert.equal(run.status, 0);
  assert.equal(run.text, golden('show-records-w80.txt'));
});

test('show --width N wraps as pprint.pp(width=N)', () => {
  const run = picklejar(['show', '--width', '200', RECORDS]);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.text, golden('show-records-w200.txt'));
  assert.equal(picklejar(['show', '-w200', RECORDS]).text, golden('show-records-w200.txt'));
});

// pprint splits a long bytes (or str) literal over several lines; so does pyFormat.
test('show --width 40 splits long bytes as pprint.pp(width=40)', () => {
  const run = picklejar(['show', '--width', '40', RECORDS]);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.text, golden('show-records-w40.txt'));
});

test('show is not colored off a terminal, colored with --color=always, never with NO_COLOR', () => {
  assert.doesNotMatch(picklejar(['show', RECORDS]).text, /\x1b\[/);
  const colored = picklejar(['show', '--color=always', RECORDS]).text;
  assert.match(colored, /\x1b\[32m'Ada Lovelace'\x1b\[0m/);
  assert.equal(colored.replace(/\x1b\[[0-9;]*m/g, ''), golden('show-records-w80.txt'));
  assert.doesNotMatch(picklejar(['show', RECORDS], undefined, { NO_COLOR: '1' }).text, /\x1b\[/);
  assert.match(picklejar(['show', RECORDS], undefined, { FORCE_COLOR: '1' }).text, /\x1b\[/);
});

test('show --json prints typed JSON that reads back to the same value as the repr', () => {
  const run = picklejar(['show', '--json', RECORDS]);
  assert.equal(run.status, 0, run.stderr);
  const text = run.text;
  assert.ok(text.startsWith('[\n  {\n'), text.slice(0, 40));
  assert.ok(text.includes('"name": "Ada Lovelace"'));
  assert.ok(text.includes('"$float": "nan"'));
  assert.ok(text.includes('"$bytes": "iVBORw0KGgo="'));
  assert.ok(text.includes('"$tuple": ['));
  // The typed JSON decodes back to a value whose repr is the repr `show` prints.
  const value = parseTypedJson(text);
  assert.ok(Array.isArray(value) && value.length === 3);
  const viaJson = picklejar(['convert', '--to', 'pickle', '-'], text);
  assert.equal(viaJson.status, 0, viaJson.stderr);
  assert.equal(picklejar(['show', '-'], viaJson.stdout).text, golden('show-records-w80.txt'));
});

test('show - and show with piped standard input read standard input', () => {
  const data = readFileSync(join(ROOT, RECORDS));
  for (const args of [['show', '-'], ['show']]) {
    const run = picklejar(args, data);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.text, golden('show-records-w80.txt'));
  }
});

test('show of several files prints a header before each', () => {
  const data = readFileSync(join(ROOT, RECORDS));
  const run = picklejar(['show', '-w', '200', 'test/cli/fixtures/memo-first.pkl', '-', 'test/cli/fixtures/odd-proto-twice.pkl'], data);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(
    run.text,
    '==> test/cli/fixtures/memo-first.pkl <==\n1\n==> <stdin> <==\n' +
      golden('show-records-w200.txt') +
      '==> test/cli/fixtures/odd-proto-twice.pkl <==\nNone\n',
  );
});

test('show --all prints every pickle of a stream; by default only the first', () => {
  const file = 'test/cli/fixtures/odd-two-pickles.pkl';
  assert.equal(picklejar(['show', file]).text, '1\n');
  const all = picklejar(['show', '--all', file]);
  assert.equal(all.status, 0, all.stderr);
  assert.equal(all.text, "1\n'two'\n");
});

test('show of a missing file: one line on stderr, exit 1, the other files still shown', () => {
  const run = picklejar(['show', 'nope.pkl', 'test/cli/fixtures/memo-first.pkl']);
  assert.equal(run.status, 1);
  assert.equal(run.stderr, 'picklejar show: nope.pkl: no such file or directory\n');
  assert.equal(run.text, '==> test/cli/fixtures/memo-first.pkl <==\n1\n');
});

test('show of a malformed pickle: one line naming the error class, offset and opcode; exit 1', () => {
  for (const file of ['test/cli/fixtures/odd-truncated.pkl', 'test/cli/fixtures/odd-unknown-opcode.pkl', 'test/cli/fixtures/odd-pop-empty.pkl']) {
    const run = picklejar(['show', file]);
    assert.equal(run.status, 1, file);
    assert.equal(run.text, '');
    assert.ok(isOneLineError(run.stderr), run.stderr);
    assert.match(run.stderr, new RegExp(`^picklejar show: ${file}: UnpicklingError: .* at byte \\d+`));
  }
});

test('show of empty standard input is an error, not a crash', () => {
  const run = picklejar(['show', '-'], '');
  assert.equal(run.status, 1);
  assert.ok(isOneLineError(run.stderr), run.stderr);
  assert.match(run.stderr, /^picklejar show: <stdin>: UnpicklingError: /);
});
