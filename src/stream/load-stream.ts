/**
 * Reading pickles one after another from a stream, as `pickle.load(f)` called
 * until EOF: each pickle's end is found with a cheap opcode walk
 * (pickle-end.ts), only the current pickle is buffered, and each is loaded
 * with a fresh memo as a new `pickle.load` call would.
 */
import type { DecompressLimits } from '../codecs/limits.js';
import { UnpicklingError } from '../errors.js';
import type { UnpicklerOptions } from '../unpickler/index.js';
import { loads } from '../ml/default-unpickler.js';
import type { CodecName } from '../containers/magic.js';
import { findPickleEnd } from './pickle-end.js';
import { chunksOf, type ByteSource } from './source.js';
import { maybeDecompress } from './decompress-stream.js';

/** Options of the stream readers: the unpickler's options, and the stream's own. */
export interface StreamLoadOptions extends UnpicklerOptions {
  /** Called after each chunk with the number of (compressed, as read) bytes so far. */
  readonly onProgress?: (bytesRead: number) => void;
  /** The most bytes one pickle may take; the walk refuses longer ones before buffering them. Default 1 GiB. */
  readonly maxPickleBytes?: number;
  /** Recognise gzip/zlib/… by magic bytes and decompress (bounded). Default true. */
  readonly decompress?: boolean;
  /** Limits on decompressed size. Default: `DEFAULT_DECOMPRESS_LIMITS`. */
  readonly decompressLimits?: DecompressLimits;
  /** Told the codec once the first bytes are seen (undefined when not compressed). */
  readonly onCodec?: (codec: CodecName | undefined) => void;
}

/** One pickle read from a stream. */
export interface StreamedPickle {
  readonly value: unknown;
  /** Byte offset where the pickle starts (in the decompressed stream, when compressed). */
  readonly offset: number;
}

const DEFAULT_MAX_PICKLE = 2 ** 30;
const MIN_CAPACITY = 64 * 1024;

/**
 * Loads every pickle of `source`, one after another, yielding each as soon as its
 * last byte arrives. Memory stays proportional to the largest single pickle.
 * @param source a web ReadableStream, Blob, Response, async iterable of bytes, or bytes.
 * @param options unpickler options; progress, limits, decompression.
 * @throws UnpicklingError for a malformed or truncated pickle, with its offset in the stream.
 * @throws DecompressionError for corrupt, truncated or over-limit compressed input.
 */
export async function* loadAllFromStream(source: ByteSource, options: StreamLoadOptions = {}): AsyncGenerator<StreamedPickle, void, undefined> {
  const maxPickle = options.maxPickleBytes ?? DEFAULT_MAX_PICKLE;
  let read = 0;
  const counted = (async function* () {
    for await (const chunk of chunksOf(source)) {
      read += chunk.length;
      options.onProgress?.(read);
      yield chunk;
    }
  })();
  let chunks: AsyncIterator<Uint8Array> = counted;
  if (options.decompress !== false) {
    const d = await maybeDecompress(counted, options.decompressLimits);
    options.onCodec?.(d.codec);
    chunks = d.chunks;
  }
  let buf = new Uint8Array(0);
  let filled = 0; // bytes of buf in use
  let start = 0; // where the current pickle starts in buf
  let resume = 0; // where the walk resumes in buf
  let base = 0; // stream offset of buf[0]
  try {
    for (;;) {
      // Yield every pickle already complete in the buffer.
      for (;;) {
        if (start === filled) break;
        const scan = findPickleEnd(buf.subarray(0, filled), resume, maxPickle, start, base);
        resume = scan.resume;
        if (scan.end < 0) break;
        const value = loadOne(buf.subarray(start, scan.end), base + start, options);
        const offset = base + start;
        start = resume = scan.end;
        yield { value, offset };
      }
      const step = await chunks.next();
      if (step.done) break;
      const chunk = step.value;
      if (chunk.length === 0) continue;
      // Values loaded from buf may still view it: bytes handed out are never overwritten,
      // so compaction copies into a new buffer instead of moving data down in place.
      if (filled + chunk.length > buf.length) {
        const keep = filled - start;
        const next = new Uint8Array(Math.max(MIN_CAPACITY, 2 * (keep + chunk.length)));
        next.set(buf.subarray(start, filled));
        base += start;
        resume -= start;
        filled = keep;
        start = 0;
        buf = next;
      }
      buf.set(chunk, filled);
      filled += chunk.length;
    }
  } finally {
    await chunks.return?.();
  }
  if (start < filled) {
    // A tail without STOP: let the unpickler name what is wrong (truncation, bad opcode).
    loadOne(buf.subarray(start, filled), base + start, options);
    throw new UnpicklingError('pickle exhausted before seeing STOP', { offset: base + filled });
  }
}

/**
 * Loads the first pickle of `source`, reading no further than its end (as one `pickle.load`).
 * @throws UnpicklingError when the stream is empty ("Ran out of input") or the pickle is malformed.
 * @throws DecompressionError for corrupt, truncated or over-limit compressed input.
 */
export async function loadFromStream(source: ByteSource, options: StreamLoadOptions = {}): Promise<unknown> {
  for await (const { value } of loadAllFromStream(source, options)) return value;
  throw new UnpicklingError('Ran out of input');
}

/** Loads one pickle, moving an error's byte offset from the pickle to the stream. */
function loadOne(data: Uint8Array, offset: number, options: UnpicklerOptions): unknown {
  try {
    return loads(data, options);
  } catch (err) {
    if (err instanceof UnpicklingError && err.offset >= 0 && offset > 0) throw relocate(err, offset);
    throw err;
  }
}

/** The same error with its offset counted from the start of the stream. */
export function relocate(err: UnpicklingError, by: number): UnpicklingError {
  const suffix = err.opcode ? ` at byte ${err.offset} (${err.opcode})` : ` at byte ${err.offset}`;
  const message = err.message.endsWith(suffix) ? err.message.slice(0, -suffix.length) : err.message;
  const moved = new UnpicklingError(message, { offset: err.offset + by, opcode: err.opcode });
  moved.name = err.name;
  return moved;
}
