/**
 * The MARK, BINFLOAT…, APPENDS fast path (default mode only) must give the
 * same values, limit errors and work counts as the general path (which
 * lossless mode always takes, and which gives the same numbers for
 * non-integral floats), including FRAME opcodes inside a batch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loads } from '../../src/unpickler/index.js';
import type { UnpicklerLimits } from '../../src/unpickler/index.js';
import { binfloat, frame } from './pickle-bytes.js';

/** `[x0, x1, …]` as one MARK … APPENDS batch, with a FRAME after `frameAfter` floats when given. */
function floatList(values: number[], frameAfter = -1, frameLength = 0): Uint8Array {
  const out = [0x80, 0x04, 0x5d, 0x28];
  values.forEach((x, i) => {
    if (i === frameAfter) out.push(...frame(frameLength));
    out.push(...binfloat(x));
  });
  out.push(0x65, 0x2e);
  return Uint8Array.from(out);
}

function outcome(data: Uint8Array, lossless: boolean, limits: UnpicklerLimits): string {
  try {
    return JSON.stringify(loads(data, { lossless, limits }));
  } catch (e) {
    return `${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
}

const VALUES = [0.5, 1.5, -2.25, 3.125, 6.02e-23, -0.125];

test('float batches: same values and same limit errors as the general path, at every threshold', () => {
  const cases = [floatList(VALUES), floatList(VALUES, 3, 20), floatList(VALUES, 3, 100000)];
  for (const data of cases) {
    assert.equal(outcome(data, false, {}), outcome(data, true, {}));
    for (let n = 1; n <= 24; n++) {
      for (const limits of [{ maxWork: n }, { maxDepth: n }, { maxItems: n }] as UnpicklerLimits[]) {
        assert.equal(outcome(data, false, limits), outcome(data, true, limits), JSON.stringify(limits));
      }
    }
  }
  assert.deepEqual(loads(floatList(VALUES, 3, 20)), VALUES);
});

test('a truncated or invalid FRAME inside a float batch raises as in the general path', () => {
  const bad = floatList(VALUES, 2, 1 << 20);
  assert.match(outcome(bad, false, {}), /UnpicklingError: pickle data was truncated at byte 22 \(FRAME\)/);
  const cut = floatList(VALUES).subarray(0, 30);
  assert.equal(outcome(cut, false, {}), outcome(cut, true, {}));
});
