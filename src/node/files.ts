/**
 * picklejar's file API for Node: `load`, `loadAll`, `open` and `dump` on paths
 * and Node streams. Opening is by content (the core's `openPickleFile`);
 * writing picks the format from the extension and replaces files atomically.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { open as openFile, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { zipSync } from 'fflate';
import { PicklingError, PickleError, UnpicklingError } from '../errors.js';
import { compress, DecompressionError, type WritableCodecName } from '../codecs/index.js';
import { openPickleFile, type OpenedFile, type OpenOptions } from '../containers/open.js';
import { sniff, type CodecName } from '../containers/magic.js';
import type { PicklerOptions } from '../pickler/index.js';
import { dumps } from '../ml/default-pickler.js';
import { writeNpy } from '../containers/npy.js';
import { writeNpz } from '../containers/npz.js';
import { writeTorch } from '../containers/torch-write.js';
import { joblibCompressionForPath, writeJoblibForPath } from '../containers/joblib-write.js';
import { loadBigTorch } from './torch-file.js';
import { NDArray } from '../ml/numpy/ndarray.js';
import { loadAllFromStream, type StreamLoadOptions, type StreamedPickle } from '../stream/load-stream.js';
import { peek, prepend, concat } from '../stream/decompress-stream.js';
import { PickleStreamReader } from '../stream/pickle-reader.js';
import { nodeChunks } from './node-chunks.js';
import { withNativeDecoders } from './native-codecs.js';
import { isStreamedCodec, streamDump, streamWriter, type StreamedCodec } from './dump-writer.js';

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
  return await gather(nodeChunks(input), onProgress);
}

/** Reads the rest of `chunks` into one array, reporting the running total. */
async function gather(chunks: AsyncIterator<Uint8Array>, onProgress?: (n: number) => void, parts: Uint8Array[] = [], total = 0): Promise<Uint8Array> {
  for (;;) {
    const step = await chunks.next();
    if (step.done === true) break;
    parts.push(step.value);
    total += step.value.length;
    onProgress?.(total);
  }
  return concat(parts, total);
}

/** A file opened for reading, surfacing a missing file as FileAccessError before anything else. */
async function openRead(path: string): Promise<ReadStream> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (err) => reject(fsError(err, path, 'read')));
  });
  return stream;
}

/**
 * Opens a file by content, as `openPickleFile` does with bytes: plain or compressed pickles, zip
 * archives of one pickle (pandas), and the numpy/torch/joblib containers this build reads.
 * @throws FileAccessError when the file cannot be read.
 * @throws NotAPickleError, DecompressionError, UnpicklingError as `openPickleFile` does.
 */
export async function open(input: NodeInput, options: LoadFileOptions = {}): Promise<OpenedFile> {
  return openPickleFile(await readAll(input, options.onProgress), withNativeDecoders(options));
}

/** Readers of compressed Node streams between `load` calls (their decompressed bytes can't be put back). */
const sessions = new WeakMap<object, PickleStreamReader>();

/**
 * Loads the value of a file or stream, like Python's `pickle.load` (the first pickle when there are
 * several) but opening compressed files and containers by content. Plain and compressed pickles are
 * read only up to the end of the first pickle, so memory is proportional to that pickle.
 *
 * A Node stream is left positioned after the pickle, as Python's file object after `pickle.load(f)`:
 * calling `load(stream)` again gives the next pickle. Bytes read past a pickle of a plain stream are
 * put back with `stream.unshift`, so the caller can also read on itself; a compressed stream is read
 * on by picklejar (call `load` or `loadAll` on it). Containers (zip, npy, torch, joblib) are read whole.
 * @throws FileAccessError when the file cannot be read.
 * @throws NotAPickleError, DecompressionError, UnpicklingError as `openPickleFile` does; an
 *   UnpicklingError "Ran out of input" when a stream has no more pickles.
 */
export async function load(input: NodeInput, loadOptions: LoadFileOptions = {}): Promise<unknown> {
  const options = withNativeDecoders(loadOptions);
  // A big torch checkpoint is read by random access: data.pkl and the storages only.
  if (typeof input === 'string') {
    const big = loadBigTorch(input, options);
    if (big !== undefined) return big.value;
  }
  const path = typeof input === 'string' ? input : '<stream>';
  const session = typeof input === 'string' ? undefined : sessions.get(input as object);
  if (session !== undefined) return await readOn(session, input as NodeJS.ReadableStream, options);
  const stream = typeof input === 'string' ? await openRead(input) : input;
  // The raw chunks are kept until the first pickle is found, to fall back on opening the whole file.
  const recorded: Uint8Array[] = [];
  let recording = true;
  const raw = nodeChunks(stream);
  const chunks: AsyncIterator<Uint8Array> = {
    next: async () => {
      const step = await raw.next();
      if (!step.done && recording) recorded.push(step.value);
      return step;
    },
    return: async () => await raw.return!(),
  };
  const reader = new PickleStreamReader(chunks, options);
  let first: { data: Uint8Array; offset: number } | undefined;
  try {
    first = await reader.nextRaw();
  } catch (err) {
    // A malformed first pickle, or a zstd frame too wide to stream, is left to the whole-file opener.
    const tooWide = err instanceof DecompressionError && /over the 128 MiB limit for streams/.test(err.message);
    if (!(err instanceof UnpicklingError) && !tooWide) throw fsError(err, path, 'read');
    first = undefined;
  }
  recording = false;
  // joblib's arrays sit raw inside its pickle stream, and legacy torch files start with several
  // pickles: those, and anything that is not a plain pickle stream, are opened whole by content.
  if (first === undefined || hasJoblibArrays(first.data) || sniff(first.data).kind !== 'pickle' || isTorchLegacy(first.data)) {
    const whole = await gather(
      raw,
      options.onProgress,
      recorded,
      recorded.reduce((n, c) => n + c.length, 0),
    ).catch((err: unknown) => {
      throw fsError(err, path, 'read');
    });
    if (typeof input === 'string') (stream as ReadStream).destroy();
    return openPickleFile(whole, { ...options, firstOnly: true }).value;
  }
  if (typeof input === 'string') {
    (stream as ReadStream).destroy();
  } else if (reader.codec === undefined) {
    const rest = reader.leftover();
    if (rest.length > 0) (stream as Readable).unshift(rest);
  } else {
    sessions.set(input, reader);
  }
  return openPickleFile(first.data, { ...options, firstOnly: true }).value;
}

/** The next pickle of a compressed stream `load` has begun. */
async function readOn(reader: PickleStreamReader, stream: NodeJS.ReadableStream, options: LoadFileOptions): Promise<unknown> {
  let p: StreamedPickle | undefined;
  try {
    p = await reader.next(options);
  } catch (err) {
    if (reader.broken) sessions.delete(stream);
    throw fsError(err, '<stream>', 'read');
  }
  if (p === undefined) {
    sessions.delete(stream);
    throw new UnpicklingError('Ran out of input');
  }
  return p.value;
}

function hasJoblibArrays(pickle: Uint8Array): boolean {
  const text = new TextDecoder('latin1').decode(pickle.subarray(0, 1 << 16));
  return text.includes('NumpyArrayWrapper') && text.includes('joblib.numpy_pickle');
}

function isTorchLegacy(pickle: Uint8Array): boolean {
  // torch.save's legacy format opens with the magic number pickled alone: a long int.
  return pickle.length < 40 && pickle[0] === 0x80 && (pickle[2] === 0x8a || pickle[2] === 0x8b);
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
export async function* loadAll(input: NodeInput, loadOptions: LoadFileOptions = {}): AsyncGenerator<StreamedPickle, void, undefined> {
  const options = withNativeDecoders(loadOptions);
  const path = typeof input === 'string' ? input : '<stream>';
  const session = typeof input === 'string' ? undefined : sessions.get(input as object);
  if (session !== undefined) {
    // A compressed stream `load` has begun: the rest of its pickles.
    sessions.delete(input as object);
    try {
      for (let p = await session.next(options); p !== undefined; p = await session.next(options)) yield p;
    } catch (err) {
      throw fsError(err, path, 'read');
    }
    return;
  }
  const stream = typeof input === 'string' ? await openRead(input) : input;
  const source = nodeChunks(stream);
  try {
    const { head, rest } = await peek(source, 16);
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
    const whole = await gather(chunks, options.onProgress);
    yield { value: openPickleFile(whole, options).value, offset: 0 };
  } finally {
    if (typeof input === 'string') (stream as ReadStream).destroy();
  }
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
 * The codec `dump` streams for `path` (`'none'`, gzip, zlib or bz2), or undefined when the file is built
 * whole (a container format, or a codec without a streaming encoder here).
 */
function streamedCodecFor(path: string, options: DumpFileOptions): StreamedCodec | undefined {
  const lower = basename(path).toLowerCase();
  if (/\.(npy|npz|pt|pth)$/.test(lower) || joblibCompressionForPath(lower) !== undefined) return undefined;
  const codec = options.compression ?? compressionForPath(path) ?? 'none';
  return isStreamedCodec(codec) ? codec : undefined;
}

/**
 * Pickles `value` into a file or stream. A path is written atomically: the bytes go to a temporary
 * file in the same folder, which is flushed to disk and then renamed over `path`, so a crash
 * leaves the old file or the new one, never half of one. The format comes from the extension
 * (`.pkl`, `.pkl.gz`, `.zip`…) or `options.compression`. Plain pickles, gzip, zlib and bz2 are written
 * as the pickler produces them (a frame at a time), so memory stays bounded by a frame and the
 * largest single payload; other formats are built whole, then written.
 * @returns the number of bytes written.
 * @throws PicklingError when the value cannot be pickled or the format cannot be written.
 * @throws FileAccessError when the file cannot be written.
 */
export async function dump(value: unknown, output: string | NodeJS.WritableStream, options: DumpFileOptions = {}): Promise<number> {
  const codec = streamedCodecFor(typeof output === 'string' ? output : '', options);
  if (typeof output !== 'string') {
    if (codec !== undefined) return await streamDump(value, codec, streamWriter(output), options);
    const data = encodeForPath(value, '', options);
    await writeStream(output, data, options.onProgress);
    return data.length;
  }
  // A format built whole is built before the temporary file exists: a failure leaves nothing behind.
  const data = codec === undefined ? encodeForPath(value, output, options) : undefined;
  const tmp = join(dirname(output), `.${basename(output)}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: Awaited<ReturnType<typeof openFile>> | undefined;
  let written = 0;
  try {
    handle = await openFile(tmp, 'wx', 0o666);
    const h = handle;
    if (data === undefined) {
      written = await streamDump(
        value,
        codec!,
        async (chunk) => {
          await h.write(chunk, 0, chunk.length);
        },
        options,
      );
    } else {
      const step = 1 << 20;
      for (let at = 0; at < data.length; at += step) {
        const end = Math.min(at + step, data.length);
        await handle.write(data, at, end - at);
        options.onProgress?.(end);
      }
      written = data.length;
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
  return written;
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
