import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isOneLineError, picklejar, ROOT } from './harness.js';

const COMMANDS = ['show', 'dis', 'optimize', 'convert', 'scan'];

test('picklejar --help lists every command', () => {
  const run = picklejar(['--help']);
  assert.equal(run.status, 0);
  assert.match(run.text, /^usage: picklejar COMMAND/);
  for (const name of COMMANDS) assert.match(run.text, new RegExp(`^  ${name} `, 'm'));
});

test('bare picklejar prints the help on stderr and exits 2', () => {
  const run = picklejar([]);
  assert.equal(run.status, 2);
  assert.equal(run.text, '');
  assert.match(run.stderr, /^usage: picklejar COMMAND/);
});

for (const name of COMMANDS) {
  test(`picklejar ${name} --help and -h`, () => {
    for (const flag of ['--help', '-h']) {
      const run = picklejar([name, flag]);
      assert.equal(run.status, 0);
      assert.equal(run.stderr, '');
      assert.match(run.text, new RegExp(`^usage: picklejar ${name} `));
      assert.match(run.text, /\noptions:\n/);
    }
  });
}

test('picklejar help COMMAND is the same as COMMAND --help', () => {
  for (const name of ['dis', 'scan']) assert.equal(picklejar(['help', name]).text, picklejar([name, '--help']).text);
});

test('dis --help names every pickletools flag', () => {
  const text = picklejar(['dis', '--help']).text;
  for (const flag of ['-o, --output', '-m, --memo', '-l, --indentlevel', '-a, --annotate', '-p, --preamble']) {
    assert.ok(text.includes(flag), flag);
  }
});

test('--version prints the package version', () => {
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  for (const flag of ['--version', '-V']) {
    const run = picklejar([flag]);
    assert.equal(run.status, 0);
    assert.equal(run.text, `picklejar ${version}\n`);
  }
});

test('an unknown command is one line on stderr and exit status 2', () => {
  const run = picklejar(['frobnicate']);
  assert.equal(run.status, 2);
  assert.equal(run.text, '');
  assert.ok(isOneLineError(run.stderr), run.stderr);
  assert.match(run.stderr, /unknown command 'frobnicate'/);
});

test('an unknown option, a missing value and a bad integer are usage errors (exit 2, one line)', () => {
  const cases: [string[], RegExp][] = [
    [['show', '--bogus', 'examples/records.pkl'], /unknown option --bogus/],
    [['dis', '-z', 'examples/records.pkl'], /unknown option -z/],
    [['dis', 'examples/records.pkl', '-l'], /option -l needs a value/],
    [['dis', '-l', 'four', 'examples/records.pkl'], /invalid integer value 'four'/],
    [['convert', '--to', 'xml', 'examples/records.pkl'], /--to must be json or pickle/],
    [['convert', '--protocol', '9', 'examples/records.pkl'], /--protocol must be between 0 and 5/],
    [['show', '--color', 'sometimes', 'examples/records.pkl'], /--color must be auto, always or never/],
    [['optimize', 'a.pkl', 'b.pkl'], /expected one input, got 2/],
  ];
  for (const [args, message] of cases) {
    const run = picklejar(args);
    assert.equal(run.status, 2, args.join(' '));
    assert.ok(isOneLineError(run.stderr), run.stderr);
    assert.match(run.stderr, message);
    assert.match(run.stderr, /\(see picklejar \w+ --help\)\n$/);
  }
});

test('--help documents every option each command parser accepts, and nothing it does not', async () => {
  const { COMMANDS: commands } = await import('../../src/node/run-cli.js');
  for (const command of commands) {
    const help = picklejar([command.name, '--help']).text;
    const section = help.slice(help.indexOf('\noptions:\n'), help.indexOf('\nexamples:') >= 0 ? help.indexOf('\nexamples:') : undefined);
    const documented = new Set([...section.matchAll(/(?:^|[\s,])(--?[a-zA-Z][\w-]*)/gm)].map((m) => m[1]!));
    let accepted: Set<string>;
    if (command.raw) {
      // scan parses its own arguments: every `case '--flag':` of its parser.
      const source = readFileSync(join(ROOT, 'src', 'node', 'scan-command.ts'), 'utf8');
      accepted = new Set([...source.matchAll(/case '(--?[a-zA-Z][\w-]*)':/g)].map((m) => m[1]!));
    } else {
      accepted = new Set(['--help', '-h']);
      for (const o of command.options) {
        accepted.add(`--${o.long}`);
        if (o.short) accepted.add(`-${o.short}`);
      }
    }
    const inHelpOnly = [...documented].filter((f) => !accepted.has(f) && /^--?[a-z]/.test(f));
    assert.deepEqual(
      [...accepted].filter((f) => !documented.has(f)),
      [],
      `${command.name}: accepted but not in --help`,
    );
    assert.deepEqual(inHelpOnly, [], `${command.name}: in --help but not accepted`);
  }
});
