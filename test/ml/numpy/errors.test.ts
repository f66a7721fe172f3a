import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps, loads, NDArray, PyGlobal, PyObject, Tuple, UnpicklingError, readNpy } from '../../../src/index.js';
import { fixture } from './helpers.js';

/** A numpy-shaped pickle built from inert objects, so malformed variants are easy to write. */
function arrayPickle(shape: unknown[], spec: string, data: unknown, opts: { state?: unknown; order?: boolean } = {}): Uint8Array {
  const dtype = new PyObject(new PyGlobal('numpy', 'dtype'), new Tuple([spec, false, true]));
  dtype.state = new Tuple([3, '<', null, null, null, -1, -1, 0]);
  const arr = new PyObject(
    new PyGlobal('numpy.core.multiarray', '_reconstruct'),
    new Tuple([new PyGlobal('numpy', 'ndarray'), new Tuple([0]), Uint8Array.of(0x62)]),
  );
  arr.state = opts.state ?? new Tuple([1, new Tuple(shape), dtype, opts.order ?? false, data]);
  return dumps(arr, { protocol: 4, mlTypes: false });
}

test('a well-formed hand-made array pickle loads (the helper is right)', () => {
  const a = loads(arrayPickle([3], 'f8', new Uint8Array(24))) as NDArray;
  assert.ok(a instanceof NDArray);
  assert.deepEqual(a.tolist(), [0, 0, 0]);
});

test('a shape that claims more elements than the data holds raises, without allocating for it', () => {
  assert.throws(() => loads(arrayPickle([2 ** 40], 'f8', new Uint8Array(24))), UnpicklingError);
  assert.throws(() => loads(arrayPickle([2 ** 26, 2 ** 26], 'f8', new Uint8Array(24))), UnpicklingError);
  assert.throws(() => loads(arrayPickle([4000000000], 'U4000000000', new Uint8Array(8))), UnpicklingError);
});

test('bad shapes, dtypes and states raise UnpicklingError naming the global', () => {
  assert.throws(() => loads(arrayPickle([-1], 'f8', new Uint8Array(8))), /numpy/);
  assert.throws(() => loads(arrayPickle([1.5], 'f8', new Uint8Array(8))), UnpicklingError);
  assert.throws(() => loads(arrayPickle([1], 'Q8', new Uint8Array(8))), /unsupported type spec/);
  assert.throws(() => loads(arrayPickle([1], 'f8', 'not bytes ☃')), UnpicklingError);
  assert.throws(() => loads(arrayPickle([1], 'f8', null, { state: 'nope' })), /state is not a 4- or 5-tuple/);
  assert.throws(() => loads(arrayPickle([2], 'O8', [1])), UnpicklingError);
  assert.throws(() => loads(arrayPickle(new Array(65).fill(1), 'f8', new Uint8Array(8))), /dimensions/);
});

test('latin-1 str data (Python 2 pickles read with encoding latin1) loads', () => {
  const a = loads(arrayPickle([2], 'u1', '\u00ff\u0001')) as NDArray;
  assert.deepEqual(a.tolist(), [255, 1]);
});

test('_frombuffer with arguments numpy never writes stays inert', () => {
  const call = new PyObject(
    new PyGlobal('numpy.core.numeric', '_frombuffer'),
    new Tuple([new Uint8Array(8), new PyGlobal('numpy', 'float64'), new Tuple([1]), 'X']),
  );
  const v = loads(dumps(call, { protocol: 5, mlTypes: false }));
  assert.ok(v instanceof PyObject);
});

test('.npy with a header that lies about the data size raises', () => {
  const good = fixture('numpy', 'f8_2d.default.npy');
  const text = new TextDecoder('latin1').decode(good.subarray(10, 10 + 118));
  // Same length, more elements than the file holds.
  const lie = text.replace("'shape': (2, 3)", "'shape': (2, 9)");
  assert.notEqual(lie, text);
  const bytes = good.slice();
  bytes.set(new TextEncoder().encode(lie), 10);
  assert.throws(() => readNpy(bytes), /data truncated/);
});
