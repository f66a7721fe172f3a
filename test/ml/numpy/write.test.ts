import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps, NDArray } from '../../../src/index.js';
import { numberToHalf } from '../../../src/wire/float16.js';
import { fixture, havePythonWith, runPython, fixtureDir } from './helpers.js';

/** Arrays built in JS, named after the fixture numpy wrote for the same array. */
function jsArrays(): Record<string, NDArray> {
  return {
    f8_1d: NDArray.from(new Float64Array([0, 1.5, 3, 4.5, 6])),
    f4_2d: NDArray.from(new Float32Array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]), [2, 3]),
    fortran: NDArray.from(new Int32Array([0, 3, 1, 4, 2, 5]), [2, 3], { order: 'F' }),
    i8_be: new NDArray(
      '>i8',
      [3, 2],
      BigInt64Array.from([0n, 1n, 2n, 3n, 4n, 5n], (x) => x * 1000000007n),
    ),
    u8: new NDArray('<u8', [3], new BigUint64Array([2n ** 64n - 1n, 0n, 2n ** 53n])),
    b1: new NDArray('|b1', [3], Uint8Array.of(1, 0, 1)),
    i1: NDArray.from(Int8Array.of(-128, 0, 127)),
    u2_be: new NDArray('>u2', [3], Uint16Array.of(1, 258, 65535)),
    zero_d: new NDArray('<f8', [], Float64Array.of(3.25)),
    empty: new NDArray('<f8', [0, 3], new Float64Array(0)),
    c16: new NDArray('<c16', [2, 2], Float64Array.of(1, 2, 3, 0, -0, -1, 2.5, -1e300)),
    f2: new NDArray('<f2', [6], Uint16Array.from([0.5, -2, 65504, Infinity, 1e-3, 6e-8], numberToHalf)),
    M8_ns: new NDArray('<M8[ns]', [3], BigInt64Array.of(1577836800123456789n, -(2n ** 63n), -86400000000000n)),
    m8_s: new NDArray('<m8[s]', [2], BigInt64Array.of(3600n, -5n)),
    O: NDArray.from([1, 'a', null, [1, 2], 2.5]),
    fortran_3d: NDArray.from(
      Float64Array.from({ length: 24 }, (_, i) => {
        // Fortran memory order of arange(24).reshape(2, 3, 4).
        const a = i % 2;
        const b = Math.floor(i / 2) % 3;
        const c = Math.floor(i / 6);
        return a * 12 + b * 4 + c;
      }),
      [2, 3, 4],
      { order: 'F' },
    ),
  };
}

for (const [name, a] of Object.entries(jsArrays())) {
  test(`NDArray ${name} made in JS dumps to numpy's exact bytes at protocols 2-5`, () => {
    for (const p of [2, 3, 4, 5] as const) {
      assert.deepEqual(dumps(a, { protocol: p }), fixture('numpy', `${name}.p${p}.pkl`), `protocol ${p}`);
    }
  });
}

test(
  'NDArray made in JS: numpy loads it array_equal with the same dtype and order',
  { skip: !havePythonWith('numpy') && 'no numpy in PICKLEJAR_ML_PYTHON' },
  () => {
    const arrays = jsArrays();
    const dir = fixtureDir('numpy').replace(/\/fixtures\/$/, '');
    for (const p of [2, 5] as const) {
      const payload = dumps(new Map(Object.entries(arrays)), { protocol: p });
      const out = runPython(
        `
import sys, pickle, importlib.util, json
import numpy as np
spec = importlib.util.spec_from_file_location('gen', ${JSON.stringify(dir + '/../generate_numpy_fixtures.py')})
gen = importlib.util.module_from_spec(spec); spec.loader.exec_module(gen)
want = dict(gen.arrays())
got = pickle.loads(sys.stdin.buffer.read())
bad = []
for k, a in got.items():
    e = want[k]
    # numpy's unpickling turns big-endian data native (values kept): compare the byte-order-free dtype.
    ok = a.dtype.newbyteorder('<') == e.dtype.newbyteorder('<') and a.shape == e.shape and bool(a.flags.f_contiguous) == bool(e.flags.f_contiguous)
    if e.dtype.kind in 'Mm':
        ok = ok and a.view('i8').tolist() == e.view(e.dtype.byteorder.replace('|', '<').replace('=', '<') + 'i8').tolist()
    elif e.dtype.kind == 'O':
        ok = ok and a.tolist() == e.tolist()
    else:
        ok = ok and np.array_equal(a, e, equal_nan=e.dtype.kind in 'fc')
    if not ok: bad.append(k)
print(json.dumps(bad))
`,
        payload,
      );
      assert.deepEqual(JSON.parse(out), [], `protocol ${p}`);
    }
  },
);
