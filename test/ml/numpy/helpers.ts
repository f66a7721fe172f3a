/** Shared helpers of the numpy/pandas/joblib suites: fixture paths and the ML Python oracle. */
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Replaces every NDArray inside `v` by `[dtype, tolist()]`, so py-equality can compare them. */
export function expandArrays(v: unknown, isArray: (x: unknown) => x is { dtype: string; tolist(): unknown }): unknown {
  if (isArray(v)) return ['ndarray', v.dtype, expandArrays(v.tolist(), isArray)];
  if (Array.isArray(v)) {
    const out = v.map((x) => expandArrays(x, isArray));
    return Object.getPrototypeOf(v) === Array.prototype ? out : Reflect.construct(v.constructor as new (x: unknown[]) => unknown, [out]);
  }
  return v;
}

/** The directory of test/ml/<part>/fixtures in the source tree. */
export function fixtureDir(part: string): string {
  return fileURLToPath(new URL(`../../../../test/ml/${part}/fixtures/`, import.meta.url));
}

/** Reads one fixture file. */
export function fixture(part: string, name: string): Uint8Array {
  return new Uint8Array(readFileSync(fixtureDir(part) + name));
}

/** The Python with numpy/pandas/sklearn/joblib (`PICKLEJAR_ML_PYTHON`, default /usr/bin/python3). */
export const ML_PYTHON = process.env['PICKLEJAR_ML_PYTHON'] ?? '/usr/bin/python3';

const cache = new Map<string, boolean>();

/** True when ML_PYTHON runs and imports every module in `modules`. */
export function havePythonWith(...modules: string[]): boolean {
  const key = modules.join(',');
  let ok = cache.get(key);
  if (ok === undefined) {
    const r = spawnSync(ML_PYTHON, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
    ok = r.status === 0;
    cache.set(key, ok);
  }
  return ok;
}

/** Runs `code` in ML_PYTHON with `input` on stdin; returns stdout. */
export function runPython(code: string, input?: Uint8Array): string {
  const r = spawnSync(ML_PYTHON, ['-c', code], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return r.stdout;
}
