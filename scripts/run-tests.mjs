// Runs every compiled test file (build/test/**/*.test.js) with Node's built-in
// test runner. Node 20's `--test` takes no globs, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const filter = process.argv.slice(2);
let files = collect('build/test', []);
if (filter.length > 0) files = files.filter((f) => filter.some((part) => f.includes(part)));
if (files.length === 0) {
  console.error('no test files found under build/test');
  process.exit(1);
}
// The `picklejar-source` condition makes `import 'picklejar'` (as the examples
// write it) resolve to the compiled sources under build/, the copy the tests use.
const result = spawnSync(process.execPath, ['--conditions=picklejar-source', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
