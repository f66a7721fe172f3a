/**
 * `NDArray`: a numpy array as a JS value. Numeric data lives in a typed array
 * of the matching JS type, in native byte order (big-endian data is swapped
 * on load; the dtype keeps its `'>'` so dumps writes the original bytes
 * back); str/bytes/structured data stays raw bytes; object arrays hold a JS
 * array of the objects. Data is contiguous, in C or Fortran memory order.
 */
import { PickleError } from '../../errors.js';
import { DType, dtypeFor, NATIVE_ORDER, type DescrEntry } from './dtype.js';
import { dataBytes, decodeData, encodeData, needsSwap, nest, numericItem, rawItem, storageOf, type NDArrayData, type NumericData } from './elements.js';
import { formatNDArray } from './format.js';
import { halfToNumber } from '../../wire/float16.js';
import { PY_REPR } from '../../repr/py-repr.js';

/** How a loaded array was pickled, so that lossless dumps write it back the same way. */
export interface NDArrayPickleInfo {
  /** `'numpy.core'` (numpy 1.x) or `'numpy._core'` (numpy 2.x). */
  readonly core: string;
  /** The array's class when it is not `numpy.ndarray` (a subclass pickled through `_reconstruct`). */
  readonly cls?: unknown;
  /**
   * True when it was loaded through `_reconstruct`: at protocol 5 numpy does
   * that only for arrays it cannot hand out as a buffer (non-contiguous views,
   * subclasses), so dumps keeps that path at protocol 5 too.
   */
  readonly reconstructed?: boolean;
  /** Protocol 5 pickles: whether the in-band buffer was read-only (`bytes`) rather than `bytearray`. */
  readonly readonlyBuffer?: boolean;
  /** Below protocol 3: `_reconstruct`'s `b'b'` was written through a text shared with equal plain strs (latin1-singletons.ts). */
  readonly sharedChar?: boolean;
}

/** Options of `NDArray.from`. */
export interface NDArrayFromOptions {
  /** Memory order of `data`. Default `'C'`. */
  readonly order?: 'C' | 'F';
  /** numpy's `dtype.str` (or a `DType`); default: the typed array's own type in native byte order. */
  readonly dtype?: string | DType;
}

const TYPED_DTYPES: ReadonlyArray<readonly [Function, string]> = [
  [Float64Array, 'f8'],
  [Float32Array, 'f4'],
  [Int8Array, 'i1'],
  [Int16Array, 'i2'],
  [Int32Array, 'i4'],
  [BigInt64Array, 'i8'],
  [Uint8Array, 'u1'],
  [Uint16Array, 'u2'],
  [Uint32Array, 'u4'],
  [BigUint64Array, 'u8'],
];

/**
 * The raw payload a lazy array is being built over: handed from `fromPayload`
 * to the constructor (one synchronous call, so a module variable is enough).
 */
let pendingPayload: Uint8Array | undefined;
const NO_DATA = new Uint8Array(0);

/** A numpy array. */
export class NDArray {
  /** The dimensions (`ndarray.shape`). */
  readonly shape: number[];
  /** The full numpy dtype; `dtype` is its `str`. */
  readonly descriptor: DType;
  /**
   * The elements in memory order: a typed array (native byte order; float16 as
   * raw bits in a `Uint16Array`, complex as interleaved real/imaginary pairs,
   * datetime64/timedelta64 as `BigInt64Array` counts of the unit, bool as 0/1
   * in a `Uint8Array`), the raw bytes (`Uint8Array`) for str/bytes/structured
   * dtypes, or a JS array for object arrays.
   */
  readonly data: NDArrayData;
  /** Memory order of `data`: `'C'` (row-major) or `'F'` (Fortran, column-major). */
  readonly order: 'C' | 'F';
  /** How this array was pickled, when it was loaded (used by lossless dumps). */
  pickleInfo: NDArrayPickleInfo | undefined;
  /**
   * The raw element bytes (dtype byte order) of an array whose typed `data` is
   * not made yet (see `fromPayload`); undefined once it is, or for any other array.
   */
  #payload: Uint8Array | undefined;
  /** The typed data made from `#payload` (read by the accessor when the array was frozen before). */
  #made: NDArrayData | undefined;

  /**
   * @param dtype numpy's `dtype.str` (`'<f4'`, `'|b1'`, `'<U5'`, `'<M8[ns]'`, `'|O'`) or a `DType`.
   * @param shape the dimensions.
   * @param data the elements in memory order (see `data`).
   * @param order memory order of `data`. Default `'C'`.
   * @throws PickleError when `data` does not hold exactly the elements `shape` needs.
   */
  constructor(dtype: string | DType, shape: readonly number[], data: NDArrayData, order: 'C' | 'F' = 'C') {
    this.descriptor = typeof dtype === 'string' ? dtypeFor(dtype) : dtype;
    this.shape = [...shape];
    this.data = data;
    this.order = order;
    this.pickleInfo = undefined;
    this.#payload = pendingPayload;
    pendingPayload = undefined;
    // numpy allows 64 dimensions (numpy 2; 32 before): more is not an array numpy wrote.
    if (this.shape.length > 64) throw new PickleError(`NDArray: ${this.shape.length} dimensions (numpy allows 64)`);
    for (const n of this.shape) {
      if (!Number.isSafeInteger(n) || n < 0) throw new PickleError(`NDArray: bad dimension ${n}`);
    }
    if (this.#payload !== undefined) {
      // `data` stays an own enumerable property (deepStrictEqual, spreading and structured
      // clone read it through the getter), made from the payload on first read.
      Object.defineProperty(this, 'data', {
        get: (): NDArrayData => this.#materialize(),
        set: (value: NDArrayData) => this.#settle(value),
        enumerable: true,
        configurable: true,
      });
      return;
    }
    const expected = expectedLength(this.descriptor, this.size);
    if (data.length !== expected) {
      throw new PickleError(`NDArray: dtype ${this.dtype} and shape (${this.shape.join(', ')}) need ${expected} data items, got ${data.length}`);
    }
    if (this.descriptor.hasObject !== Array.isArray(data) && this.descriptor.kind === 'O') {
      throw new PickleError('NDArray: object arrays hold a JS array');
    }
  }

  /**
   * An array over a typed array (not copied) or a JS array (dtype `'|O'`).
   * @param data the elements in memory order.
   * @param shape the dimensions. Default: one dimension of `data`'s length.
   * @throws PickleError when the sizes disagree.
   */
  static from(data: NDArrayData, shape?: readonly number[], options: NDArrayFromOptions = {}): NDArray {
    let dtype = options.dtype;
    if (dtype === undefined) {
      if (Array.isArray(data)) dtype = '|O';
      else {
        const code = TYPED_DTYPES.find(([ctor]) => data instanceof ctor)?.[1];
        if (code === undefined) throw new PickleError('NDArray.from: unsupported data type');
        dtype = code.endsWith('1') ? `|${code}` : `${NATIVE_ORDER}${code}`;
      }
    }
    const d = typeof dtype === 'string' ? dtypeFor(dtype) : dtype;
    const per = storageOf(d)?.per ?? 1;
    return new NDArray(d, shape ?? [data.length / per], data, options.order ?? 'C');
  }

  /**
   * An array from raw element bytes in the dtype's byte order and the given
   * memory order (what `.npy` files and pickles hold). The data is a view of
   * `bytes` when no byte swap is needed and the offset is aligned for the
   * element type, else a copy.
   * @throws PickleError when the byte count does not match.
   */
  static fromBytes(dtype: DType, shape: readonly number[], bytes: Uint8Array, order: 'C' | 'F' = 'C'): NDArray {
    let size = 1;
    for (const n of shape) size *= n;
    if (bytes.length !== size * dtype.itemsize) {
      throw new PickleError(`NDArray: ${bytes.length} bytes of data for ${size} elements of ${dtype.str}`);
    }
    return new NDArray(dtype, shape, decodeData(dtype, bytes), order);
  }

  /**
   * The array a loader builds over a payload of the pickle (numpy's
   * `_frombuffer`, `ndarray.__setstate__`): like `fromBytes`, a view of
   * `bytes` when no byte swap is needed and the payload is aligned for the
   * element type (always for 1-byte types, str, bytes and structured dtypes).
   * Otherwise the typed `data` is made on its first read (one aligned, swapped
   * copy then) rather than now: shape, dtype, `toBytes`, `tolist`, repr and
   * dumps read the payload directly, so an array that is only inspected or
   * written back is never copied. Until then the array reads `bytes`, which
   * with `bytesViews: true` is the caller's input.
   * @throws PickleError when the byte count does not match.
   */
  static fromPayload(dtype: DType, shape: readonly number[], bytes: Uint8Array, order: 'C' | 'F' = 'C'): NDArray {
    const s = storageOf(dtype);
    if (s === undefined || (!needsSwap(dtype) && bytes.byteOffset % s.ctor.BYTES_PER_ELEMENT === 0)) {
      return NDArray.fromBytes(dtype, shape, bytes, order);
    }
    let size = 1;
    for (const n of shape) size *= n;
    if (bytes.length !== size * dtype.itemsize) {
      throw new PickleError(`NDArray: ${bytes.length} bytes of data for ${size} elements of ${dtype.str}`);
    }
    pendingPayload = bytes;
    try {
      return new NDArray(dtype, shape, NO_DATA, order);
    } finally {
      pendingPayload = undefined;
    }
  }

  /** True while the typed `data` of an array made by `fromPayload` has not been read (no copy made yet). */
  get deferred(): boolean {
    return this.#payload !== undefined;
  }

  #materialize(): NDArrayData {
    const payload = this.#payload;
    if (payload === undefined) return this.#made ?? NO_DATA;
    const data = decodeData(this.descriptor, payload);
    this.#settle(data);
    return data;
  }

  #settle(value: NDArrayData): void {
    this.#payload = undefined;
    // A plain data property from now on; a frozen array keeps its accessor, which returns #made
    // (kept only then, so that no second reference holds on to data the caller later replaces).
    if (Object.getOwnPropertyDescriptor(this, 'data')?.configurable === true) {
      Object.defineProperty(this, 'data', { value, writable: true, enumerable: true, configurable: true });
      this.#made = undefined;
    } else this.#made = value;
  }

  /** numpy's `dtype.str`. */
  get dtype(): string {
    return this.descriptor.str;
  }

  /** numpy's `dtype.descr` (one entry per field for structured dtypes). */
  get descr(): DescrEntry[] {
    return this.descriptor.descr;
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  get size(): number {
    let n = 1;
    for (const d of this.shape) n *= d;
    return n;
  }

  /** Bytes per element. */
  get itemsize(): number {
    return this.descriptor.itemsize;
  }

  /** Byte strides per dimension, as numpy gives them for a contiguous array of this order. */
  get strides(): number[] {
    const out = new Array<number>(this.shape.length);
    let step = this.itemsize;
    if (this.order === 'C') {
      for (let k = this.shape.length - 1; k >= 0; k--) {
        out[k] = step;
        step *= this.shape[k]!;
      }
    } else {
      for (let k = 0; k < this.shape.length; k++) {
        out[k] = step;
        step *= this.shape[k]!;
      }
    }
    return out;
  }

  /**
   * True when the memory layout is Fortran and not also C (numpy's
   * `isfortran`): arrays with at most one dimension longer than 1 are both.
   */
  get isFortran(): boolean {
    return this.order === 'F' && !bothContiguous(this.shape);
  }

  /**
   * numpy's `tolist()`: nested arrays of element values in index order. bool →
   * boolean; ints → number (bigint beyond 2**53); floats and float16 → number;
   * complex → `Complex`; str → string; bytes → `Uint8Array` without trailing
   * NULs; structured records → `Tuple`; datetime64/timedelta64 → the count of
   * units as number/bigint (numpy gives `datetime` objects for some units:
   * picklejar always gives the count, which loses nothing); objects as they are.
   * A 0-d array gives its one element.
   */
  tolist(): unknown {
    const flat = this.#flatValues();
    if (this.shape.length === 0) return flat[0];
    return nest(flat, this.shape);
  }

  /**
   * The elements as numbers, in memory order (float16 converted; for numeric non-complex dtypes).
   * @throws PickleError for complex, str, bytes, structured and object arrays.
   */
  toFloat32(): Float32Array {
    const d = this.descriptor;
    const data = this.data;
    if (Array.isArray(data) || storageOf(d) === undefined || d.kind === 'c') {
      throw new PickleError(`NDArray.toFloat32: dtype ${this.dtype} is not real numeric`);
    }
    const out = new Float32Array(this.size);
    for (let i = 0; i < out.length; i++) {
      const v = data[i]!;
      out[i] = d.kind === 'f' && d.itemsize === 2 ? halfToNumber(v as number) : Number(v);
    }
    return out;
  }

  /**
   * The raw element bytes in the dtype's byte order and this array's memory
   * order (numpy's `tobytes(order='A')`). Not for object arrays.
   * @throws PickleError for object arrays.
   */
  toBytes(): Uint8Array {
    // A plain copy: the payload may be a bytearray view or a Buffer, whose slice would not be.
    if (this.#payload !== undefined) return new Uint8Array(this.#payload);
    if (Array.isArray(this.data)) throw new PickleError('NDArray.toBytes: object arrays have no raw bytes');
    return encodeData(this.descriptor, this.data);
  }

  /**
   * The raw element bytes as `toBytes` gives them, but without copying when no
   * byte swap is needed: then a read-only-by-contract `Uint8Array` view of
   * `data`'s memory (a write to it changes the array). What dumps, `.npy`
   * writing and out-of-band buffers use, so bulk data is copied at most once.
   * @throws PickleError for object arrays.
   */
  bytesView(): Uint8Array {
    // A plain Uint8Array over the payload (which may be the bytearray the pickle held: it must not dump as one).
    const p = this.#payload;
    if (p !== undefined) return new Uint8Array(p.buffer as ArrayBuffer, p.byteOffset, p.length);
    if (Array.isArray(this.data)) throw new PickleError('NDArray.bytesView: object arrays have no raw bytes');
    return dataBytes(this.descriptor, this.data);
  }

  /**
   * Memory index of each element in C index order, or undefined when they coincide.
   * @throws never.
   */
  memoryOrder(): Int32Array | undefined {
    if (this.order === 'C' || bothContiguous(this.shape)) return undefined;
    const n = this.size;
    const shape = this.shape;
    const nd = shape.length;
    const fstride = new Array<number>(nd);
    let step = 1;
    for (let k = 0; k < nd; k++) {
      fstride[k] = step;
      step *= shape[k]!;
    }
    const idx = new Array<number>(nd).fill(0);
    const out = new Int32Array(n);
    let at = 0;
    for (let i = 0; i < n; i++) {
      out[i] = at;
      for (let k = nd - 1; k >= 0; k--) {
        idx[k]!++;
        at += fstride[k]!;
        if (idx[k]! < shape[k]!) break;
        at -= fstride[k]! * shape[k]!;
        idx[k] = 0;
      }
    }
    return out;
  }

  /** numpy's repr (summarised past 1000 elements), for `pyRepr` and `picklejar show`. */
  [PY_REPR](): string {
    return formatNDArray(this);
  }

  #flatValues(): unknown[] {
    const n = this.size;
    const perm = this.memoryOrder();
    const out = new Array<unknown>(n);
    const d = this.descriptor;
    const payload = this.#payload;
    if (payload !== undefined) {
      // Not made yet: read the payload in place (rawItem reads numeric dtypes in their own byte order).
      const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
      for (let i = 0; i < n; i++) out[i] = rawItem(d, payload, view, (perm === undefined ? i : perm[i]!) * d.itemsize);
      return out;
    }
    const data = this.data;
    if (Array.isArray(data)) {
      for (let i = 0; i < n; i++) out[i] = data[perm === undefined ? i : perm[i]!];
      return out;
    }
    if (storageOf(d) !== undefined) {
      for (let i = 0; i < n; i++) out[i] = numericItem(d, data, perm === undefined ? i : perm[i]!);
      return out;
    }
    const bytes = data as Uint8Array;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < n; i++) out[i] = rawItem(d, bytes, view, (perm === undefined ? i : perm[i]!) * d.itemsize);
    return out;
  }
}

function expectedLength(d: DType, size: number): number {
  if (d.kind === 'O') return size;
  const s = storageOf(d);
  if (s === undefined) return size * d.itemsize;
  return size * s.per;
}

/** numpy calls an array with at most one dimension above 1 (or no elements) both C- and F-contiguous. */
export function bothContiguous(shape: readonly number[]): boolean {
  let big = 0;
  for (const n of shape) {
    if (n === 0) return true;
    if (n > 1) big++;
  }
  return big <= 1;
}

/** Re-exported for users who build dtypes. */
export type { NumericData, NDArrayData };
