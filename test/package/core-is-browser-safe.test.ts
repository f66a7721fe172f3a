import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// The core must run in browsers: only src/node/ may import Node built-ins.
function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

test('nothing outside src/node imports a node: module or a bare Node built-in', () => {
  const offenders: string[] = [];
  for (const file of sources('src')) {
    if (file.startsWith(join('src', 'node'))) continue;
    const text = readFileSync(file, 'utf8');
    if (/from\s+['"](node:|fs|path|crypto|child_process|os|stream|zlib|buffer)['"/]/.test(text)) offenders.push(file);
    if (/\bimport\(\s*['"]node:/.test(text) || /\brequire\(/.test(text)) offenders.push(file);
  }
  assert.deepEqual(offenders, []);
});

test('the core uses no Buffer or process globals', () => {
  const offenders: string[] = [];
  for (const file of sources('src')) {
    if (file.startsWith(join('src', 'node'))) continue;
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    if (/\bBuffer\.|\bprocess\./.test(code)) offenders.push(file);
  }
  assert.deepEqual(offenders, []);
});
