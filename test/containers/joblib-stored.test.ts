import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lz4Stored, lzmaAloneLiterals } from '../../src/containers/joblib-stored.js';
import { unlz4 } from '../../src/codecs/lz4-decode.js';
import { unlzmaAlone } from '../../src/codecs/lzma-alone.js';
import { PYTHON, pythonSkip } from '../helpers/python.js';

/** Deterministic bytes: skewed (compressible) or spread over all values. */
function sample(n: number, spread: boolean): Uint8Array {
  const out = new Uint8Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = spread ? x >>> 24 : (x >>> 29) * 3;
  }
  return out;
}

const SIZES = [0, 1, 2, 255, 65535, 65536, 65537, 200_000];

test('lz4Stored: frames of stored blocks that picklejar reads back exactly', () => {
  for (const n of SIZES) {
    const data = sample(n, true);
    const frame = lz4Stored(data);
    assert.deepEqual(frame.subarray(0, 4), Uint8Array.of(0x04, 0x22, 0x4d, 0x18));
    assert.deepEqual(unlz4(frame), data, `size ${n}`);
  }
});

test('lzmaAloneLiterals: LZMA alone streams that picklejar reads back exactly; skewed data shrinks', () => {
  for (const n of SIZES) {
    for (const spread of [false, true]) {
      const data = sample(n, spread);
      const stream = lzmaAloneLiterals(data);
      assert.deepEqual(stream.subarray(0, 2), Uint8Array.of(0x5d, 0x00));
      assert.deepEqual(unlzmaAlone(stream), data, `size ${n} spread ${spread}`);
    }
  }
  assert.ok(lzmaAloneLiterals(sample(200_000, false)).length < 200_000 / 2);
});

test("lzmaAloneLiterals: Python's lzma (liblzma) decodes it exactly (live)", { skip: pythonSkip() }, () => {
  const data = sample(70_000, false);
  const r = spawnSync(
    PYTHON,
    ['-c', 'import sys, lzma, hashlib; d = lzma.decompress(sys.stdin.buffer.read(), format=lzma.FORMAT_ALONE); print(len(d), hashlib.sha256(d).hexdigest())'],
    { input: lzmaAloneLiterals(data) },
  );
  assert.equal(r.status, 0, r.stderr?.toString());
  const check = spawnSync(PYTHON, ['-c', 'import sys, hashlib; d = sys.stdin.buffer.read(); print(len(d), hashlib.sha256(d).hexdigest())'], { input: data });
  assert.equal(r.stdout.toString(), check.stdout.toString());
});
