/**
 * The torch globals picklejar implements itself, both ways: the tensor
 * rebuild functions torch pickles tensors with, `torch.storage._load_from_bytes`
 * (storages in plain pickles, read with readTorch), the legacy storage classes
 * that name a storage's dtype, `torch.<dtype>` and `torch.Size`. Nothing
 * else from torch resolves: `torch.device`, quantized or sparse rebuilders
 * and every other global stay inert `PyGlobal`s / `PyObject`s.
 */
import { PickleError, PicklingError } from '../../errors.js';
import type { DumpRegistry, LoadBinding, LoadRegistry, ReduceValue } from '../../registry/contract.js';
import { OrderedDict } from '../../stdlib/collections.js';
import { PyGlobal } from '../../values/py-global.js';
import { Tuple } from '../../values/tuple.js';
import { DTYPE_ALIASES, TORCH_DTYPES, dtypeInfo, dtypeOfStorageClass, type TorchDType } from './dtypes.js';
import { Storage } from './storage.js';
import { Tensor } from './tensor.js';
// A cycle (containers/torch → … → bindings), safe because readTorch is only called at load time.
import { readTorch } from '../../containers/torch.js';

/** What a `torch.<dtype>` global (`torch.float32`, `torch.long`…) loads as. */
export class TorchDTypeRef {
  /** @param name torch's canonical name, e.g. `'float32'`. */
  constructor(readonly name: TorchDType) {
    Object.freeze(this);
  }
}

/** What a legacy storage class global (`torch.FloatStorage`) loads as: the class that names a storage's dtype. */
export class TorchStorageType {
  /**
   * @param name the class name, e.g. `'FloatStorage'`.
   * @param dtype the element type it stores.
   */
  constructor(
    readonly name: string,
    readonly dtype: TorchDType,
  ) {
    Object.freeze(this);
  }
}

const DTYPE_REFS = new Map<TorchDType, TorchDTypeRef>(TORCH_DTYPES.map((d) => [d, new TorchDTypeRef(d)]));
const STORAGE_TYPES = new Map<string, TorchStorageType>();
for (const d of TORCH_DTYPES) {
  const cls = dtypeInfo(d)!.storageClass;
  STORAGE_TYPES.set(cls, new TorchStorageType(cls, d));
}
STORAGE_TYPES.set('UntypedStorage', new TorchStorageType('UntypedStorage', 'uint8'));

/**
 * The storage class value for `torch.<name>`, or undefined.
 * @throws never.
 */
export function storageTypeNamed(name: string): TorchStorageType | undefined {
  return STORAGE_TYPES.get(name);
}

function asBool(v: unknown): boolean {
  return v === true || v === 1;
}

function asSeq(v: unknown, what: string): readonly unknown[] {
  if (!Array.isArray(v)) throw new PickleError(`tensor ${what} must be a tuple`);
  return v;
}

function rebuildTensor(storage: unknown, storageOffset: unknown, size: unknown, stride: unknown): Tensor {
  if (!(storage instanceof Storage)) {
    throw new PickleError(
      '_rebuild_tensor: the storage is not a torch storage from this checkpoint (load it with readTorch, which resolves the persistent ids)',
    );
  }
  return new Tensor(storage, storageOffset as number, asSeq(size, 'size'), asSeq(stride, 'stride'));
}

/** `torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks, metadata=None)`. */
function rebuildTensorV2(...args: unknown[]): Tensor {
  if (args.length < 5) throw new PickleError(`_rebuild_tensor_v2 takes at least 5 arguments, not ${args.length}`);
  const t = rebuildTensor(args[0], args[1], args[2], args[3]);
  t.requiresGrad = asBool(args[4]);
  return t;
}

/** `torch._utils._rebuild_tensor(storage, storage_offset, size, stride)` (torch 0.4). */
function rebuildTensorV1(...args: unknown[]): Tensor {
  if (args.length !== 4) throw new PickleError(`_rebuild_tensor takes 4 arguments, not ${args.length}`);
  return rebuildTensor(args[0], args[1], args[2], args[3]);
}

/** `torch._utils._rebuild_parameter(data, requires_grad, backward_hooks)`. */
function rebuildParameter(...args: unknown[]): Tensor {
  const data = args[0];
  if (!(data instanceof Tensor)) throw new PickleError('_rebuild_parameter: data is not a tensor');
  const t = new Tensor(data.storage, data.storageOffset, data.shape, data.stride, asBool(args[1]));
  t.isParameter = true;
  return t;
}

/** `torch._utils._rebuild_parameter_with_state(data, requires_grad, backward_hooks, state)`: the state (Python attributes) is not kept. */
function rebuildParameterWithState(...args: unknown[]): Tensor {
  return rebuildParameter(...args);
}

const REBUILDERS = new Set<unknown>([rebuildTensorV2, rebuildTensorV1, rebuildParameter, rebuildParameterWithState]);

/**
 * `torch._tensor._rebuild_from_type_v2(func, new_type, args, state)`: tensor
 * subclasses. Only calls `func` when it is one of the rebuild functions above
 * (never anything the file chose); `nn.Parameter` as `new_type` marks a parameter.
 */
function rebuildFromTypeV2(...a: unknown[]): Tensor {
  const [func, newType, args] = a;
  if (!REBUILDERS.has(func)) throw new PickleError('_rebuild_from_type_v2: only torch tensor rebuild functions are called');
  const t = (func as (...x: unknown[]) => Tensor)(...asSeq(args, 'rebuild arguments'));
  if (newType instanceof PyGlobal && newType.module === 'torch.nn.parameter' && newType.name === 'Parameter') t.isParameter = true;
  return t;
}

/** How deep `_load_from_bytes` may nest (a checkpoint inside a storage inside a checkpoint…): each level is a recursive load. */
const MAX_NESTED_LOADS = 4;
let nestedLoads = 0;

/**
 * `torch.storage._load_from_bytes(b)`: how a storage pickles with plain
 * `pickle` (not `torch.save`): `b` is a whole `torch.save` of the storage,
 * read here by picklejar's own reader (nothing runs), giving the `Storage`.
 */
function loadFromBytes(...args: unknown[]): Storage {
  const b = args[0];
  if (!(b instanceof Uint8Array)) throw new PickleError('_load_from_bytes takes the bytes of a torch.save file');
  if (nestedLoads >= MAX_NESTED_LOADS) throw new PickleError(`_load_from_bytes nested more than ${MAX_NESTED_LOADS} deep`);
  nestedLoads++;
  let value: unknown;
  try {
    value = readTorch(b);
  } finally {
    nestedLoads--;
  }
  if (!(value instanceof Storage)) throw new PickleError('_load_from_bytes: the embedded torch.save file does not hold a storage');
  return value;
}

const FUNCTIONS: readonly (readonly [string, string, (...a: unknown[]) => unknown])[] = [
  ['torch._utils', '_rebuild_tensor_v2', rebuildTensorV2],
  ['torch._utils', '_rebuild_tensor', rebuildTensorV1],
  ['torch._utils', '_rebuild_parameter', rebuildParameter],
  ['torch._utils', '_rebuild_parameter_with_state', rebuildParameterWithState],
  ['torch._tensor', '_rebuild_from_type_v2', rebuildFromTypeV2],
  ['torch.storage', '_load_from_bytes', loadFromBytes],
];

const BINDINGS = new Map<string, LoadBinding>();
for (const [module, name, fn] of FUNCTIONS) BINDINGS.set(`${module}\0${name}`, { value: fn, call: (args) => fn(...args) });
for (const [name, ref] of DTYPE_REFS) BINDINGS.set(`torch\0${name}`, { value: ref });
for (const [alias, d] of DTYPE_ALIASES) BINDINGS.set(`torch\0${alias}`, { value: DTYPE_REFS.get(d)! });
for (const [name, st] of STORAGE_TYPES) BINDINGS.set(`torch\0${name}`, { value: st });
// torch.Size is a tuple subclass: torch.Size((2, 3)) loads as the tuple (2, 3).
BINDINGS.set('torch\0Size', { call: (args) => new Tuple(asSeq(args[0] ?? [], 'Size')) });

const GLOBALS = new Map<unknown, PyGlobal>();
for (const [module, name, fn] of FUNCTIONS) GLOBALS.set(fn, new PyGlobal(module, name));
for (const [name, ref] of DTYPE_REFS) GLOBALS.set(ref, new PyGlobal('torch', name));
for (const [name, st] of STORAGE_TYPES) GLOBALS.set(st, new PyGlobal('torch', name));
const OD_HOOKS = (): OrderedDict => new OrderedDict();

/**
 * The global torch pickles `t` with and its arguments, as torch 1.13's
 * `Tensor.__reduce_ex__` / `Parameter.__reduce_ex__` give them.
 * @throws never.
 */
export function reduceTensor(t: Tensor): ReduceValue {
  if (t.isParameter) {
    const data = new Tensor(t.storage, t.storageOffset, t.shape, t.stride, false);
    return { callable: GLOBALS.get(rebuildParameter)!, args: [data, t.requiresGrad, OD_HOOKS()] };
  }
  return {
    callable: GLOBALS.get(rebuildTensorV2)!,
    args: [t.storage, t.storageOffset, new Tuple(t.shape), new Tuple(t.stride), t.requiresGrad, OD_HOOKS()],
  };
}

/**
 * The torch types for `loads`' `registry` and `dumps`' `registry`: tensors,
 * storage classes, dtypes, `torch.Size`. Storages themselves come from
 * persistent ids (see `readTorch`, `writeTorch`).
 */
export const torchTypes: LoadRegistry & DumpRegistry = Object.freeze({
  lookup(module: string, name: string): LoadBinding | undefined {
    return BINDINGS.get(`${module}\0${name}`);
  },
  reduce(value: object): ReduceValue | PyGlobal | undefined {
    if (value instanceof Tensor) return reduceTensor(value);
    if (value instanceof Storage) {
      throw new PicklingError('a torch storage is saved as a persistent id next to the pickle, not in it: save tensors with writeTorch');
    }
    return GLOBALS.get(value);
  },
});

/**
 * The `TorchDTypeRef` for a dtype name or alias (`'float32'`, `'long'`), or undefined.
 * @throws never.
 */
export function torchDType(name: string): TorchDTypeRef | undefined {
  return DTYPE_REFS.get((DTYPE_ALIASES.get(name) ?? name) as TorchDType);
}

/** The storage type of a dtype (its legacy class). @throws never. */
export function storageTypeOf(dtype: TorchDType): TorchStorageType {
  return STORAGE_TYPES.get(dtypeInfo(dtype)!.storageClass)!;
}

export { dtypeOfStorageClass };
