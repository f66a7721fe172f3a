import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loads, NDArray, readNpy, readNpz, UnpicklingError, writeNpy, writeNpz } from '../../src/index.js';
import { parsePyLiteral } from '../../src/containers/npy-literal.js';
import { assertPyEqual } from '../helpers/py-equal.js';
import { expandArrays, fixture, fixtureDir, havePythonWith, runPython } from '../ml/numpy/helpers.js';

interface NpyCase {
  dtype: string;
  shape: number[];
  fortran: boolean;
  files: Record<string, string>;
}
const expected = (JSON.parse(readFileSync(fixtureDir('numpy') + 'expected.json', 'utf8')) as { npy: Record<string, NpyCase> }).npy;
const expand = (v: unknown): unknown => expandArrays(v, (x): x is NDArray => x instanceof NDArray);

for (const [name, c] of Object.entries(expected)) {
  const list = (): unknown => expand(readPickle(`${name}.npy.tolist.pkl`));
  for (const [version, file] of Object.entries(c.files)) {
    test(`.npy ${name} (${version}): reads to dtype, shape, order and tolist`, () => {
      const a = readNpy(fixture('numpy', file));
      assert.equal(a.dtype, c.dtype);
      assert.deepEqual(a.shape, c.shape);
      assert.equal(a.isFortran, c.fortran);
      assertPyEqual(expand(a.tolist()), list());
    });
    test(`.npy ${name} (${version}): writeNpy gives numpy.save's bytes`, () => {
      const bytes = fixture('numpy', file);
      const v = version === 'v2' ? ([2, 0] as const) : version === 'v3' ? ([3, 0] as const) : undefined;
      assert.deepEqual(writeNpy(readNpy(bytes), v === undefined ? {} : { version: v }), bytes);
    });
  }
}

function readPickle(name: string): unknown {
  // The expected tolist() values are plain pickles.
  return loads(fixture('numpy', name));
}

test('.npy: a unicode field name is format 3.0 (UTF-8 header)', () => {
  const bytes = fixture('numpy', 'unicode_field.npy');
  assert.equal(bytes[6], 3);
  const a = readNpy(bytes);
  assert.deepEqual(
    a.descriptor.fields?.map((f) => f.name),
    ['ж'],
  );
  assert.deepEqual(writeNpy(a), bytes);
});

test('.npy: bad input raises UnpicklingError', () => {
  const good = fixture('numpy', 'f8_2d.default.npy');
  assert.throws(() => readNpy(good.subarray(0, 100)), UnpicklingError);
  assert.throws(() => readNpy(Uint8Array.of(1, 2, 3)), UnpicklingError);
  const badVersion = good.slice();
  badVersion[6] = 9;
  assert.throws(() => readNpy(badVersion), /unsupported .npy format version 9.0/);
  const evil = good.slice();
  evil.set(new TextEncoder().encode("{'descr': __import__('os'), "), 10);
  assert.throws(() => readNpy(evil), UnpicklingError);
  // An object array whose pickle calls something unknown stays inert and is refused as not an array.
  const obj = fixture('numpy', 'object.default.npy');
  assert.ok(readNpy(obj) instanceof NDArray);
  assert.throws(() => readNpy(obj, { unpickler: { mlTypes: false } }), /did not load as an array/);
});

test('npy literal parser: Python literals, no evaluation, bounded nesting', () => {
  const v = parsePyLiteral("{'a': (1, -2,), \"b\": [True, False, None], 'c': 'x\\'y', }");
  assert.ok(v instanceof Map);
  assert.deepEqual(v.get('a'), [1, -2]);
  assert.deepEqual(v.get('b'), [true, false, null]);
  assert.equal(v.get('c'), "x'y");
  assert.throws(() => parsePyLiteral('['.repeat(100) + ']'.repeat(100)), /nesting too deep/);
  assert.throws(() => parsePyLiteral("{'a' 1}"), UnpicklingError);
  assert.throws(() => parsePyLiteral('(1 2)'), /missing comma/);
  assert.throws(() => parsePyLiteral('{1: 2}'), /dict key/);
});

test('.npz stored and deflated read by name', () => {
  const stored = readNpz(fixture('numpy', 'stored.npz'));
  assert.deepEqual([...stored.keys()], ['f8_2d', 'U5', 'object']);
  assert.deepEqual(stored.get('f8_2d')!.tolist(), [
    [0, 0.25, 0.5],
    [0.75, 1, 1.25],
  ]);
  assert.deepEqual(stored.get('U5')!.tolist(), ['a', 'héllo', '😀']);
  const deflated = readNpz(fixture('numpy', 'deflated.npz'));
  assert.equal(deflated.get('i4_be_fortran')!.dtype, '>i4');
  assert.equal(deflated.get('i4_be_fortran')!.isFortran, true);
  assert.deepEqual(deflated.get('i4_be_fortran')!.tolist(), [
    [0, 1, 2, 3],
    [4, 5, 6, 7],
    [8, 9, 10, 11],
  ]);
});

test('.npz written in JS reads back (both modes) and numpy loads it', { skip: !havePythonWith('numpy') && 'no numpy in PICKLEJAR_ML_PYTHON' }, () => {
  const arrays = readNpz(fixture('numpy', 'stored.npz'));
  for (const compress of [false, true]) {
    const bytes = writeNpz(arrays, { compress });
    const back = readNpz(bytes);
    assert.deepEqual([...back.keys()], [...arrays.keys()]);
    const out = runPython(
      `
import sys, io, numpy as np
z = np.load(io.BytesIO(sys.stdin.buffer.read()), allow_pickle=True)
print(sorted(z.files), z['f8_2d'].tolist(), z['U5'].tolist(), z['object'].tolist())
`,
      bytes,
    );
    assert.equal(out.trim(), "['U5', 'f8_2d', 'object'] [[0.0, 0.25, 0.5], [0.75, 1.0, 1.25]] ['a', 'héllo', '😀'] [1, 'two', None, (3, 4)]");
  }
});

test('.npy: aligned native-order data is a view of the input, not a copy', () => {
  const bytes = fixture('numpy', 'f8_2d.default.npy');
  const a = readNpy(bytes);
  assert.equal((a.data as Float64Array).buffer, bytes.buffer);
  // Big-endian data must be swapped, so it is a copy.
  const be = readNpy(fixture('numpy', 'i4_be_fortran.default.npy'));
  assert.notEqual((be.data as Int32Array).buffer, bytes.buffer);
});
