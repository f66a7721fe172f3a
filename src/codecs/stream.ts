/**
 * `decompressStream`: a web-streams front end to the codecs. The platform's
 * `DecompressionStream` is deliberately not used: its handling of gzip files
 * of several members and of truncated trailers differs between platforms.
 * The input is gathered and decoded by the same synchronous decoders as
 * `decompress` (same checks, same limits), and the output is handed on in
 * 64 KiB chunks.
 */
import { decompress } from './decompress.js';
import { DecompressionError, type DecompressLimits } from './limits.js';
import type { CodecName } from './sniff.js';

/** Options of `decompressStream`. */
export interface DecompressStreamOptions {
  readonly codec?: CodecName;
  readonly limits?: DecompressLimits;
  /** The most compressed bytes gathered (default 1 GiB). */
  readonly maxInputBytes?: number;
}

const OUT_CHUNK = 1 << 16;

/**
 * Decompresses a stream of compressed bytes into a stream of bytes.
 * @throws DecompressionError (through the returned stream) as `decompress`.
 */
export function decompressStream(readable: ReadableStream<Uint8Array>, options: DecompressStreamOptions = {}): ReadableStream<Uint8Array> {
  const maxInput = options.maxInputBytes ?? 1 << 30;
  let output: Uint8Array | undefined;
  let at = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!output) {
        const parts: Uint8Array[] = [];
        let total = 0;
        const reader = readable.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          total += value.length;
          if (total > maxInput) {
            await reader.cancel();
            throw new DecompressionError(`compressed input exceeds maxInputBytes (${maxInput} bytes)`);
          }
          parts.push(value);
        }
        const input = new Uint8Array(total);
        let p = 0;
        for (const part of parts) {
          input.set(part, p);
          p += part.length;
        }
        output = decompress(input, { codec: options.codec, limits: options.limits });
      }
      if (at >= output.length) {
        controller.close();
        return;
      }
      const end = Math.min(at + OUT_CHUNK, output.length);
      controller.enqueue(output.slice(at, end));
      at = end;
    },
  });
}
