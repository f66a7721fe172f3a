/**
 * Every byte source a runtime hands out, read as one async sequence of chunks:
 * web `ReadableStream`s, `Blob`s / `File`s, fetch `Response`s, Node streams and
 * any async iterable of bytes.
 */
import { PickleError } from '../errors.js';

/** Something picklejar can read a stream of pickles from. */
export type ByteSource = ReadableStream<Uint8Array> | Blob | Response | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array> | Uint8Array;

const encoder = new TextEncoder();

/**
 * Reads `source` chunk by chunk; stops (and cancels a web stream) when the consumer stops.
 * @throws PickleError when `source` is none of the supported kinds, or a Response without a body.
 */
export async function* chunksOf(source: ByteSource): AsyncGenerator<Uint8Array, void, undefined> {
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  const s = source as unknown as Record<string, unknown>;
  if (typeof Response !== 'undefined' && source instanceof Response) {
    if (source.body === null) return;
    yield* readWebStream(source.body);
    return;
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    yield* readWebStream(source.stream() as ReadableStream<Uint8Array>);
    return;
  }
  if (typeof s.getReader === 'function') {
    yield* readWebStream(source as ReadableStream<Uint8Array>);
    return;
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

async function* readWebStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
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
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
