/**
 * Terminal colors for Python repr text (and JSON, which uses the same tokens).
 * Works on the finished text so the repr code stays free of terminal concerns.
 */

const RESET = '\x1b[0m';
const STRING = '\x1b[32m'; // green
const BYTES = '\x1b[33m'; // yellow
const NUMBER = '\x1b[36m'; // cyan
const KEYWORD = '\x1b[35m'; // magenta
const NAME = '\x1b[34m'; // blue
const PUNCT = '\x1b[2m'; // dim

const KEYWORDS = new Set(['None', 'True', 'False', 'true', 'false', 'null', 'inf', 'nan', 'Ellipsis']);

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 46;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Wraps the strings, numbers, keywords and names of `text` in ANSI colors. */
export function highlight(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    // String literal, maybe with a b / r / rb prefix.
    let q = i;
    while (q < n && q - i < 2 && /[bBrRuU]/.test(text[q])) q++;
    if (q < n && (text[q] === "'" || text[q] === '"') && (q === i || !isIdentPart(text.charCodeAt(i - 1) || 0))) {
      const quote = text[q];
      let j = q + 1;
      while (j < n && text[j] !== quote && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      j = Math.min(n, j + 1);
      const color = /[bB]/.test(text.slice(i, q)) ? BYTES : STRING;
      out += color + text.slice(i, j) + RESET;
      i = j;
      continue;
    }
    if (isDigit(c) || (c === 45 && isDigit(text.charCodeAt(i + 1)) && !isIdentPart(text.charCodeAt(i - 1) || 0))) {
      let j = i + 1;
      while (j < n && /[0-9a-zA-Z_.+\-]/.test(text[j])) {
        // A sign only continues a number inside an exponent (1e-05).
        if ((text[j] === '-' || text[j] === '+') && !/[eE]/.test(text[j - 1])) break;
        j++;
      }
      out += NUMBER + text.slice(i, j) + RESET;
      i = j;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      const word = text.slice(i, j);
      if (KEYWORDS.has(word)) out += KEYWORD + word + RESET;
      else if (text[j] === '(') out += NAME + word + RESET;
      else out += word;
      i = j;
      continue;
    }
    if (c === 44 || c === 58) {
      out += PUNCT + text[i] + RESET;
      i++;
      continue;
    }
    out += text[i];
    i++;
  }
  return out;
}

/**
 * Decides whether to color output: `--color=always|never|auto`; in auto mode
 * only on a terminal, and never when NO_COLOR is set (https://no-color.org) or
 * TERM is `dumb`; FORCE_COLOR forces it on.
 */
export function wantColor(mode: string, isTTY: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return isTTY === true && env.TERM !== 'dumb';
}
