import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const INDEX = pathToFileURL(join(ROOT, 'build/src/index.js')).href;

/** Each "### <library>" example of the README's machine-learning section, by library. */
function examples(): Map<string, string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Machine-learning files');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const out = new Map<string, string>();
  for (const m of section.matchAll(/### ([^\n]+)\n+```ts\n([\s\S]*?)```/g)) out.set(m[1]!.trim(), m[2]!);
  return out;
}

const fx = (path: string): Uint8Array => new Uint8Array(readFileSync(join(ROOT, 'test/ml', path)));

/** What each example reads, as the variables it names. */
const INPUTS: Record<string, Record<string, Uint8Array>> = {
  numpy: { bytes: fx('numpy/fixtures/big_f4.p4.pkl'), npzBytes: fx('numpy/fixtures/deflated.npz') },
  pandas: { bytes: fx('pandas/fixtures/df_basic.p4.pkl') },
  'scikit-learn': { bytes: fx('sklearn/fixtures/logistic.p5.pkl') },
  joblib: { compressed: fx('joblib/fixtures/value.gzip.joblib') },
  PyTorch: { bytes: fx('torch/fixtures/state_dict.zip.pt') },
};

test('the README has one example per library', () => {
  assert.deepEqual([...examples().keys()].sort(), Object.keys(INPUTS).sort());
});

for (const [library, code] of examples()) {
  test(`README ${library} example runs as written`, async () => {
    const js = ts.transpileModule(code.replaceAll("from 'picklejar'", `from '${INDEX}'`), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const inputs = INPUTS[library]!;
    const prelude = Object.keys(inputs)
      .map((k) => `const ${k} = globalThis.__readmeInputs[${JSON.stringify(k)}];`)
      .join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'picklejar-readme-'));
    const file = join(dir, 'example.mjs');
    writeFileSync(file, `${prelude}\n${js}`);
    const g = globalThis as { __readmeInputs?: unknown };
    const log = console.log;
    const printed: unknown[] = [];
    g.__readmeInputs = inputs;
    console.log = (...args: unknown[]) => void printed.push(args);
    try {
      await import(pathToFileURL(file).href);
    } finally {
      console.log = log;
      delete g.__readmeInputs;
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
