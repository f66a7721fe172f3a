/**
 * `joblib.dump` files: a pickle stream in which numpy arrays are written raw
 * right after their `NumpyArrayWrapper` record, optionally compressed as a
 * whole (zlib `.z`, gzip, bz2, xz, lzma, lz4).
 */
import { bunzip2 } from '../codecs/bz2-decode.js';
import { gunzip, unzlib } from '../codecs/deflate.js';
import type { DecompressLimits } from '../codecs/limits.js';
import { unlz4 } from '../codecs/lz4-decode.js';
import { unlzmaAlone } from '../codecs/lzma-alone.js';
import { unxz } from '../codecs/xz-decode.js';
import { UnpicklingError } from '../errors.js';
import { joblibTypes, NumpyArrayWrapper, readWrappedArray } from '../ml/joblib/array-wrapper.js';
import type { UnpicklerOptions } from '../unpickler/options.js';
import { Unpickler } from '../ml/default-unpickler.js';

/** The compressions joblib writes, by the prefix it detects them with. */
export type JoblibCompression = 'none' | 'zlib' | 'gzip' | 'bz2' | 'xz' | 'lzma' | 'lz4';

/** Options of `readJoblib`. */
export interface ReadJoblibOptions {
  /** Unpickler options for the stream (registry, limits, lossless…); `afterBuild` is picklejar's own here. */
  readonly unpickler?: Omit<UnpicklerOptions, 'afterBuild'>;
  /** Limits on decompression. Default: the codec defaults. */
  readonly limits?: DecompressLimits;
  /**
   * A decoder to use for lz4 instead of picklejar's own: gets the whole file,
   * returns the decompressed stream. Default: picklejar's.
   */
  readonly decompress?: (compression: JoblibCompression, bytes: Uint8Array) => Uint8Array;
}

const PREFIXES: ReadonlyArray<readonly [JoblibCompression, readonly number[]]> = [
  ['zlib', [0x78]],
  ['gzip', [0x1f, 0x8b]],
  ['bz2', [0x42, 0x5a]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a]],
  ['lzma', [0x5d, 0x00]],
  ['lz4', [0x04, 0x22, 0x4d, 0x18]],
];

/**
 * The compression of a joblib file, by joblib's own prefixes ('none' for a plain pickle stream).
 * @throws never.
 */
export function joblibCompression(bytes: Uint8Array): JoblibCompression {
  for (const [name, prefix] of PREFIXES) {
    if (prefix.every((b, i) => bytes[i] === b)) return name;
  }
  return 'none';
}

/**
 * True when `bytes` look like a joblib pickle: a pickle naming `joblib.numpy_pickle` near its start.
 * @throws never.
 */
export function looksLikeJoblib(bytes: Uint8Array): boolean {
  if (bytes[0] !== 0x80) return false;
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 512));
  return head.includes('joblib.numpy_pickle');
}

/**
 * Reads a `joblib.dump` file: arrays come back as `NDArray`, everything else
 * as `loads` gives it (safely: nothing from the file runs).
 * @throws UnpicklingError for malformed or truncated input (with byte offsets),
 *   `DecompressionError` for corrupt or over-limit compressed data.
 */
export function readJoblib(bytes: Uint8Array, options: ReadJoblibOptions = {}): unknown {
  const compression = joblibCompression(bytes);
  const stream = decompress(compression, bytes, options);
  if (stream.length >= 2 && stream[0] === 0x5a && stream[1] === 0x46) {
    throw new UnpicklingError('joblib files written before joblib 0.10 (ZF prefix) are not supported');
  }
  const base = options.unpickler ?? {};
  const nested: UnpicklerOptions = base;
  const userFind = base.findClass;
  const u = new Unpickler(stream, {
    ...base,
    findClass: (module, name) => joblibTypes.lookup(module, name) ?? (userFind === undefined ? undefined : userFind(module, name)),
    afterBuild: (built, input, offset) => (built instanceof NumpyArrayWrapper ? readWrappedArray(built, input, offset, nested) : undefined),
  });
  return u.load();
}

function decompress(compression: JoblibCompression, bytes: Uint8Array, options: ReadJoblibOptions): Uint8Array {
  switch (compression) {
    case 'none':
      return bytes;
    case 'zlib':
      return unzlib(bytes, options.limits);
    case 'gzip':
      return gunzip(bytes, options.limits);
    case 'bz2':
      return bunzip2(bytes, options.limits);
    case 'xz':
      return unxz(bytes, options.limits);
    case 'lzma':
      return unlzmaAlone(bytes, options.limits);
    case 'lz4':
      return options.decompress !== undefined ? options.decompress(compression, bytes) : unlz4(bytes, options.limits);
  }
}
