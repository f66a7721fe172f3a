/**
 * A torch storage: the flat bytes tensors view. Loaded storages are views of
 * the checkpoint's bytes (a `subarray` of the zip member), shared by every
 * tensor that names the same key, exactly as torch shares them.
 */
import { PickleError } from '../../errors.js';
import { dtypeInfo, type DTypeInfo, type TorchDType, type TorchTypedArray } from './dtypes.js';
import { PY_REPR } from '../../repr/py-repr.js';

/** The bytes of one torch storage, with its dtype and where it came from. */
export class Storage {
  /** Element type. */
  readonly dtype: TorchDType;
  /** The raw little-endian bytes (a view of the archive when loaded; not copied). */
  readonly bytes: Uint8Array;
  /** The key the checkpoint gave it (`'0'`, or a legacy address); `''` for a storage made in JS. */
  readonly key: string;
  /** torch's location tag, e.g. `'cpu'` or `'cuda:0'` (kept as written; the data is always here). */
  readonly location: string;
  #typed: TorchTypedArray | undefined;

  /**
   * @param dtype element type.
   * @param bytes the little-endian bytes; their length must be a multiple of the item size.
   * @param key the checkpoint key ('' for a new storage).
   * @param location torch's location tag. Default `'cpu'`.
   * @throws PickleError for an unknown dtype or a byte length that is not whole elements.
   */
  constructor(dtype: TorchDType, bytes: Uint8Array, key = '', location = 'cpu') {
    const info = dtypeInfo(dtype);
    if (info === undefined) throw new PickleError(`unknown torch dtype '${String(dtype)}'`);
    if (bytes.length % info.itemsize !== 0) throw new PickleError(`a ${dtype} storage needs a multiple of ${info.itemsize} bytes, not ${bytes.length}`);
    this.dtype = dtype;
    this.bytes = bytes;
    this.key = key;
    this.location = location;
  }

  /** The last line of torch's repr, without the elements (a storage can be gigabytes). */
  [PY_REPR](): string {
    return `[torch.storage.TypedStorage(dtype=torch.${this.dtype}, device=${this.location}) of size ${this.numel}]`;
  }

  /** Number of elements. */
  get numel(): number {
    return this.bytes.length / dtypeInfo(this.dtype)!.itemsize;
  }

  /** The dtype's details (item size, typed array class). */
  get info(): DTypeInfo {
    return dtypeInfo(this.dtype)!;
  }

  /**
   * The whole storage as a typed array: a view of `bytes` when they are
   * aligned for the element type, else one aligned copy, made once and kept
   * (legacy checkpoints pack storages at arbitrary offsets).
   * @throws never.
   */
  typed(): TorchTypedArray {
    if (this.#typed !== undefined) return this.#typed;
    const info = this.info;
    const unit = info.array.BYTES_PER_ELEMENT;
    let source = this.bytes;
    if (source.byteOffset % unit !== 0) {
      // Not `slice()`: on a Node Buffer that is a view, not a copy.
      source = new Uint8Array(source.length);
      source.set(this.bytes);
    }
    this.#typed = new info.array(source.buffer, source.byteOffset, source.length / unit);
    return this.#typed;
  }
}

/**
 * Reverses the byte order of every `unit`-byte word of `bytes` into a new array
 * (a checkpoint written on a big-endian machine).
 * @throws never.
 */
export function byteSwapped(bytes: Uint8Array, unit: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += unit) {
    for (let k = 0; k < unit; k++) out[i + k] = bytes[i + unit - 1 - k]!;
  }
  return out;
}
