/**
 * Pasted text to bytes: the page accepts a pickle pasted as base64 (standard
 * or URL-safe, with or without padding) or as hex (`80 04 95 …`, `\x80\x04`,
 * `0x80, 0x04`), since that is how pickles travel in logs, Redis dumps and chats.
 */
import { UnpicklingError } from '../../errors.js';

const HEX_NOISE = /\\x|0x|[\s,:]/gi;
const BASE64_ALPHABET = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * Decodes pasted text as hex when it reads as hex, else as base64.
 * @param text what was pasted.
 * @returns the bytes.
 * @throws UnpicklingError when the text is neither valid hex nor valid base64, naming the
 *   offset of the first character that is not.
 */
export function decodePastedText(text: string): Uint8Array {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new UnpicklingError('nothing was pasted');
  const hex = trimmed.replace(HEX_NOISE, '');
  // Hex when every character is a hex digit (after separators and \x / 0x
  // markers): base64 of a pickle practically always holds a letter beyond f.
  if (hex.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(hex)) return decodeHex(hex);
  if (!BASE64_ALPHABET.test(trimmed.replace(/\s+/g, ''))) {
    const bad = trimmed.search(/[^A-Za-z0-9+/_=\s-]/);
    throw new UnpicklingError(`not base64 or hex: unexpected ${JSON.stringify(trimmed[bad] ?? '=')} at offset ${Math.max(bad, 0)}`);
  }
  return decodeBase64(trimmed.replace(/\s+/g, ''));
}

function decodeHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const BASE64_VALUES: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < 64; i++) table[chars.charCodeAt(i)] = i;
  table['-'.charCodeAt(0)] = 62; // URL-safe alphabet
  table['_'.charCodeAt(0)] = 63;
  return table;
})();

function decodeBase64(text: string): Uint8Array {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  if (text.length - end > 2) throw new UnpicklingError(`not base64 or hex: too much padding at offset ${end}`);
  if (end % 4 === 1) throw new UnpicklingError(`not base64 or hex: ${end} base64 digits cannot encode whole bytes`);
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let bits = 0;
  let nbits = 0;
  let n = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? BASE64_VALUES[c]! : -1;
    if (v < 0) throw new UnpicklingError(`not base64 or hex: unexpected ${JSON.stringify(text[i])} at offset ${i}`);
    bits = (bits << 6) | v;
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out[n++] = (bits >> nbits) & 0xff;
    }
  }
  return out.subarray(0, n);
}
