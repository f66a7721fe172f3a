/**
 * The one place the container layer decompresses whole buffers. gzip and zlib
 * come from src/codecs/deflate.ts; the other codecs (bz2, xz, lzma, zstd, lz4)
 * belong to src/codecs/ and are wired here once that module provides them.
 */
import { gunzip, unzlib } from '../codecs/deflate.js';
import { DecompressionError, type DecompressLimits } from '../codecs/limits.js';
import type { CodecName } from './magic.js';

/** Codecs this build can decompress in every runtime. */
export const READABLE_CODECS: ReadonlySet<CodecName> = new Set<CodecName>(['gzip', 'zlib']);

/**
 * Decompresses a whole buffer, bounded by `limits`.
 * @throws DecompressionError (a PickleError) when the data is corrupt, truncated, over a limit,
 *   or in a format this build cannot decompress.
 */
export function decompressBuffer(data: Uint8Array, codec: CodecName, limits?: DecompressLimits): Uint8Array {
  switch (codec) {
    case 'gzip':
      return gunzip(data, limits);
    case 'zlib':
      return unzlib(data, limits);
    default:
      throw new DecompressionError(`this is ${article(codec)} ${codec} file, and this build of picklejar cannot decompress ${codec}; decompress it first`);
  }
}

function article(codec: string): string {
  return /^[aeiou]/.test(codec) ? 'an' : 'a';
}
