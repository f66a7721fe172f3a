import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildPage, ROOT } from './browser.js';

// Budgets, minified (esbuild, keepNames). Measured when the standard and ML
// types became bindings injected into the VMs (wave 3, with the restructured
// VMs merged): page 385 KiB; `picklejar/core`'s loads alone 87 KiB (was
// 151 KiB when the loader imported every binding); `picklejar`'s loads, with
// them, 160 KiB; all of `picklejar/core` 139 KiB; everything browser-safe 439 KiB. The budgets leave
// room for growth and catch a bundle that suddenly drags in something it
// should not (a Node polyfill, a second copy of a codec, a binding in the core).
const BUDGET = {
  page: 900 * 1024,
  loadsOnly: 110 * 1024,
  defaultLoads: 220 * 1024,
  coreEntry: 180 * 1024,
  wholeCore: 700 * 1024,
};

test('the page and the core stay within their size budgets', () => {
  const dir = join(ROOT, 'build/web-size');
  buildPage(dir);
  const sizes = JSON.parse(readFileSync(join(dir, 'sizes.json'), 'utf8')) as Record<keyof typeof BUDGET | 'pageScript', number>;
  const html = readFileSync(join(dir, 'index.html'));
  assert.equal(sizes.page, html.length);
  for (const key of Object.keys(BUDGET) as (keyof typeof BUDGET)[]) {
    assert.ok(sizes[key] > 0 && sizes[key] <= BUDGET[key], `${key}: ${sizes[key]} bytes, budget ${BUDGET[key]}`);
  }
  // loads alone must be a real subset of the core, or tree-shaking broke.
  assert.ok(sizes.loadsOnly < sizes.wholeCore * 0.75, `loads alone ${sizes.loadsOnly} vs whole core ${sizes.wholeCore}`);
  // The core's loads carries no binding: well under the loads that has them.
  assert.ok(sizes.loadsOnly < sizes.defaultLoads * 0.7, `core loads ${sizes.loadsOnly} vs default loads ${sizes.defaultLoads}`);
  // Gzipped, the page is what a static host would serve.
  assert.ok(gzipSync(html).length < 300 * 1024);
});

test('the page is one self-contained file that references nothing outside itself', () => {
  const dir = join(ROOT, 'build/web-size');
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=|@import|url\(\s*['"]?https?:/i);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:"/);
  assert.equal((html.match(/<script>/g) ?? []).length, 1);
});
