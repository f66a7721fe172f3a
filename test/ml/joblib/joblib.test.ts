import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joblibCompression, loads, NDArray, readJoblib, UnpicklingError } from '../../../src/index.js';
import { assertPyEqual } from '../../helpers/py-equal.js';
import { fixture } from '../numpy/helpers.js';
import { dictObject } from '../../helpers/default-dicts.js';

/** NDArrays as ['ndarray', dtype, tolist()], the generator's expected form. */
function expand(v: unknown): unknown {
  if (v instanceof NDArray) return ['ndarray', v.dtype, expand(v.tolist())];
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, expand(x)]));
  if (Array.isArray(v)) return v.map(expand);
  if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === null) return dictObject(Object.entries(v).map(([k, x]) => [k, expand(x)] as const));
  return v;
}

const expected = loads(fixture('joblib', 'value.expected.pkl'));

for (const c of ['none', 'zlib', 'gzip', 'bz2', 'xz', 'lzma', 'lz4'] as const) {
  test(`joblib ${c}: arrays after their wrappers load as NDArrays`, () => {
    const bytes = fixture('joblib', `value.${c}.joblib`);
    assert.equal(joblibCompression(bytes), c);
    const v = readJoblib(bytes) as Record<string, unknown>;
    assertPyEqual(expand(v), expected);
    const f = v['f'] as NDArray;
    assert.equal(f.order, 'F');
    assert.deepEqual([...(f.data as Int32Array)], [0, 3, 1, 4, 2, 5]);
    assert.equal((v['be'] as NDArray).dtype, '>i8');
  });
}

test("joblib lz4: a caller-supplied decoder replaces picklejar's", () => {
  const bytes = fixture('joblib', 'value.lz4.joblib');
  // Any decoder works: feed the uncompressed stream to prove the hook.
  const plain = fixture('joblib', 'value.none.joblib');
  assertPyEqual(expand(readJoblib(bytes, { decompress: () => plain })), expected);
});

test('joblib: truncated array data raises UnpicklingError with an offset', () => {
  const bytes = fixture('joblib', 'value.none.joblib');
  assert.throws(() => readJoblib(bytes.subarray(0, 300)), UnpicklingError);
  // The plain unpickler does not know the raw data follows: it fails cleanly too.
  assert.throws(() => loads(bytes), UnpicklingError);
});
