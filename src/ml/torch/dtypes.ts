/**
 * PyTorch's element types as picklejar names them (torch's own names:
 * `torch.float32` → `'float32'`), with the legacy storage class each one
 * pickles as (`torch.FloatStorage`) and the JS typed array holding it.
 */

/** A tensor element type, by torch's name. */
export type TorchDType = 'float32' | 'float64' | 'float16' | 'bfloat16' | 'int8' | 'uint8' | 'int16' | 'int32' | 'int64' | 'bool' | 'complex64' | 'complex128';

/** A typed array that holds one dtype's elements (complex: interleaved real, imaginary). */
export type TorchTypedArray = Float32Array | Float64Array | Uint16Array | Int8Array | Uint8Array | Int16Array | Int32Array | BigInt64Array;

/** The constructor of a dtype's typed array (`DTypeInfo.array`). */
export type TypedArrayClass = {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): TorchTypedArray;
  new (length: number): TorchTypedArray;
  readonly BYTES_PER_ELEMENT: number;
};

/** What picklejar knows about one dtype. */
export interface DTypeInfo {
  readonly name: TorchDType;
  /** Bytes per element. */
  readonly itemsize: number;
  /** The legacy storage class torch pickles for it, e.g. `FloatStorage`. */
  readonly storageClass: string;
  /** The typed array class of `Tensor.data` (Uint16Array holds float16/bfloat16 bits). */
  readonly array: TypedArrayClass;
  /** Array elements per tensor element: 2 for complex, else 1. */
  readonly lanes: number;
}

const TABLE: readonly DTypeInfo[] = [
  { name: 'float32', itemsize: 4, storageClass: 'FloatStorage', array: Float32Array, lanes: 1 },
  { name: 'float64', itemsize: 8, storageClass: 'DoubleStorage', array: Float64Array, lanes: 1 },
  { name: 'float16', itemsize: 2, storageClass: 'HalfStorage', array: Uint16Array, lanes: 1 },
  { name: 'bfloat16', itemsize: 2, storageClass: 'BFloat16Storage', array: Uint16Array, lanes: 1 },
  { name: 'int8', itemsize: 1, storageClass: 'CharStorage', array: Int8Array, lanes: 1 },
  { name: 'uint8', itemsize: 1, storageClass: 'ByteStorage', array: Uint8Array, lanes: 1 },
  { name: 'int16', itemsize: 2, storageClass: 'ShortStorage', array: Int16Array, lanes: 1 },
  { name: 'int32', itemsize: 4, storageClass: 'IntStorage', array: Int32Array, lanes: 1 },
  { name: 'int64', itemsize: 8, storageClass: 'LongStorage', array: BigInt64Array, lanes: 1 },
  { name: 'bool', itemsize: 1, storageClass: 'BoolStorage', array: Uint8Array, lanes: 1 },
  { name: 'complex64', itemsize: 8, storageClass: 'ComplexFloatStorage', array: Float32Array, lanes: 2 },
  { name: 'complex128', itemsize: 16, storageClass: 'ComplexDoubleStorage', array: Float64Array, lanes: 2 },
] as unknown as readonly DTypeInfo[];

const BY_NAME = new Map<string, DTypeInfo>(TABLE.map((d) => [d.name, d]));
const BY_STORAGE = new Map<string, DTypeInfo>(TABLE.map((d) => [d.storageClass, d]));
// torch.UntypedStorage (torch 2.x, a storage pickled on its own) holds bytes.
BY_STORAGE.set('UntypedStorage', BY_NAME.get('uint8')!);

/** Every dtype picklejar reads and writes. */
export const TORCH_DTYPES: readonly TorchDType[] = TABLE.map((d) => d.name);

/**
 * The dtype named `name` (`'float32'`), or undefined.
 * @throws never.
 */
export function dtypeInfo(name: string): DTypeInfo | undefined {
  return BY_NAME.get(name);
}

/**
 * The dtype stored by the legacy storage class `torch.<storageClass>`, or undefined.
 * @throws never.
 */
export function dtypeOfStorageClass(storageClass: string): DTypeInfo | undefined {
  return BY_STORAGE.get(storageClass);
}

/**
 * torch's other spellings of a dtype global: `torch.float` is `float32`,
 * `torch.half` `float16`, `torch.long` `int64`… (`torch.float32` itself pickles
 * as the global `torch.float32`).
 */
export const DTYPE_ALIASES: ReadonlyMap<string, TorchDType> = new Map<string, TorchDType>([
  ['float', 'float32'],
  ['double', 'float64'],
  ['half', 'float16'],
  ['short', 'int16'],
  ['int', 'int32'],
  ['long', 'int64'],
  ['cfloat', 'complex64'],
  ['cdouble', 'complex128'],
]);
