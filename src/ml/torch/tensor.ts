/**
 * `Tensor`: a view of a `Storage` (shape, strides in elements, storage offset),
 * as torch's `_rebuild_tensor_v2` builds it. Nothing is copied on load;
 * `tolist()` and `contiguous()` walk the strides, so transposed and sliced
 * views read right.
 */
import { PickleError } from '../../errors.js';
import { Complex } from '../../values/complex.js';
import { dtypeInfo, type TorchDType, type TorchTypedArray } from './dtypes.js';
import { bfloat16ToNumber, halfToNumber, widen16 } from './half.js';
import { Storage } from './storage.js';
import { tensorRepr } from './tensor-repr.js';
import { PY_REPR } from '../../repr/py-repr.js';

/**
 * The most elements `tolist()` and `contiguous()` produce. A tensor with zero
 * strides (torch's `expand`) can declare far more elements than its storage
 * holds; beyond 2^24 elements such a tensor may materialize at most 16 times
 * its storage, so that a few bytes of file cannot ask for gigabytes.
 */
export const MAX_MATERIALIZED_ELEMENTS = 2 ** 28;

/** Options of {@link Tensor.from}. */
export interface TensorFromOptions {
  /** Element type. Default: from the typed array (Float32Array → float32, Float64Array → float64, Int32Array → int32, BigInt64Array → int64, Uint8Array → uint8…); required for float16/bfloat16/bool/complex. */
  readonly dtype?: TorchDType;
  /** Strides in elements. Default: contiguous (C order). */
  readonly stride?: readonly number[];
  /** Offset into the storage, in elements. Default 0. */
  readonly storageOffset?: number;
  /** `requires_grad`. Default false. */
  readonly requiresGrad?: boolean;
}

function checkDims(values: readonly unknown[], what: string): number[] {
  const out: number[] = [];
  for (const v of values) {
    const n = typeof v === 'bigint' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new PickleError(`tensor ${what} must be non-negative integers, not ${String(v)}`);
    out.push(n);
  }
  return out;
}

/**
 * Strides of a contiguous (C-order) tensor of `shape`.
 * @throws never.
 */
export function contiguousStride(shape: readonly number[]): number[] {
  const stride = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    stride[i] = s;
    s *= Math.max(shape[i]!, 1);
  }
  return stride;
}

function defaultDType(data: ArrayBufferView): TorchDType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof BigInt64Array) return 'int64';
  throw new PickleError(`cannot tell a torch dtype from a ${data.constructor.name}; pass options.dtype`);
}

/** A PyTorch tensor: a strided view of a storage. */
export class Tensor {
  /** Sizes per dimension (`[]` for a 0-d tensor). */
  readonly shape: readonly number[];
  /** Strides per dimension, in elements. */
  readonly stride: readonly number[];
  /** Offset of element [0, 0, …] in the storage, in elements. */
  readonly storageOffset: number;
  /** The storage, shared with every tensor of the checkpoint that views it. */
  readonly storage: Storage;
  /** torch's `requires_grad`. */
  requiresGrad: boolean;
  /** True when it was an `nn.Parameter` (`_rebuild_parameter`). */
  isParameter = false;

  /**
   * @param storage the storage viewed.
   * @param storageOffset offset of the first element, in elements.
   * @param shape sizes per dimension.
   * @param stride strides per dimension, in elements (same length as `shape`).
   * @param requiresGrad `requires_grad`. Default false.
   * @throws PickleError when sizes or strides are not non-negative integers, their lengths differ, or the view reaches past the storage.
   */
  constructor(storage: Storage, storageOffset: number, shape: readonly unknown[], stride: readonly unknown[], requiresGrad = false) {
    if (!(storage instanceof Storage)) throw new PickleError('a tensor needs a torch storage');
    const sh = checkDims(shape, 'sizes');
    const st = checkDims(stride, 'strides');
    const [off] = checkDims([storageOffset], 'storage offset');
    if (sh.length !== st.length) throw new PickleError(`tensor has ${sh.length} sizes but ${st.length} strides`);
    const end = spanEnd(off!, sh, st);
    if (end > storage.numel)
      throw new PickleError(
        `tensor of size (${sh.join(', ')}), stride (${st.join(', ')}) at offset ${off} reaches element ${end - 1} of a ${storage.numel}-element storage`,
      );
    this.storage = storage;
    this.storageOffset = off!;
    this.shape = Object.freeze(sh);
    this.stride = Object.freeze(st);
    this.requiresGrad = requiresGrad;
  }

  /**
   * A tensor over a new storage holding `data` (not copied: the storage views its buffer).
   * @param data the elements in storage order (float16/bfloat16: Uint16Array bits; bool: Uint8Array 0/1; complex: interleaved).
   * @param shape sizes per dimension. Default: `[elements]`.
   * @throws PickleError when the dtype cannot be told or the shape and strides do not fit `data`.
   */
  static from(data: ArrayBufferView, shape?: readonly number[], options: TensorFromOptions = {}): Tensor {
    const dtype = options.dtype ?? defaultDType(data);
    const info = dtypeInfo(dtype);
    if (info === undefined) throw new PickleError(`unknown torch dtype '${String(dtype)}'`);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const storage = new Storage(dtype, bytes);
    const sh = shape ?? [storage.numel];
    return new Tensor(storage, options.storageOffset ?? 0, sh, options.stride ?? contiguousStride(sh), options.requiresGrad ?? false);
  }

  /** torch's `repr()`: `tensor([[1.5000, 2.0000]], dtype=torch.float64)`, summarised with `...` past 1,000 elements. */
  [PY_REPR](): string {
    return tensorRepr(this);
  }

  /** torch's dtype name, e.g. `'float32'`. */
  get dtype(): TorchDType {
    return this.storage.dtype;
  }

  /** Number of elements (product of the sizes; 1 for a 0-d tensor). */
  get numel(): number {
    let n = 1;
    for (const s of this.shape) n *= s;
    return n;
  }

  /** True when the elements lie in C order without gaps (torch's `is_contiguous()`). */
  get isContiguous(): boolean {
    let expected = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      const size = this.shape[i]!;
      if (size === 0) return true;
      if (size !== 1 && this.stride[i] !== expected) return false;
      expected *= size;
    }
    return true;
  }

  /**
   * The storage region this tensor spans, as a typed array view (no copy):
   * from `storageOffset` to its last element. Contiguous tensors hold exactly
   * their elements in order; other views must be read through `stride`
   * (or use `tolist()` / `contiguous()`). float16/bfloat16: raw bits in a
   * Uint16Array (see `toFloat32Array()`); bool: Uint8Array of 0/1; complex:
   * interleaved real, imaginary in a Float32Array/Float64Array (twice as long).
   */
  get data(): TorchTypedArray {
    const lanes = this.storage.info.lanes;
    const end = spanEnd(this.storageOffset, this.shape, this.stride);
    const start = end === 0 ? 0 : this.storageOffset;
    return this.storage.typed().subarray(start * lanes, end * lanes) as TorchTypedArray;
  }

  /**
   * A contiguous tensor with the same elements: this one when already
   * contiguous at offset 0 over its whole storage, else a copy.
   * @throws PickleError when the copy would exceed {@link MAX_MATERIALIZED_ELEMENTS}.
   */
  contiguous(): Tensor {
    if (this.isContiguous && this.storageOffset === 0 && this.numel === this.storage.numel) return this;
    const n = this.numel;
    checkMaterialize(n, this.storage.numel);
    const info = this.storage.info;
    const src = this.storage.typed();
    const out = new info.array(n * info.lanes) as TorchTypedArray;
    let k = 0;
    const lanes = info.lanes;
    forEachOffset(this, (at) => {
      for (let l = 0; l < lanes; l++) (out as Float64Array)[k++] = (src as Float64Array)[at * lanes + l]!;
    });
    const t = Tensor.from(out, this.shape, { dtype: this.dtype, requiresGrad: this.requiresGrad });
    t.isParameter = this.isParameter;
    return t;
  }

  /**
   * The elements in C order as float32 (float16/bfloat16 widened exactly; other dtypes converted).
   * @throws PickleError for complex, or over {@link MAX_MATERIALIZED_ELEMENTS}.
   */
  toFloat32Array(): Float32Array {
    const c = this.contiguous();
    const data = c.data;
    if (c.dtype === 'float16' || c.dtype === 'bfloat16') return widen16(data as Uint16Array, c.dtype === 'bfloat16');
    if (c.storage.info.lanes !== 1) throw new PickleError(`a ${c.dtype} tensor has no float32 form`);
    if (data instanceof BigInt64Array) return Float32Array.from(data, (v) => Number(v));
    return Float32Array.from(data as Float64Array);
  }

  /**
   * What torch's `tolist()` returns, in picklejar's value model: nested arrays;
   * numbers for floats and ints (int64 beyond 2^53 as bigint), booleans for
   * bool, `Complex` for complex; a 0-d tensor gives its scalar.
   * @throws PickleError over {@link MAX_MATERIALIZED_ELEMENTS}.
   */
  tolist(): unknown {
    checkMaterialize(this.numel, this.storage.numel);
    const read = elementReader(this);
    const nd = this.shape.length;
    if (nd === 0) return read(this.storageOffset);
    const root: unknown[] = [];
    // An explicit stack instead of recursion: the number of dimensions comes from the file.
    const arrays: unknown[][] = [root];
    const bases: number[] = [this.storageOffset];
    const index: number[] = [0];
    while (arrays.length > 0) {
      const d = arrays.length - 1;
      const size = this.shape[d]!;
      const stride = this.stride[d]!;
      if (d === nd - 1) {
        const arr = arrays[d]!;
        for (let i = 0, at = bases[d]!; i < size; i++, at += stride) arr.push(read(at));
        arrays.pop();
        bases.pop();
        index.pop();
        continue;
      }
      const i = index[d]!;
      if (i >= size) {
        arrays.pop();
        bases.pop();
        index.pop();
        continue;
      }
      index[d] = i + 1;
      const child: unknown[] = [];
      arrays[d]!.push(child);
      arrays.push(child);
      bases.push(bases[d]! + i * stride);
      index.push(0);
    }
    return root;
  }
}

/** One past the last storage element a view reaches (0 when it has no elements). */
function spanEnd(offset: number, shape: readonly number[], stride: readonly number[]): number {
  let last = offset;
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 0) return 0;
    last += (shape[i]! - 1) * stride[i]!;
  }
  if (!Number.isSafeInteger(last)) throw new PickleError('tensor view reaches beyond 2^53 elements');
  return last + 1;
}

function checkMaterialize(n: number, stored: number): void {
  if (n > MAX_MATERIALIZED_ELEMENTS)
    throw new PickleError(`tensor of ${n} elements is over the ${MAX_MATERIALIZED_ELEMENTS}-element limit for tolist()/contiguous()`);
  if (n > 2 ** 24 && n > 16 * stored)
    throw new PickleError(`tensor of ${n} elements over a ${stored}-element storage (zero strides) is too big to materialize`);
}

/** Calls `visit` with the storage offset of each element, in C order. */
function forEachOffset(t: Tensor, visit: (at: number) => void): void {
  const nd = t.shape.length;
  if (t.numel === 0) return;
  if (nd === 0) return visit(t.storageOffset);
  const idx = new Array<number>(nd).fill(0);
  let at = t.storageOffset;
  const inner = t.shape[nd - 1]!;
  const innerStride = t.stride[nd - 1]!;
  for (;;) {
    for (let i = 0, p = at; i < inner; i++, p += innerStride) visit(p);
    let d = nd - 2;
    for (; d >= 0; d--) {
      idx[d]!++;
      at += t.stride[d]!;
      if (idx[d]! < t.shape[d]!) break;
      at -= t.stride[d]! * t.shape[d]!;
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}

/** A reader of one element at a storage offset, as the value model has it. */
function elementReader(t: Tensor): (at: number) => unknown {
  const a = t.storage.typed();
  switch (t.dtype) {
    case 'float16':
      return (at) => halfToNumber((a as Uint16Array)[at]!);
    case 'bfloat16':
      return (at) => bfloat16ToNumber((a as Uint16Array)[at]!);
    case 'bool':
      return (at) => (a as Uint8Array)[at] !== 0;
    case 'int64':
      return (at) => {
        const v = (a as BigInt64Array)[at]!;
        return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
      };
    case 'complex64':
    case 'complex128':
      return (at) => new Complex((a as Float64Array)[2 * at]!, (a as Float64Array)[2 * at + 1]!);
    default:
      return (at) => (a as Float64Array)[at]!;
  }
}
