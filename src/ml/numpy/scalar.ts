/**
 * numpy scalars (`numpy.float64(1.5)`, `numpy.int32(-7)`, `numpy.bool_(True)`):
 * pickled as `numpy.core.multiarray.scalar(dtype, raw_bytes)`. Default loads
 * give the JS value; lossless loads give a `NumpyScalar`, which dumps back the
 * same call.
 */
import { PY_REPR, pyRepr } from '../../repr/py-repr.js';
import { PyGlobal } from '../../values/py-global.js';
import type { DType } from './dtype.js';
import { rawItem } from './elements.js';

/** A numpy scalar kept as pickled (lossless mode). */
export class NumpyScalar {
  /**
   * @param descriptor the scalar's dtype.
   * @param raw its bytes in the dtype's byte order (or, for object scalars, the object).
   * @param callable the global it was made by (`numpy.core.multiarray.scalar` or the numpy 2 spelling).
   */
  constructor(
    readonly descriptor: DType,
    readonly raw: unknown,
    readonly callable: PyGlobal = new PyGlobal('numpy.core.multiarray', 'scalar'),
  ) {}

  /** numpy's `dtype.str` of the scalar. */
  get dtype(): string {
    return this.descriptor.str;
  }

  /** numpy 1.x prints a scalar as its value (`1.5`, `True`, `'hé'`). */
  [PY_REPR](): string {
    return pyRepr(this.value);
  }

  /** The scalar's value, as `loads` gives it by default. */
  get value(): unknown {
    return scalarValue(this.descriptor, this.raw);
  }
}

/**
 * The JS value of a numpy scalar: bool → boolean, ints → number/bigint,
 * floats → number, complex → `Complex`, str → string, bytes → `Uint8Array`,
 * datetime64/timedelta64 → the count of units, records → `Tuple`.
 * @throws TypeError when `raw` is too short for the dtype.
 */
export function scalarValue(d: DType, raw: unknown): unknown {
  if (d.kind === 'O') return raw;
  if (!(raw instanceof Uint8Array)) throw new TypeError(`numpy scalar of ${d.str}: data is not bytes`);
  if (raw.length < d.itemsize) throw new TypeError(`numpy scalar of ${d.str}: ${raw.length} bytes for an item of ${d.itemsize}`);
  return rawItem(d, raw, new DataView(raw.buffer, raw.byteOffset, raw.byteLength), 0);
}
