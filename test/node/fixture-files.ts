// Shared by the file, stream, container and CLI tests: Python-written files (make-fixtures.py).
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Unpickler } from '../../src/unpickler/index.js';

/** test/node/fixtures in the source tree (this file runs from build/test/node). */
export const FILES = fileURLToPath(new URL('../../../test/node/fixtures/', import.meta.url));

/** Absolute path of a fixture. */
export const fixture = (name: string): string => FILES + name;

/** The bytes of a fixture. */
export const fixtureBytes = (name: string): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(fixture(name)));

/** Every pickle of `data`, loaded one after another by the core Unpickler (the reference). */
export function referenceValues(data: Uint8Array): unknown[] {
  const reader = new Unpickler(data);
  const out: unknown[] = [];
  do {
    reader.clearMemo();
    out.push(reader.load());
  } while (!reader.atEnd);
  return out;
}

/** The values of multi.pkl (three pickles at protocols 0, 2 and 4). */
export const MULTI = (): unknown[] => referenceValues(fixtureBytes('multi.pkl'));

/** Byte offsets where each pickle of multi.pkl starts. */
export function multiOffsets(): number[] {
  const data = fixtureBytes('multi.pkl');
  const reader = new Unpickler(data);
  const out: number[] = [];
  do {
    out.push(reader.position);
    reader.load();
  } while (!reader.atEnd);
  return out;
}

const ML_PYTHON = process.env.PICKLEJAR_ML_PYTHON ?? '/usr/bin/python3';
let plain: boolean | undefined;
let ml: boolean | undefined;

/** Runs python3 (the plain interpreter) on `code` with `args`; returns stdout text, or undefined when python3 is missing. */
export function python(code: string, args: readonly string[] = [], ml = false): { status: number | null; out: string; err: string } {
  const run = spawnSync(ml ? ML_PYTHON : 'python3', ['-c', code, ...args], { encoding: 'utf8' });
  return { status: run.status, out: run.stdout ?? '', err: run.stderr ?? '' };
}

/** True when python3 runs here. */
export function hasPlainPython(): boolean {
  plain ??= spawnSync('python3', ['-c', 'import pickle'], { stdio: 'ignore' }).status === 0;
  return plain;
}

/** True when the ML interpreter with pandas runs here. */
export function hasPandas(): boolean {
  ml ??= spawnSync(ML_PYTHON, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0;
  return ml;
}
