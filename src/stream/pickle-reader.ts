/**
 * A stream of pickles read one `load` at a time, as Python's `pickle.load(f)`
 * called again and again on one file object: each call reads just up to the
 * end of the next pickle (found by the opcode walk in pickle-end.ts), buffers
 * only that pickle, and leaves the bytes after it for the next call or for the
 * caller (`leftover()`, `rest()`).
 */
import { UnpicklingError } from '../errors.js';
import type { UnpicklerOptions } from '../unpickler/index.js';
import { loads } from '../ml/default-unpickler.js';
import type { CodecName } from '../containers/magic.js';
import type { ByteStream } from '../wire/web-streams.js';
import { findPickleEnd, pendingPayload } from './pickle-end.js';
import { maybeDecompress } from './decompress-stream.js';
import type { StreamLoadOptions, StreamedPickle } from './load-options.js';

const DEFAULT_MAX_PICKLE = 2 ** 30;
const MIN_CAPACITY = 64 * 1024;
/** Payloads at least this large are placed on an ALIGN boundary when the buffer is reallocated. */
const BULK_PAYLOAD = 64 * 1024;
/**
 * numpy's alignment (the `.npy` header pads data to 64 bytes): a typed array
 * over a payload needs its element size (8 for float64), 64 serves every dtype.
 */
const ALIGN = 64;
/** A known payload is reserved whole once it is within this factor of the bytes that have arrived. */
const MAX_AHEAD = 16;

/**
 * Reads pickles from an async sequence of chunks, one `next()` at a time.
 * Memory stays proportional to the largest single pickle (plus one chunk).
 */
export class PickleStreamReader {
  readonly #options: StreamLoadOptions;
  readonly #maxPickle: number;
  #source: AsyncIterator<Uint8Array> | undefined;
  #chunks: AsyncIterator<Uint8Array> | undefined;
  #codecName: CodecName | undefined;
  #buf = new Uint8Array(0);
  #filled = 0; // bytes of buf in use
  #start = 0; // where the next pickle starts in buf
  #resume = 0; // where the opcode walk resumes in buf
  #base = 0; // stream offset of buf[0]
  #read = 0; // bytes taken from the source (compressed, as read)
  #ended = false;
  #failed = false;
  /** Where in buf the large payload the walk waits for starts (-1: none): `#append` aligns it. */
  #pendingStart = -1;
  /** Where that payload ends in buf (-1: none). */
  #pendingEnd = -1;

  /**
   * @param chunks the bytes, in order (compressed or not).
   * @param options unpickler options for every pickle, limits, progress and decompression.
   */
  constructor(chunks: AsyncIterator<Uint8Array>, options: StreamLoadOptions = {}) {
    this.#source = chunks;
    this.#options = options;
    this.#maxPickle = options.maxPickleBytes ?? DEFAULT_MAX_PICKLE;
  }

  /** The codec the stream was compressed with; known after the first `next()`. */
  get codec(): CodecName | undefined {
    return this.#codecName;
  }

  /** True once the stream has ended and every pickle in it has been returned. */
  get done(): boolean {
    return this.#ended && this.#start === this.#filled;
  }

  /** True once a read failed (malformed or truncated data): the reader gives no more pickles. */
  get broken(): boolean {
    return this.#failed;
  }

  /** Stream offset (decompressed) where the next pickle starts. */
  get position(): number {
    return this.#base + this.#start;
  }

  /**
   * Reads the next pickle: pulls chunks until its STOP has arrived, then loads it with a fresh memo.
   * @param options unpickler options for this pickle only (default: the reader's).
   * @returns the pickle and its stream offset, or undefined at the end of the stream.
   * @throws UnpicklingError for a malformed or truncated pickle, with its offset in the stream.
   * @throws DecompressionError for corrupt, truncated or over-limit compressed input.
   */
  async next(options?: UnpicklerOptions): Promise<StreamedPickle | undefined> {
    const raw = await this.nextRaw();
    if (raw === undefined) return undefined;
    return { value: loadOne(raw.data, raw.offset, options ?? this.#options), offset: raw.offset };
  }

  /**
   * Reads the next pickle's bytes without loading them (a view valid until the reader moves on;
   * a complete pickle that fails to load later leaves the reader after it).
   * @returns the pickle's bytes and stream offset, or undefined at the end of the stream.
   * @throws UnpicklingError for a malformed or truncated pickle, with its offset in the stream.
   * @throws DecompressionError for corrupt, truncated or over-limit compressed input.
   */
  async nextRaw(): Promise<{ readonly data: Uint8Array; readonly offset: number } | undefined> {
    if (this.#failed) throw new UnpicklingError('the stream already failed; open it again to retry', { offset: this.position });
    let data: Uint8Array;
    const offset = (): number => this.#base + this.#start;
    try {
      const end = await this.#nextEnd();
      if (end < 0) {
        if (this.#start === this.#filled) return undefined;
        // A tail without STOP: let the unpickler name what is wrong (truncation, bad opcode).
        this.#failed = true;
        loadOne(this.#buf.subarray(this.#start, this.#filled), offset(), this.#options);
        throw new UnpicklingError('pickle exhausted before seeing STOP', { offset: this.#base + this.#filled });
      }
      data = this.#buf.subarray(this.#start, end);
    } catch (err) {
      this.#failed = true;
      throw err;
    }
    // A complete pickle that fails to load (a missing persistent_load, say) leaves the stream
    // positioned after it, as Python's file would be: the next call reads the next pickle.
    const at = offset();
    this.#start = this.#resume = this.#start + data.length;
    return { data, offset: at };
  }

  /** Pulls chunks until the pickle at `start` is complete; its end in buf, or -1 at the end of the stream. */
  async #nextEnd(): Promise<number> {
    const chunks = this.#chunks ?? (await this.#open());
    for (;;) {
      if (this.#start < this.#filled) {
        const scan = findPickleEnd(this.#buf.subarray(0, this.#filled), this.#resume, this.#maxPickle, this.#start, this.#base);
        this.#resume = scan.resume;
        if (scan.end >= 0) return scan.end;
        const payload = pendingPayload(this.#buf.subarray(0, this.#filled), scan.resume);
        const bulk = payload !== undefined && payload.end - payload.start >= BULK_PAYLOAD;
        this.#pendingStart = bulk ? payload.start : -1;
        this.#pendingEnd = bulk ? payload.end : -1;
      }
      if (this.#ended) return -1;
      const step = await chunks.next();
      if (step.done) this.#ended = true;
      else this.#append(step.value);
    }
  }

  /**
   * Hands back the bytes read past the last pickle returned (decompressed, when the stream is)
   * and forgets them, so that the caller can put them back into its own stream.
   * @throws never.
   */
  leftover(): Uint8Array {
    const rest = this.#buf.slice(this.#start, this.#filled);
    this.#base += this.#filled;
    this.#buf = new Uint8Array(0);
    this.#filled = this.#start = this.#resume = 0;
    return rest;
  }

  /**
   * The rest of the stream after the last pickle returned, as a web `ReadableStream` (decompressed,
   * when the stream is): what a Python caller would read from the file object after `pickle.load`.
   * The reader must not be used after this.
   * @throws PickleError (through the returned stream) as the source does.
   */
  rest(): ByteStream {
    const head = this.leftover();
    const chunks = this.#chunks;
    const source = this.#source;
    const ended = this.#ended;
    this.#ended = true;
    this.#chunks = this.#source = undefined;
    let first = head.length > 0;
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (first) {
          first = false;
          controller.enqueue(head);
          return;
        }
        const step = ended || chunks === undefined ? { done: true as const, value: undefined } : await chunks.next();
        if (step.done) controller.close();
        else controller.enqueue(step.value);
      },
      async cancel() {
        await chunks?.return?.();
        await source?.return?.();
      },
    }) as unknown as ByteStream;
  }

  /**
   * Stops reading and releases the source (a web stream reader is cancelled by the source's own
   * iterator when it gives up early).
   * @throws whatever the source throws while closing.
   */
  async close(): Promise<void> {
    this.#ended = true;
    const chunks = this.#chunks;
    const source = this.#source;
    this.#chunks = this.#source = undefined;
    // The decompressing chain does not pass `return` down to the source: close both.
    await chunks?.return?.();
    await source?.return?.();
  }

  async #open(): Promise<AsyncIterator<Uint8Array>> {
    const source = this.#source;
    if (source === undefined) throw new UnpicklingError('the stream reader is closed');
    const onProgress = this.#options.onProgress;
    const counted: AsyncIterator<Uint8Array> = {
      next: async () => {
        const step = await source.next();
        if (!step.done) {
          this.#read += step.value.length;
          onProgress?.(this.#read);
        }
        return step;
      },
      return: async (value?: unknown) => (source.return ? await source.return(value) : { done: true, value: undefined }),
    };
    let chunks = counted;
    if (this.#options.decompress !== false) {
      const d = await maybeDecompress(counted, this.#options.decompressLimits, this.#options.decoders);
      this.#codecName = d.codec;
      this.#options.onCodec?.(d.codec);
      chunks = d.chunks;
    }
    this.#chunks = chunks;
    return chunks;
  }

  #append(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    // Values loaded from buf may still view it: bytes handed out are never overwritten,
    // so compaction copies into a new buffer instead of moving data down in place.
    if (this.#filled + chunk.length > this.#buf.length) {
      const keep = this.#filled - this.#start;
      // The kept bytes move to `pad`, chosen so that the large payload being read (numpy's array
      // data, say) starts on a 64-byte boundary of the buffer: loaded with `bytesViews`, a typed
      // array can then view it, where an odd offset would need a copy. Doubling keeps its place.
      const pad = this.#pendingStart < 0 ? 0 : (ALIGN - ((this.#pendingStart - this.#start) % ALIGN)) % ALIGN;
      const need = keep + chunk.length;
      let size = Math.max(MIN_CAPACITY, 2 * need);
      if (this.#pendingEnd >= 0) {
        // Room for the pickle through that payload (and a chunk after it) at once rather than by
        // doubling, which copies the payload again at every step; at most MAX_AHEAD times what has
        // arrived, so that a length prefix alone cannot make the reader allocate.
        const through = this.#pendingEnd - this.#start + Math.max(chunk.length, MIN_CAPACITY);
        if (through > size && through <= MAX_AHEAD * need) size = through;
      }
      const next = new Uint8Array(size + pad);
      next.set(this.#buf.subarray(this.#start, this.#filled), pad);
      this.#base += this.#start - pad;
      this.#resume += pad - this.#start;
      this.#filled = pad + keep;
      this.#start = pad;
      this.#buf = next;
      this.#pendingStart = this.#pendingEnd = -1;
    }
    this.#buf.set(chunk, this.#filled);
    this.#filled += chunk.length;
  }
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

/**
 * The same error with its offset counted from the start of the stream.
 * @throws never.
 */
export function relocate(err: UnpicklingError, by: number): UnpicklingError {
  const suffix = err.opcode ? ` at byte ${err.offset} (${err.opcode})` : ` at byte ${err.offset}`;
  const message = err.message.endsWith(suffix) ? err.message.slice(0, -suffix.length) : err.message;
  const moved = new UnpicklingError(message, { offset: err.offset + by, opcode: err.opcode });
  moved.name = err.name;
  return moved;
}
