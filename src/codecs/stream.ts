/**
 * `decompressStream`: a web-streams front end to the codecs. The platform's
 * `DecompressionStream` is deliberately not used: its handling of gzip files
 * of several members and of truncated trailers differs between platforms.
 * zstd and bz2 are decoded as they arrive (zstd-stream.ts, bz2-decode.ts); every other codec's input
 * is gathered and decoded by the same synchronous decoders as `decompress`
 * (same checks, same limits), and the output is handed on in 64 KiB chunks.
 */
import { decompress } from './decompress.js';
import { DecompressionError, type DecompressLimits } from './limits.js';
import { sniffCodec, type CodecName } from './sniff.js';
import { ZstdStreamDecoder } from './zstd-stream.js';
import { Bz2StreamDecoder } from './bz2-decode.js';
import type { ByteStream, ByteStreamReader } from '../wire/web-streams.js';

/** Options of `decompressStream`. */
export interface DecompressStreamOptions {
  readonly codec?: CodecName;
  readonly limits?: DecompressLimits;
  /** The most compressed bytes gathered for codecs decoded whole (default 1 GiB); zstd is not gathered. */
  readonly maxInputBytes?: number;
}

const OUT_CHUNK = 1 << 16;
/** Enough bytes to sniff every codec's magic. */
const SNIFF_BYTES = 16;

/**
 * Decompresses a stream of compressed bytes into a stream of bytes.
 * @throws DecompressionError (through the returned stream) as `decompress`.
 */
export function decompressStream(readable: ByteStream, options: DecompressStreamOptions = {}): ByteStream {
  const maxInput = options.maxInputBytes ?? 1 << 30;
  let reader: ByteStreamReader | undefined;
  let head: Uint8Array[] | undefined; // chunks read to sniff the codec, not yet decoded
  let zstd: { push(chunk: Uint8Array): void; finish(): void } | undefined; // zstd or bz2, decoded as it arrives
  let zstdOut: Uint8Array[] = [];
  let output: Uint8Array | undefined;
  let at = 0;
  // The platform's ReadableStream satisfies ByteStream; the cast keeps DOM types out of the signature.
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      reader ??= readable.getReader();
      if (head === undefined) {
        // Read just enough to tell the codec, then choose: zstd as it arrives, the rest whole.
        head = [];
        let seen = 0;
        while (seen < SNIFF_BYTES) {
          const { done, value } = await reader.read();
          if (done) break;
          head.push(value);
          seen += value.length;
        }
        const first = join(head, seen);
        const codec = options.codec ?? sniffCodec(first);
        if (codec === 'zstd' || codec === 'bz2') {
          const onData = (chunk: Uint8Array): void => {
            zstdOut.push(chunk);
          };
          zstd = codec === 'zstd' ? new ZstdStreamDecoder(options.limits, onData) : new Bz2StreamDecoder(options.limits, onData);
          if (first.length > 0) zstd.push(first);
          head = [];
        } else {
          head = first.length > 0 ? [first] : [];
        }
      }
      if (zstd !== undefined) {
        while (zstdOut.length === 0) {
          const { done, value } = await reader.read();
          if (done) {
            zstd.finish();
            for (const chunk of zstdOut) controller.enqueue(chunk);
            zstdOut = [];
            controller.close();
            return;
          }
          zstd.push(value);
        }
        const ready = zstdOut;
        zstdOut = [];
        for (const chunk of ready) controller.enqueue(chunk);
        return;
      }
      if (!output) {
        const parts = head;
        let total = parts.reduce((n, p) => n + p.length, 0);
        for (;;) {
          if (total > maxInput) {
            await reader.cancel();
            throw new DecompressionError(`compressed input exceeds maxInputBytes (${maxInput} bytes)`);
          }
          const { done, value } = await reader.read();
          if (done) break;
          total += value.length;
          parts.push(value);
        }
        if (total > maxInput) throw new DecompressionError(`compressed input exceeds maxInputBytes (${maxInput} bytes)`);
        output = decompress(join(parts, total), { codec: options.codec, limits: options.limits });
      }
      if (at >= output.length) {
        controller.close();
        return;
      }
      const end = Math.min(at + OUT_CHUNK, output.length);
      controller.enqueue(output.slice(at, end));
      at = end;
    },
    async cancel(reason) {
      await reader?.cancel(reason);
    },
  }) as unknown as ByteStream;
}

function join(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let p = 0;
  for (const part of parts) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}
