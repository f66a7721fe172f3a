/**
 * Shared by the torch tests: the fixture directory, the TypeScript twin of
 * summary.py's `summarize`, and the ML Python (with torch) for live checks.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { Tensor } from '../../../src/ml/torch/tensor.js';
import { Storage } from '../../../src/ml/torch/storage.js';
import { Tuple } from '../../../src/values/tuple.js';
import { Complex } from '../../../src/values/complex.js';
import { Float } from '../../../src/values/float.js';

/** test/ml/torch/ in the source tree (the tests run from build/). */
export const TORCH_TEST_DIR = fileURLToPath(new URL('../../../../test/ml/torch/', import.meta.url));
export const TORCH_FIXTURES = `${TORCH_TEST_DIR}fixtures/`;

/** The bytes of fixture `name` (e.g. `views.zip.pt`). */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${TORCH_FIXTURES}${name}`));
}

/** expected.json: the summary of each case's value. */
export const EXPECTED = JSON.parse(readFileSync(`${TORCH_FIXTURES}expected.json`, 'utf8')) as { torch: string; cases: Record<string, unknown> };

const SAFE = Number.MAX_SAFE_INTEGER;

function scalar(x: unknown): unknown {
  if (x instanceof Float) x = x.value;
  if (typeof x === 'number') {
    if (Number.isNaN(x)) return 'nan';
    if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
    return x;
  }
  if (typeof x === 'bigint') return x >= -SAFE && x <= SAFE ? Number(x) : { int: String(x) };
  if (x instanceof Complex) return [scalar(x.real), scalar(x.imag)];
  if (x === undefined) return null;
  return x;
}

function values(v: unknown): unknown {
  return Array.isArray(v) ? v.map(values) : scalar(v);
}

/** The same summary as summary.py, from picklejar's values. */
export function summarize(value: unknown, storages = new Map<Storage, number>()): unknown {
  if (value instanceof Tensor) {
    if (!storages.has(value.storage) || value.storage.numel === 0) storages.set(value.storage, storages.size);
    return {
      tensor: {
        dtype: value.dtype,
        shape: [...value.shape],
        stride: [...value.stride],
        offset: value.storageOffset,
        requires_grad: value.requiresGrad,
        parameter: value.isParameter,
        storage: storages.get(value.storage),
        storage_numel: value.storage.numel,
        values: values(value.tolist()),
      },
    };
  }
  if (value instanceof Map) return { dict: [...value].map(([k, v]) => [summarize(k, storages), summarize(v, storages)]) };
  if (value instanceof Tuple) return { tuple: value.map((x) => summarize(x, storages)) };
  if (Array.isArray(value)) return value.map((x) => summarize(x, storages));
  if (value !== null && typeof value === 'object' && [null, Object.prototype].includes(Object.getPrototypeOf(value))) {
    return { dict: Object.entries(value).map(([k, v]) => [k, summarize(v, storages)]) };
  }
  return scalar(value);
}

/** The Python with torch (`PICKLEJAR_ML_PYTHON`, else /usr/bin/python3), or a reason it is missing. */
export function mlPython(): { python: string } | { skip: string } {
  const python = process.env['PICKLEJAR_ML_PYTHON'] ?? '/usr/bin/python3';
  const r = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return { skip: `${python} with torch is not available` };
  return { python };
}
