/**
 * What a file is, told by its first bytes: the compression formats Python's
 * libraries write, the containers numpy and PyTorch write, and text. Content
 * decides, never the file name.
 */

import { sniffCodec, type CodecName } from '../codecs/index.js';

export type { CodecName };

/** What the first bytes of a file say it is. */
export type Magic =
  | { readonly kind: 'compressed'; readonly codec: CodecName }
  | { readonly kind: 'zip' }
  | { readonly kind: 'npy' }
  | { readonly kind: 'torch-legacy' }
  | { readonly kind: 'joblib-zf' }
  | { readonly kind: 'pickle' }
  | { readonly kind: 'empty' };

/** `torch.save`'s legacy format starts with the pickle of this 80-bit magic number (LONG1 of 10 bytes). */
const TORCH_LEGACY_PREFIX = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

function startsWith(data: Uint8Array, prefix: readonly number[]): boolean {
  if (data.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix[i]) return false;
  return true;
}

/**
 * Recognises compressed data by its magic bytes (the codecs module's `sniffCodec`).
 * @returns the codec, or undefined when `data` does not start like any of them.
 * @throws never.
 */
export function sniffCompression(data: Uint8Array): CodecName | undefined {
  return sniffCodec(data);
}

/**
 * Tells what `data` is from its first bytes.
 * @throws never.
 */
export function sniff(data: Uint8Array): Magic {
  if (data.length === 0) return { kind: 'empty' };
  const codec = sniffCompression(data);
  if (codec !== undefined) return { kind: 'compressed', codec };
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04]) || startsWith(data, [0x50, 0x4b, 0x05, 0x06])) return { kind: 'zip' };
  if (startsWith(data, [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59])) return { kind: 'npy' };
  if (startsWith(data, TORCH_LEGACY_PREFIX)) return { kind: 'torch-legacy' };
  // joblib < 0.10 wrote zlib data after 'ZF' and a hexadecimal length.
  if (startsWith(data, [0x5a, 0x46, 0x30, 0x78])) return { kind: 'joblib-zf' };
  // Anything else may be a pickle (protocol 0 and 1 pickles have no header); the caller tries it.
  return { kind: 'pickle' };
}

/**
 * True when the first bytes read as text that no protocol-0 pickle could start
 * with: protocol 0 pickles are ASCII too, but they begin with an opcode letter
 * followed by its argument, so only text that fails as a pickle is called text
 * (the caller tries the pickle first and uses this for the message).
 * @throws never.
 */
export function looksLikeText(data: Uint8Array): boolean {
  const n = Math.min(data.length, 512);
  if (n === 0) return false;
  let printable = 0;
  for (let i = 0; i < n; i++) {
    const b = data[i]!;
    if (b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f) || b >= 0xc2) printable++;
    else return false;
  }
  return printable === n;
}
