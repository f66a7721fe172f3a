/**
 * Parsers for the newline-terminated text arguments of protocol 0 opcodes
 * (INT, LONG, FLOAT, GET, PUT, STRING, UNICODE), reproducing what CPython's C
 * unpickler accepts: `strtol` then `int(s, 0)` for INT, `int(s, 0)` for LONG,
 * `int(s, 10)` for memo indices, `PyOS_string_to_double` for FLOAT,
 * `PyBytes_DecodeEscape` for STRING and raw-unicode-escape for UNICODE.
 * `start` is the first byte of the argument, `end` the index of its newline.
 */
import { UnpicklingError } from '../errors.js';

/** Python's limit on decimal digits in int(str) (sys.get_int_max_str_digits()). */
const INT_MAX_STR_DIGITS = 4300;

function isSpace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

/** C functions stop at NUL: the argument as C sees it ends at the first NUL byte. */
function cEnd(data: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) if (data[i] === 0) return i;
  return end;
}

/** Latin-1 text of a byte range, for error messages. */
export function latin1(data: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(data[i]!);
  return s;
}

function pyRepr(s: string): string {
  return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/[\x00-\x1f\x7f-\xff]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0')) + "'";
}

function digitValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x7a) return b - 0x61 + 10;
  if (b >= 0x41 && b <= 0x5a) return b - 0x41 + 10;
  return 99;
}

/**
 * Python's `int(text, base)` for base 0 or 10 over `data[start, end)`, as
 * PyLong_FromString: whitespace around, a sign, base prefixes for base 0,
 * single underscores between digits, the 4300-digit limit.
 * @returns the value, or undefined when the text is not an int literal.
 * @throws UnpicklingError when the digit limit is exceeded.
 */
export function parsePythonInt(data: Uint8Array, start: number, end: number, base: 0 | 10): bigint | undefined {
  end = cEnd(data, start, end);
  let i = start;
  while (i < end && isSpace(data[i]!)) i++;
  let stop = end;
  while (stop > i && isSpace(data[stop - 1]!)) stop--;
  let negative = false;
  if (i < stop && (data[i] === 0x2b || data[i] === 0x2d)) {
    negative = data[i] === 0x2d;
    i++;
  }
  let radix = 10;
  let zerosOnly = false;
  if (base === 0 && i < stop && data[i] === 0x30) {
    const p = i + 1 < stop ? data[i + 1]! | 0x20 : 0;
    if (p === 0x78) radix = 16;
    else if (p === 0x6f) radix = 8;
    else if (p === 0x62) radix = 2;
    else zerosOnly = true;
    if (!zerosOnly) {
      i += 2;
      if (i < stop && data[i] === 0x5f) i++; // one underscore may follow the prefix
    }
  }
  if (i >= stop) return undefined;
  let digits = '';
  let count = 0;
  let lastUnderscore = true; // no leading underscore
  for (let k = i; k < stop; k++) {
    const b = data[k]!;
    if (b === 0x5f) {
      if (lastUnderscore) return undefined;
      lastUnderscore = true;
      continue;
    }
    const d = digitValue(b);
    if (d >= radix) return undefined;
    if (zerosOnly && d !== 0) return undefined;
    digits += String.fromCharCode(b);
    count++;
    lastUnderscore = false;
  }
  if (lastUnderscore) return undefined;
  if (radix === 10 && count > INT_MAX_STR_DIGITS) {
    throw new UnpicklingError(
      `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${count} digits`,
    );
  }
  const prefix = radix === 16 ? '0x' : radix === 8 ? '0o' : radix === 2 ? '0b' : '';
  const magnitude = BigInt(prefix + digits);
  return negative ? -magnitude : magnitude;
}

const LONG_MAX = 9223372036854775807n;
const LONG_MIN = -9223372036854775808n;

/**
 * The INT opcode's argument: C `strtol(s, &end, 0)`; `00`/`01` (a three-byte line) give
 * false/true; anything strtol cannot take entirely goes to `int(s, 0)`.
 * @param end index of the newline.
 * @throws UnpicklingError "could not convert string to int".
 */
export function parseIntLine(data: Uint8Array, start: number, end: number): number | bigint | boolean {
  const cstop = cEnd(data, start, end);
  // strtol: whitespace, sign, base detection, digits.
  let i = start;
  while (i < cstop && isSpace(data[i]!)) i++;
  let negative = false;
  if (i < cstop && (data[i] === 0x2b || data[i] === 0x2d)) {
    negative = data[i] === 0x2d;
    i++;
  }
  let radix = 10;
  if (i < cstop && data[i] === 0x30) {
    if (i + 2 < cstop + 1 && (data[i + 1]! | 0x20) === 0x78 && i + 2 < cstop && digitValue(data[i + 2]!) < 16) {
      radix = 16;
      i += 2;
    } else {
      radix = 8;
    }
  }
  const digitsStart = i;
  let value = 0n;
  let small = 0;
  let useBig = false;
  while (i < cstop) {
    const d = digitValue(data[i]!);
    if (d >= radix) break;
    if (!useBig && small >= 2 ** 48) {
      // One more digit could leave the exactly representable range.
      useBig = true;
      value = BigInt(small);
    }
    if (useBig) value = value * BigInt(radix) + BigInt(d);
    else small = small * radix + d;
    i++;
  }
  // With no digits strtol leaves end at the start, which passes when it is a NUL.
  let ok = i > digitsStart ? i === end || i === cstop : start === cstop && start < end;
  let result: bigint | number = 0;
  if (ok) {
    const big = useBig ? value : BigInt(small);
    const signed = negative ? -big : big;
    if (signed > LONG_MAX || signed < LONG_MIN) ok = false; // ERANGE
    else result = useBig ? signed : negative ? -small : small;
  }
  if (ok) {
    if (end + 1 - start === 3 && (result === 0 || result === 1)) return result === 1;
    return typeof result === 'bigint' ? toInt(result) : result === 0 ? 0 : result;
  }
  // Include the newline, as CPython hands the whole line to int().
  const parsed = parsePythonInt(data, start, end + 1, 0);
  if (parsed === undefined) throw new UnpicklingError('could not convert string to int');
  return toInt(parsed);
}

function toInt(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/**
 * The LONG opcode's argument: an optional trailing `L` removed, then `int(s, 0)`.
 * @throws UnpicklingError "invalid literal for int() with base 0: …".
 */
export function parseLongLine(data: Uint8Array, start: number, end: number): number | bigint {
  let stop = end;
  // CPython overwrites the L with NUL; the newline after it is then never seen.
  if (stop - 1 >= start && data[stop - 1] === 0x4c) stop -= 1;
  else stop = end + 1;
  const parsed = parsePythonInt(data, start, stop, 0);
  if (parsed === undefined) {
    throw new UnpicklingError(`invalid literal for int() with base 0: ${pyRepr(latin1(data, start, cEnd(data, start, stop)))}`);
  }
  return toInt(parsed);
}

/**
 * A memo index of GET/PUT: `int(s, 10)` then a C ssize_t.
 * @returns the index (may be negative).
 * @throws UnpicklingError for a non-integer or one beyond 64 bits.
 */
export function parseMemoIndex(data: Uint8Array, start: number, end: number): number {
  const parsed = parsePythonInt(data, start, end + 1, 10);
  if (parsed === undefined) {
    throw new UnpicklingError(`invalid literal for int() with base 10: ${pyRepr(latin1(data, start, cEnd(data, start, end + 1)))}`);
  }
  if (parsed > LONG_MAX || parsed < LONG_MIN) throw new UnpicklingError('Python int too large to convert to C ssize_t');
  // Indices beyond 2^53 cannot name an existing entry; keep them distinct from valid ones.
  return parsed > 9007199254740991n ? Number.MAX_SAFE_INTEGER : parsed < -9007199254740991n ? -Number.MAX_SAFE_INTEGER : Number(parsed);
}

/**
 * The FLOAT opcode's argument as PyOS_string_to_double reads it: no leading
 * space, a sign, digits with an optional point and exponent, or inf/infinity/nan.
 * @throws UnpicklingError "could not convert string to float" or "value too large to convert to float".
 */
export function parseFloatLine(data: Uint8Array, start: number, end: number): number {
  const stop = cEnd(data, start, end);
  let i = start;
  let sign = 1;
  if (i < stop && (data[i] === 0x2b || data[i] === 0x2d)) {
    if (data[i] === 0x2d) sign = -1;
    i++;
  }
  const word = latin1(data, i, stop).toLowerCase();
  const full = latin1(data, start, end + 1);
  if (word === 'inf' || word === 'infinity') return sign * Infinity;
  if (word === 'nan') return NaN;
  if (word.startsWith('inf') || word.startsWith('nan')) throw new UnpicklingError('could not convert string to float');
  const numStart = i;
  let digits = 0;
  while (i < stop && data[i]! >= 0x30 && data[i]! <= 0x39) i++, digits++;
  if (i < stop && data[i] === 0x2e) {
    i++;
    while (i < stop && data[i]! >= 0x30 && data[i]! <= 0x39) i++, digits++;
  }
  if (digits === 0) throw new UnpicklingError(`could not convert string to float: '${full}'`);
  if (i < stop && (data[i]! | 0x20) === 0x65) {
    let j = i + 1;
    if (j < stop && (data[j] === 0x2b || data[j] === 0x2d)) j++;
    const expStart = j;
    while (j < stop && data[j]! >= 0x30 && data[j]! <= 0x39) j++;
    if (j > expStart) i = j;
  }
  if (i !== stop) throw new UnpicklingError('could not convert string to float');
  const value = Number(latin1(data, numStart, stop));
  if (!Number.isFinite(value)) throw new UnpicklingError(`value too large to convert to float: '${full}'`);
  return sign * value;
}

/**
 * The STRING opcode's argument: it must be quoted with matching ' or ", then
 * the inner text is decoded with Python's bytes escapes.
 * @returns the raw bytes, before any Python 2 str decoding.
 * @throws UnpicklingError for missing quotes, bad \x escapes or a trailing backslash.
 */
export function decodeStringLine(data: Uint8Array, start: number, end: number): Uint8Array {
  const len = end - start;
  const q = data[start];
  if (!(len >= 2 && q === data[end - 1] && (q === 0x27 || q === 0x22))) {
    throw new UnpicklingError('the STRING opcode argument must be quoted');
  }
  const from = start + 1;
  const to = end - 1;
  const out = new Uint8Array(to - from);
  let n = 0;
  for (let i = from; i < to; ) {
    const b = data[i]!;
    if (b !== 0x5c) {
      out[n++] = b;
      i++;
      continue;
    }
    i++;
    if (i >= to) throw new UnpicklingError('Trailing \\ in string');
    const c = data[i]!;
    i++;
    switch (c) {
      case 0x0a: break; // backslash-newline: line continuation
      case 0x5c: out[n++] = 0x5c; break;
      case 0x27: out[n++] = 0x27; break;
      case 0x22: out[n++] = 0x22; break;
      case 0x62: out[n++] = 0x08; break; // \b
      case 0x66: out[n++] = 0x0c; break; // \f
      case 0x74: out[n++] = 0x09; break; // \t
      case 0x6e: out[n++] = 0x0a; break; // \n
      case 0x72: out[n++] = 0x0d; break; // \r
      case 0x76: out[n++] = 0x0b; break; // \v
      case 0x61: out[n++] = 0x07; break; // \a
      case 0x78: { // \xhh: exactly two hex digits
        const h = i + 1 < to ? digitValue(data[i]!) : 99;
        const l = i + 1 < to ? digitValue(data[i + 1]!) : 99;
        if (h >= 16 || l >= 16) throw new UnpicklingError(`invalid \\x escape at position ${i - 2 - from}`);
        out[n++] = h * 16 + l;
        i += 2;
        break;
      }
      default:
        if (c >= 0x30 && c <= 0x37) { // up to three octal digits, kept to 8 bits
          let v = c - 0x30;
          if (i < to && data[i]! >= 0x30 && data[i]! <= 0x37) {
            v = v * 8 + data[i++]! - 0x30;
            if (i < to && data[i]! >= 0x30 && data[i]! <= 0x37) v = v * 8 + data[i++]! - 0x30;
          }
          out[n++] = v & 0xff;
        } else {
          // Unknown escapes stay as written.
          out[n++] = 0x5c;
          out[n++] = c;
        }
    }
  }
  return out.subarray(0, n);
}

/**
 * The UNICODE opcode's argument as raw-unicode-escape: bytes are Latin-1 except
 * `\uXXXX` and `\UXXXXXXXX` after an odd run of backslashes.
 * @throws UnpicklingError for truncated escapes or code points beyond U+10FFFF.
 */
export function decodeRawUnicodeEscape(data: Uint8Array, start: number, end: number): string {
  let plain = true;
  for (let i = start; i < end; i++) {
    if (data[i] === 0x5c) {
      plain = false;
      break;
    }
  }
  if (plain) return latin1Fast(data, start, end);
  let out = '';
  let i = start;
  while (i < end) {
    const b = data[i]!;
    if (b !== 0x5c) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    let j = i;
    while (j < end && data[j] === 0x5c) j++;
    const run = j - i;
    const next = j < end ? data[j]! : 0;
    if (run % 2 === 0 || (next !== 0x75 && next !== 0x55)) {
      out += '\\'.repeat(run);
      i = j;
      continue;
    }
    out += '\\'.repeat(run - 1);
    const width = next === 0x75 ? 4 : 8;
    const escStart = j - 1 - start;
    let cp = 0;
    let k = j + 1;
    for (; k < j + 1 + width; k++) {
      const d = k < end ? digitValue(data[k]!) : 99;
      if (d >= 16) {
        throw new UnpicklingError(
          `'rawunicodeescape' codec can't decode bytes in position ${escStart}-${k - start - 1}: truncated \\${width === 4 ? 'uXXXX' : 'UXXXXXXXX'} escape`,
        );
      }
      cp = cp * 16 + d;
    }
    if (cp > 0x10ffff) {
      throw new UnpicklingError(
        `'rawunicodeescape' codec can't decode bytes in position ${escStart}-${k - start - 1}: \\Uxxxxxxxx out of range`,
      );
    }
    out += String.fromCodePoint(cp);
    i = k;
  }
  return out;
}

/** Latin-1 decoding in chunks (no per-char concatenation for long text). */
export function latin1Fast(data: Uint8Array, start: number, end: number): string {
  if (end - start <= 16) return latin1(data, start, end);
  let out = '';
  for (let i = start; i < end; i += 8192) {
    out += String.fromCharCode.apply(null, data.subarray(i, Math.min(end, i + 8192)) as unknown as number[]);
  }
  return out;
}
