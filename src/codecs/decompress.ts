/** The one decompression entry point: by the codec given, or by magic bytes. */
import { bunzip2 } from './bz2-decode.js';
import { gunzip, unzlib } from './deflate.js';
import { DecompressionError, type DecompressLimits } from './limits.js';
import { unlz4 } from './lz4-decode.js';
import { unlzmaAlone } from './lzma-alone.js';
import { sniffCodec, type CodecName } from './sniff.js';
import { unxz } from './xz-decode.js';
import { unzstd } from './zstd-decode.js';

/** Options of `decompress`. */
export interface DecompressOptions {
  /** The codec; sniffed from the magic bytes when omitted. */
  readonly codec?: CodecName;
  /** Output bounds against compression bombs. */
  readonly limits?: DecompressLimits;
  /** Decoders to use instead of picklejar's own, by codec (see `Decoders`). */
  readonly decoders?: Decoders;
}

/**
 * Whole-buffer decoders that replace picklejar's own for some codecs: `picklejar/node` passes
 * Node's native zstd where the runtime has it. Each must honour the limits (and raise
 * `DecompressionError` naming the limit it hits) and raise `DecompressionError` for bad data.
 */
export type Decoders = Readonly<Partial<Record<CodecName, (bytes: Uint8Array, limits?: DecompressLimits) => Uint8Array>>>;

const DECODERS: Record<CodecName, (b: Uint8Array, l?: DecompressLimits) => Uint8Array> = {
  gzip: gunzip,
  zlib: unzlib,
  bz2: bunzip2,
  xz: unxz,
  lzma: unlzmaAlone,
  zstd: unzstd,
  lz4: unlz4,
};

/**
 * Decompresses `bytes` with the given codec, or the one its magic bytes name.
 * @throws DecompressionError when no codec matches, or the data is corrupt,
 * truncated or over a limit (the message names the limit).
 */
export function decompress(bytes: Uint8Array, options: DecompressOptions = {}): Uint8Array {
  const codec = options.codec ?? sniffCodec(bytes);
  if (codec === undefined) throw new DecompressionError('the data is not in a compression format picklejar reads (gzip, zlib, bz2, xz, lzma, zstd, lz4)');
  const decode = options.decoders?.[codec] ?? DECODERS[codec];
  if (!decode) throw new DecompressionError(`unknown codec ${JSON.stringify(codec)}`);
  return decode(bytes, options.limits);
}
