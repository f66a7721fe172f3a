/**
 * Recognising a codec by its first bytes, strictly enough that no pickle is
 * taken for compressed data: a pickle starts with PROTO (0x80) or an ASCII
 * opcode, and every magic below is checked in full (zlib: 0x78 and the
 * header check; `.lzma`: properties, dictionary size, size field and the
 * range coder's leading zero).
 */
import { looksLikeLzmaAlone } from './lzma-alone.js';

/** A compression format picklejar reads (zip is a container, handled elsewhere). */
export type CodecName = 'gzip' | 'zlib' | 'bz2' | 'xz' | 'lzma' | 'zstd' | 'lz4';

function u32le(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

function startsWith(b: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (b.length < at + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (b[at + i] !== magic[i]) return false;
  return true;
}

/**
 * The codec `bytes` are compressed with, judged by magic bytes only, or
 * undefined for anything else (a pickle, a zip, text).
 * @throws never.
 */
export function sniffCodec(bytes: Uint8Array): CodecName | undefined {
  if (bytes.length < 2) return undefined;
  if (startsWith(bytes, [0x1f, 0x8b, 0x08])) return 'gzip';
  if (startsWith(bytes, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'xz';
  if (startsWith(bytes, [0x28, 0xb5, 0x2f, 0xfd])) return 'zstd';
  if (startsWith(bytes, [0x04, 0x22, 0x4d, 0x18])) return 'lz4';
  if (startsWith(bytes, [0x42, 0x5a, 0x68]) && bytes.length >= 10 && bytes[3]! >= 0x31 && bytes[3]! <= 0x39) {
    // The first block's magic (pi) or the end-of-stream magic (sqrt(pi)) for an empty stream.
    if (startsWith(bytes, [0x31, 0x41, 0x59, 0x26, 0x53, 0x59], 4) || startsWith(bytes, [0x17, 0x72, 0x45, 0x38, 0x50, 0x90], 4)) return 'bz2';
  }
  // Skippable frames (zstd and lz4 share them): look at the frame after.
  let at = 0;
  for (let hops = 0; hops < 16 && bytes.length >= at + 8 && (u32le(bytes, at) & 0xfffffff0) >>> 0 === 0x184d2a50; hops++) {
    at += 8 + u32le(bytes, at + 4);
    if (startsWith(bytes, [0x28, 0xb5, 0x2f, 0xfd], at)) return 'zstd';
    if (startsWith(bytes, [0x04, 0x22, 0x4d, 0x18], at)) return 'lz4';
  }
  if (bytes[0] === 0x78 && ((0x78 << 8) | bytes[1]!) % 31 === 0 && !(bytes[1]! & 0x20)) return 'zlib';
  if (looksLikeLzmaAlone(bytes)) return 'lzma';
  return undefined;
}

/**
 * The codec a file name's extension names: `.gz`, `.bz2`, `.xz`, `.lzma`,
 * `.zst`/`.zstd`, `.z`/`.zlib` (joblib's zlib), `.lz4`; case-insensitive.
 * @throws never.
 */
export function codecFromExtension(path: string): CodecName | undefined {
  const m = /\.([a-z0-9]+)$/i.exec(path);
  switch (m?.[1]?.toLowerCase()) {
    case 'gz':
    case 'gzip':
      return 'gzip';
    case 'bz2':
      return 'bz2';
    case 'xz':
      return 'xz';
    case 'lzma':
      return 'lzma';
    case 'zst':
    case 'zstd':
      return 'zstd';
    case 'z':
    case 'zlib':
      return 'zlib';
    case 'lz4':
      return 'lz4';
    default:
      return undefined;
  }
}
