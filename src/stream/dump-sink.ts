/**
 * Writing a pickle to a sink in pieces instead of handing back one buffer:
 * the pickler streams its output (`dumpChunks`: each protocol-4 frame as it
 * is committed, about every 64 KiB below protocol 4), and the pieces are cut
 * into chunks of `chunkSize`, awaiting the sink between chunks so a slow
 * consumer applies back-pressure. The pickler is paused meanwhile, so memory
 * stays bounded by a frame (plus the largest single item), not the pickle.
 */
import { dumpChunks, type PicklerOptions } from '../pickler/index.js';

/** Options of `dumpToSink`. */
export interface DumpSinkOptions extends PicklerOptions {
  /** Called after each chunk with the number of bytes written so far. */
  readonly onProgress?: (bytesWritten: number) => void;
  /** Size of the chunks handed to the sink (the last one may be shorter). Default 64 KiB (one protocol-4 frame). */
  readonly chunkSize?: number;
}

/**
 * Pickles `value` and hands the bytes to `sink` in chunks, in order; the
 * chunks together are exactly `dumps(value, options)`. A chunk is a view of
 * a buffer that is reused once the sink's promise settles: a sink that keeps
 * chunks (rather than writing them out) must copy them.
 * @returns the number of bytes written.
 * @throws PicklingError when the value cannot be pickled; chunks before the
 *   failing value may already have been handed to the sink.
 * @throws whatever `sink` throws.
 */
export async function dumpToSink(value: unknown, sink: (chunk: Uint8Array) => void | Promise<void>, options: DumpSinkOptions = {}): Promise<number> {
  const size = Math.max(1, Math.floor(options.chunkSize ?? 64 * 1024));
  // Pieces shorter than a chunk are gathered here; whole chunks of a piece go out as views.
  const carry = new Uint8Array(size);
  let filled = 0;
  let written = 0;
  const emit = async (chunk: Uint8Array): Promise<void> => {
    await sink(chunk);
    written += chunk.length;
    options.onProgress?.(written);
  };
  for (const piece of dumpChunks(value, options)) {
    let at = 0;
    while (at < piece.length) {
      if (filled === 0 && piece.length - at >= size) {
        await emit(piece.subarray(at, at + size));
        at += size;
        continue;
      }
      const n = Math.min(size - filled, piece.length - at);
      carry.set(piece.subarray(at, at + n), filled);
      filled += n;
      at += n;
      if (filled === size) {
        await emit(carry);
        filled = 0;
      }
    }
  }
  if (filled > 0) await emit(carry.subarray(0, filled));
  return written;
}
