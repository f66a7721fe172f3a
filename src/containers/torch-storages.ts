/**
 * Persistent ids of torch checkpoints: `('storage', storage_type, key,
 * location, numel)` (zip format) and `('storage', storage_type, root_key,
 * location, numel, view_metadata)` (legacy format), resolved to `Storage`s
 * that view the checkpoint's bytes.
 */
import { UnpicklingError } from '../errors.js';
import { PyGlobal } from '../values/py-global.js';
import { TorchStorageType } from '../ml/torch/bindings.js';

/** A parsed storage persistent id. */
export interface StorageId {
  readonly storageType: TorchStorageType;
  readonly key: string;
  readonly location: string;
  readonly numel: number;
  /**
   * True for a torch storage class picklejar has no dtype for (`torch.QInt8Storage`…):
   * its member loads whole as uint8 bytes, for the (inert) quantized rebuilders to hold.
   */
  readonly raw: boolean;
  /** Legacy storage views: `[viewKey, offset, size]` in elements of the root storage; undefined for whole storages. */
  readonly view: readonly [string, number, number] | undefined;
}

function describe(v: unknown): string {
  if (v instanceof PyGlobal) return `${v.module}.${v.name}`;
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}

function count(v: unknown, what: string): number {
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
    throw new UnpicklingError(`torch storage ${what} must be a non-negative integer, not ${describe(v)}`);
  return n;
}

/**
 * Parses a persistent id; `module` ids (a whole `nn.Module` saved by the legacy
 * format with its source) come back as `{ module }` holding the class, as torch returns it.
 * @throws UnpicklingError for anything that is not a storage id of a known dtype.
 */
export function parseStorageId(pid: unknown): StorageId | { readonly module: unknown } {
  if (!Array.isArray(pid) || pid.length < 1) throw new UnpicklingError(`torch persistent id must be a tuple, not ${describe(pid)}`);
  const kind = typeof pid[0] === 'string' ? pid[0].toLowerCase() : pid[0] instanceof Uint8Array ? new TextDecoder('latin1').decode(pid[0]).toLowerCase() : '';
  if (kind === 'module') return { module: pid[1] };
  if (kind !== 'storage') throw new UnpicklingError(`unsupported torch persistent id type ${describe(pid[0])}`);
  if (pid.length < 5) throw new UnpicklingError(`torch storage persistent id has ${pid.length} fields, not 5`);
  const [, named, key, location, numel, view] = pid;
  let storageType = named;
  let raw = false;
  if (named instanceof PyGlobal && named.module === 'torch' && /^[A-Za-z0-9]+Storage$/.test(named.name)) {
    storageType = new TorchStorageType(named.name, 'uint8');
    raw = true;
  }
  if (!(storageType instanceof TorchStorageType)) throw new UnpicklingError(`unsupported torch storage type ${describe(storageType)}`);
  const text = (v: unknown, what: string): string => {
    if (typeof v === 'string') return v;
    if (v instanceof Uint8Array) return new TextDecoder('latin1').decode(v);
    throw new UnpicklingError(`torch storage ${what} must be a str, not ${describe(v)}`);
  };
  let viewInfo: StorageId['view'];
  if (view !== undefined && view !== null) {
    if (!Array.isArray(view) || view.length !== 3) throw new UnpicklingError('torch storage view metadata must be (key, offset, size)');
    viewInfo = [text(view[0], 'view key'), count(view[1], 'view offset'), count(view[2], 'view size')];
  }
  return { storageType, raw, key: text(key, 'key'), location: text(location, 'location'), numel: count(numel, 'size'), view: viewInfo };
}
