/**
 * picklejar's file API for Node: `load`, `loadAll`, `open` and `dump` on paths
 * and Node streams. Opening is by content (the core's `openPickleFile`);
 * writing picks the format from the extension and replaces files atomically.
 */
import { createReadStream } from 'node:fs';
import { open as openFile, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { zipSync } from 'fflate';
import { PicklingError, PickleError } from '../errors.js';
import { compress, type WritableCodecName } from '../codecs/index.js';
import { openPickleFile, type OpenedFile, type OpenOptions } from '../containers/open.js';
import { sniff, type CodecName } from '../containers/magic.js';
import { dumps, type PicklerOptions } from '../pickler/index.js';
import { writeNpy } from '../containers/npy.js';
import { writeNpz } from '../containers/npz.js';
import { writeTorch } from '../containers/torch-write.js';
import { joblibCompressionForPath, writeJoblibForPath } from '../containers/joblib-write.js';
import { loadBigTorch } from './torch-file.js';
import { NDArray } from '../ml/numpy/ndarray.js';
import { loadAllFromStream, type StreamLoadOptions, type StreamedPickle } from '../stream/load-stream.js';
import { peek, prepend, concat } from '../stream/decompress-stream.js';
import { chunksOf } from '../stream/source.js';

/** Where to read from: a file path, or a Node readable stream (read to its end). */
export type NodeInput = string | NodeJS.ReadableStream;

/** Options of `load`, `open` and `loadAll`. */
export interface LoadFileOptions extends OpenOptions, StreamLoadOptions {}

/** Raised when a file cannot be read or written (missing, a directory, no permission…). */
export class FileAccessError extends PickleError {
  /** Node's error code, e.g. `ENOENT`. */
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

function fsError(err: unknown, path: string, verb: string): unknown {
  if (err instanceof PickleError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string') return new FileAccessError(`cannot ${verb} ${path}: ${e.message}`, e.code);
  return err;
}

async function readAll(input: NodeInput, onProgress?: (n: number) => void): Promise<Uint8Array> {
  if (typeof input === 'string') {
    try {
      const data = new Uint8Array(await readFile(input));
      onProgress?.(data.length);
      return data;
    } catch (err) {
      throw fsError(err, input, 'read');
    }
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const c of chunksOf(input as AsyncIterable<Uint8Array | string>)) {
    parts.push(c);
    total += c.length;
    onProgress?.(total);
  }
  return concat(parts, total);
}

/**
 * Opens a file by content, as `openPickleFile` does with bytes: plain or compressed pickles, zip
 * archives of one pickle (pandas), and the numpy/torch/joblib containers this build reads.
 * @throws FileAccessError when the file cannot be read.
 * @throws NotAPickleError, DecompressionError, UnpicklingError as `openPickleFile` does.
 */
export async function open(input: NodeInput, options: LoadFileOptions = {}): Promise<OpenedFile> {
  return openPickleFile(await readAll(input, options.onProgress), options);
}

/**
 * Loads the value of a file or stream, like Python's `pickle.load` (the first pickle when there are
 * several) but opening compressed files and containers by content. A stream is read to its end.
 * @throws FileAccessError when the file cannot be read.
 * @throws NotAPickleError, DecompressionError, UnpicklingError as `openPickleFile` does.
 */
export async function load(input: NodeInput, options: LoadFileOptions = {}): Promise<unknown> {
  // A big torch checkpoint is read by random access: data.pkl and the storages only.
  if (typeof input === 'string') {
    const big = loadBigTorch(input, options);
    if (big !== undefined) return big.value;
  }
  const opened = openPickleFile(await readAll(input, options.onProgress), { ...options, firstOnly: true });
  return opened.value;
}

/**
 * Loads every pickle of a file or stream, one after another (as `pickle.load` called until EOF),
 * with the byte position of each. Plain and compressed pickle streams are read incrementally,
 * holding memory proportional to the largest pickle; containers (zip, npy…) are opened whole and
 * yield their one value at offset 0.
 * @throws FileAccessError when the file cannot be read.
 * @throws UnpicklingError (with the stream offset) for a malformed or truncated pickle, after the
 *   pickles before it have been yielded.
 */
export async function* loadAll(input: NodeInput, options: LoadFileOptions = {}): AsyncGenerator<StreamedPickle, void, undefined> {
  const path = typeof input === 'string' ? input : '<stream>';
  let source: AsyncIterable<Uint8Array>;
  if (typeof input === 'string') {
    const stream = createReadStream(input, { highWaterMark: 1 << 20 });
    // Surface a missing file as FileAccessError before anything else.
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (err) => reject(fsError(err, input, 'read')));
    });
    source = stream as AsyncIterable<Uint8Array>;
  } else {
    source = chunksOf(input as AsyncIterable<Uint8Array | string>);
  }
  const { head, rest } = await peek(source[Symbol.asyncIterator](), 16);
  const chunks = prepend(head, rest, { n: 0 });
  const kind = sniff(head).kind;
  if (kind === 'pickle' || kind === 'compressed') {
    try {
      yield* loadAllFromStream(chunks, options);
    } catch (err) {
      throw fsError(err, path, 'read');
    }
    return;
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const c of chunks) {
    parts.push(c);
    total += c.length;
    options.onProgress?.(total);
  }
  yield { value: openPickleFile(concat(parts, total), options).value, offset: 0 };
}

/** Options of `dump`. */
export interface DumpFileOptions extends PicklerOptions {
  /**
   * Compression to apply; default from the extension (`.gz` gzip, `.z`/`.zlib` zlib, `.bz2`, `.xz`,
   * `.zst`, `.zip` pandas-style zip), `'none'` for none. For `.npz`, `'zip'` deflates the members
   * (`numpy.savez_compressed`). `.npy`, `.npz` and `.pt` are written by their own formats.
   */
  readonly compression?: CodecName | 'zip' | 'none';
  /** Compression level (gzip 0-9, default 9 as Python's gzip; zlib 0-9, default 6; bz2 1-9, default 9). */
  readonly level?: number;
  /** Called as bytes are written, with the count so far. */
  readonly onProgress?: (bytesWritten: number) => void;
}

const EXTENSION_CODECS: Readonly<Record<string, CodecName | 'zip'>> = {
  '.gz': 'gzip',
  '.gzip': 'gzip',
  '.z': 'zlib',
  '.zlib': 'zlib',
  '.bz2': 'bz2',
  '.xz': 'xz',
  '.lzma': 'lzma',
  '.zst': 'zstd',
  '.zstd': 'zstd',
  '.lz4': 'lz4',
  '.zip': 'zip',
};

/**
 * The compression `dump` applies for a file name, by its last extension.
 * @throws never.
 */
export function compressionForPath(path: string): CodecName | 'zip' | undefined {
  const name = basename(path).toLowerCase();
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : EXTENSION_CODECS[name.slice(dot)];
}

/**
 * The bytes `dump` writes for `value` at `path` (its format chosen by extension or option):
 * `.npy` (an NDArray), `.npz` (named NDArrays), `.pt`/`.pth` (torch.save's zip format),
 * `.joblib` (`joblib.dump`'s format, compressed by a further `.z`/`.gz`/`.bz2`/`.xz`/`.lzma`/`.lz4`), else a
 * pickle, compressed by the extension.
 * @throws PicklingError when the value cannot be pickled, or the format cannot be written by this build.
 */
export function encodeForPath(value: unknown, path: string, options: DumpFileOptions = {}): Uint8Array {
  const lower = basename(path).toLowerCase();
  if (lower.endsWith('.npy')) {
    if (!(value instanceof NDArray)) throw new PicklingError('a .npy file holds one NDArray; got something else (write .pkl for other values)');
    return writeNpy(value);
  }
  if (lower.endsWith('.npz')) {
    if (typeof value !== 'object' || value === null) throw new PicklingError('a .npz file holds named NDArrays: pass a Map or an object of NDArrays');
    return writeNpz(value as ReadonlyMap<string, NDArray>, options.compression === 'zip' ? { compress: true } : {});
  }
  const joblib = joblibCompressionForPath(lower);
  if (joblib !== undefined) return writeJoblibForPath(value, joblib, options);
  if (lower.endsWith('.pt') || lower.endsWith('.pth')) {
    // torch.save's zip format; the archive directory is named after the file, as torch does.
    const stem = basename(path).replace(/\.(pt|pth)$/i, '') || 'archive';
    return writeTorch(value, { archiveName: stem.replace(/[^A-Za-z0-9_.-]/g, '_'), ...(options.protocol !== undefined ? { protocol: options.protocol } : {}) });
  }
  const compression = options.compression ?? compressionForPath(path) ?? 'none';
  const pickle = dumps(value, options);
  switch (compression) {
    case 'none':
      return pickle;
    case 'lz4':
    case 'lzma':
      throw new PicklingError(`picklejar reads ${compression} but cannot write it; write .pkl.gz, .pkl.bz2, .pkl.xz or .pkl.zst`);
    case 'zip': {
      // pandas names the one member after the archive, without `.zip`.
      const member = basename(path).replace(/\.zip$/i, '') || 'data.pkl';
      return zipSync({ [member]: [pickle, { level: (options.level ?? 6) as 6 }] });
    }
    default:
      // gzip, zlib and bz2 are compressed; xz and zstd are written stored in a valid container
      // (no browser-safe encoder exists), which Python's lzma and zstandard read.
      return compress(pickle, compression as WritableCodecName, options.level !== undefined ? { level: options.level } : {});
  }
}

/**
 * Pickles `value` into a file or stream. A path is written atomically: the bytes go to a temporary
 * file in the same folder, which is flushed to disk and then renamed over `path`, so a crash
 * leaves the old file or the new one, never half of one. The format comes from the extension
 * (`.pkl`, `.pkl.gz`, `.zip`…) or `options.compression`.
 * @returns the number of bytes written.
 * @throws PicklingError when the value cannot be pickled or the format cannot be written.
 * @throws FileAccessError when the file cannot be written.
 */
export async function dump(value: unknown, output: string | NodeJS.WritableStream, options: DumpFileOptions = {}): Promise<number> {
  const data = encodeForPath(value, typeof output === 'string' ? output : '', options);
  if (typeof output !== 'string') {
    await writeStream(output, data, options.onProgress);
    return data.length;
  }
  const tmp = join(dirname(output), `.${basename(output)}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: Awaited<ReturnType<typeof openFile>> | undefined;
  try {
    handle = await openFile(tmp, 'wx', 0o666);
    const step = 1 << 20;
    for (let at = 0; at < data.length; at += step) {
      const end = Math.min(at + step, data.length);
      await handle.write(data, at, end - at);
      options.onProgress?.(end);
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, output);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw fsError(err, output, 'write');
  }
  return data.length;
}

async function writeStream(stream: NodeJS.WritableStream, data: Uint8Array, onProgress?: (n: number) => void): Promise<void> {
  const step = 64 * 1024;
  for (let at = 0; at < data.length; at += step) {
    const end = Math.min(at + step, data.length);
    const ok = stream.write(data.subarray(at, end));
    onProgress?.(end);
    if (!ok) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  }
}
