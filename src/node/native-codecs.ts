/**
 * The runtime's own codecs where Node has them, used instead of picklejar's
 * pure-JS decoders: Node 22.15+ (and 23.8+) ship zstd in `node:zlib`, about
 * ten times faster than the JS decoder. Older Nodes (such as 20) have none,
 * and `NATIVE_DECODERS` is empty there: the core's decoders are used.
 */
import * as zlib from 'node:zlib';
import type { Decoders } from '../codecs/decompress.js';
import { checkDecompressed, DecompressionError, resolveDecompressLimits, type DecompressLimits } from '../codecs/limits.js';

/** The shape of `zlib.zstdDecompressSync` (absent before Node 22.15). */
export type ZstdDecompressSync = (data: Uint8Array, options?: { maxOutputLength?: number }) => Uint8Array;

const zstdSync = (zlib as unknown as { zstdDecompressSync?: ZstdDecompressSync }).zstdDecompressSync;

/**
 * A zstd decoder over Node's native one, bounded by the decompression limits: the output is capped
 * (`maxOutputLength`) at what the limits allow for this input before anything is allocated.
 * @param sync `zlib.zstdDecompressSync` (or a stand-in in tests).
 * @throws never; the decoder it returns throws DecompressionError for bad data or a limit hit.
 */
export function nativeZstd(sync: ZstdDecompressSync): (bytes: Uint8Array, limits?: DecompressLimits) => Uint8Array {
  return (bytes, limits) => {
    const l = resolveDecompressLimits(limits);
    // Past 1 MiB the ratio bounds the output too; one byte more than allowed tells a hit from an exact fit.
    const cap = Math.min(l.maxOutputBytes, Math.max(1 << 20, l.maxRatio * bytes.length));
    let out: Uint8Array;
    try {
      out = sync(bytes, { maxOutputLength: cap + 1 });
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code;
      if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) checkDecompressed(cap + 1, bytes.length, l, 'zstd');
      throw new DecompressionError(`zstd data is corrupt or truncated: ${err instanceof Error ? err.message : String(err)}`);
    }
    checkDecompressed(out.length, bytes.length, l, 'zstd');
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  };
}

/** The native decoders this Node has (zstd on Node 22.15+; none on Node 20). */
export const NATIVE_DECODERS: Decoders = zstdSync ? { zstd: nativeZstd(zstdSync) } : {};

/**
 * `options` with the native decoders added (the caller's own `decoders` win).
 * @throws never.
 */
export function withNativeDecoders<T extends { readonly decoders?: Decoders }>(options: T): T {
  if (Object.keys(NATIVE_DECODERS).length === 0) return options;
  return { ...options, decoders: { ...NATIVE_DECODERS, ...options.decoders } };
}
