import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, parseIntOption, UsageError, type OptionSpec } from '../../src/node/args.js';
import { formatPreamble } from '../../src/node/commands/preamble.js';
import { sniffFormat } from '../../src/node/commands/convert.js';
import { highlight, wantColor } from '../../src/node/highlight.js';

const SPECS: OptionSpec[] = [
  { key: 'annotate', long: 'annotate', short: 'a', help: '' },
  { key: 'memo', long: 'memo', short: 'm', help: '' },
  { key: 'indentlevel', long: 'indentlevel', short: 'l', value: 'N', help: '' },
  { key: 'output', long: 'output', short: 'o', value: 'F', help: '' },
];

test('parseArgs: short groups, attached and separate values, long =, prefixes, -- and -', () => {
  assert.deepEqual(parseArgs(['-am', '-l2', 'x', '-', '--output=o.txt'], SPECS), {
    options: { annotate: true, memo: true, indentlevel: '2', output: 'o.txt' },
    positionals: ['x', '-'],
  });
  assert.deepEqual(parseArgs(['--indent', '7', '--anno', '--', '-a', '--memo'], SPECS), {
    options: { indentlevel: '7', annotate: true },
    positionals: ['-a', '--memo'],
  });
  assert.deepEqual(parseArgs(['-al', '3'], SPECS).options, { annotate: true, indentlevel: '3' });
  assert.deepEqual(parseArgs(['-l', '-2'], SPECS).options, { indentlevel: '-2' });
});

test('parseArgs: mistakes are UsageErrors with a clear message', () => {
  assert.throws(() => parseArgs(['--nope'], SPECS), new UsageError('unknown option --nope'));
  assert.throws(() => parseArgs(['-x'], SPECS), new UsageError('unknown option -x'));
  assert.throws(() => parseArgs(['-l'], SPECS), new UsageError('option -l needs a value (N)'));
  assert.throws(() => parseArgs(['--output'], SPECS), new UsageError('option --output needs a value (F)'));
  assert.throws(() => parseArgs(['--memo=1'], SPECS), new UsageError('option --memo takes no value'));
  const twins: OptionSpec[] = [...SPECS, { key: 'outline', long: 'outline', help: '' }];
  assert.throws(() => parseArgs(['--out'], twins), new UsageError('ambiguous option --out (could be --output, --outline)'));
});

test("parseIntOption accepts what Python's int() accepts from argparse", () => {
  assert.equal(parseIntOption(' 4 ', '-l'), 4);
  assert.equal(parseIntOption('+1_000', '-l'), 1000);
  assert.equal(parseIntOption('-3', '-l'), -3);
  for (const bad of ['', '4.0', '0x10', '1__0', 'four']) assert.throws(() => parseIntOption(bad, '-l'), UsageError, bad);
});

test('formatPreamble follows str.format for {name}, {name!r} and doubled braces', () => {
  assert.equal(formatPreamble('==> {name} <==', 'a.pkl'), '==> a.pkl <==');
  assert.equal(formatPreamble('{name!r} {{x}} {name!s}', "it's"), `"it's" {x} it's`);
  assert.equal(formatPreamble('{name!r}', 'a\\b\n'), "'a\\\\b\\n'");
  assert.throws(() => formatPreamble('{other}', 'a'), UsageError);
  assert.throws(() => formatPreamble('{name', 'a'), UsageError);
  assert.throws(() => formatPreamble('name}', 'a'), UsageError);
});

test('sniffFormat tells typed JSON from pickles of every protocol', () => {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  for (const json of ['{"$tuple": []}', ' [1]', '\n"x"', '-1', '42', 'true', 'false', 'null', '\ufeff[]']) {
    assert.equal(sniffFormat(enc(json)), 'json', json);
  }
  for (const pickle of ['(lp0\n.', ']q\x00.', '}.', 'N.', 'I1\n.', 'cos\nsystem\n.', "S'a'\n.", 'V\u00e9\n.', 'F1.0\n.', ')', '']) {
    assert.equal(sniffFormat(enc(pickle)), 'pickle', JSON.stringify(pickle));
  }
  assert.equal(sniffFormat(new Uint8Array([0x80, 0x04, 0x95])), 'pickle');
});

test('highlight colors strings, bytes, numbers, keywords and names; the text is unchanged without escapes', () => {
  const text = "[{'a': b'x\\'y', 'n': -1.5e-05, 'k': None}, mod.Cls(x=True), (1,)]";
  const colored = highlight(text);
  assert.equal(colored.replace(/\x1b\[[0-9;]*m/g, ''), text);
  assert.ok(colored.includes("\x1b[32m'a'\x1b[0m"));
  assert.ok(colored.includes("\x1b[33mb'x\\'y'\x1b[0m"));
  assert.ok(colored.includes('\x1b[36m-1.5e-05\x1b[0m'));
  assert.ok(colored.includes('\x1b[35mNone\x1b[0m'));
  assert.ok(colored.includes('\x1b[34mmod.Cls\x1b[0m'));
});

test('wantColor: auto means a terminal without NO_COLOR; FORCE_COLOR and --color override', () => {
  assert.equal(wantColor('auto', true, {}), true);
  assert.equal(wantColor('auto', false, {}), false);
  assert.equal(wantColor('auto', true, { NO_COLOR: '1' }), false);
  assert.equal(wantColor('auto', true, { NO_COLOR: '' }), true);
  assert.equal(wantColor('auto', true, { TERM: 'dumb' }), false);
  assert.equal(wantColor('auto', false, { FORCE_COLOR: '1' }), true);
  assert.equal(wantColor('always', false, { NO_COLOR: '1' }), true);
  assert.equal(wantColor('never', true, {}), false);
});
