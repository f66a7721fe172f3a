/**
 * The page's content dispatcher: from a file's bytes to the pickles inside it
 * (with the bytes their opcodes count in, for the disassembly and the links)
 * and the values containers hold outside any pickle. Every format the core
 * opens comes through here (by content, never by file name), so the views
 * never sniff bytes themselves.
 */
import { decompress, sniffCodec } from '../../codecs/index.js';
import { sniff } from '../../containers/magic.js';
import { readNpy } from '../../containers/npy.js';
import { readNpz } from '../../containers/npz.js';
import { readZip } from '../../containers/zip.js';
import { readTorchZip } from '../../containers/torch.js';
import { readLegacyTorch } from '../../containers/torch-legacy.js';
import { looksLikeJoblib, readJoblib } from '../../containers/joblib.js';
import { UnpicklingError } from '../../errors.js';

/** One pickle (or stream of pickles) found in the input. */
export interface PickleSource {
  /** Where it lives, as the scanner names it: [] for the input itself, else e.g. a zip member name. */
  readonly path: readonly string[];
  /** The pickle's bytes (a stream of one or more pickles); offsets count from their start. */
  readonly bytes: Uint8Array;
  /**
   * The value a container reader built for the pickle at stream index `valueAt` (torch tensors
   * with their storages, joblib arrays read from the stream): shown instead of the plain load.
   */
  readonly value?: unknown;
  readonly valueAt?: number;
  /** Most pickles to read from the stream (legacy torch files end with raw storage bytes). */
  readonly maxPickles?: number;
}

/** What the input turned out to be. */
export interface OpenedInput {
  /** The formats peeled off, outermost first, e.g. ['gzip', 'pickle']. */
  readonly layers: readonly string[];
  /** Bytes to give the scanner (it reads zip and .npy itself, not compression). */
  readonly scanBytes: Uint8Array;
  /** True for PyTorch checkpoints, whose tensors are persistent ids by design. */
  readonly torch: boolean;
  /** The pickles to load, disassemble and show. */
  readonly pickles: readonly PickleSource[];
  /** Values a container yields besides pickles (a .npy array, .npz members), by name. */
  readonly values: readonly { readonly name: string; readonly value: unknown }[];
}

/** Compression layers unwrapped at most (a crafted file could nest them forever). */
const MAX_LAYERS = 4;

/**
 * Peels compression off and finds the pickles in the input.
 * @param bytes the file's bytes.
 * @returns the pickles and any container values.
 * @throws PickleError (DecompressionError, UnpicklingError, ZipError) when a layer is corrupt,
 *   too large, or not something picklejar reads.
 */
export function openInput(bytes: Uint8Array): OpenedInput {
  const layers: string[] = [];
  let data = bytes;
  for (let depth = 0; depth < MAX_LAYERS; depth++) {
    const codec = sniffCodec(data);
    if (codec === undefined) break;
    layers.push(codec);
    data = decompress(data, { codec });
  }
  const plain = (kind: string, pickles: PickleSource[], values: OpenedInput['values'] = [], torch = false): OpenedInput => ({
    layers: [...layers, kind],
    scanBytes: data,
    torch,
    pickles,
    values,
  });
  const magic = sniff(data);
  switch (magic.kind) {
    case 'zip': {
      const zip = readZip(data);
      const names = zip.entries.map((e) => e.name);
      const pkl = names.find((n) => n === 'data.pkl' || n.endsWith('/data.pkl'));
      if (pkl !== undefined) {
        const value = readTorchZip(data);
        return plain('torch zip', [{ path: [pkl], bytes: zip.get(pkl)!.data(), value, valueAt: 0, maxPickles: 1 }], [], true);
      }
      const files = zip.entries.filter((e) => !e.name.endsWith('/'));
      if (files.length > 0 && files.every((e) => e.name.endsWith('.npy'))) {
        const arrays = readNpz(data);
        return plain('npz', [], Array.from(arrays, ([name, value]) => ({ name, value })));
      }
      if (files.length === 1) return plain('zip', [{ path: [files[0]!.name], bytes: files[0]!.data() }]);
      throw new UnpicklingError(`this is a zip archive of ${files.length} files (${names.slice(0, 5).join(', ')}), with no data.pkl and not all .npy: not a pickle`);
    }
    case 'npy':
      return plain('npy', [], [{ name: 'array', value: readNpy(data) }]);
    case 'torch-legacy':
      // magic number, protocol, sys info, the object, the storage keys; then raw storage bytes.
      return plain('torch legacy', [{ path: [], bytes: data, value: readLegacyTorch(data), valueAt: 3, maxPickles: 5 }], [], true);
    case 'joblib-zf':
      throw new UnpicklingError("this is a joblib file of the old 'ZF' format (joblib < 0.10), which picklejar does not read");
    default:
      if (looksLikeJoblib(data)) {
        // joblib writes each array's bytes right after its wrapper, inside the pickle stream.
        return plain('joblib', [{ path: [], bytes: data, value: readJoblib(data), valueAt: 0, maxPickles: 1 }]);
      }
      return plain('pickle', [{ path: [], bytes: data }]);
  }
}
