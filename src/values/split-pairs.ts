/**
 * A Python str may hold a surrogate pair as two code points ('\ud83d\ude00',
 * from `surrogatepass` decoding), which CPython writes as two 3-byte UTF-8
 * sequences (or two `\u` escapes at protocol 0); the astral char U+1F600 is
 * one 4-byte sequence. JS strings cannot tell the two apart, so a lossless
 * load boxes a str written the first way (separate-strs.ts) with a
 * `FreshString` flagged `splitPairs`, and `dumps` writes it the same way.
 * Only a str whose every pair was written split is kept so; one mixing both
 * forms dumps its pairs as astral chars.
 */

/** True when `data[start..end)`, a str's UTF-8 payload, holds a high surrogate's 3 bytes right before a low one's. */
export function hasSplitPair(data: Uint8Array, start: number, end: number): boolean {
  // A plain loop over the payload: indexOf would search on to the end of the input.
  for (let i = start; i + 5 < end; i++) {
    if (data[i] === 0xed && (data[i + 1]! & 0xf0) === 0xa0 && data[i + 3] === 0xed && (data[i + 4]! & 0xf0) === 0xb0) return true;
  }
  return false;
}

/** True when a protocol 0 `UNICODE` line `data[start..end)` holds `\udXXX\udXXX` (high, then low surrogate). */
export function hasSplitPairEscape(data: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i + 11 < end + 1; i++) {
    if (
      data[i] === 0x5c &&
      data[i + 1] === 0x75 &&
      (data[i + 2] === 0x64 || data[i + 2] === 0x44) &&
      isHexIn(data[i + 3]!, 0x38, 0x62) &&
      data[i + 6] === 0x5c &&
      data[i + 7] === 0x75 &&
      (data[i + 8] === 0x64 || data[i + 8] === 0x44) &&
      isHexIn(data[i + 9]!, 0x63, 0x66)
    )
      return true;
  }
  return false;
}

/** True when the hex digit byte `b` (either case) lies between the lowercase digits `lo` and `hi`. */
function isHexIn(b: number, lo: number, hi: number): boolean {
  const c = b >= 0x41 && b <= 0x46 ? b + 0x20 : b;
  return c >= lo && c <= hi;
}

const HEX = '0123456789abcdef';

/**
 * The opcode and payload CPython writes for a str whose surrogate pairs are
 * two code points each: `UNICODE` with `\u` escapes at protocol 0, else
 * `SHORT_BINUNICODE`/`BINUNICODE` with each surrogate as 3 UTF-8 bytes.
 * @param s the str (its pairs are written split).
 * @param protocol the protocol written.
 * @returns the bytes (no memo opcode).
 * @throws RangeError beyond 4 GiB (never for a str a load produced at protocol < 4).
 */
export function splitPairsStr(s: string, protocol: number): Uint8Array {
  const bytes: number[] = [];
  if (protocol === 0) {
    bytes.push(0x56); // UNICODE
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 256 || c === 0x5c || c === 0 || c === 0x0a || c === 0x0d || c === 0x1a) {
        bytes.push(0x5c, 0x75);
        for (let shift = 12; shift >= 0; shift -= 4) bytes.push(HEX.charCodeAt((c >> shift) & 0xf));
      } else bytes.push(c);
    }
    bytes.push(0x0a);
    return Uint8Array.from(bytes);
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  const n = bytes.length;
  if (n > 0xffffffff) throw new RangeError('str too long');
  const head = protocol >= 4 && n < 256 ? [0x8c, n] : [0x58, n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
  return Uint8Array.from([...head, ...bytes]);
}
