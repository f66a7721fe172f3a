/**
 * Compression codecs, all browser-safe and synchronous (bytes in, bytes
 * out), each bounded by `DecompressLimits`:
 *
 * | codec | reads | writes |
 * |---|---|---|
 * | gzip, zlib | fflate + own framing checks | fflate |
 * | bz2 | own decoder | own encoder (real BWT) |
 * | xz, lzma (`.lzma`) | own LZMA/LZMA2 decoder | xz: stored (uncompressed LZMA2 chunks) |
 * | zstd | fzstd + own frame checks | stored (raw blocks) |
 * | lz4 (frame) | own decoder | – |
 *
 * xz and zstd are written *uncompressed inside a valid container* because no
 * browser-safe encoder for them exists; every reader accepts the files.
 */
import { bzip2 } from './bz2-encode.js';
import { gzip, zlib } from './deflate.js';
import type { CodecName } from './sniff.js';
import { xzStored } from './xz-encode.js';
import { zstdStored } from './zstd-encode.js';
import { PickleError } from '../errors.js';

export { sniffCodec, codecFromExtension, type CodecName } from './sniff.js';
export { DecompressionError, DEFAULT_DECOMPRESS_LIMITS, type DecompressLimits, type ResolvedDecompressLimits } from './limits.js';
export { decompress, type DecompressOptions, type Decoders } from './decompress.js';
export { decompressStream, type DecompressStreamOptions } from './stream.js';

/** The codecs `compress` writes. */
export type WritableCodecName = Exclude<CodecName, 'lz4' | 'lzma'>;

/** Options of `compress`. */
export interface CompressOptions {
  /**
   * Compression level: gzip 0–9 (default 9, as Python's `gzip.compress`),
   * zlib 0–9 (default 6), bz2 1–9 (default 9). Ignored for xz and zstd,
   * which are written stored.
   */
  readonly level?: number;
}

/**
 * Compresses `bytes`: gzip (the header Python's `gzip.compress(data,
 * mtime=0)` writes), zlib, bz2, or xz/zstd stored in a valid container.
 * @throws PickleError for an unknown codec or a level out of range.
 */
export function compress(bytes: Uint8Array, codec: WritableCodecName, options: CompressOptions = {}): Uint8Array {
  const level = options.level;
  const checkLevel = (lo: number, hi: number): void => {
    if (level !== undefined && !(Number.isInteger(level) && level >= lo && level <= hi))
      throw new PickleError(`${codec} compression level must be ${lo}-${hi}, not ${level}`);
  };
  switch (codec) {
    case 'gzip':
      checkLevel(0, 9);
      return gzip(bytes, level ?? 9);
    case 'zlib':
      checkLevel(0, 9);
      return zlib(bytes, level ?? 6);
    case 'bz2':
      checkLevel(1, 9);
      return bzip2(bytes, level ?? 9);
    case 'xz':
      return xzStored(bytes);
    case 'zstd':
      return zstdStored(bytes);
    default:
      throw new PickleError(`picklejar cannot write ${JSON.stringify(codec)}`);
  }
}
