/**
 * Reading pickles one after another from a stream, as `pickle.load(f)` called
 * until EOF: each pickle's end is found with a cheap opcode walk
 * (pickle-end.ts), only the current pickle is buffered, and each is loaded
 * with a fresh memo as a new `pickle.load` call would.
 */
import { UnpicklingError } from '../errors.js';
import { PickleStreamReader } from './pickle-reader.js';
import { chunksOf, type ByteSource } from './source.js';
import type { StreamLoadOptions, StreamedPickle } from './load-options.js';

export type { StreamLoadOptions, StreamedPickle } from './load-options.js';
export { relocate } from './pickle-reader.js';

/**
 * Loads every pickle of `source`, one after another, yielding each as soon as its
 * last byte arrives. Memory stays proportional to the largest single pickle.
 * @param source a web ReadableStream, Blob, Response, async iterable of bytes, or bytes.
 * @param options unpickler options; progress, limits, decompression.
 * @throws UnpicklingError for a malformed or truncated pickle, with its offset in the stream.
 * @throws DecompressionError for corrupt, truncated or over-limit compressed input.
 */
export async function* loadAllFromStream(source: ByteSource, options: StreamLoadOptions = {}): AsyncGenerator<StreamedPickle, void, undefined> {
  const reader = new PickleStreamReader(chunksOf(source), options);
  try {
    for (;;) {
      const p = await reader.next();
      if (p === undefined) return;
      yield p;
    }
  } finally {
    await reader.close();
  }
}

/**
 * Opens a stream of pickles for reading one at a time (`await reader.next()`), as a Python file
 * object read by repeated `pickle.load(f)`; `reader.rest()` gives the bytes after the last pickle.
 * @throws never (errors surface from the reader's methods).
 */
export function openPickleStream(source: ByteSource, options: StreamLoadOptions = {}): PickleStreamReader {
  return new PickleStreamReader(chunksOf(source, { keepOpen: isStateful(source) }), options);
}

/** Readers of stateful sources (streams, iterators) between `loadFromStream` calls. */
const sessions = new WeakMap<object, PickleStreamReader>();

/**
 * Loads the next pickle of `source`, reading no further than its end, as one `pickle.load(f)`.
 * Bytes (`Uint8Array`), `Blob`s and `Response`s are read from their start on every call, as a
 * path would be. A web `ReadableStream` or an async iterator is read on from where the last call
 * stopped, so calling again gives the next pickle, as `pickle.load(f)` does on one file object;
 * picklejar keeps the stream's reader (and any bytes read past the pickle) until the stream ends
 * (use `openPickleStream` to get the rest back).
 * @throws UnpicklingError when the stream has no more pickles ("Ran out of input") or the pickle is malformed.
 * @throws DecompressionError for corrupt, truncated or over-limit compressed input.
 */
export async function loadFromStream(source: ByteSource, options: StreamLoadOptions = {}): Promise<unknown> {
  if (!isStateful(source)) {
    const reader = new PickleStreamReader(chunksOf(source), options);
    try {
      const p = await reader.next();
      if (p === undefined) throw new UnpicklingError('Ran out of input');
      return p.value;
    } finally {
      await reader.close();
    }
  }
  const key = source as object;
  let reader = sessions.get(key);
  if (reader === undefined) {
    reader = openPickleStream(source, options);
    sessions.set(key, reader);
  }
  let p;
  try {
    p = await reader.next(options);
  } catch (err) {
    if (reader.broken) sessions.delete(key);
    throw err;
  }
  if (p === undefined || reader.done) sessions.delete(key);
  if (p === undefined) throw new UnpicklingError('Ran out of input');
  return p.value;
}

/** Sources whose position moves as they are read: web streams and iterators (not bytes, Blobs, Responses or arrays). */
function isStateful(source: ByteSource): boolean {
  if (source instanceof Uint8Array || Array.isArray(source)) return false;
  if (typeof Response !== 'undefined' && source instanceof Response) return false;
  if (typeof Blob !== 'undefined' && source instanceof Blob) return false;
  const s = source as unknown as Record<string | symbol, unknown>;
  return typeof s.getReader === 'function' || Symbol.asyncIterator in s || typeof s.next === 'function';
}
