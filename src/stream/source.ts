/**
 * Every byte source a runtime hands out, read as one async sequence of chunks:
 * web `ReadableStream`s, `Blob`s / `File`s, fetch `Response`s, Node streams and
 * any async iterable of bytes.
 */
import { PickleError } from '../errors.js';
import type { BlobLike, ByteStream, ResponseLike } from '../wire/web-streams.js';

/** Something picklejar can read a stream of pickles from. */
export type ByteSource = ByteStream | BlobLike | ResponseLike | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array> | Uint8Array;

const encoder = new TextEncoder();

/** Options of `chunksOf`. */
export interface ChunksOptions {
  /**
   * When the consumer stops early, leave the source usable: a web stream's reader is released
   * instead of cancelled, and an async iterator is not returned (a Node stream is not destroyed).
   * Default false.
   */
  readonly keepOpen?: boolean;
}

/**
 * Reads `source` chunk by chunk; stops (and cancels a web stream, unless `keepOpen`) when the consumer stops.
 * @throws PickleError when `source` is none of the supported kinds, or a Response without a body.
 */
export async function* chunksOf(source: ByteSource, options: ChunksOptions = {}): AsyncGenerator<Uint8Array, void, undefined> {
  const keepOpen = options.keepOpen === true;
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  const s = source as unknown as Record<string, unknown>;
  if (typeof Response !== 'undefined' && source instanceof Response) {
    if (source.body === null) return;
    yield* readWebStream(source.body as ByteStream);
    return;
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    yield* readWebStream(source.stream() as unknown as ByteStream);
    return;
  }
  if (typeof s.getReader === 'function') {
    yield* readWebStream(source as ByteStream, keepOpen);
    return;
  }
  if (keepOpen && Symbol.asyncIterator in s) {
    // Stepped by hand: leaving a `for await` would return the iterator (and destroy a Node stream).
    const it = (source as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]();
    for (;;) {
      const step = await it.next();
      if (step.done === true) return;
      yield typeof step.value === 'string' ? encoder.encode(step.value) : step.value;
    }
  }
  if (Symbol.asyncIterator in s) {
    for await (const chunk of source as AsyncIterable<Uint8Array | string>) yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    return;
  }
  if (Symbol.iterator in s) {
    for (const chunk of source as Iterable<Uint8Array>) yield chunk;
    return;
  }
  throw new PickleError('expected a ReadableStream, Blob, Response, async iterable of Uint8Array, or Uint8Array');
}

async function* readWebStream(stream: ByteStream, keepOpen = false): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const step = await reader.read();
      if (step.done) {
        done = true;
        return;
      }
      yield step.value;
    }
  } finally {
    // The consumer stopped early: free the underlying source.
    if (!done && !keepOpen) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
