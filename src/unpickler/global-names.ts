/**
 * The text arguments of GLOBAL, INST and PERSID, decoded as CPython does.
 */
import { UnpicklingError } from '../errors.js';
import { decodeAscii } from '../wire/text-arguments.js';
import { decodeUtf8, Utf8Error } from '../wire/utf8.js';

/**
 * Decodes a GLOBAL line as CPython: strict UTF-8, no lone surrogates.
 * @throws UnpicklingError on malformed UTF-8 or a lone surrogate.
 */
export function strictUtf8(data: Uint8Array, start: number, end: number): string {
  let s: string;
  try {
    s = decodeUtf8(data, start, end);
  } catch (e) {
    if (e instanceof Utf8Error) throw new UnpicklingError(`'utf-8' codec can't decode global name: ${e.message}`);
    throw e;
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      if (c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          i++;
          continue;
        }
      }
      throw new UnpicklingError("'utf-8' codec can't decode global name: surrogates not allowed");
    }
  }
  return s;
}

/**
 * Decodes an INST/PERSID line as CPython: strict ASCII.
 * @throws TextArgumentError on a byte above 0x7f.
 */
export function strictAscii(data: Uint8Array, start: number, end: number): string {
  return decodeAscii(data, start, end);
}
