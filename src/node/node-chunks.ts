/**
 * A Node readable stream read chunk by chunk without taking it over: unlike
 * `for await (… of stream)`, stopping early neither destroys the stream nor
 * drops what it still holds, so bytes read past a pickle can be put back with
 * `stream.unshift` and the next `load(stream)` (or the caller) reads on from
 * there, as Python's file object after `pickle.load(f)`.
 */
import type { Readable } from 'node:stream';

const encoder = new TextEncoder();

/**
 * The chunks of `stream`, pulled with `stream.read()` only when asked for.
 * @throws whatever error the stream emits (from `next()`).
 */
export function nodeChunks(stream: NodeJS.ReadableStream): AsyncIterator<Uint8Array> {
  const r = stream as Readable;
  let finished = r.readableEnded === true;
  return {
    async next(): Promise<IteratorResult<Uint8Array>> {
      for (;;) {
        if (finished) return { done: true, value: undefined };
        const errored = (r as { errored?: unknown }).errored;
        if (errored) throw errored;
        const chunk = r.read() as Uint8Array | string | null;
        if (chunk !== null)
          return { done: false, value: typeof chunk === 'string' ? encoder.encode(chunk) : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength) };
        if (r.readableEnded === true) {
          finished = true;
          continue;
        }
        await new Promise<void>((resolve, reject) => {
          const done = (err?: unknown): void => {
            r.off('readable', onReadable);
            r.off('end', onEnd);
            r.off('error', onError);
            r.off('close', onEnd);
            if (err === undefined) resolve();
            else reject(err);
          };
          const onReadable = (): void => done();
          const onEnd = (): void => {
            finished = true;
            done();
          };
          const onError = (err: unknown): void => done(err);
          r.on('readable', onReadable);
          r.once('end', onEnd);
          r.once('close', onEnd);
          r.once('error', onError);
        });
      }
    },
    // Stopping early leaves the stream as it is: open, paused, its data still in it.
    async return(): Promise<IteratorResult<Uint8Array>> {
      finished = true;
      return { done: true, value: undefined };
    },
  };
}
