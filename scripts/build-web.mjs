// Builds the inspector page: one self-contained dist/web/index.html (script and
// styles inlined, so it works from file://, where Chromium refuses module
// scripts, and fetches nothing), and measures the core's bundle sizes.
// Usage: node scripts/build-web.mjs [outDir]   (default dist/web)
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(process.argv[2] ?? join(root, 'dist/web'));
mkdirSync(outDir, { recursive: true });

// keepNames: error classes name themselves after their JS class (UnpicklingError, …).
const common = { bundle: true, minify: true, keepNames: true, write: false, target: 'es2022', platform: 'browser', legalComments: 'none', logLevel: 'error' };

async function bundle(options) {
  const result = await build({ ...common, ...options });
  return result.outputFiles[0].text;
}

const js = await bundle({ entryPoints: [join(root, 'src/web/main.ts')], format: 'iife' });
const css = readFileSync(join(root, 'src/web/page.css'), 'utf8');
const template = readFileSync(join(root, 'src/web/page.html'), 'utf8');
// An inline script ends at the first "</script" whatever the JS means by it.
const safeJs = js.replace(/<\/(script)/gi, '<\\/$1');
const html = template.replace('/*CSS*/', () => css).replace('/*JS*/', () => safeJs);
writeFileSync(join(outDir, 'index.html'), html);

// The core's sizes, as an application bundling picklejar for browsers would see them.
const stdin = (contents) => ({ stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' }, format: 'esm' });
// loadsOnly: `picklejar/core`'s loads (built-ins only); defaultLoads: `picklejar`'s,
// with the standard and ML types injected; coreEntry: all of `picklejar/core`;
// wholeCore: everything browser-safe (`picklejar` and `picklejar/tools`).
const loadsOnly = await bundle(stdin("export { loads } from './src/core.js';"));
const defaultLoads = await bundle(stdin("export { loads } from './src/index.js';"));
const coreEntry = await bundle(stdin("export * from './src/core.js';"));
const wholeCore = await bundle(stdin("export * from './src/index.js'; export * from './src/tools/index.js';"));
const texts = { page: html, pageScript: js, loadsOnly, defaultLoads, coreEntry, wholeCore };
const sizes = Object.fromEntries(Object.entries(texts).map(([k, text]) => [k, Buffer.byteLength(text)]));
const gzipped = Object.fromEntries(Object.entries(texts).map(([k, text]) => [k, gzipSync(text, { level: 9 }).length]));
writeFileSync(join(outDir, 'sizes.json'), JSON.stringify({ ...sizes, gzipped }, null, 2) + '\n');
console.log(`inspector page: ${join(outDir, 'index.html')}`);
for (const [k, v] of Object.entries(sizes)) {
  console.log(`${k.padEnd(12)} ${(v / 1024).toFixed(1).padStart(8)} KiB minified ${(gzipped[k] / 1024).toFixed(1).padStart(8)} KiB gzipped`);
}
