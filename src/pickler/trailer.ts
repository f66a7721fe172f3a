/**
 * The pickler's one seam for joblib (used by containers/joblib-write.ts;
 * it lives here so the pickler imports nothing new from other layers):
 * bytes written right after an object,
 * outside the pickle's opcodes. `joblib.dump` pickles a `NumpyArrayWrapper`
 * in place of each numpy array, closes the open protocol 4 frame, and writes
 * the array's data straight into the file before the pickle goes on. The
 * pickler calls `writeTrailer` after each object it rebuilt with a BUILD;
 * only objects registered here (during one `writeJoblib`) get a trailer.
 */
import type { PickleWriter } from './writer.js';

/** Writes an object's trailing bytes into the pickler's output. */
export type Trailer = (out: PickleWriter) => void;

const trailers = new WeakMap<object, Trailer>();
/** How many trailers wait to be written: the pickler's check is one comparison when none do. */
let pending = 0;

/**
 * Registers the bytes to write after `obj` the next time the pickler finishes it.
 * @throws never.
 */
export function setTrailer(obj: object, trailer: Trailer): void {
  if (!trailers.has(obj)) pending++;
  trailers.set(obj, trailer);
}

/**
 * Forgets a trailer that was never written (a dump that failed part way).
 * @throws never.
 */
export function dropTrailer(obj: object): void {
  if (trailers.delete(obj)) pending--;
}

/**
 * The seam, called by the pickler once `obj` is completely written (its BUILD
 * included). Writes the trailer registered for `obj`, if any, and drops
 * `obj` from the pickler's memo: joblib writes every occurrence of an array
 * afresh (its loader memoizes the wrapper, not the array, so a memo hit
 * would load a wrapper).
 * @throws whatever the trailer throws (the pickler reports it with the path).
 */
export function writeTrailer(obj: object, out: PickleWriter, memo: { delete(key: object): unknown }): void {
  if (pending === 0) return;
  const trailer = trailers.get(obj);
  if (trailer === undefined) return;
  trailers.delete(obj);
  pending--;
  memo.delete(obj);
  trailer(out);
}
