// dis and optimize of every CPython fixture pickle under test/fixtures/pickles against CPython's
// pickletools: by digest from the goldens (generate-goldens.py), or live with python3 for a
// fixture the goldens do not know (yet), where a mismatch also shows a readable diff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ROOT, hasPython, ourDis, ourOptimize, readGolden, runPython, type DisResult, type OptimizeResult } from './golden-helpers.js';

interface FixtureGolden {
  path: string;
  content: string;
  dis: { sha256: string; error?: { type: string; message: string } };
  optimize: OptimizeResult;
}

const base = join(ROOT, 'test', 'fixtures', 'pickles');
const golden = readGolden<{ fixtures: FixtureGolden[] }>('fixtures.json');
const byPath = new Map(golden.fixtures.map((f) => [f.path, f]));

function listFiles(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) listFiles(path, out);
    else out.push(path);
  }
  return out;
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

function disDigest(result: DisResult): FixtureGolden['dis'] {
  const digest: FixtureGolden['dis'] = { sha256: sha256(result.out) };
  if (result.error) digest.error = result.error;
  return digest;
}

const files = listFiles(base).map((p) => relative(base, p).split(sep).join('/'));
const known: string[] = [];
const unknown: string[] = [];
for (const f of files) {
  const data = readFileSync(join(base, f));
  if (byPath.get(f)?.content === sha256(data)) known.push(f);
  else unknown.push(f);
}

test('fixture pickles checked by golden digests', { skip: known.length === 0 && 'no fixtures with goldens' }, () => {
  let checked = 0;
  for (const f of known) {
    const data = new Uint8Array(readFileSync(join(base, f)));
    const g = byPath.get(f)!;
    assert.deepEqual(disDigest(ourDis(data, {})), g.dis, `dis of ${f}`);
    assert.deepEqual(ourOptimize(data, 0), g.optimize, `optimize of ${f}`);
    checked++;
  }
  assert.equal(checked, known.length);
});

test(
  'fixture pickles without goldens, against python3 live',
  {
    skip:
      unknown.length === 0 ? 'every fixture has a golden' : !hasPython() && `python3 missing: ${unknown.length} fixtures unchecked (run generate-goldens.py)`,
  },
  () => {
    const datas = unknown.map((f) => new Uint8Array(readFileSync(join(base, f))));
    const expected = runPython<{ dis: DisResult; optimize: OptimizeResult }[]>(
      'live-pickletools.py',
      datas.map((d) => ({ hex: Buffer.from(d).toString('hex') })),
    );
    datas.forEach((data, i) => {
      assert.deepEqual(ourDis(data, {}), expected[i]!.dis, `dis of ${unknown[i]}`);
      assert.deepEqual(ourOptimize(data), expected[i]!.optimize, `optimize of ${unknown[i]}`);
    });
  },
);
