import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dumps, loads, NDArray, NumpyScalar, PyObject, UnpicklingError } from '../../../src/index.js';
import { assertPyEqual } from '../../helpers/py-equal.js';
import { expandArrays, fixture, fixtureDir } from './helpers.js';
import { asProtocol } from '../../helpers/protocols.js';

const expand = (v: unknown): unknown => expandArrays(v, (x): x is NDArray => x instanceof NDArray);

interface ArrayCase {
  dtype: string;
  descr: unknown;
  shape: number[];
  strides: number[];
  fortran: boolean;
  files: Record<string, string>;
}
const expected = JSON.parse(readFileSync(fixtureDir('numpy') + 'expected.json', 'utf8')) as {
  arrays: Record<string, ArrayCase>;
  scalars: Record<string, string>;
};

for (const [name, c] of Object.entries(expected.arrays)) {
  const list = loads(fixture('numpy', `${name}.tolist.pkl`));
  for (const [p, file] of Object.entries(c.files)) {
    test(`numpy ${name} protocol ${p}: dtype, shape, strides, tolist`, () => {
      const a = loads(fixture('numpy', file));
      assert.ok(a instanceof NDArray, `${file} loads as NDArray`);
      assert.equal(a.dtype, c.dtype);
      assert.deepEqual(a.shape, c.shape);
      assert.deepEqual(a.strides, c.strides);
      assert.equal(a.isFortran, c.fortran);
      if (c.descr !== null) assert.deepEqual(JSON.parse(JSON.stringify(a.descr)), c.descr);
      assertPyEqual(expand(a.tolist()), expand(list), `${file} tolist`);
    });
    test(`numpy ${name} protocol ${p}: lossless and default round trips are byte-identical`, () => {
      const bytes = fixture('numpy', file);
      assert.deepEqual(dumps(loads(bytes, { lossless: true }), { protocol: asProtocol(Number(p)) }), bytes);
      assert.deepEqual(dumps(loads(bytes), { protocol: asProtocol(Number(p)) }), bytes);
    });
  }
}

test('numpy: data holds native-endian typed arrays of the matching type', () => {
  const be = loads(fixture('numpy', 'i8_be.p4.pkl')) as NDArray;
  assert.ok(be.data instanceof BigInt64Array);
  assert.deepEqual([...(be.data as BigInt64Array)], [0n, 1000000007n, 2000000014n, 3000000021n, 4000000028n, 5000000035n]);
  const f2 = loads(fixture('numpy', 'f2.p5.pkl')) as NDArray;
  assert.ok(f2.data instanceof Uint16Array);
  assert.equal((f2.data as Uint16Array)[0], 0x3800);
  assert.deepEqual([...f2.toFloat32().slice(0, 3)], [0.5, -2, 65504]);
  const c = loads(fixture('numpy', 'c16_be.p2.pkl')) as NDArray;
  assert.ok(c.data instanceof Float64Array);
  assert.deepEqual([...(c.data as Float64Array)], [1, 2, -0, -3.25]);
  const b = loads(fixture('numpy', 'b1.p4.pkl')) as NDArray;
  assert.ok(b.data instanceof Uint8Array);
  assert.deepEqual([...(b.data as Uint8Array)], [1, 0, 1]);
  const f = loads(fixture('numpy', 'fortran.p4.pkl')) as NDArray;
  assert.equal(f.order, 'F');
  assert.deepEqual([...(f.data as Int32Array)], [0, 3, 1, 4, 2, 5]);
  const o = loads(fixture('numpy', 'O.p2.pkl')) as NDArray;
  assert.ok(Array.isArray(o.data));
  assert.equal(o.dtype, '|O');
});

test('numpy: several arrays in one pickle round-trip byte-identically (shared dtype memoized)', () => {
  for (const p of [2, 4, 5] as const) {
    const bytes = fixture('numpy', `list.p${p}.pkl`);
    const v = loads(bytes) as NDArray[];
    assert.equal(v.length, 3);
    assert.equal(v[0]!.descriptor, v[1]!.descriptor);
    assert.deepEqual(dumps(v, { protocol: p }), bytes);
  }
});

test('numpy 2.x module names (numpy._core.*) load and round-trip', () => {
  for (const name of ['f8_1d', 'O', 'structured', 'fortran']) {
    const list = loads(fixture('numpy', `${name}.tolist.pkl`));
    for (const p of [2, 4, 5] as const) {
      const bytes = fixture('numpy', `${name}.np2.p${p}.pkl`);
      const a = loads(bytes) as NDArray;
      assert.ok(a instanceof NDArray);
      assert.equal(a.dtype, expected.arrays[name]!.dtype);
      assertPyEqual(expand(a.tolist()), expand(list));
      assert.equal(a.pickleInfo?.core, 'numpy._core');
      // Frames were dropped by the rewrite, so compare at protocol 2 only (no frames there).
      if (p === 2) assert.deepEqual(dumps(a, { protocol: 2 }), bytes);
    }
  }
});

test('numpy protocol 5 out-of-band buffers', () => {
  const head = fixture('numpy', 'oob.head.pkl');
  const buffers = [fixture('numpy', 'oob.buf0.bin'), fixture('numpy', 'oob.buf1.bin')];
  const [a, b] = loads(head, { buffers }) as NDArray[];
  assert.deepEqual(a!.tolist(), [0, 1, 2, 3]);
  assert.deepEqual(b!.tolist(), [
    [0, 1, 2],
    [3, 4, 5],
  ]);
  assert.equal(b!.order, 'F');
  // Without buffers, lossless mode keeps the call inert (a BufferRef inside a PyObject) and dumps it back.
  const inert = loads(head, { lossless: true }) as unknown[];
  assert.ok(inert[0] instanceof PyObject);
  assert.deepEqual(dumps(inert, { protocol: 5 }), head);
  // Out-of-band again through bufferCallback.
  const out: Uint8Array[] = [];
  const again = dumps([a, b], { protocol: 5, bufferCallback: (buf) => (out.push(buf.raw()), false) });
  const back = loads(again, { buffers: out }) as NDArray[];
  assert.deepEqual(back[1]!.tolist(), b!.tolist());
});

for (const [key, dtype] of Object.entries(expected.scalars)) {
  test(`numpy scalar ${key}: JS value by default, NumpyScalar when lossless`, () => {
    const value = loads(fixture('numpy', `scalar_${key}.value.pkl`));
    for (const p of [2, 4, 5] as const) {
      const bytes = fixture('numpy', `scalar_${key}.p${p}.pkl`);
      assertPyEqual(loads(bytes), value);
      const s = loads(bytes, { lossless: true });
      assert.ok(s instanceof NumpyScalar);
      assert.equal(s.dtype, dtype);
      assertPyEqual(s.value, value);
      assert.deepEqual(dumps(s, { protocol: p }), bytes);
    }
  });
}

test('numpy: mlTypes: false keeps arrays inert', () => {
  const v = loads(fixture('numpy', 'f8_1d.p4.pkl'), { mlTypes: false });
  assert.ok(v instanceof PyObject);
});

test('numpy: malformed array state raises UnpicklingError', () => {
  const bytes = fixture('numpy', 'f8_1d.p2.pkl');
  // Truncate the data string inside: replace the BINUNICODE length.
  const broken = bytes.slice();
  const at = broken.indexOf(0x58, 180); // BINUNICODE of the data
  broken[at + 1] = broken[at + 1]! - 8;
  assert.throws(() => loads(broken), UnpicklingError);
});

test('numpy scalars: a global name equal to a dict key, written afresh by CPython, is written afresh again (lossless)', () => {
  // pickle.dumps({'scalar': np.float64(2.5), 's2': np.int32(3)}, protocol=4) with numpy 1.24:
  // the key 'scalar' and the function's name 'scalar' are two str objects, so 'scalar' is written twice.
  const bytes = Uint8Array.from(
    Buffer.from(
      '800495ac000000000000007d94288c067363616c6172948c156e756d70792e636f72652e6d756c74696172726179948c067363616c61729493948c056e756d7079948c0564747970659493948c02663894898887945294284b038c013c944e4e4e4affffffff4affffffff4b007494624308000000000000044094869452948c02733294680468078c02693494898887945294284b03680b4e4e4e4affffffff4affffffff4b007494624304030000009486945294752e',
      'hex',
    ),
  );
  const v = loads(bytes, { lossless: true });
  assert.ok((v instanceof Map ? v.get('scalar') : (v as Record<string, unknown>)['scalar']) instanceof NumpyScalar);
  assert.deepEqual(dumps(v, { protocol: 4 }), bytes);
});
