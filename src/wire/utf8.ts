/**
 * UTF-8 as pickle uses it: CPython encodes and decodes `str` with the
 * `surrogatepass` error handler, so lone surrogates (U+D800–U+DFFF) travel as
 * three-byte sequences. `TextDecoder`/`TextEncoder` would replace them with
 * U+FFFD, so they serve only as fast paths for well-formed text.
 */

const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** Longest run decoded by the plain ASCII loop before handing over to `TextDecoder`. */
const SHORT_STRING = 32;

/** Why UTF-8 input was rejected; the caller adds the position. */
export class Utf8Error extends Error {}

/**
 * Decodes `bytes[start, end)` as UTF-8 with lone surrogates allowed.
 * @throws Utf8Error on malformed UTF-8 (bad lead or continuation byte, overlong form, truncation, > U+10FFFF).
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length <= SHORT_STRING) {
    let out = '';
    let i = start;
    for (; i < end; i++) {
      const b = bytes[i]!;
      if (b >= 0x80) break;
      out += String.fromCharCode(b);
    }
    if (i === end) return out;
  }
  try {
    return fatalDecoder.decode(bytes.subarray(start, end));
  } catch {
    return decodeUtf8Slow(bytes, start, end);
  }
}

function decodeUtf8Slow(bytes: Uint8Array, start: number, end: number): string {
  const units: number[] = [];
  let out = '';
  let i = start;
  while (i < end) {
    const b0 = bytes[i]!;
    let cp: number;
    if (b0 < 0x80) {
      cp = b0;
      i += 1;
    } else if (b0 >= 0xc2 && b0 <= 0xdf) {
      cp = ((b0 & 0x1f) << 6) | continuation(bytes, i + 1, end);
      i += 2;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      const b1 = continuation(bytes, i + 1, end);
      const b2 = continuation(bytes, i + 2, end);
      cp = ((b0 & 0x0f) << 12) | (b1 << 6) | b2;
      if (cp < 0x800) throw new Utf8Error(`invalid continuation byte at +${i + 1 - start}`);
      i += 3;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      const b1 = continuation(bytes, i + 1, end);
      const b2 = continuation(bytes, i + 2, end);
      const b3 = continuation(bytes, i + 3, end);
      cp = ((b0 & 0x07) << 18) | (b1 << 12) | (b2 << 6) | b3;
      if (cp < 0x10000 || cp > 0x10ffff) throw new Utf8Error(`invalid continuation byte at +${i + 1 - start}`);
      i += 4;
    } else {
      throw new Utf8Error(`invalid start byte 0x${b0.toString(16).padStart(2, '0')} at +${i - start}`);
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else {
      units.push(cp);
    }
    if (units.length >= 4096) {
      out += String.fromCharCode(...units);
      units.length = 0;
    }
  }
  return out + String.fromCharCode(...units);
}

function continuation(bytes: Uint8Array, i: number, end: number): number {
  if (i >= end) throw new Utf8Error('unexpected end of data');
  const b = bytes[i]!;
  if ((b & 0xc0) !== 0x80) throw new Utf8Error(`invalid continuation byte 0x${b.toString(16).padStart(2, '0')}`);
  return b & 0x3f;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
type WellFormedCheck = (s: string) => boolean;
/** `String.prototype.isWellFormed` where the engine has it (Node 20+, current browsers), a regex otherwise. */
const isWellFormed: WellFormedCheck =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (s) => (s as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (s) => !LONE_SURROGATE.test(s);

/** Bytes needed to encode `s` as UTF-8 with surrogatepass: at most `3 * s.length`. */
export function maxUtf8Length(s: string): number {
  return s.length * 3;
}

/**
 * Encodes `s` as UTF-8 (lone surrogates as three-byte sequences) into `out` at `pos`.
 * `out` must have room for `maxUtf8Length(s)` bytes from `pos`.
 * @returns the position after the last byte written.
 */
export function encodeUtf8Into(s: string, out: Uint8Array, pos: number): number {
  const n = s.length;
  if (n > 64 && isWellFormed(s)) {
    return pos + encoder.encodeInto(s, out.subarray(pos)).written;
  }
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[pos++] = c;
    } else if (c < 0x800) {
      out[pos++] = 0xc0 | (c >> 6);
      out[pos++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          out[pos++] = 0xf0 | (c >> 18);
          out[pos++] = 0x80 | ((c >> 12) & 0x3f);
          out[pos++] = 0x80 | ((c >> 6) & 0x3f);
          out[pos++] = 0x80 | (c & 0x3f);
          continue;
        }
      }
      out[pos++] = 0xe0 | (c >> 12);
      out[pos++] = 0x80 | ((c >> 6) & 0x3f);
      out[pos++] = 0x80 | (c & 0x3f);
    }
  }
  return pos;
}

/** Encodes `s` as UTF-8 with surrogatepass into a new array. */
export function encodeUtf8(s: string): Uint8Array {
  const buf = new Uint8Array(maxUtf8Length(s));
  const end = encodeUtf8Into(s, buf, 0);
  return buf.subarray(0, end);
}
