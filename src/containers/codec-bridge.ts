/**
 * The one place the container layer decompresses whole buffers: through the
 * codecs module (gzip, zlib, bz2, xz, lzma, zstd, lz4), bounded by its limits.
 */
import { decompress, type Decoders, type DecompressLimits } from '../codecs/index.js';
import type { CodecName } from './magic.js';

/** Codecs this build can decompress in every runtime. */
export const READABLE_CODECS: ReadonlySet<CodecName> = new Set<CodecName>(['gzip', 'zlib', 'bz2', 'xz', 'lzma', 'zstd', 'lz4']);

/**
 * Decompresses a whole buffer, bounded by `limits`.
 * @throws DecompressionError (a PickleError) when the data is corrupt, truncated or over a limit.
 */
export function decompressBuffer(data: Uint8Array, codec: CodecName, limits?: DecompressLimits, decoders?: Decoders): Uint8Array {
  return decompress(data, { codec, limits, ...(decoders ? { decoders } : {}) });
}
