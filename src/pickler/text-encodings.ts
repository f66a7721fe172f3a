/**
 * The two text forms the pickler writes besides UTF-8: protocol 0's
 * `UNICODE` argument and the Latin-1 text of `bytes` below protocol 3.
 */

const HEX = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** Bytes `writeRawUnicodeEscape` may need for `s`: at most 10 per UTF-16 unit. */
export function maxRawUnicodeEscapeLength(s: string): number {
  return s.length * 10;
}

/**
 * Writes `s` as CPython's pickler does for `UNICODE` (protocol 0): raw-unicode-escape
 * (`\uXXXX` from U+0100, `\UXXXXXXXX` above the BMP, Latin-1 characters as one byte)
 * plus `\u` escapes for `\\`, NUL, `\n`, `\r` and `\x1a`. Lone surrogates are
 * escaped like any BMP character; a surrogate pair is one astral character.
 * `out` must have room for `maxRawUnicodeEscapeLength(s)` bytes from `pos`.
 * @returns the position after the last byte written.
 */
export function writeRawUnicodeEscape(s: string, out: Uint8Array, pos: number): number {
  const n = s.length;
  let p = pos;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0x10000) {
      out[p++] = 0x5c;
      out[p++] = 0x55; // U
      for (let shift = 28; shift >= 0; shift -= 4) out[p++] = HEX[(c >>> shift) & 0xf]!;
    } else if (c >= 256 || c === 0x5c || c === 0 || c === 0x0a || c === 0x0d || c === 0x1a) {
      out[p++] = 0x5c;
      out[p++] = 0x75; // u
      for (let shift = 12; shift >= 0; shift -= 4) out[p++] = HEX[(c >>> shift) & 0xf]!;
    } else out[p++] = c;
  }
  return p;
}

/** `bytes.decode('latin-1')`: one character per byte. */
export function latin1Text(data: Uint8Array): string {
  let s = '';
  for (let i = 0; i < data.length; i += 8192) {
    s += String.fromCharCode.apply(null, Array.from(data.subarray(i, i + 8192)));
  }
  return s;
}
