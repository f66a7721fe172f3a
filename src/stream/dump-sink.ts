/**
 * Writing a pickle to a sink in pieces instead of handing back one buffer:
 * the pickle is produced by `dumps`, then emitted in frame-sized chunks
 * (protocol 4's 64 KiB frames are the natural flush points), awaiting the sink
 * between chunks so a slow consumer applies back-pressure.
 */
import type { PicklerOptions } from '../pickler/index.js';
import { dumps } from '../ml/default-pickler.js';

/** Options of `dumpToSink`. */
export interface DumpSinkOptions extends PicklerOptions {
  /** Called after each chunk with the number of bytes written so far. */
  readonly onProgress?: (bytesWritten: number) => void;
  /** Size of the chunks handed to the sink. Default 64 KiB (one protocol-4 frame). */
  readonly chunkSize?: number;
}

/**
 * Pickles `value` and hands the bytes to `sink` in chunks, in order.
 * @returns the number of bytes written.
 * @throws PicklingError when the value cannot be pickled (before anything is written).
 * @throws whatever `sink` throws.
 */
export async function dumpToSink(value: unknown, sink: (chunk: Uint8Array) => void | Promise<void>, options: DumpSinkOptions = {}): Promise<number> {
  const data = dumps(value, options);
  const size = Math.max(1, options.chunkSize ?? 64 * 1024);
  let written = 0;
  for (let at = 0; at < data.length; at += size) {
    const chunk = data.subarray(at, Math.min(at + size, data.length));
    await sink(chunk);
    written += chunk.length;
    options.onProgress?.(written);
  }
  return written;
}
