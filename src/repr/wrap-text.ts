/**
 * pprint's layouts for strs and bytes too long for their line: a str is cut
 * into lines and then at whitespace, bytes into 4-byte groups, each piece
 * printed as its own repr on its own line (implicit concatenation).
 */

import { bytesRepr } from './bytes-repr.js';
import { strRepr } from './str-repr.js';

/** Python's `len()` of a str: code points. */
export function pyLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Python's `str.splitlines(keepends=True)`. */
function splitLines(s: string): string[] {
  const lines: string[] = [];
  const re = /\r\n|[\n\v\f\r\x1c\x1d\x1e\x85\u2028\u2029]/g;
  let start = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    lines.push(s.slice(start, m.index + m[0].length));
    start = m.index + m[0].length;
  }
  if (start < s.length) lines.push(s.slice(start));
  return lines;
}

/** Python's `re.findall(r'\S*\s*', line)` without its final empty match (Python's `\s` for str). */
const WORD =
  /[^\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/gy;

function words(line: string): string[] {
  const parts: string[] = [];
  WORD.lastIndex = 0;
  while (WORD.lastIndex < line.length) {
    const m = WORD.exec(line)!;
    parts.push(m[0]);
  }
  return parts;
}

/**
 * pprint's `_pprint_str`: the repr of `s` cut to fit `width - indent` columns.
 * @param level pprint's nesting level (1 at the top, where the pieces get parentheses).
 */
export function wrapStr(s: string, width: number, indent: number, allowance: number, level: number): string {
  if (s.length === 0) return strRepr(s);
  const chunks: string[] = [];
  const lines = splitLines(s);
  if (level === 1) {
    indent += 1;
    allowance += 1;
  }
  const maxWidth = width - indent;
  let maxWidth1 = maxWidth;
  let rep = '';
  lines.forEach((line, i) => {
    rep = strRepr(line);
    const lastLine = i === lines.length - 1;
    if (lastLine) maxWidth1 -= allowance;
    if (pyLength(rep) <= maxWidth1) {
      chunks.push(rep);
      return;
    }
    const parts = words(line);
    let maxWidth2 = maxWidth;
    let current = '';
    parts.forEach((part, j) => {
      const candidate = current + part;
      if (j === parts.length - 1 && lastLine) maxWidth2 -= allowance;
      if (pyLength(strRepr(candidate)) > maxWidth2) {
        if (current) chunks.push(strRepr(current));
        current = part;
      } else {
        current = candidate;
      }
    });
    if (current) chunks.push(strRepr(current));
  });
  if (chunks.length === 1) return rep;
  const body = chunks.join('\n' + ' '.repeat(indent));
  return level === 1 ? `(${body})` : body;
}

/**
 * pprint's `_pprint_bytes`: the repr of `bytes` in 4-byte groups fitting `width - indent` columns.
 * @param level pprint's nesting level (1 at the top, where the pieces get parentheses).
 */
export function wrapBytes(bytes: Uint8Array, width: number, indent: number, allowance: number, level: number): string {
  if (bytes.length <= 4) return bytesRepr(bytes);
  const parens = level === 1;
  if (parens) {
    indent += 1;
    allowance += 1;
  }
  const pieces: string[] = [];
  let room = width - indent;
  const last = Math.floor(bytes.length / 4) * 4;
  let from = 0; // start of the current group of 4-byte parts
  let to = 0;
  for (let i = 0; i < bytes.length; i += 4) {
    const end = Math.min(bytes.length, i + 4);
    if (i === last) room -= allowance;
    if (bytesRepr(bytes, from, end).length > room) {
      if (to > from) pieces.push(bytesRepr(bytes, from, to));
      from = i;
    }
    to = end;
  }
  if (to > from) pieces.push(bytesRepr(bytes, from, to));
  const body = pieces.join('\n' + ' '.repeat(indent));
  return parens ? `(${body})` : body;
}
