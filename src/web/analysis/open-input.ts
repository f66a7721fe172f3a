/**
 * The page's content dispatcher: from a file's bytes to the pickles inside it
 * and the arrays a container holds outside any pickle. Every format the core
 * opens comes through here, so the views never sniff bytes themselves.
 */
import { gunzip, unzlib } from '../../codecs/deflate.js';

/** One pickle (or stream of pickles) found in the input. */
export interface PickleSource {
  /** Where it lives, as the scanner names it: [] for the input itself, else e.g. a zip member name. */
  readonly path: readonly string[];
  /** The pickle's bytes (a stream of one or more pickles); offsets count from their start. */
  readonly bytes: Uint8Array;
}

/** What the input turned out to be. */
export interface OpenedInput {
  /** The formats peeled off, outermost first, e.g. ['gzip', 'pickle']. */
  readonly layers: readonly string[];
  /** Bytes to give the scanner (it reads zip and .npy itself, not compression). */
  readonly scanBytes: Uint8Array;
  /** True for PyTorch zip checkpoints, whose tensors are persistent ids by design. */
  readonly torch: boolean;
  /** The pickles to load, disassemble and show. */
  readonly pickles: readonly PickleSource[];
  /** Values a container yields besides pickles (a .npy array, .npz members), by name. */
  readonly values: readonly { readonly name: string; readonly value: unknown }[];
}

const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
// zlib with the 32 KiB window every encoder uses starts with 0x78; 'x' is no pickle opcode.
const isZlib = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x78 && ((b[0] << 8) | b[1]!) % 31 === 0;

/**
 * Peels compression off and finds the pickles in the input.
 * @param bytes the file's bytes.
 * @returns the pickles and any container values.
 * @throws PickleError (DecompressionError, UnpicklingError) when a layer is corrupt or too large.
 */
export function openInput(bytes: Uint8Array): OpenedInput {
  const layers: string[] = [];
  let data = bytes;
  // Compression nests at most a couple of times in practice; a bound keeps a crafted
  // file from making the page unwrap forever.
  for (let depth = 0; depth < 4; depth++) {
    if (isGzip(data)) {
      layers.push('gzip');
      data = gunzip(data);
    } else if (isZlib(data)) {
      layers.push('zlib');
      data = unzlib(data);
    } else {
      break;
    }
  }
  layers.push('pickle');
  return { layers, scanBytes: data, torch: false, pickles: [{ path: [], bytes: data }], values: [] };
}
