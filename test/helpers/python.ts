/**
 * Where the tests find their Python oracles, with one version policy.
 *
 * - `PYTHON` (`python3` on the PATH) for the standard library: it must be
 *   CPython 3.11, the version that wrote the committed goldens (pickle's
 *   output, reprs and error messages change between versions).
 * - `ML_PYTHON` (`$PICKLEJAR_ML_PYTHON`, else `/usr/bin/python3`) for numpy,
 *   torch, pandas and the other third-party libraries.
 *
 * A test that needs one passes `{ skip: pythonSkip() }` (or `mlPythonSkip('numpy')`):
 * `false` when the oracle is there, else the reason, which the runner prints.
 */
import { spawnSync } from 'node:child_process';

/** The standard-library oracle. */
export const PYTHON = 'python3';
/** The oracle with the ML libraries. */
export const ML_PYTHON = process.env['PICKLEJAR_ML_PYTHON'] || '/usr/bin/python3';
/** The Python version the goldens were written with. */
export const PYTHON_VERSION: readonly [number, number] = [3, 11];

const versions = new Map<string, string>();
const modules = new Map<string, string | false>();

/**
 * The full version (`3.11.7`) of a Python command, or '' when it does not run.
 * @throws never.
 */
export function pythonVersion(command = PYTHON): string {
  let v = versions.get(command);
  if (v === undefined) {
    const r = spawnSync(command, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf8' });
    v = r.status === 0 ? r.stdout.trim() : '';
    versions.set(command, v);
  }
  return v;
}

/**
 * `skip` for tests that run the standard-library oracle: false when `python3`
 * is CPython 3.11, else why not.
 * @throws never.
 */
export function pythonSkip(): string | false {
  const v = pythonVersion(PYTHON);
  if (v === '') return `${PYTHON} not found`;
  const [major, minor] = v.split('.').map(Number);
  if (major !== PYTHON_VERSION[0] || minor !== PYTHON_VERSION[1]) return `${PYTHON} is ${v}; the oracle must be ${PYTHON_VERSION.join('.')}`;
  return false;
}

/**
 * `skip` for tests that run the ML oracle: false when `ML_PYTHON` runs and
 * imports every module named, else why not.
 * @throws never.
 */
export function mlPythonSkip(...names: string[]): string | false {
  const key = names.join(',');
  let why = modules.get(key);
  if (why === undefined) {
    const r = spawnSync(ML_PYTHON, ['-c', names.map((n) => `import ${n}`).join('; ') || 'pass'], { encoding: 'utf8' });
    if (r.error !== undefined || r.status === null) why = `${ML_PYTHON} not found (set PICKLEJAR_ML_PYTHON)`;
    else if (r.status !== 0) why = `${ML_PYTHON} cannot import ${names.join(', ')} (set PICKLEJAR_ML_PYTHON)`;
    else why = false;
    modules.set(key, why);
  }
  return why;
}
