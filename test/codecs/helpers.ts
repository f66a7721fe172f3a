/** Shared helpers of the codec tests: the fixtures Python wrote and how to judge them. */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CodecName } from '../../src/codecs/index.js';

/** test/codecs/fixtures (the sources, not build/). */
export const CODEC_FIXTURES = fileURLToPath(new URL('../../../test/codecs/fixtures/', import.meta.url));

/** manifest.json, as generate.py writes it. */
export interface CodecManifest {
  readonly payloads: Record<string, string>;
  readonly files: Record<string, { readonly payload: string; readonly codec: CodecName }>;
  readonly bombs: readonly string[];
  readonly gzipHeaders: Record<string, string>;
}

/** The manifest. */
export const MANIFEST: CodecManifest = JSON.parse(readFileSync(CODEC_FIXTURES + 'manifest.json', 'utf8')) as CodecManifest;

/** A fixture's bytes. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(CODEC_FIXTURES + name));
}

/** SHA-256 of bytes, hex (Node's, independent of the code under test). */
export function sha256Hex(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

/** The Python with the standard library codecs (python3 on PATH). */
export const STD_PYTHON = 'python3';

/** The Python with zstandard and lz4 (Debian's), overridable by PICKLEJAR_ML_PYTHON. */
export const ML_PYTHON = process.env['PICKLEJAR_ML_PYTHON'] ?? '/usr/bin/python3';

/** True when `python` runs and imports `modules`. */
export function pythonHas(python: string, modules: readonly string[]): boolean {
  const r = spawnSync(python, ['-c', modules.map((m) => `import ${m}`).join('; ') || 'pass'], { encoding: 'utf8' });
  return r.status === 0;
}

/** Runs a Python snippet with `input` on stdin; returns stdout bytes. Throws with stderr on failure. */
export function runPython(python: string, code: string, input: Uint8Array): Uint8Array {
  const r = spawnSync(python, ['-c', code], { input, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr?.toString() ?? ''}`);
  return new Uint8Array(r.stdout);
}

/** Deterministic pseudo-random bytes (xorshift), for tests that must not depend on a seed elsewhere. */
export function pseudoRandom(n: number, seed = 12345): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * Runs `fn` (a Python expression of `b`, a bytes object, giving bytes) over
 * each blob in one Python process; returns the results in order.
 */
export function runPythonBatch(python: string, imports: string, fn: string, blobs: readonly Uint8Array[]): Uint8Array[] {
  const total = blobs.reduce((n, b) => n + 4 + b.length, 0);
  const input = new Uint8Array(total);
  const view = new DataView(input.buffer);
  let at = 0;
  for (const b of blobs) {
    view.setUint32(at, b.length, true);
    input.set(b, at + 4);
    at += 4 + b.length;
  }
  const code = [
    `import sys, struct; ${imports}`,
    'data = sys.stdin.buffer.read(); at = 0; out = []',
    'while at < len(data):',
    '    n = struct.unpack_from("<I", data, at)[0]; b = data[at + 4:at + 4 + n]; at += 4 + n',
    `    r = ${fn}`,
    '    out.append(struct.pack("<I", len(r)) + r)',
    'sys.stdout.buffer.write(b"".join(out))',
  ].join('\n');
  const raw = runPython(python, code, input);
  const results: Uint8Array[] = [];
  const rv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  for (let p = 0; p < raw.length;) {
    const n = rv.getUint32(p, true);
    results.push(raw.subarray(p + 4, p + 4 + n));
    p += 4 + n;
  }
  return results;
}
