/**
 * Writing a pickle to a Node destination as it is produced: the pickler's
 * frames go out one after another (plain), or through a `node:zlib`
 * compressor (gzip, zlib) or picklejar's bz2 encoder (block by block), so memory stays bounded by a frame plus the
 * largest single payload instead of the whole pickle. Formats without a
 * streaming encoder here (xz, zstd, zip and the containers) are built
 * whole by the caller.
 */
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { PickleError } from '../errors.js';
import { dumpChunks } from '../ml/default-pickler.js';
import type { PicklerOptions } from '../pickler/index.js';
import { dumpToSink } from '../stream/dump-sink.js';
import { Bz2StreamEncoder } from '../codecs/bz2-encode.js';

/** Where bytes go: awaited before the next chunk (so a slow destination slows the pickler). */
export type ChunkWriter = (chunk: Uint8Array) => Promise<void>;

/** The codecs `streamDump` compresses as it goes. */
export type StreamedCodec = 'none' | 'gzip' | 'zlib' | 'bz2';

/**
 * Whether `streamDump` handles `codec` itself.
 * @throws never.
 */
export function isStreamedCodec(codec: string): codec is StreamedCodec {
  return codec === 'none' || codec === 'gzip' || codec === 'zlib' || codec === 'bz2';
}

/**
 * Pickles `value` into `write`, plain or compressed by `codec`, reporting the bytes handed to
 * `write` so far (compressed bytes for a compressed codec).
 * @returns the number of bytes handed to `write`.
 * @throws PicklingError when the value cannot be pickled (chunks before it may have been written).
 * @throws PickleError for a compression level out of range; whatever `write` throws.
 */
export async function streamDump(
  value: unknown,
  codec: StreamedCodec,
  write: ChunkWriter,
  options: PicklerOptions & { readonly level?: number; readonly onProgress?: (bytesWritten: number) => void },
): Promise<number> {
  const { level, onProgress, ...pickler } = options;
  if (codec === 'none') {
    return await dumpToSink(value, write, { ...pickler, ...(onProgress !== undefined ? { onProgress } : {}) });
  }
  const chosen = level ?? (codec === 'zlib' ? 6 : 9);
  if (codec !== 'bz2' && !(Number.isInteger(chosen) && chosen >= 0 && chosen <= 9))
    throw new PickleError(`${codec} compression level must be 0-9, not ${chosen}`);
  let written = 0;
  const out = new Writable({
    write(chunk: Uint8Array, _encoding, callback) {
      write(chunk).then(() => {
        written += chunk.length;
        onProgress?.(written);
        callback();
      }, callback);
    },
  });
  const compressor = codec === 'gzip' ? zlib.createGzip({ level: chosen }) : codec === 'zlib' ? zlib.createDeflate({ level: chosen }) : bz2Transform(chosen);
  // The pickler reuses its frame buffer, and the compressor may queue a chunk: each piece is copied.
  await pipeline(Readable.from(copied(dumpChunks(value, pickler))), compressor, out);
  return written;
}

/** picklejar's bz2 encoder as a Node transform, block by block (the bytes equal `bzip2(whole)`). */
function bz2Transform(level: number): Transform {
  const ready: Uint8Array[] = [];
  const encoder = new Bz2StreamEncoder(level, (bytes) => ready.push(bytes));
  const drain = (t: Transform): void => {
    for (const bytes of ready.splice(0)) t.push(bytes);
  };
  return new Transform({
    transform(chunk: Uint8Array, _encoding, callback) {
      try {
        encoder.push(chunk);
        drain(this);
        callback();
      } catch (err) {
        callback(err as Error);
      }
    },
    flush(callback) {
      encoder.finish();
      drain(this);
      callback();
    },
  });
}

function* copied(pieces: Iterable<Uint8Array>): Generator<Uint8Array> {
  for (const piece of pieces) if (piece.length > 0) yield piece.slice();
}

/**
 * A `ChunkWriter` over a Node writable stream, waiting for `drain` when its buffer is full. The
 * stream is not ended, as Python's `pickle.dump` leaves its file open. Chunks are copied, since the
 * stream may keep them after `write` returns.
 * @throws never; the writer it returns rejects with the stream's error.
 */
export function streamWriter(stream: NodeJS.WritableStream): ChunkWriter {
  return async (chunk) => {
    if (stream.write(chunk.slice())) return;
    await new Promise<void>((resolve, reject) => {
      const done = (err?: unknown): void => {
        stream.removeListener('drain', done);
        stream.removeListener('error', done);
        if (err !== undefined) reject(err);
        else resolve();
      };
      stream.once('drain', done);
      stream.once('error', done);
    });
  };
}
