/**
 * Parsers for the newline-terminated text arguments of protocol 0 opcodes
 * (INT, LONG, FLOAT, GET, PUT, STRING, UNICODE), reproducing what CPython's C
 * unpickler accepts: `strtol` then `int(s, 0)` for INT, `int(s, 0)` for LONG,
 * `int(s, 10)` for memo indices, `PyOS_string_to_double` for FLOAT,
 * `PyBytes_DecodeEscape` for STRING and raw-unicode-escape for UNICODE.
 * `start` is the first byte of the argument, `end` the index of its newline.
 *
 * Only what is specific to the C unpickler lives here (strtol, the C string's
 * NUL end, PyOS_string_to_double, STRING's quotes, its error wording); Python's
 * `int()`, the bytes escapes and raw-unicode-escape are the same code as
 * pickletools' readers use (src/wire/text-arguments.ts). Their
 * `TextArgumentError`s become `UnpicklingError`s in the opcode loop.
 */
import { UnpicklingError } from '../errors.js';
import { toIntValue } from '../wire/long.js';
import { C_STRING_INT_ERRORS, decodeLatin1, escapeDecode, parsePyInt, TextArgumentError } from '../wire/text-arguments.js';

export { decodeRawUnicodeEscape } from '../wire/text-arguments.js';

function isSpace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

/** C functions stop at NUL: the argument as C sees it ends at the first NUL byte. */
function cEnd(data: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) if (data[i] === 0) return i;
  return end;
}

function digitValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x7a) return b - 0x61 + 10;
  if (b >= 0x41 && b <= 0x5a) return b - 0x41 + 10;
  return 99;
}

/**
 * `PyLong_FromString(text, NULL, base)` over `data[start, end)` as C sees it
 * (up to a NUL): Python's `int(text, base)`, shared with pickletools' readers.
 * @throws TextArgumentError with the C unpickler's wording.
 */
function cLong(data: Uint8Array, start: number, end: number, base: 0 | 10): number | bigint {
  return parsePyInt(data, start, cEnd(data, start, end), base, C_STRING_INT_ERRORS);
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
    if (signed > LONG_MAX || signed < LONG_MIN)
      ok = false; // ERANGE
    else result = useBig ? signed : negative ? -small : small;
  }
  if (ok) {
    if (end + 1 - start === 3 && (result === 0 || result === 1)) return result === 1;
    return typeof result === 'bigint' ? toIntValue(result) : result === 0 ? 0 : result;
  }
  // Include the newline, as CPython hands the whole line to int(); any failure
  // there (the digit limit included) is reported as CPython's load_int does.
  try {
    return cLong(data, start, end + 1, 0);
  } catch (e) {
    if (e instanceof TextArgumentError) throw new UnpicklingError('could not convert string to int');
    throw e;
  }
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
  return cLong(data, start, stop, 0);
}

/**
 * A memo index of GET/PUT: `int(s, 10)` then a C ssize_t.
 * @returns the index (may be negative).
 * @throws UnpicklingError for a non-integer or one beyond 64 bits.
 */
export function parseMemoIndex(data: Uint8Array, start: number, end: number): number {
  const parsed = cLong(data, start, end + 1, 10);
  if (typeof parsed === 'number') return parsed;
  if (parsed > LONG_MAX || parsed < LONG_MIN) throw new UnpicklingError('Python int too large to convert to C ssize_t');
  // Indices beyond 2^53 cannot name an existing entry; keep them distinct from valid ones.
  return parsed > 0n ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER;
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
  const word = decodeLatin1(data, i, stop).toLowerCase();
  const full = decodeLatin1(data, start, end + 1);
  if (word === 'inf' || word === 'infinity') return sign * Infinity;
  if (word === 'nan') return NaN;
  if (word.startsWith('inf') || word.startsWith('nan')) throw new UnpicklingError('could not convert string to float');
  const numStart = i;
  let digits = 0;
  while (i < stop && data[i]! >= 0x30 && data[i]! <= 0x39) (i++, digits++);
  if (i < stop && data[i] === 0x2e) {
    i++;
    while (i < stop && data[i]! >= 0x30 && data[i]! <= 0x39) (i++, digits++);
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
  const value = Number(decodeLatin1(data, numStart, stop));
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
  return escapeDecode(data, start + 1, end - 1);
}
