/**
 * UTF-8 as pickle uses it: CPython encodes and decodes `str` with the
 * `surrogatepass` error handler, so lone surrogates (U+D800–U+DFFF) travel as
 * three-byte sequences. `TextDecoder`/`TextEncoder` would replace them with
 * U+FFFD, so they serve only as fast paths for well-formed text.
 */

const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/**
 * Longest ASCII text decoded with `String.fromCharCode` before handing over to
 * `TextDecoder`, whose per-call cost dominates for the short strings (dict
 * keys, attribute names, small values) that most pickles are made of.
 */
const SHORT_STRING = 32;

/** Why UTF-8 input was rejected; the caller adds the position. */
export class Utf8Error extends Error {}

/**
 * `d[p, p+n)` as a string of the same code units (ASCII, or Latin-1). Up to
 * 32 bytes, one `String.fromCharCode` call with the bytes as direct
 * arguments allocates only the flat result: `+=` per byte allocates one
 * string per character, and joining chunks makes a cons string (from 13
 * characters) that is flattened again when hashed as a Map key.
 */
export function bytesAsCodeUnits(d: Uint8Array, p: number, n: number): string {
  const f = String.fromCharCode;
  // One line per argument count (the formatter would give each argument its own line).
  // prettier-ignore
  switch (n) {
    case 0: return '';
    case 1: return f(d[p]!);
    case 2: return f(d[p]!, d[p + 1]!);
    case 3: return f(d[p]!, d[p + 1]!, d[p + 2]!);
    case 4: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!);
    case 5: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!);
    case 6: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!);
    case 7: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!);
    case 8: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!);
    case 9: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!);
    case 10: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!);
    case 11: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!);
    case 12: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!, d[p + 11]!);
    case 13: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!, d[p + 11]!, d[p + 12]!);
    case 14: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!, d[p + 11]!, d[p + 12]!, d[p + 13]!);
    case 15: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!, d[p + 11]!, d[p + 12]!, d[p + 13]!, d[p + 14]!);
    case 16: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!, d[p + 11]!, d[p + 12]!, d[p + 13]!, d[p + 14]!, d[p + 15]!);
    case 17: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!, d[p + 11]!, d[p + 12]!, d[p + 13]!, d[p + 14]!, d[p + 15]!, d[p + 16]!);
    case 18: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!, d[p + 11]!, d[p + 12]!, d[p + 13]!, d[p + 14]!, d[p + 15]!, d[p + 16]!, d[p + 17]!);
    case 19: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!, d[p + 11]!, d[p + 12]!, d[p + 13]!, d[p + 14]!, d[p + 15]!, d[p + 16]!, d[p + 17]!, d[p + 18]!);
    case 20: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!, d[p + 11]!, d[p + 12]!, d[p + 13]!, d[p + 14]!, d[p + 15]!, d[p + 16]!, d[p + 17]!, d[p + 18]!, d[p + 19]!);
    case 21: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!, d[p + 11]!, d[p + 12]!, d[p + 13]!, d[p + 14]!, d[p + 15]!, d[p + 16]!, d[p + 17]!, d[p + 18]!, d[p + 19]!, d[p + 20]!);
    case 22: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!, d[p + 11]!, d[p + 12]!, d[p + 13]!, d[p + 14]!, d[p + 15]!, d[p + 16]!, d[p + 17]!, d[p + 18]!, d[p + 19]!, d[p + 20]!, d[p + 21]!);
    case 23: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!, d[p + 11]!, d[p + 12]!, d[p + 13]!, d[p + 14]!, d[p + 15]!, d[p + 16]!, d[p + 17]!, d[p + 18]!, d[p + 19]!, d[p + 20]!, d[p + 21]!, d[p + 22]!);
    case 24: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!, d[p + 11]!, d[p + 12]!, d[p + 13]!, d[p + 14]!, d[p + 15]!, d[p + 16]!, d[p + 17]!, d[p + 18]!, d[p + 19]!, d[p + 20]!, d[p + 21]!, d[p + 22]!, d[p + 23]!);
    case 25: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!, d[p + 11]!, d[p + 12]!, d[p + 13]!, d[p + 14]!, d[p + 15]!, d[p + 16]!, d[p + 17]!, d[p + 18]!, d[p + 19]!, d[p + 20]!, d[p + 21]!, d[p + 22]!, d[p + 23]!, d[p + 24]!);
    case 26: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!, d[p + 11]!, d[p + 12]!, d[p + 13]!, d[p + 14]!, d[p + 15]!, d[p + 16]!, d[p + 17]!, d[p + 18]!, d[p + 19]!, d[p + 20]!, d[p + 21]!, d[p + 22]!, d[p + 23]!, d[p + 24]!, d[p + 25]!);
    case 27: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!, d[p + 11]!, d[p + 12]!, d[p + 13]!, d[p + 14]!, d[p + 15]!, d[p + 16]!, d[p + 17]!, d[p + 18]!, d[p + 19]!, d[p + 20]!, d[p + 21]!, d[p + 22]!, d[p + 23]!, d[p + 24]!, d[p + 25]!, d[p + 26]!);
    case 28: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!, d[p + 11]!, d[p + 12]!, d[p + 13]!, d[p + 14]!, d[p + 15]!, d[p + 16]!, d[p + 17]!, d[p + 18]!, d[p + 19]!, d[p + 20]!, d[p + 21]!, d[p + 22]!, d[p + 23]!, d[p + 24]!, d[p + 25]!, d[p + 26]!, d[p + 27]!);
    case 29: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!, d[p + 11]!, d[p + 12]!, d[p + 13]!, d[p + 14]!, d[p + 15]!, d[p + 16]!, d[p + 17]!, d[p + 18]!, d[p + 19]!, d[p + 20]!, d[p + 21]!, d[p + 22]!, d[p + 23]!, d[p + 24]!, d[p + 25]!, d[p + 26]!, d[p + 27]!, d[p + 28]!);
    case 30: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!, d[p + 11]!, d[p + 12]!, d[p + 13]!, d[p + 14]!, d[p + 15]!, d[p + 16]!, d[p + 17]!, d[p + 18]!, d[p + 19]!, d[p + 20]!, d[p + 21]!, d[p + 22]!, d[p + 23]!, d[p + 24]!, d[p + 25]!, d[p + 26]!, d[p + 27]!, d[p + 28]!, d[p + 29]!);
    case 31: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!, d[p + 11]!, d[p + 12]!, d[p + 13]!, d[p + 14]!, d[p + 15]!, d[p + 16]!, d[p + 17]!, d[p + 18]!, d[p + 19]!, d[p + 20]!, d[p + 21]!, d[p + 22]!, d[p + 23]!, d[p + 24]!, d[p + 25]!, d[p + 26]!, d[p + 27]!, d[p + 28]!, d[p + 29]!, d[p + 30]!);
    case 32: return f(d[p]!, d[p + 1]!, d[p + 2]!, d[p + 3]!, d[p + 4]!, d[p + 5]!, d[p + 6]!, d[p + 7]!, d[p + 8]!, d[p + 9]!, d[p + 10]!, d[p + 11]!, d[p + 12]!, d[p + 13]!, d[p + 14]!, d[p + 15]!, d[p + 16]!, d[p + 17]!, d[p + 18]!, d[p + 19]!, d[p + 20]!, d[p + 21]!, d[p + 22]!, d[p + 23]!, d[p + 24]!, d[p + 25]!, d[p + 26]!, d[p + 27]!, d[p + 28]!, d[p + 29]!, d[p + 30]!, d[p + 31]!);
    default: {
      let out = '';
      for (let i = 0; i < n; i += 4096) out += f.apply(null, d.subarray(p + i, p + Math.min(n, i + 4096)) as unknown as number[]);
      return out;
    }
  }
}

/**
 * Code units of the short string being decoded. Module-level but safe: filled
 * and read within one synchronous call that runs no other code in between.
 */
const units = new Uint16Array(SHORT_STRING);

/** `u[0, n)` (n ≤ 32) as a string, with the code units as direct arguments (see bytesAsCodeUnits). */
function unitsAsString(u: Uint16Array, n: number): string {
  const f = String.fromCharCode;
  // One line per argument count (the formatter would give each argument its own line).
  // prettier-ignore
  switch (n) {
    case 0: return '';
    case 1: return f(u[0]!);
    case 2: return f(u[0]!, u[1]!);
    case 3: return f(u[0]!, u[1]!, u[2]!);
    case 4: return f(u[0]!, u[1]!, u[2]!, u[3]!);
    case 5: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!);
    case 6: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!);
    case 7: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!);
    case 8: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!);
    case 9: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!);
    case 10: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!);
    case 11: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!);
    case 12: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!);
    case 13: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!);
    case 14: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!);
    case 15: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!);
    case 16: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!);
    case 17: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!);
    case 18: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!);
    case 19: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!, u[18]!);
    case 20: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!, u[18]!, u[19]!);
    case 21: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!, u[18]!, u[19]!, u[20]!);
    case 22: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!, u[18]!, u[19]!, u[20]!, u[21]!);
    case 23: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!, u[18]!, u[19]!, u[20]!, u[21]!, u[22]!);
    case 24: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!, u[18]!, u[19]!, u[20]!, u[21]!, u[22]!, u[23]!);
    case 25: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!, u[18]!, u[19]!, u[20]!, u[21]!, u[22]!, u[23]!, u[24]!);
    case 26: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!, u[18]!, u[19]!, u[20]!, u[21]!, u[22]!, u[23]!, u[24]!, u[25]!);
    case 27: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!, u[18]!, u[19]!, u[20]!, u[21]!, u[22]!, u[23]!, u[24]!, u[25]!, u[26]!);
    case 28: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!, u[18]!, u[19]!, u[20]!, u[21]!, u[22]!, u[23]!, u[24]!, u[25]!, u[26]!, u[27]!);
    case 29: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!, u[18]!, u[19]!, u[20]!, u[21]!, u[22]!, u[23]!, u[24]!, u[25]!, u[26]!, u[27]!, u[28]!);
    case 30: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!, u[18]!, u[19]!, u[20]!, u[21]!, u[22]!, u[23]!, u[24]!, u[25]!, u[26]!, u[27]!, u[28]!, u[29]!);
    case 31: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!, u[18]!, u[19]!, u[20]!, u[21]!, u[22]!, u[23]!, u[24]!, u[25]!, u[26]!, u[27]!, u[28]!, u[29]!, u[30]!);
    case 32: return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!, u[10]!, u[11]!, u[12]!, u[13]!, u[14]!, u[15]!, u[16]!, u[17]!, u[18]!, u[19]!, u[20]!, u[21]!, u[22]!, u[23]!, u[24]!, u[25]!, u[26]!, u[27]!, u[28]!, u[29]!, u[30]!, u[31]!);
    default: return f.apply(null, u.subarray(0, n) as unknown as number[]);
  }
}

/**
 * A short (≤ 32 bytes) non-ASCII string in one pass: the same rules as
 * {@link decodeUtf8Slow} (lone surrogates allowed), decoded into `units`,
 * then one `String.fromCharCode` call: for the short strings most pickles
 * hold, a `TextDecoder` call costs more than the decoding itself.
 * @returns the string, or undefined for malformed input (the slow path says why).
 */
function decodeShortUtf8(d: Uint8Array, start: number, end: number): string | undefined {
  const u = units;
  let n = 0;
  let i = start;
  while (i < end) {
    const b0 = d[i]!;
    if (b0 < 0x80) {
      u[n++] = b0;
      i++;
    } else if (b0 >= 0xc2 && b0 <= 0xdf) {
      if (i + 1 >= end) return undefined;
      const b1 = d[i + 1]!;
      if ((b1 & 0xc0) !== 0x80) return undefined;
      u[n++] = ((b0 & 0x1f) << 6) | (b1 & 0x3f);
      i += 2;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      if (i + 2 >= end) return undefined;
      const b1 = d[i + 1]!;
      const b2 = d[i + 2]!;
      if ((b1 & 0xc0) !== 0x80 || (b2 & 0xc0) !== 0x80) return undefined;
      const c = ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
      if (c < 0x800) return undefined;
      u[n++] = c;
      i += 3;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      if (i + 3 >= end) return undefined;
      const b1 = d[i + 1]!;
      const b2 = d[i + 2]!;
      const b3 = d[i + 3]!;
      if ((b1 & 0xc0) !== 0x80 || (b2 & 0xc0) !== 0x80 || (b3 & 0xc0) !== 0x80) return undefined;
      const c = ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
      if (c < 0x10000 || c > 0x10ffff) return undefined;
      u[n++] = 0xd800 + ((c - 0x10000) >> 10);
      u[n++] = 0xdc00 + ((c - 0x10000) & 0x3ff);
      i += 4;
    } else return undefined;
  }
  return unitsAsString(u, n);
}

/**
 * Decodes `bytes[start, end)` as UTF-8 with lone surrogates allowed.
 * @throws Utf8Error on malformed UTF-8 (bad lead or continuation byte, overlong form, truncation, > U+10FFFF).
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length <= SHORT_STRING) {
    // OR of every byte, one branch after the loop: cheaper than a compare per byte for these lengths.
    let any = 0;
    for (let i = start; i < end; i++) any |= bytes[i]!;
    if (any < 0x80) return bytesAsCodeUnits(bytes, start, length);
    return decodeShortUtf8(bytes, start, end) ?? decodeUtf8Slow(bytes, start, end);
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
