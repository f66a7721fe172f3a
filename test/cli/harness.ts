// Drives the real compiled binary (build/src/node/cli.js, which `npm test` builds) in a child process.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pythonSkip } from '../helpers/python.js';

/** The repository root (this file runs as build/test/cli/harness.js). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CLI = join(ROOT, 'build', 'src', 'node', 'cli.js');

export interface Run {
  status: number | null;
  stdout: Buffer;
  stderr: string;
  text: string;
}

/** Runs `picklejar ...args` from the repository root, with `input` on standard input. */
export function picklejar(args: readonly string[], input: Uint8Array | string = new Uint8Array(0), env: Record<string, string> = {}): Run {
  const run = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    input,
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env },
    maxBuffer: 64 << 20,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr.toString('utf8'), text: run.stdout.toString('utf8') };
}

/** True when the Python oracle runs here (see test/helpers/python.ts). */
export function hasPython(): boolean {
  return pythonSkip() === false;
}

/** Runs python3 with `args` from the repository root. */
export function runPython(args: readonly string[], input?: Uint8Array | string): { status: number | null; stdout: Buffer } {
  const run = spawnSync('python3', args, { cwd: ROOT, input, maxBuffer: 64 << 20, env: { ...process.env, PYTHONHASHSEED: '0' } });
  return { status: run.status, stdout: run.stdout };
}

/** Asserts the shape every CLI error must have: exactly one line on stderr, no stack trace. */
export function isOneLineError(stderr: string): boolean {
  return stderr.endsWith('\n') && stderr.indexOf('\n') === stderr.length - 1 && !/\n\s+at /.test(stderr) && stderr.startsWith('picklejar');
}
