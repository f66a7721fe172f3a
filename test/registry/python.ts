/** Runs python3 on a script with test/registry and test/stdlib importable. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { pythonSkip } from '../helpers/python.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');

/** Why python tests skip, or false when python3 runs. */
export const NO_PYTHON: string | false = pythonSkip();

/**
 * Runs `code` with python3 (`test/registry` and `test/stdlib` on sys.path), giving `input` on stdin.
 * Returns stdout; throws with stderr when python exits non-zero.
 */
export function python(code: string, input = ''): string {
  const env = { ...process.env, PYTHONPATH: [join(root, 'test', 'registry'), join(root, 'test', 'stdlib')].join(':') };
  const run = spawnSync('python3', ['-B', '-c', code], { input, encoding: 'utf8', env, maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return run.stdout;
}

/** `bytes.fromhex(...)` source for a pickle. */
export function pyBytes(bytes: Uint8Array): string {
  return `bytes.fromhex('${Buffer.from(bytes).toString('hex')}')`;
}
