/**
 * torch < 0.4 checkpoints: a tar archive of `storages` (a count pickle, then
 * per storage a `(key, location, storage_type)` pickle, an 8-byte element
 * count and the raw bytes; then a pickle of storage views), `tensors` (a
 * count, then per tensor a `(key, storage_id, tensor_type)` pickle, int32
 * ndim + 4 pad bytes, int64 sizes, strides and offset) and `pickle` (the
 * object, whose persistent ids are those keys). As torch 1.13's `legacy_load`
 * reads them; storages stay views of the input.
 */
import { UnpicklingError } from '../errors.js';
import { Unpickler } from '../ml/default-unpickler.js';
import { TorchStorageType } from '../ml/torch/bindings.js';
import { Storage } from '../ml/torch/storage.js';
import { Tensor } from '../ml/torch/tensor.js';
import { torchUnpicklerOptions, withTorchTypes, type ReadTorchOptions } from './torch-options.js';

/**
 * The members of a ustar/pax tar archive, as views of `bytes`.
 * @throws UnpicklingError for a truncated or malformed header.
 */
export function readTarMembers(bytes: Uint8Array): Map<string, Uint8Array> {
  const members = new Map<string, Uint8Array>();
  let at = 0;
  let paxName: string | undefined;
  const text = (from: number, len: number): string => {
    let end = from;
    while (end < from + len && bytes[end] !== 0) end++;
    return new TextDecoder().decode(bytes.subarray(from, end));
  };
  while (at + 512 <= bytes.length) {
    if (bytes.subarray(at, at + 512).every((b) => b === 0)) break;
    const sizeText = text(at + 124, 12).trim();
    if (!/^[0-7]*$/.test(sizeText)) throw new UnpicklingError(`tar header has a malformed size '${sizeText}'`, { offset: at + 124 });
    const size = sizeText === '' ? 0 : parseInt(sizeText, 8);
    const type = String.fromCharCode(bytes[at + 156]!);
    const start = at + 512;
    if (start + size > bytes.length) throw new UnpicklingError(`tar member at byte ${at} runs past the end of the input`, { offset: at });
    const data = bytes.subarray(start, start + size);
    if (type === 'x') {
      // A pax header: "len key=value\n" records; only `path` matters here.
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(new TextDecoder().decode(data));
      paxName = m?.[1];
    } else if (type !== 'g') {
      const prefix = text(at + 345, 155);
      const name = paxName ?? (prefix ? `${prefix}/${text(at, 100)}` : text(at, 100));
      paxName = undefined;
      if (type === '0' || type === '\0') members.set(name, data);
    }
    at = start + Math.ceil(size / 512) * 512;
  }
  return members;
}

function int64At(bytes: Uint8Array, at: number, what: string): number {
  if (at + 8 > bytes.length) throw new UnpicklingError(`torch tar checkpoint: ${what} is truncated`, { offset: at });
  const v = new DataView(bytes.buffer, bytes.byteOffset + at, 8).getBigInt64(0, true);
  if (v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER)) throw new UnpicklingError(`torch tar checkpoint: ${what} is ${v}`, { offset: at });
  return Number(v);
}

/**
 * Loads a torch < 0.4 tar checkpoint.
 * @throws UnpicklingError when a member is missing, truncated or names an unknown storage.
 */
export function readTarTorch(bytes: Uint8Array, options: ReadTorchOptions = {}): unknown {
  const members = readTarMembers(bytes);
  const need = (name: string): Uint8Array => {
    const m = members.get(name);
    if (m === undefined) throw new UnpicklingError(`torch tar checkpoint has no '${name}' member`);
    return m;
  };
  // The header pickles are read from members that also hold the raw storages: the input limit is theirs.
  const base = { encoding: options.encoding ?? 'utf-8', registry: withTorchTypes(undefined), limits: { ...options.limits, maxInputBytes: bytes.length } };
  const objects = new Map<string, Storage | Tensor>();

  // storages: count, then (key, location, type) + size + bytes each, then the views.
  const st = need('storages');
  let u = new Unpickler(st, base);
  const count = u.load();
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) throw new UnpicklingError('torch tar checkpoint: storage count is not a count');
  let pos = u.position;
  for (let i = 0; i < count; i++) {
    u = new Unpickler(st.subarray(pos), base);
    const head = u.load();
    pos += u.position;
    if (!Array.isArray(head) || head.length !== 3 || !(head[2] instanceof TorchStorageType))
      throw new UnpicklingError(`torch tar checkpoint: storage ${i} header is not (key, location, storage type)`, { offset: pos });
    const type = head[2];
    const numel = int64At(st, pos, `storage ${String(head[0])} size`);
    pos += 8;
    const itemsize = new Storage(type.dtype, new Uint8Array(0)).info.itemsize;
    if (numel * itemsize > st.length - pos)
      throw new UnpicklingError(`torch tar checkpoint: storage ${String(head[0])} runs past the end of its member`, { offset: pos });
    objects.set(String(head[0]), new Storage(type.dtype, st.subarray(pos, pos + numel * itemsize), String(head[0]), String(head[1])));
    pos += numel * itemsize;
  }
  u = new Unpickler(st.subarray(pos), base);
  const views = u.load();
  for (const v of Array.isArray(views) ? views : []) {
    const [target, rootKey, offset, n] = v as unknown[];
    const root = objects.get(String(rootKey));
    if (!(root instanceof Storage) || typeof offset !== 'number' || typeof n !== 'number' || offset < 0 || n < 0 || offset + n > root.numel) {
      throw new UnpicklingError(`torch tar checkpoint: storage view ${String(target)} does not fit its root ${String(rootKey)}`);
    }
    const size = root.info.itemsize;
    objects.set(String(target), new Storage(root.dtype, root.bytes.subarray(offset * size, (offset + n) * size), String(target), root.location));
  }

  // tensors: count, then (key, storage id, type) + ndim, sizes, strides, offset each.
  const tn = need('tensors');
  u = new Unpickler(tn, base);
  const tensorCount = u.load();
  if (typeof tensorCount !== 'number' || !Number.isSafeInteger(tensorCount) || tensorCount < 0)
    throw new UnpicklingError('torch tar checkpoint: tensor count is not a count');
  pos = u.position;
  for (let i = 0; i < tensorCount; i++) {
    u = new Unpickler(tn.subarray(pos), base);
    const head = u.load();
    pos += u.position;
    if (!Array.isArray(head) || head.length !== 3)
      throw new UnpicklingError(`torch tar checkpoint: tensor ${i} header is not (key, storage, type)`, { offset: pos });
    const storage = objects.get(String(head[1]));
    if (!(storage instanceof Storage)) throw new UnpicklingError(`torch tar checkpoint: tensor ${String(head[0])} names unknown storage ${String(head[1])}`);
    if (pos + 8 > tn.length) throw new UnpicklingError('torch tar checkpoint: tensor dimensions are truncated', { offset: pos });
    const ndim = new DataView(tn.buffer, tn.byteOffset + pos, 4).getInt32(0, true);
    pos += 8;
    if (ndim < 0 || pos + 16 * ndim + 8 > tn.length)
      throw new UnpicklingError(`torch tar checkpoint: tensor ${String(head[0])} has ${ndim} dimensions past the end of its member`, { offset: pos });
    const sizes: number[] = [];
    const strides: number[] = [];
    for (let d = 0; d < ndim; d++) sizes.push(int64At(tn, pos + 8 * d, 'tensor size'));
    pos += 8 * ndim;
    for (let d = 0; d < ndim; d++) strides.push(int64At(tn, pos + 8 * d, 'tensor stride'));
    pos += 8 * ndim;
    const offset = int64At(tn, pos, 'tensor offset');
    pos += 8;
    objects.set(String(head[0]), new Tensor(storage, offset, sizes, strides));
  }

  const persistentLoad = (pid: unknown): unknown => {
    if (Array.isArray(pid)) return pid[0]; // a saved module class with its source: the class, as torch returns it
    const found = objects.get(String(pid));
    if (found === undefined) throw new UnpicklingError(`torch tar checkpoint: persistent id ${String(pid)} names no storage or tensor`);
    return found;
  };
  return new Unpickler(need('pickle'), torchUnpicklerOptions(options, persistentLoad)).load();
}
