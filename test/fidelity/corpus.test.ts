/**
 * Issue 12, "Done means": the corpus of pickles that real libraries write
 * (test/fidelity/generate.py) round-trips losslessly byte for byte, through
 * typed JSON too, and default-mode round trips read back in CPython with the
 * same types. The expected outcome per file is committed (expected.json), so
 * a regression and an improvement both show.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dumps } from '../../src/index.js';
import { parseTypedJson, stringifyTypedJson } from '../../src/typed-json/index.js';
import { loads } from '../../src/index.js';
import { asProtocol } from '../helpers/protocols.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'fidelity');
const CORPUS = join(DIR, 'corpus');

interface Case {
  readonly name: string;
  readonly library: string;
  readonly protocol: number;
}
interface Expected {
  /** Files whose lossless round trip is not byte-identical yet, with the reason. */
  readonly notIdentical: Record<string, string>;
  /** Files whose default-mode round trip CPython does not read back as the same value yet. */
  readonly defaultDiffers: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8')) as { cases: Case[] };
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Expected;
const ML_PYTHON = process.env.PICKLEJAR_ML_PYTHON ?? '/usr/bin/python3';
const HAS_ML = spawnSync(ML_PYTHON, ['-c', 'import numpy, pandas, sklearn, dill'], { encoding: 'utf8' }).status === 0;

function file(c: Case): Uint8Array {
  return new Uint8Array(readFileSync(join(CORPUS, c.name)));
}

function tally(rows: { library: string; ok: boolean }[]): string {
  const by = new Map<string, [number, number]>();
  for (const r of rows) {
    const t = by.get(r.library) ?? [0, 0];
    t[0] += r.ok ? 1 : 0;
    t[1]++;
    by.set(r.library, t);
  }
  return [...by].map(([lib, [ok, n]]) => `${lib} ${ok}/${n}`).join(', ');
}

test('corpus: lossless loads dump back byte-identically (standardTypes on and off), also through typed JSON', (t) => {
  const rows: { library: string; ok: boolean }[] = [];
  const notIdentical: string[] = [];
  for (const c of manifest.cases) {
    const data = file(c);
    let identical = true;
    for (const standardTypes of [true, false]) {
      let value: unknown;
      try {
        value = loads(data, { lossless: true, standardTypes, keepPython2Strings: c.library === 'python2' });
      } catch {
        identical = false; // listed in expected.json with the reason
        break;
      }
      const direct = dumps(value, { protocol: asProtocol(c.protocol), standardTypes });
      const json = stringifyTypedJson(value, { standardTypes, protocol: asProtocol(c.protocol) });
      const via = dumps(parseTypedJson(json), { protocol: asProtocol(c.protocol), standardTypes });
      assert.deepEqual(Buffer.from(via), Buffer.from(direct), `${c.name} standardTypes=${standardTypes}: typed JSON changed the bytes`);
      if (!Buffer.from(direct).equals(Buffer.from(data))) identical = false;
    }
    rows.push({ library: c.library, ok: identical });
    if (!identical) notIdentical.push(c.name);
  }
  t.diagnostic(`byte-identical: ${tally(rows)}`);
  assert.deepEqual(notIdentical.sort(), Object.keys(expected.notIdentical).sort());
});

test(
  'corpus: default-mode round trips read back in CPython as the same values',
  { skip: HAS_ML ? false : `${ML_PYTHON} lacks numpy/pandas/sklearn/dill` },
  (t) => {
    const input: string[] = [];
    for (const c of manifest.cases) {
      const data = file(c);
      const ours = dumps(loads(data, { encoding: 'latin1' }), { protocol: asProtocol(c.protocol) });
      input.push(JSON.stringify({ name: c.name, original: Buffer.from(data).toString('hex'), ours: Buffer.from(ours).toString('hex') }));
    }
    const r = spawnSync(ML_PYTHON, [join(DIR, 'readback.py')], { input: input.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(r.status, 0, r.stderr);
    const lib = new Map(manifest.cases.map((c) => [c.name, c.library]));
    // Default mode keeps Python's types and values, not which equal strs were separate
    // objects (lossless mode keeps that): those cases compare with equal strs as one object.
    const results = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { name: string; same: boolean; sameStrsByValue: boolean; error?: string })
      .map((x) => (lib.get(x.name) === 'separate-strs' ? { ...x, same: x.sameStrsByValue } : x));
    t.diagnostic(`same in CPython: ${tally(results.map((x) => ({ library: lib.get(x.name)!, ok: x.same })))}`);
    const differs = results.filter((x) => !x.same).map((x) => x.name);
    assert.deepEqual(differs.sort(), Object.keys(expected.defaultDiffers).sort(), JSON.stringify(results.filter((x) => !x.same)));
  },
);
