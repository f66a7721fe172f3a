/**
 * `writeJoblib`: the bytes `joblib.dump` (joblib 1.2) writes. The value is
 * pickled as joblib's pickler does (protocol 4 by default): each numpy array
 * becomes a `NumpyArrayWrapper` record (class, shape, memory order, dtype,
 * whether it may be memory-mapped, the 16-byte alignment), the open frame is
 * closed, and the array's raw data follows in the stream (after one byte of
 * padding length and that many 0xff bytes, so the data sits at a multiple of
 * 16 bytes), or for object arrays a whole protocol 2 pickle of the array.
 * The stream is then compressed whole, as joblib's compressed files are.
 */
import { bzip2 } from '../codecs/bz2-encode.js';
import { gzip, zlib } from '../codecs/deflate.js';
import { xzStored } from '../codecs/xz-encode.js';
import { PicklingError } from '../errors.js';
import { wrapperOf, type NumpyArrayWrapper } from '../ml/joblib/array-wrapper.js';
import { dropTrailer, setTrailer } from '../pickler/trailer.js';
import { NDArray } from '../ml/numpy/ndarray.js';
import { dumps } from '../ml/default-pickler.js';
import type { HookResult, PicklerOptions, PickleProtocol } from '../pickler/options.js';
import { FRAME_SIZE_TARGET, type PickleWriter } from '../pickler/writer.js';
import { PyGlobal } from '../values/py-global.js';
import { Tuple } from '../values/tuple.js';
import type { JoblibCompression } from './joblib.js';
import { lz4Stored, lzmaAloneLiterals } from './joblib-stored.js';

/** Options of `writeJoblib`. */
export interface WriteJoblibOptions {
  /**
   * Compression of the whole stream, as `joblib.dump(compress=(name, level))`.
   * Default `'none'`. zlib, gzip and bz2 are compressed; xz is written as
   * stored LZMA2 chunks, lzma with literals only and lz4 as stored blocks
   * (valid files joblib reads, at about their uncompressed size).
   */
  readonly compress?: JoblibCompression;
  /** Compression level: zlib and gzip 0-9 (default 3, joblib's), bz2 1-9 (default 9, `bz2.BZ2File`'s). */
  readonly level?: number;
  /** Pickle protocol. Default 4 (`pickle.DEFAULT_PROTOCOL` of Python 3.8+, which joblib uses). */
  readonly protocol?: PickleProtocol;
  /** Other pickler options (registry, hooks…). A `reducerOverride` is asked after joblib's own array rule. */
  readonly pickler?: Omit<PicklerOptions, 'protocol'>;
}

const WRAPPER = new PyGlobal('joblib.numpy_pickle', 'NumpyArrayWrapper');
const NEWOBJ = new PyGlobal('copyreg', '__newobj__');
const NDARRAY = new PyGlobal('numpy', 'ndarray');
/** joblib's `NUMPY_ARRAY_ALIGNMENT_BYTES`. */
const ALIGNMENT = 16;

/**
 * Writes `value` as `joblib.dump(value, file, compress=...)` does; `joblib.load` reads it back.
 * Without compression the bytes are joblib 1.2's own for the same value (arrays
 * that appear several times are written each time, as joblib does). A value read
 * by `readJoblib(bytes, { unpickler: { lossless: true } })` writes back to the
 * same bytes when given the same protocol and compression.
 * @param value picklejar's value model; `NDArray`s anywhere in it (inside
 *   pandas frames too) are written as joblib writes numpy arrays.
 * @throws PicklingError for a value that cannot be pickled, a bad protocol,
 *   compression or level.
 */
export function writeJoblib(value: unknown, options: WriteJoblibOptions = {}): Uint8Array {
  const compression = options.compress ?? 'none';
  const base = options.pickler ?? {};
  const user = base.reducerOverride;
  const armed: NDArray[] = [];
  const reducerOverride = (o: object, protocol: number): HookResult => {
    if (o instanceof NDArray) {
      const state = wrapperState(o, wrapperOf.get(o));
      setTrailer(o, (out) => writeArray(o, state, out));
      armed.push(o);
      return { callable: NEWOBJ, args: [WRAPPER], state };
    }
    return user === undefined ? undefined : user(o, protocol);
  };
  let stream: Uint8Array;
  try {
    stream = dumps(value, { ...base, protocol: options.protocol ?? 4, reducerOverride });
  } finally {
    for (const a of armed) dropTrailer(a);
  }
  return compressStream(stream, compression, options.level);
}

/** The wrapper's `__dict__`, in joblib's attribute order (a loaded wrapper's fields when there is one). */
function wrapperState(a: NDArray, loaded: NumpyArrayWrapper | undefined): Record<string, unknown> {
  if (loaded !== undefined) {
    const state: Record<string, unknown> = {
      subclass: loaded.subclass,
      shape: loaded.shape,
      order: loaded.order,
      dtype: loaded.dtype,
      allow_mmap: loaded.allow_mmap,
    };
    // joblib before 1.2 had no alignment attribute.
    if (loaded.numpy_array_alignment_bytes !== undefined) state['numpy_array_alignment_bytes'] = loaded.numpy_array_alignment_bytes;
    return state;
  }
  const d = a.descriptor;
  return {
    subclass: a.pickleInfo?.cls ?? NDARRAY,
    shape: new Tuple(a.shape),
    order: a.isFortran ? 'F' : 'C',
    dtype: d,
    // joblib means to refuse mmap in zlib/gzip files, but its check looks at the BufferedWriter
    // around the compressor, never at the compressor itself: every file says True.
    allow_mmap: !d.hasObject,
    numpy_array_alignment_bytes: ALIGNMENT,
  };
}

/** `NumpyArrayWrapper.write_array`: the data that follows the wrapper, outside any frame. */
function writeArray(a: NDArray, state: Record<string, unknown>, out: PickleWriter): void {
  // `framer.commit_frame(force=True)`: the wrapper's frame ends before the data.
  out.commitFrame();
  if (a.descriptor.hasObject) {
    // joblib pickles object arrays whole, with protocol 2 and numpy's own reduce.
    unframed(out, new Uint8Array(0), dumps(a, { protocol: 2 }));
    return;
  }
  let header = new Uint8Array(0);
  const align = state['numpy_array_alignment_bytes'];
  if (typeof align === 'number' && align > 0) {
    // One byte of padding length, then the padding: the data starts at a multiple of `align`.
    const padding = align - ((out.length + 1) % align);
    if (padding > 255) throw new PicklingError(`joblib alignment ${align} needs ${padding} bytes of padding (more than one byte can say)`);
    header = new Uint8Array(1 + padding).fill(0xff);
    header[0] = padding;
  }
  unframed(out, header, a.bytesView());
}

/** Writes `header` and `data` as they are, outside any frame. */
function unframed(out: PickleWriter, header: Uint8Array, data: Uint8Array): void {
  if (data.length >= FRAME_SIZE_TARGET) {
    // Kept aside by reference until the dump ends, not copied into the buffer.
    out.headerAndPayload(header, header.length, data);
    return;
  }
  const framing = out.framing;
  out.framing = false;
  out.raw(header);
  out.raw(data);
  out.framing = framing;
}

function compressStream(stream: Uint8Array, compression: JoblibCompression, level: number | undefined): Uint8Array {
  const checkLevel = (lo: number, hi: number, fallback: number): number => {
    const l = level ?? fallback;
    if (!Number.isInteger(l) || l < lo || l > hi) throw new PicklingError(`joblib ${compression} compression level must be ${lo}-${hi}, not ${String(level)}`);
    return l;
  };
  switch (compression) {
    case 'none':
      return stream;
    case 'zlib':
      return zlib(stream, checkLevel(0, 9, 3));
    case 'gzip':
      return gzip(stream, checkLevel(0, 9, 3));
    case 'bz2':
      return bzip2(stream, checkLevel(1, 9, 9));
    case 'xz':
      return xzStored(stream);
    case 'lzma':
      return lzmaAloneLiterals(stream);
    case 'lz4':
      return lz4Stored(stream);
    default:
      throw new PicklingError(`joblib cannot compress with ${JSON.stringify(compression)}`);
  }
}

/** joblib's compressors by file extension (`joblib.dump(value, 'model.joblib.gz')`). */
const JOBLIB_EXTENSIONS: Readonly<Record<string, JoblibCompression>> = {
  '': 'none',
  '.z': 'zlib',
  '.gz': 'gzip',
  '.bz2': 'bz2',
  '.lzma': 'lzma',
  '.xz': 'xz',
  '.lz4': 'lz4',
};

/**
 * The joblib compression for a file name ending in `.joblib` or `.joblib.<z|gz|bz2|lzma|xz|lz4>`
 * (the extensions `joblib.dump` picks its compressor by), else undefined.
 * @throws never.
 */
export function joblibCompressionForPath(name: string): JoblibCompression | undefined {
  const m = /\.joblib(\.[a-z0-9]+)?$/i.exec(name);
  if (m === null) return undefined;
  return JOBLIB_EXTENSIONS[(m[1] ?? '').toLowerCase()];
}

/**
 * What the Node file API's `dump` writes for a `.joblib` path: `writeJoblib` with the
 * compression of the extension (or `options.compression`), level and protocol from the options.
 * @throws PicklingError as `writeJoblib`, or for a compression joblib has no writer for.
 */
export function writeJoblibForPath(
  value: unknown,
  compression: JoblibCompression,
  options: Omit<PicklerOptions, 'protocol'> & { readonly compression?: string; readonly level?: number; readonly protocol?: PickleProtocol },
): Uint8Array {
  const { compression: asked, level, protocol, ...pickler } = options;
  const c = asked ?? compression;
  if (!(c in COMPRESSION_NAMES)) throw new PicklingError(`joblib files cannot be compressed with ${JSON.stringify(c)}`);
  return writeJoblib(value, {
    compress: c as JoblibCompression,
    pickler,
    ...(level !== undefined ? { level } : {}),
    ...(protocol !== undefined ? { protocol } : {}),
  });
}

const COMPRESSION_NAMES: Readonly<Record<string, true>> = { none: true, zlib: true, gzip: true, bz2: true, xz: true, lzma: true, lz4: true };
