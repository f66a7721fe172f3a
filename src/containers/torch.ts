/**
 * `torch.save` files, read: the zip format (torch ≥ 1.6: `<archive>/data.pkl`,
 * `<archive>/data/<key>` storages, `byteorder`, `version`), the legacy
 * format (a stream of pickles then raw storages; see torch-legacy.ts) and
 * torch < 0.4's tar format (torch-tar.ts). Only
 * picklejar's own torch bindings resolve; everything else in the file loads
 * inert, as `loads` does. Storages are views of `bytes`, never copies
 * (except once to byte-swap a big-endian file or align a legacy storage).
 */
import { UnpicklingError } from '../errors.js';
import { Unpickler } from '../ml/default-unpickler.js';
import { Storage, byteSwapped } from '../ml/torch/storage.js';
import { readZip, type ZipArchive, type ZipEntry, type ZipSource } from './zip.js';
import { parseStorageId } from './torch-storages.js';
import { readLegacyTorch } from './torch-legacy.js';
import { readTarTorch } from './torch-tar.js';
import { torchUnpicklerOptions, type ReadTorchOptions } from './torch-options.js';

export type { ReadTorchOptions } from './torch-options.js';

/** Which torch container `bytes` hold. */
export type TorchFormat = 'zip' | 'legacy' | 'tar';

const LEGACY_MAGIC = [0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

/**
 * Tells a torch checkpoint by content: `'zip'` (any zip archive holding a
 * `data.pkl`), `'legacy'` (starts with torch's magic number pickle), `'tar'`
 * (torch < 0.4), or undefined.
 * @throws never.
 */
export function sniffTorch(input: Uint8Array | ZipSource): TorchFormat | undefined {
  const head = headOf(input);
  if (head === undefined) return undefined;
  const kind = sniffHead(head);
  if (kind !== 'zip') return kind;
  try {
    return findArchivePrefix(readZip(input)) !== undefined ? 'zip' : undefined;
  } catch {
    return undefined;
  }
}

/** The first 512 bytes (enough for every magic, tar's at 257), or undefined when the source fails. */
function headOf(input: Uint8Array | ZipSource): Uint8Array | undefined {
  if (input instanceof Uint8Array) return input;
  try {
    return input.read(0, Math.min(input.size, 512));
  } catch {
    return undefined;
  }
}

/** What the first bytes say: 'zip' only means a zip archive, not yet a checkpoint. */
function sniffHead(bytes: Uint8Array): TorchFormat | undefined {
  if (bytes.length >= 14 && bytes[0] === 0x80 && bytes[2] === 0x8a && bytes[3] === 0x0a && LEGACY_MAGIC.every((b, i) => bytes[4 + i] === b)) return 'legacy';
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'zip';
  if (bytes.length >= 262 && String.fromCharCode(...bytes.subarray(257, 262)) === 'ustar') return 'tar';
  return undefined;
}

/** The directory holding `data.pkl`: the first member's top directory, as torch's reader takes it. */
function findArchivePrefix(zip: ZipArchive): string | undefined {
  const first = zip.entries[0]?.name ?? '';
  const slash = first.indexOf('/');
  if (slash > 0 && zip.get(`${first.slice(0, slash)}/data.pkl`)) return first.slice(0, slash + 1);
  let best: string | undefined;
  for (const e of zip.entries) {
    if (e.name.endsWith('/data.pkl') && e.name.indexOf('/') === e.name.length - 9) {
      const p = e.name.slice(0, -8);
      if (best === undefined || p.length < best.length) best = p;
    }
  }
  if (best === undefined && zip.get('data.pkl')) return '';
  return best;
}

/**
 * Loads a `torch.save` file (zip, legacy or tar format) as `torch.load` would, with
 * tensors as `Tensor`s viewing the file's bytes.
 * @param input the whole file, kept alive by the returned tensors (their storages view it);
 * or a {@link ZipSource} for a zip checkpoint too big to hold as one array: then only
 * `data.pkl` and each storage member are read, one array per storage (a legacy file is read whole).
 * @throws UnpicklingError (or a subclass: `ZipError`) for a file that is not a torch checkpoint, is truncated or inconsistent, or names a storage that is missing or shorter than declared.
 * @throws DecompressionError for a deflated member over the limits.
 */
export function readTorch(input: Uint8Array | ZipSource, options: ReadTorchOptions = {}): unknown {
  const head = headOf(input);
  if (head === undefined) throw new UnpicklingError('reading the torch checkpoint failed');
  const format = sniffHead(head);
  if (format === 'legacy') return readLegacyTorch(input instanceof Uint8Array ? input : wholeSource(input), options);
  if (format === 'tar') return readTarTorch(input instanceof Uint8Array ? input : wholeSource(input), options);
  if (format === 'zip') return readTorchZip(input, options);
  // A zip archive with something prepended is found by its end records.
  try {
    readZip(input);
  } catch {
    throw new UnpicklingError('not a torch checkpoint: neither a zip archive with data.pkl nor a legacy torch.save stream');
  }
  return readTorchZip(input, options);
}

/** A legacy stream from a source: read whole (the pickles come first and their end is only known by parsing). */
function wholeSource(src: ZipSource): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = src.read(0, src.size);
  } catch (e) {
    throw new UnpicklingError(`reading the torch checkpoint failed: ${(e as Error)?.message ?? String(e)}`);
  }
  if (bytes.length !== src.size) throw new UnpicklingError(`torch checkpoint source returned ${bytes.length} bytes, not ${src.size}`);
  return bytes;
}

/**
 * Loads the zip format.
 * @throws UnpicklingError / ZipError as {@link readTorch}.
 */
export function readTorchZip(input: Uint8Array | ZipSource, options: ReadTorchOptions = {}): unknown {
  const zip = readZip(input, { ...(options.decompressLimits ? { limits: options.decompressLimits } : {}), checkCrc: options.checkCrc ?? true });
  const prefix = findArchivePrefix(zip);
  if (prefix === undefined) throw new UnpicklingError('zip archive has no data.pkl: not a torch.save checkpoint');
  const pickle = zip.get(`${prefix}data.pkl`)!.data();
  const order = zip.get(`${prefix}byteorder`);
  let bigEndian = false;
  if (order !== undefined) {
    const text = new TextDecoder().decode(order.data());
    if (text !== 'little' && text !== 'big') throw new UnpicklingError(`torch checkpoint byteorder record is '${text.slice(0, 20)}', not 'little' or 'big'`);
    bigEndian = text === 'big';
  }
  const loaded = new Map<string, Storage>();
  const persistentLoad = (pid: unknown): unknown => {
    const id = parseStorageId(pid);
    if ('module' in id) return id.module;
    const dtype = id.storageType.dtype;
    const cacheKey = `${id.key}\0${dtype}`;
    const cached = loaded.get(cacheKey);
    if (cached !== undefined) return cached;
    const entry: ZipEntry | undefined = zip.get(`${prefix}data/${id.key}`);
    if (entry === undefined) throw new UnpicklingError(`torch storage '${id.key}' has no member ${prefix}data/${id.key} in the archive`);
    const info = new Storage(dtype, new Uint8Array(0)).info;
    const nbytes = id.raw ? entry.size : id.numel * info.itemsize;
    if (nbytes > entry.size)
      throw new UnpicklingError(`torch storage '${id.key}' declares ${id.numel} ${dtype} elements (${nbytes} bytes) but its member holds ${entry.size} bytes`);
    let data = entry.data().subarray(0, nbytes);
    if (bigEndian && info.itemsize / info.lanes > 1) data = byteSwapped(data, info.itemsize / info.lanes);
    const storage = new Storage(dtype, data, id.key, id.location);
    loaded.set(cacheKey, storage);
    return storage;
  };
  return new Unpickler(pickle, torchUnpicklerOptions(options, persistentLoad)).load();
}
