/**
 * Decoding of Python 2 `str` values (STRING, BINSTRING, SHORT_BINSTRING) with
 * the `encoding` and `errors` options, as CPython's unpickler does with
 * `bytes.decode(encoding, errors)`, or kept as bytes with encoding `'bytes'`.
 */
import { UnpicklingError } from '../errors.js';
import { decodeUtf8, Utf8Error } from '../wire/utf8.js';
import { decodeLatin1 } from '../wire/text-arguments.js';

/** Turns the raw bytes of a Python 2 str into the loaded value. */
export type Py2StringDecoder = (data: Uint8Array, start: number, end: number) => string | Uint8Array;

type ErrorHandler = (byte: number) => string;

const ERROR_HANDLERS: ReadonlyMap<string, ErrorHandler | null> = new Map<string, ErrorHandler | null>([
  ['strict', null],
  ['replace', () => '\ufffd'],
  ['ignore', () => ''],
  ['surrogateescape', (b) => String.fromCharCode(0xdc00 + b)],
  ['backslashreplace', (b) => '\\x' + b.toString(16).padStart(2, '0')],
]);

function normalize(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}

const ASCII_NAMES = new Set(['ascii', 'us-ascii', '646']);
const LATIN1_NAMES = new Set(['latin1', 'latin-1', 'iso-8859-1', 'iso8859-1', 'l1', 'latin', 'cp819', '8859', 'iso-ir-100']);
const UTF8_NAMES = new Set(['utf-8', 'utf8', 'u8', 'utf', 'cp65001']);

const replacingUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function decodeError(encoding: string, data: Uint8Array, start: number, i: number, reason: string): UnpicklingError {
  const b = data[i]!.toString(16).padStart(2, '0');
  return new UnpicklingError(`'${encoding}' codec can't decode byte 0x${b} in position ${i - start}: ${reason}`);
}

function asciiDecoder(handler: ErrorHandler | null): Py2StringDecoder {
  return (data, start, end) => {
    let out = '';
    let runStart = start;
    for (let i = start; i < end; i++) {
      const b = data[i]!;
      if (b < 0x80) continue;
      if (handler === null) throw decodeError('ascii', data, start, i, 'ordinal not in range(128)');
      out += decodeLatin1(data, runStart, i) + handler(b);
      runStart = i + 1;
    }
    return out + decodeLatin1(data, runStart, end);
  };
}

function hasSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = s.charCodeAt(i + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      return true;
    }
  }
  return false;
}

function utf8Decoder(errors: string): Py2StringDecoder {
  return (data, start, end) => {
    let text: string | undefined;
    try {
      text = decodeUtf8(data, start, end);
    } catch (e) {
      if (!(e instanceof Utf8Error)) throw e;
    }
    if (text !== undefined && (errors === 'surrogatepass' || !hasSurrogate(text))) return text;
    if (errors === 'replace') return replacingUtf8.decode(data.subarray(start, end));
    if (errors === 'strict' || errors === 'surrogatepass') {
      throw new UnpicklingError(`'utf-8' codec can't decode bytes in position 0-${end - start - 1}: invalid utf-8`);
    }
    throw new UnpicklingError(`picklejar supports only the errors 'strict', 'replace' and 'surrogatepass' for utf-8, not '${errors}'`);
  };
}

const STRICT_ASCII = asciiDecoder(null);

/**
 * Builds the decoder for Python 2 strs. An unknown encoding or error handler
 * does not raise here: like CPython, only when a Python 2 str is read.
 * @returns a decoder that throws UnpicklingError on undecodable input.
 */
export function py2StringDecoder(encoding: string, errors: string): Py2StringDecoder {
  if (encoding === 'ASCII' && errors === 'strict') return STRICT_ASCII;
  const enc = normalize(encoding);
  if (enc === 'bytes') return (data, start, end) => data.slice(start, end);
  if (LATIN1_NAMES.has(enc)) return (data, start, end) => decodeLatin1(data, start, end);
  if (UTF8_NAMES.has(enc)) return utf8Decoder(errors);
  if (ASCII_NAMES.has(enc)) {
    const handler = ERROR_HANDLERS.get(errors);
    if (handler === undefined) {
      return () => {
        throw new UnpicklingError(`unknown error handler name '${errors}'`);
      };
    }
    return asciiDecoder(handler);
  }
  return () => {
    throw new UnpicklingError(`unknown encoding: ${encoding}`);
  };
}
