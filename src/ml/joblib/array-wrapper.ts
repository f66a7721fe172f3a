/**
 * joblib's `NumpyArrayWrapper` (joblib >= 0.10): what `joblib.dump` pickles
 * in place of each numpy array. Its BUILD is followed, in the stream, by the
 * array itself: for object arrays a whole protocol 2 pickle of the array;
 * otherwise (joblib >= 1.2) one byte of padding length, that many padding
 * bytes (aligning the data to 16 bytes in the file), then the raw data in
 * the wrapper's memory order.
 */
import { Registry } from '../../registry/registry.js';
import { Unpickler } from '../default-unpickler.js';
import type { UnpicklerOptions } from '../../unpickler/options.js';
import { DType, intList } from '../numpy/dtype.js';
import { NDArray } from '../numpy/ndarray.js';

/** The wrapper's state, as joblib pickled it. */
export class NumpyArrayWrapper {
  subclass: unknown = undefined;
  shape: unknown = undefined;
  order: unknown = undefined;
  dtype: unknown = undefined;
  allow_mmap: unknown = undefined;
  numpy_array_alignment_bytes: unknown = undefined;
}

/**
 * The wrapper each array was read from, so that `writeJoblib` writes a
 * loaded array back under the same wrapper fields (a lossless round trip
 * of files from older joblib versions, or with other alignment or mmap flags).
 */
export const wrapperOf: WeakMap<object, NumpyArrayWrapper> = new WeakMap();

/** A registry with joblib's wrapper class (load side). */
export const joblibTypes: Registry = new Registry()
  .registerClass(NumpyArrayWrapper, 'joblib.numpy_pickle', 'NumpyArrayWrapper', {
    construct: true,
    setState(w, state) {
      if (!(state instanceof Map)) throw new TypeError('NumpyArrayWrapper: state is not a dict');
      for (const [k, v] of state) {
        if (typeof k === 'string' && Object.hasOwn(w, k)) (w as unknown as Record<string, unknown>)[k] = v;
      }
    },
  })
  .freeze();

/**
 * The array that follows a wrapper's BUILD at `offset` in `input`, and where
 * the pickle continues after it (the unpickler's `afterBuild` hook).
 * @throws TypeError when the wrapper is malformed or the data is truncated; the unpickler reports it with the offset.
 */
export function readWrappedArray(w: NumpyArrayWrapper, input: Uint8Array, offset: number, nested: UnpicklerOptions): { value: unknown; end: number } {
  const d = w.dtype;
  if (!(d instanceof DType)) throw new TypeError(`joblib NumpyArrayWrapper before byte ${offset} has no dtype`);
  const shape = intList(w.shape, 'joblib array shape');
  const order = w.order === 'F' ? 'F' : 'C';
  if (d.hasObject) {
    const u = new Unpickler(input.subarray(offset), nested);
    const value = u.load();
    if (typeof value === 'object' && value !== null) wrapperOf.set(value, w);
    return { value, end: offset + u.position };
  }
  let at = offset;
  if (w.numpy_array_alignment_bytes !== undefined && w.numpy_array_alignment_bytes !== null) {
    if (at >= input.length) throw new TypeError(`joblib array padding truncated at byte ${at}`);
    at += 1 + input[at]!;
  }
  let size = 1;
  for (const n of shape) size *= n;
  const need = size * d.itemsize;
  if (!Number.isSafeInteger(need) || at + need > input.length) {
    throw new TypeError(`joblib array data truncated: ${need} bytes needed at byte ${at}`);
  }
  const value = NDArray.fromBytes(d, shape, input.subarray(at, at + need), order);
  wrapperOf.set(value, w);
  return { value, end: at + need };
}
