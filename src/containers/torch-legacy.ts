/**
 * The legacy `torch.save` format (torch < 1.6, or `_use_new_zipfile_serialization=False`):
 * five pickles in a row (magic number, protocol version 1001, sys info, the
 * object, the sorted list of storage keys), then per key an 8-byte element
 * count and the storage's raw bytes.
 *
 * The object pickle names storages (and their dtypes) before their bytes are
 * reached, so it is read twice: a first pass with no torch rebuilders only
 * collects the storage ids and where the pickle ends; the storages are then
 * located, and the second pass builds tensors over them. The object pickle is
 * metadata (kilobytes), so reading it twice costs little, and no storage byte
 * is copied.
 */
import { UnpicklingError } from '../errors.js';
import { Unpickler } from '../ml/default-unpickler.js';
import type { UnpicklerOptions } from '../unpickler/options.js';
import type { LoadBinding } from '../registry/contract.js';
import { TorchStorageType, torchTypes } from '../ml/torch/bindings.js';
import { dtypeInfo, type TorchDType } from '../ml/torch/dtypes.js';
import { Storage, byteSwapped } from '../ml/torch/storage.js';
import { parseStorageId } from './torch-storages.js';
import { torchUnpicklerOptions, type ReadTorchOptions } from './torch-options.js';

const MAGIC = 0x1950a86a20f9469cfc6cn;
const PROTOCOL_VERSION = 1001;

/** Only the storage classes resolve in the first pass: nothing is rebuilt, the ids are only collected. */
const storageTypesOnly = {
  lookup(module: string, name: string): LoadBinding | undefined {
    const b = torchTypes.lookup(module, name);
    return b !== undefined && b.value instanceof TorchStorageType ? b : undefined;
  },
};

function dictGet(d: unknown, key: string): unknown {
  if (d instanceof Map) return d.get(key);
  if (d !== null && typeof d === 'object') return (d as Record<string, unknown>)[key];
  return undefined;
}

/**
 * Loads a legacy-format `torch.save` stream.
 * @throws UnpicklingError when the header pickles are not torch's, a storage is missing, truncated or shorter than declared.
 */
export function readLegacyTorch(bytes: Uint8Array, options: ReadTorchOptions = {}): unknown {
  const roots = new Map<string, { dtype: TorchDType; location: string }>();
  const firstPass: UnpicklerOptions = {
    encoding: options.encoding ?? 'utf-8',
    ...(options.errors !== undefined ? { errors: options.errors } : {}),
    ...(options.fixImports !== undefined ? { fixImports: options.fixImports } : {}),
    // This pass runs over the whole file, storages included, to find where the pickles end; the
    // input limit applies to the object pickle in the second pass.
    limits: { ...options.limits, maxInputBytes: bytes.length },
    registry: storageTypesOnly,
    persistentLoad: (pid) => {
      const id = parseStorageId(pid);
      // The legacy section gives sizes in elements: a storage of unknown element size cannot be located.
      if (!('module' in id) && id.raw) throw new UnpicklingError(`unsupported torch storage type torch.${id.storageType.name} in a legacy checkpoint`);
      if (!('module' in id) && !roots.has(id.key)) roots.set(id.key, { dtype: id.storageType.dtype, location: id.location });
      return null;
    },
  };
  const u = new Unpickler(bytes, firstPass);
  const magic = u.load();
  if (magic !== MAGIC) throw new UnpicklingError('invalid torch legacy magic number', { offset: 0 });
  u.clearMemo();
  const version = u.load();
  if (version !== PROTOCOL_VERSION) throw new UnpicklingError(`unsupported torch legacy protocol version ${String(version)}`);
  u.clearMemo();
  const sysInfo = u.load();
  const little = dictGet(sysInfo, 'little_endian') !== false;
  const objStart = u.position;
  u.clearMemo();
  u.load();
  const objEnd = u.position;
  u.clearMemo();
  const keys = u.load();
  if (!Array.isArray(keys)) throw new UnpicklingError('torch legacy storage key list is not a list', { offset: objEnd });
  let pos = u.position;
  const storages = new Map<string, Storage>();
  for (const k of keys) {
    const key = typeof k === 'string' ? k : String(k);
    const root = roots.get(key);
    if (root === undefined) throw new UnpicklingError(`torch legacy storage '${key}' is not named by the object pickle`, { offset: pos });
    if (pos + 8 > bytes.length) throw new UnpicklingError(`torch legacy storage '${key}': size truncated`, { offset: pos });
    const view = new DataView(bytes.buffer, bytes.byteOffset + pos, 8);
    const numel = view.getUint32(little ? 0 : 4, little) + view.getUint32(little ? 4 : 0, little) * 2 ** 32;
    const info = dtypeInfo(root.dtype)!;
    const nbytes = numel * info.itemsize;
    pos += 8;
    if (nbytes > bytes.length - pos)
      throw new UnpicklingError(`torch legacy storage '${key}' of ${numel} ${root.dtype} elements runs past the end of the input`, { offset: pos - 8 });
    let data = bytes.subarray(pos, pos + nbytes);
    const unit = info.itemsize / info.lanes;
    if (!little && unit > 1) data = byteSwapped(data, unit);
    storages.set(key, new Storage(root.dtype, data, key, root.location));
    pos += nbytes;
  }
  const views = new Map<string, Storage>();
  const persistentLoad = (pid: unknown): unknown => {
    const id = parseStorageId(pid);
    if ('module' in id) return id.module;
    const root = storages.get(id.key);
    if (root === undefined) throw new UnpicklingError(`torch legacy storage '${id.key}' has no data after the pickles`);
    if (root.numel < id.numel && id.view === undefined) {
      throw new UnpicklingError(`torch legacy storage '${id.key}' declares ${id.numel} elements but holds ${root.numel}`);
    }
    if (id.view === undefined) return root;
    const [viewKey, offset, size] = id.view;
    const cached = views.get(viewKey);
    if (cached !== undefined) return cached;
    if (offset + size > root.numel) throw new UnpicklingError(`torch legacy storage view '${viewKey}' reaches past storage '${id.key}'`);
    const itemsize = root.info.itemsize;
    const v = new Storage(root.dtype, root.bytes.subarray(offset * itemsize, (offset + size) * itemsize), viewKey, root.location);
    views.set(viewKey, v);
    return v;
  };
  return new Unpickler(bytes.subarray(objStart, objEnd), torchUnpicklerOptions(options, persistentLoad)).load();
}
