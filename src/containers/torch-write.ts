/**
 * `torch.save`'s zip format, written: `data.pkl` at protocol 2 with storages
 * as persistent ids, `byteorder`, one `data/<key>` member per storage (shared
 * storages once), `version`, every member's data 64-byte aligned. With
 * `byteorderRecord: false` the bytes are exactly what torch 1.13's
 * `torch.save` writes for the same tensors; torch ≥ 2.0 adds the `byteorder`
 * record, so it is written by default (older torch ignores it).
 */
import { PicklingError } from '../errors.js';
import { dumps } from '../ml/default-pickler.js';
import type { PickleProtocol } from '../pickler/options.js';
import type { DumpRegistry, ReduceValue } from '../registry/contract.js';
import { PyGlobal } from '../values/py-global.js';
import { Tuple } from '../values/tuple.js';
import { storageTypeOf, torchTypes } from '../ml/torch/bindings.js';
import { Storage } from '../ml/torch/storage.js';
import { writeZip, type ZipWriteEntry } from './zip.js';

/** Options of {@link writeTorch}. */
export interface WriteTorchOptions {
  /** The archive's top directory; torch uses `archive` for buffers and the file's stem for paths. Default `'archive'`. */
  readonly archiveName?: string;
  /** Write the `byteorder` record (`little`) as torch ≥ 2.0 does. Default `true`; `false` gives torch 1.13's exact bytes. */
  readonly byteorderRecord?: boolean;
  /** Pickle protocol of `data.pkl`. Default 2, as torch's `DEFAULT_PROTOCOL`. */
  readonly protocol?: PickleProtocol;
  /** More dump rules, consulted before the torch types (e.g. for your own classes). Default: none. */
  readonly registry?: DumpRegistry;
}

const STORAGE_GLOBALS = new Map<string, PyGlobal>();
function storageGlobal(s: Storage): PyGlobal {
  const name = storageTypeOf(s.dtype).name;
  let g = STORAGE_GLOBALS.get(name);
  if (g === undefined) STORAGE_GLOBALS.set(name, (g = new PyGlobal('torch', name)));
  return g;
}

/**
 * Saves `value` (a state dict: `Map`/`OrderedDict`/plain object of `Tensor`s,
 * nested dicts and lists, numbers and strings) in torch's zip format, which
 * `torch.load(path, weights_only=True)` reads back.
 * @throws PicklingError when the value holds something that cannot be pickled, or the archive would pass 4 GiB.
 */
export function writeTorch(value: unknown, options: WriteTorchOptions = {}): Uint8Array {
  const archive = options.archiveName ?? 'archive';
  if (archive === '' || archive.includes('/')) throw new PicklingError(`torch archive name must be a non-empty name without '/', not '${archive}'`);
  const keys = new Map<Storage, string>();
  // Storages in key order: the key is the order of first appearance, as torch's id_map.
  const storages: Storage[] = [];
  const persistentId = (v: unknown): unknown => {
    if (!(v instanceof Storage)) return undefined;
    let key = keys.get(v);
    if (key === undefined) {
      key = String(keys.size);
      keys.set(v, key);
      storages.push(v);
    }
    return new Tuple(['storage', storageGlobal(v), key, v.location, v.numel]);
  };
  const user = options.registry;
  const registry: DumpRegistry =
    user === undefined ? torchTypes : { reduce: (v: object, p: number): ReduceValue | PyGlobal | undefined => user.reduce(v, p) ?? torchTypes.reduce(v, p) };
  const pickle = dumps(value, { protocol: options.protocol ?? 2, persistentId, registry });
  const entries: ZipWriteEntry[] = [{ name: `${archive}/data.pkl`, data: pickle }];
  if (options.byteorderRecord ?? true) entries.push({ name: `${archive}/byteorder`, data: new TextEncoder().encode('little') });
  // torch sorts the keys as strings: '0', '1', '10', '2'…
  const sorted = [...keys.entries()].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  for (const [s, key] of sorted) entries.push({ name: `${archive}/data/${key}`, data: s.bytes });
  entries.push({ name: `${archive}/version`, data: new TextEncoder().encode('3\n') });
  return writeZip(entries, { align: 64, style: 'pytorch' });
}
