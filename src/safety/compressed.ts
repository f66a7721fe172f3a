/**
 * Whole-file compression the loaders see through: joblib's `compress=` files
 * (zlib, gzip, bz2, xz, lzma, lz4), `pandas.read_pickle(compression='infer')`,
 * `torch.load` of a gzip stream a user opened. The scanner decompresses
 * within its byte budget and scans what comes out.
 */
import { bunzip2 } from '../codecs/bz2-decode.js';
import { gunzip, inflateRaw, unzlib } from '../codecs/deflate.js';
import { PickleError } from '../errors.js';
import { looksLikeLzmaAlone, unlzmaAlone } from '../codecs/lzma-alone.js';
import { isXzStart, unxz } from '../codecs/xz-decode.js';
import { unlz4 } from '../codecs/lz4-decode.js';
import { unzstd } from '../codecs/zstd-decode.js';

/** A compression the scanner recognises by its magic bytes. */
export type Codec = 'zlib' | 'gzip' | 'bz2' | 'xz' | 'lzma' | 'lz4' | 'zstd';

/**
 * The compression `data` starts with, or undefined.
 * @throws never.
 */
export function sniffCodec(data: Uint8Array): Codec | undefined {
  if (data.length < 4) return undefined;
  const [a, b, c, d] = [data[0]!, data[1]!, data[2]!, data[3]!];
  if (a === 0x1f && b === 0x8b) return 'gzip';
  // zlib: CM 8 and a header checksum; 0x78 is also the pickle opcode... none: 'x' is not an opcode.
  if ((a & 0x0f) === 8 && a >> 4 <= 7 && ((a << 8) | b) % 31 === 0) return 'zlib';
  if (a === 0x42 && b === 0x5a && c === 0x68) return 'bz2';
  if (isXzStart(data)) return 'xz';
  if (a === 0x04 && b === 0x22 && c === 0x4d && d === 0x18) return 'lz4';
  if (a === 0x28 && b === 0xb5 && c === 0x2f && d === 0xfd) return 'zstd';
  if (looksLikeLzmaAlone(data)) return 'lzma';
  return undefined;
}

/**
 * Decompresses `data`, producing at most `maxBytes`.
 * @returns the bytes, or why they are not available (unsupported codec, corrupt data, over budget).
 * @throws never.
 */
export function decompress(codec: Codec | 'deflate', data: Uint8Array, maxBytes: number): Uint8Array | string {
  // The ratio limit is the scanner's byte budget's business, not the codec's.
  const limits = { maxOutputBytes: Math.max(0, Math.min(maxBytes, 2 ** 31)), maxRatio: Number.MAX_SAFE_INTEGER };
  try {
    switch (codec) {
      case 'deflate':
        return inflateRaw(data, limits);
      case 'zlib':
        return unzlib(data, limits);
      case 'gzip':
        return gunzip(data, limits);
      case 'bz2':
        return bunzip2(data, limits);
      case 'xz':
        return unxz(data, limits);
      case 'lzma':
        return unlzmaAlone(data, limits);
      case 'lz4':
        return unlz4(data, limits);
      case 'zstd':
        return unzstd(data, limits);
      default:
        return `${codec} compression is not supported by the scanner`;
    }
  } catch (e) {
    if (e instanceof PickleError) return `${codec}: ${e.message}`;
    throw e;
  }
}
