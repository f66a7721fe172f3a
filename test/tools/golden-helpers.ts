// Shared by the pickletools tests: the goldens (written by generate-goldens.py) and a live CPython.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dis, optimize, PickletoolsError, type DisOptions } from '../../src/tools/index.js';
import { pythonSkip } from '../helpers/python.js';

/** The repository root (this file runs as build/test/tools/golden-helpers.js). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const GOLDEN_DIR = join(ROOT, 'test', 'tools', 'golden');

/** dis option sets of the goldens, by name, as DisOptions. */
export const OPTION_SETS: Readonly<Record<string, DisOptions>> = {
  default: {},
  annotate1: { annotate: 1 },
  annotate30: { annotate: 30 },
  indent0: { indentlevel: 0 },
  indent2: { indentlevel: 2 },
};

/** What pickletools did: the text written and the exception raised, if any. */
export interface DisResult {
  out: string;
  error?: { type: string; message: string };
}

/** pickletools.optimize's result: the bytes (hex), or their digest when long, or the exception. */
export type OptimizeResult = { hex: string } | { sha256: string; length: number } | { error: { type: string; message: string } };

export interface GoldenCase {
  name: string;
  hex: string;
  dis: Record<string, DisResult>;
  optimize: OptimizeResult;
}

/** Reads a golden JSON file. */
export function readGolden<T>(name: string): T {
  return JSON.parse(readFileSync(join(GOLDEN_DIR, name), 'utf8')) as T;
}

export function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** Runs picklejar's dis and reports like the goldens. Anything but a PickletoolsError is rethrown. */
export function ourDis(data: Uint8Array, options: DisOptions): DisResult {
  try {
    return { out: dis(data, options) };
  } catch (e) {
    if (!(e instanceof PickletoolsError)) throw e;
    return { out: e.output, error: { type: e.pythonType, message: e.reason } };
  }
}

/** Runs picklejar's optimize and reports like the goldens. */
export function ourOptimize(data: Uint8Array, digestOver = 16384): OptimizeResult {
  try {
    const out = optimize(data);
    if (out.length > digestOver) return { sha256: createHash('sha256').update(out).digest('hex'), length: out.length };
    return { hex: Buffer.from(out).toString('hex') };
  } catch (e) {
    if (!(e instanceof PickletoolsError)) throw e;
    return { error: { type: e.pythonType, message: e.reason } };
  }
}

/** True when the Python oracle is available to compare against live (see test/helpers/python.ts). */
export function hasPython(): boolean {
  return pythonSkip() === false;
}

/** Runs a Python script with JSON on stdin and returns its JSON output. */
export function runPython<T>(script: string, input: unknown): T {
  const run = spawnSync('python3', [join(ROOT, 'test', 'tools', script)], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  if (run.status !== 0) throw new Error(`${script} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
