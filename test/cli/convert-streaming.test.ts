import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dumps, loads, stringifyTypedJson } from '../../src/index.js';
import { Tuple } from '../../src/values/index.js';
import { picklejar } from './harness.js';

/** A pickle whose typed JSON is several 64 KiB chunks long, with shared and nested values. */
function bigPickle(): Uint8Array {
  const shared = new Tuple(['s', 1]);
  const floats = Array.from({ length: 60000 }, (_, i) => i / 7);
  return dumps(
    [
      floats,
      new Map<unknown, unknown>([
        ['a', shared],
        [2, [shared, 1e300, -0]],
      ]),
      'end',
    ],
    { protocol: 4 },
  );
}

test('convert --to json streams exactly the text stringifyTypedJson gives, to a file and to stdout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pj-convert-'));
  try {
    const data = bigPickle();
    const expected = stringifyTypedJson(loads(data, { lossless: true }), { indent: 2 }) + '\n';
    assert.ok(expected.length > 5 * 65536);
    const input = join(dir, 'big.pkl');
    writeFileSync(input, data);
    const toFile = picklejar(['convert', input, '-o', join(dir, 'big.json')]);
    assert.equal(toFile.status, 0, toFile.stderr);
    assert.equal(readFileSync(join(dir, 'big.json'), 'utf8'), expected);
    const toStdout = picklejar(['convert', '--indent', '0', '-'], data);
    assert.equal(toStdout.status, 0, toStdout.stderr);
    assert.equal(toStdout.text, stringifyTypedJson(loads(data, { lossless: true })) + '\n');
    // And back: the JSON converts to the same pickle bytes.
    const back = picklejar(['convert', '--protocol', '4', join(dir, 'big.json')]);
    assert.equal(back.status, 0, back.stderr);
    assert.deepEqual(new Uint8Array(back.stdout), data);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('show --json streams the same text as stringifyTypedJson of a default-mode load', () => {
  const data = bigPickle();
  const run = picklejar(['show', '--json', '-'], data);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.text, stringifyTypedJson(loads(data), { indent: 2 }) + '\n');
});

test('convert of a 100,000-deep pickle writes its JSON (no recursion)', () => {
  // Built by hand: PROTO 2, 100,000 EMPTY_LIST, then APPENDs that nest each list into the one below it.
  const depth = 100000;
  const bytes: number[] = [0x80, 0x02];
  for (let i = 0; i < depth; i++) bytes.push(0x5d); // EMPTY_LIST
  for (let i = 0; i < depth - 1; i++) bytes.push(0x61); // APPEND: the inner list into the one below it
  bytes.push(0x2e); // STOP
  const data = new Uint8Array(bytes);
  const run = picklejar(['convert', '--indent', '0', '-'], data);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.text, '['.repeat(depth) + ']'.repeat(depth) + '\n');
});
