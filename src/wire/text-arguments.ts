/**
 * Protocol 0's text arguments, parsed exactly as CPython parses them, with
 * CPython's error messages: `int()` and `float()` of a bytes line, the
 * `string-escape` decoding of `STRING`'s quoted repr (`codecs.escape_decode`),
 * `UNICODE`'s raw-unicode-escape, and the messages of UTF-8 and ASCII decoding
 * errors. Shared by `genops`/`dis` (pickletools' readers) and the unpickler.
 */

import { bytesRepr } from './bytes-repr.js';
import { toIntValue } from './long.js';
import { bytesAsCodeUnits } from './utf8.js';

/** A text argument CPython would reject; `message` is CPython's `ValueError`/`UnicodeDecodeError` text. */
export class TextArgumentError extends Error {
  /**
   * @param message CPython's message.
   * @param pythonType the class of CPython's exception (`ValueError` or `UnicodeDecodeError`).
   * @param digitLimit true when `int()` refused the text for its length (`INT_MAX_STR_DIGITS`), not its syntax.
   */
  constructor(
    message: string,
    readonly pythonType: 'ValueError' | 'UnicodeDecodeError' = 'ValueError',
    readonly digitLimit = false,
  ) {
    super(message);
  }
}

/**
 * How `parsePyInt` words its errors, which differs between its two users:
 * pickletools calls `int()` on a `bytes` object (`b'…'` in the message, and
 * Python's advice on the digit limit), the C unpickler calls
 * `PyLong_FromString` on a C string (the first 200 bytes shown as a `str`).
 */
export interface IntErrorStyle {
  /** Show the offending text as a `bytes` repr (`b'x'`) or a `str` repr of its Latin-1 reading (`'x'`). */
  readonly literal: 'bytes' | 'str';
  /** Append "; use sys.set_int_max_str_digits() to increase the limit" to the digit-limit message. */
  readonly limitAdvice: boolean;
}

/** pickletools' `int(bytes)` wording. */
const BYTES_INT_ERRORS: IntErrorStyle = Object.freeze({ literal: 'bytes', limitAdvice: true });
/** The C unpickler's `PyLong_FromString` wording (without advice that has no JS equivalent). */
export const C_STRING_INT_ERRORS: IntErrorStyle = Object.freeze({ literal: 'str', limitAdvice: false });

/** Python's `int()` refuses decimal strings longer than this (`sys.get_int_max_str_digits()` default). */
export const INT_MAX_STR_DIGITS = 4300;

const isSpace = (b: number): boolean => b === 0x20 || (b >= 0x09 && b <= 0x0d);

function intLiteralError(bytes: Uint8Array, start: number, end: number, base: number, style: IntErrorStyle): TextArgumentError {
  // CPython formats the offending text with `%.200R`: the repr cut to 200 characters
  // (PyLong_FromString also keeps only the first 200 bytes of a C string).
  const shown =
    style.literal === 'bytes'
      ? bytesRepr(bytes, start, Math.min(end, start + 1000)).slice(0, 200)
      : latin1StrRepr(bytes, start, Math.min(end, start + 200)).slice(0, 200);
  return new TextArgumentError(`invalid literal for int() with base ${base}: ${shown}`);
}

/** A Python `str` repr of `bytes[start, end)` read as Latin-1, control and high bytes as `\xNN`. */
function latin1StrRepr(bytes: Uint8Array, start: number, end: number): string {
  let out = "'";
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b === 0x5c) out += '\\\\';
    else if (b === 0x27) out += "\\'";
    else if (b === 0x0a) out += '\\n';
    else if (b < 0x20 || b >= 0x7f) out += '\\x' + b.toString(16).padStart(2, '0');
    else out += String.fromCharCode(b);
  }
  return out + "'";
}

function digitValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const lower = b | 0x20;
  if (lower >= 0x61 && lower <= 0x7a) return lower - 0x61 + 10;
  return 99;
}

/**
 * Python's `int(bytes[start:end], base)` for base 10 (pickletools' readers) or
 * base 0 (the unpickler's `INT`/`LONG`, which accept `0x…`, `0o…`, `0b…`):
 * surrounding ASCII whitespace, one sign, single underscores between digits,
 * and the 4300-digit limit for decimal strings.
 * @param style how errors are worded (pickletools' by default).
 * @returns a `number` when it is a safe integer, else a `bigint`.
 * @throws TextArgumentError with CPython's message for anything `int()` rejects
 *   (`digitLimit` set when only the length was refused).
 */
export function parsePyInt(bytes: Uint8Array, start: number, end: number, base: 10 | 0 = 10, style: IntErrorStyle = BYTES_INT_ERRORS): number | bigint {
  let i = start;
  while (i < end && isSpace(bytes[i]!)) i++;
  let negative = false;
  if (i < end && (bytes[i] === 0x2b || bytes[i] === 0x2d)) {
    negative = bytes[i] === 0x2d;
    i++;
  }
  let radix = 10;
  let prefix = '';
  let leadingZeroOnly = false;
  if (base === 0 && i < end && bytes[i] === 0x30 && i + 1 < end) {
    const p = bytes[i + 1]! | 0x20;
    if (p === 0x78) radix = 16;
    else if (p === 0x6f) radix = 8;
    else if (p === 0x62) radix = 2;
    if (radix !== 10) {
      prefix = radix === 16 ? '0x' : radix === 8 ? '0o' : '0b';
      i += 2;
      // An underscore may directly follow the prefix: `0x_1f`.
      if (i < end && bytes[i] === 0x5f) i++;
    } else {
      leadingZeroOnly = true;
    }
  }
  let digits = '';
  let count = 0;
  while (i < end) {
    const b = bytes[i]!;
    if (b === 0x5f) {
      if (count === 0 || i + 1 >= end || digitValue(bytes[i + 1]!) >= radix) throw intLiteralError(bytes, start, end, base, style);
      i++;
      continue;
    }
    if (digitValue(b) >= radix) break;
    digits += String.fromCharCode(b);
    count++;
    i++;
  }
  if (count === 0) throw intLiteralError(bytes, start, end, base, style);
  if (radix === 10 && count > INT_MAX_STR_DIGITS) {
    const advice = style.limitAdvice ? '; use sys.set_int_max_str_digits() to increase the limit' : '';
    throw new TextArgumentError(
      `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${count} digits${advice}`,
      'ValueError',
      true,
    );
  }
  while (i < end && isSpace(bytes[i]!)) i++;
  if (i !== end) throw intLiteralError(bytes, start, end, base, style);
  // Base 0 forbids leading zeros on a nonzero decimal ("007"); all zeros ("00") is fine.
  if (leadingZeroOnly && /[1-9]/.test(digits)) throw intLiteralError(bytes, start, end, base, style);
  if (radix === 10 && count <= 15) {
    const n = Number(digits);
    return negative ? (n === 0 ? 0 : -n) : n;
  }
  const big = BigInt(prefix ? prefix + digits : digits);
  return toIntValue(negative ? -big : big);
}

const FLOAT_SYNTAX =
  /^[ \t\n\v\f\r]*([+-]?)(?:((?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?)|(inf|infinity)|(nan))[ \t\n\v\f\r]*$/i;

/**
 * Python's `float(bytes[start:end])`: whitespace, sign, underscores between
 * digits, `inf`/`infinity`/`nan` in any case.
 * @throws TextArgumentError with CPython's message (`could not convert string to float: b'…'`).
 */
export function parsePyFloat(bytes: Uint8Array, start: number, end: number): number {
  let text = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    // Anything outside ASCII cannot be part of a float literal in a bytes object.
    if (b >= 0x80 || b === 0) throw floatError(bytes, start, end);
    text += String.fromCharCode(b);
  }
  const m = FLOAT_SYNTAX.exec(text);
  if (m !== null) {
    const sign = m[1] === '-' ? -1 : 1;
    if (m[3] !== undefined) return sign * Infinity;
    if (m[4] !== undefined) return NaN;
    return sign * Number(m[2]!.replace(/_/g, ''));
  }
  throw floatError(bytes, start, end);
}

function floatError(bytes: Uint8Array, start: number, end: number): TextArgumentError {
  return new TextArgumentError(`could not convert string to float: ${bytesRepr(bytes, start, end)}`);
}

const HEX_VALUE = (b: number): number => {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const lower = b | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
};

/**
 * Python's `codecs.escape_decode(bytes[start:end])`: the backslash escapes of a
 * bytes literal (`\\ \' \" \a \b \f \n \r \t \v`, 1–3 octal digits, `\xHH`,
 * backslash-newline as a line continuation); unknown escapes stay as written.
 * @throws TextArgumentError on a bad `\x` escape or a trailing backslash, with CPython's message.
 */
export function escapeDecode(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start);
  let n = 0;
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b !== 0x5c) {
      out[n++] = b;
      i++;
      continue;
    }
    const at = i - start;
    i++;
    if (i >= end) throw new TextArgumentError('Trailing \\ in string');
    const c = bytes[i++]!;
    switch (c) {
      case 0x0a:
        break; // line continuation
      case 0x5c:
        out[n++] = 0x5c;
        break;
      case 0x27:
        out[n++] = 0x27;
        break;
      case 0x22:
        out[n++] = 0x22;
        break;
      case 0x62:
        out[n++] = 0x08;
        break; // \b
      case 0x66:
        out[n++] = 0x0c;
        break; // \f
      case 0x74:
        out[n++] = 0x09;
        break; // \t
      case 0x6e:
        out[n++] = 0x0a;
        break; // \n
      case 0x72:
        out[n++] = 0x0d;
        break; // \r
      case 0x76:
        out[n++] = 0x0b;
        break; // \v
      case 0x61:
        out[n++] = 0x07;
        break; // \a
      case 0x78: {
        const h1 = i < end ? HEX_VALUE(bytes[i]!) : -1;
        const h2 = i + 1 < end ? HEX_VALUE(bytes[i + 1]!) : -1;
        if (h1 < 0 || h2 < 0) throw new TextArgumentError(`invalid \\x escape at position ${at}`);
        out[n++] = (h1 << 4) | h2;
        i += 2;
        break;
      }
      default:
        if (c >= 0x30 && c <= 0x37) {
          let v = c - 0x30;
          for (let k = 0; k < 2 && i < end && bytes[i]! >= 0x30 && bytes[i]! <= 0x37; k++) v = v * 8 + bytes[i++]! - 0x30;
          out[n++] = v & 0xff;
        } else {
          out[n++] = 0x5c;
          out[n++] = c;
        }
    }
  }
  return out.slice(0, n);
}

/**
 * Python's `bytes.decode('ascii')`.
 * @throws TextArgumentError with CPython's message for a byte >= 0x80.
 */
export function decodeAscii(bytes: Uint8Array, start = 0, end = bytes.length): string {
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b >= 0x80) {
      throw new TextArgumentError(
        `'ascii' codec can't decode byte 0x${b.toString(16)} in position ${i - start}: ordinal not in range(128)`,
        'UnicodeDecodeError',
      );
    }
  }
  return decodeLatin1(bytes, start, end);
}

/** Python's `bytes.decode('latin-1')`: each byte is the code point of the same value. */
export function decodeLatin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  if (end - start <= 64) return bytesAsCodeUnits(bytes, start, end - start);
  let out = '';
  for (let i = start; i < end; i += 4096) {
    out += String.fromCharCode(...bytes.subarray(i, Math.min(end, i + 4096)));
  }
  return out;
}

function rawUnicodeError(start: number, end: number, reason: string): TextArgumentError {
  return new TextArgumentError(`'rawunicodeescape' codec can't decode bytes in position ${start}-${end - 1}: ${reason}`, 'UnicodeDecodeError');
}

/**
 * Python's `str(bytes[start:end], 'raw-unicode-escape')`: bytes are Latin-1
 * code points except `\uXXXX` and `\UXXXXXXXX` after an odd number of backslashes.
 * @throws TextArgumentError for a truncated or out-of-range escape, with CPython's message.
 */
export function decodeRawUnicodeEscape(bytes: Uint8Array, start: number, end: number): string {
  // Most text has no backslash at all: then it is plain Latin-1.
  const backslash = bytes.subarray(start, end).indexOf(0x5c);
  if (backslash < 0) return decodeLatin1(bytes, start, end);
  const cps = decodeRawUnicodeEscapeCodePoints(bytes, start, end);
  let out = '';
  for (let i = 0; i < cps.length; i += 4096) out += String.fromCodePoint(...cps.slice(i, i + 4096));
  return out;
}

/**
 * `decodeRawUnicodeEscape` as a list of code points: unlike a JS string, it
 * keeps two escaped surrogates (`\ud83d\ude00`) apart from the one astral
 * character they would pair into, as Python keeps them.
 * @throws TextArgumentError as `decodeRawUnicodeEscape`.
 */
export function decodeRawUnicodeEscapeCodePoints(bytes: Uint8Array, start: number, end: number): number[] {
  const out: number[] = [];
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b !== 0x5c) {
      out.push(b);
      i++;
      continue;
    }
    let run = i;
    while (run < end && bytes[run] === 0x5c) run++;
    const count = run - i;
    const next = run < end ? bytes[run]! : -1;
    if ((count & 1) === 0 || (next !== 0x75 && next !== 0x55)) {
      for (let k = 0; k < count; k++) out.push(0x5c);
      i = run;
      continue;
    }
    for (let k = 0; k < count - 1; k++) out.push(0x5c);
    const escStart = run - 1 - start;
    const width = next === 0x75 ? 4 : 8;
    let j = run + 1;
    let cp = 0;
    for (let k = 0; k < width; k++, j++) {
      const h = j < end ? HEX_VALUE(bytes[j]!) : -1;
      if (h < 0) throw rawUnicodeError(escStart, j - start, width === 4 ? 'truncated \\uXXXX escape' : 'truncated \\UXXXXXXXX escape');
      cp = cp * 16 + h;
    }
    if (cp > 0x10ffff) throw rawUnicodeError(escStart, j - start, '\\Uxxxxxxxx out of range');
    out.push(cp);
    i = j;
  }
  return out;
}

/**
 * The code points of `bytes[start, end)` read as UTF-8 with surrogatepass,
 * keeping encoded surrogates as separate code points (a JS string would pair
 * them up). The bytes must be valid (see `utf8ErrorMessage`).
 */
export function utf8CodePoints(bytes: Uint8Array, start: number, end: number): number[] {
  const out: number[] = [];
  let i = start;
  while (i < end) {
    const b0 = bytes[i]!;
    if (b0 < 0x80) {
      out.push(b0);
      i++;
    } else if (b0 < 0xe0) {
      out.push(((b0 & 0x1f) << 6) | (bytes[i + 1]! & 0x3f));
      i += 2;
    } else if (b0 < 0xf0) {
      out.push(((b0 & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f));
      i += 3;
    } else {
      out.push(((b0 & 0x07) << 18) | ((bytes[i + 1]! & 0x3f) << 12) | ((bytes[i + 2]! & 0x3f) << 6) | (bytes[i + 3]! & 0x3f));
      i += 4;
    }
  }
  return out;
}

/**
 * CPython's message for the first UTF-8 error in `bytes[start, end)` when
 * decoding with `surrogatepass` (e.g. `'utf-8' codec can't decode byte 0xff
 * in position 0: invalid start byte`), or `undefined` when the bytes are valid.
 * Call it after a fast decoder has rejected the input.
 */
export function utf8ErrorMessage(bytes: Uint8Array, start: number, end: number): string | undefined {
  let i = start;
  while (i < end) {
    const b0 = bytes[i]!;
    if (b0 < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b0 >= 0xc2 && b0 <= 0xdf) need = 1;
    else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      if (b0 === 0xe0) lo = 0xa0;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      if (b0 === 0xf0) lo = 0x90;
      else if (b0 === 0xf4) hi = 0x8f;
    } else {
      return utf8Message(bytes, start, i, i + 1, 'invalid start byte');
    }
    // A surrogate (ED A0..BF xx) is an error that `surrogatepass` repairs only
    // when all three bytes are there; otherwise CPython reports the lead byte alone.
    if (b0 === 0xed && i + 1 < end && bytes[i + 1]! >= 0xa0 && bytes[i + 1]! <= 0xbf) {
      if (i + 2 < end && (bytes[i + 2]! & 0xc0) === 0x80) {
        i += 3;
        continue;
      }
      return utf8Message(bytes, start, i, i + 1, 'invalid continuation byte');
    }
    for (let k = 1; k <= need; k++) {
      if (i + k >= end) return utf8Message(bytes, start, i, i + k, 'unexpected end of data');
      const b = bytes[i + k]!;
      const ok = k === 1 ? b >= lo && b <= hi : b >= 0x80 && b <= 0xbf;
      if (!ok) return utf8Message(bytes, start, i, i + k, 'invalid continuation byte');
    }
    i += need + 1;
  }
  return undefined;
}

function utf8Message(bytes: Uint8Array, base: number, from: number, to: number, reason: string): string {
  if (to - from === 1) {
    return `'utf-8' codec can't decode byte 0x${bytes[from]!.toString(16).padStart(2, '0')} in position ${from - base}: ${reason}`;
  }
  return `'utf-8' codec can't decode bytes in position ${from - base}-${to - base - 1}: ${reason}`;
}
