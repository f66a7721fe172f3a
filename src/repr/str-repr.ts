/**
 * Python's `repr(str)`: quote choice, backslash escapes and the
 * `str.isprintable()` rule, with CPython 3.11's Unicode 14.0 data.
 */

import { UNPRINTABLE_RANGES } from './unprintable-ranges.js';

/** Sorted starts and ends (inclusive) of the unprintable ranges, decoded once on first use. */
let starts: Uint32Array | undefined;
let ends: Uint32Array | undefined;

function decodeRanges(): void {
  const parts = UNPRINTABLE_RANGES.split(',');
  const n = parts.length >> 1;
  starts = new Uint32Array(n);
  ends = new Uint32Array(n);
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const start = prev + 1 + parseInt(parts[2 * i]!, 36);
    const end = start + parseInt(parts[2 * i + 1]!, 36);
    starts[i] = start;
    ends[i] = end;
    prev = end;
  }
}

/**
 * Python 3.11's `chr(cp).isprintable()`: false for the categories Cc, Cf, Cs,
 * Co, Cn, Zl, Zp and Zs (except U+0020) as Unicode 14.0 assigns them.
 * @param cp a code point in [0, 0x10FFFF].
 */
export function isPrintable(cp: number): boolean {
  if (cp >= 0x20 && cp < 0x7f) return true;
  if (cp < 0xa0) return false;
  if (starts === undefined) decodeRanges();
  let lo = 0;
  let hi = starts!.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < starts![mid]!) hi = mid - 1;
    else if (cp > ends![mid]!) lo = mid + 1;
    else return false;
  }
  return true;
}

const HEX = '0123456789abcdef';

function hex(cp: number, digits: number): string {
  let out = '';
  for (let shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += HEX[(cp >> shift) & 15];
  return out;
}

/** How `repr` writes one code point inside `quote`s, or undefined when it stands for itself. */
function escapeCodePoint(cp: number, quote: string): string | undefined {
  if (cp === 0x5c) return '\\\\';
  if (cp === quote.charCodeAt(0)) return '\\' + quote;
  if (cp === 0x09) return '\\t';
  if (cp === 0x0a) return '\\n';
  if (cp === 0x0d) return '\\r';
  if (cp < 0x20 || cp === 0x7f) return '\\x' + hex(cp, 2);
  if (cp < 0x7f || isPrintable(cp)) return undefined;
  if (cp <= 0xff) return '\\x' + hex(cp, 2);
  if (cp <= 0xffff) return '\\u' + hex(cp, 4);
  return '\\U' + hex(cp, 8);
}

/**
 * Python's `repr()` of a str given as code points: unlike a JS string, a list
 * of code points can hold two surrogates side by side (Python prints each
 * escaped) apart from the astral character they would pair into.
 * @param cps the code points.
 */
export function codePointsRepr(cps: ArrayLike<number>): string {
  let hasSingle = false;
  let hasDouble = false;
  for (let i = 0; i < cps.length; i++) {
    if (cps[i] === 0x27) hasSingle = true;
    else if (cps[i] === 0x22) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? '"' : "'";
  const parts: string[] = [quote];
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i]!;
    parts.push(escapeCodePoint(cp, quote) ?? String.fromCodePoint(cp));
  }
  parts.push(quote);
  return parts.join('');
}

/**
 * Python's `repr()` of a str. JS strings are UTF-16: a surrogate pair is one
 * code point, a lone surrogate is a code point of its own (Python prints it as `\udXXX`).
 * @param s the string.
 * @returns e.g. `'it\'s'` → `"it's"`, `'a\x00'`, `'\u200b'`.
 */
export function strRepr(s: string): string {
  let hasSingle = false;
  let hasDouble = false;
  if (s.includes("'")) hasSingle = true;
  if (s.includes('"')) hasDouble = true;
  const quote = hasSingle && !hasDouble ? '"' : "'";
  const parts: string[] = [quote];
  let run = 0; // start of the current run of characters copied as is
  const n = s.length;
  for (let i = 0; i < n; i++) {
    let cp = s.charCodeAt(i);
    let width = 1;
    if (cp >= 0x20 && cp < 0x7f && cp !== 0x5c && s[i] !== quote) continue;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        width = 2;
      }
    }
    const escaped = escapeCodePoint(cp, quote);
    if (escaped !== undefined) {
      if (run < i) parts.push(s.slice(run, i));
      parts.push(escaped);
      run = i + width;
    }
    i += width - 1;
  }
  if (run < n) parts.push(run === 0 ? s : s.slice(run));
  parts.push(quote);
  return parts.join('');
}
