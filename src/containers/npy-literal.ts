/**
 * A tiny parser for the Python literal a `.npy` header holds (a dict of str,
 * bool, int, tuple and list values: `{'descr': '<f8', 'fortran_order': False,
 * 'shape': (2, 3), }`). Never evaluates anything; nesting is handled with an
 * explicit stack and bounded.
 */
import { UnpicklingError } from '../errors.js';

/** A parsed literal: string, number, boolean, null, array (list or tuple), or Map (dict). */
export type PyLiteral = string | number | boolean | null | PyLiteral[] | Map<string, PyLiteral>;

const MAX_NESTING = 64;

interface Frame {
  readonly close: string;
  readonly items: PyLiteral[] | Map<string, PyLiteral>;
  key: string | undefined;
  /** True once the current item (or key/value pair) has been read: a comma or the closer must follow. */
  done: boolean;
}

/**
 * Parses `text` as a Python literal of dicts, lists, tuples, strs, ints, bools and None.
 * @throws UnpicklingError (with the character offset) on anything else.
 */
export function parsePyLiteral(text: string): PyLiteral {
  let i = 0;
  const stack: Frame[] = [];
  let result: PyLiteral | undefined;
  const fail = (what: string): never => {
    throw new UnpicklingError(`.npy header: ${what} at character ${i}`);
  };
  const skip = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const put = (v: PyLiteral): void => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      if (result !== undefined) fail('extra data');
      result = v;
      return;
    }
    if (top.done) fail('missing comma');
    if (top.items instanceof Map) {
      if (top.key === undefined) {
        if (typeof v !== 'string') fail('dict key is not a string');
        top.key = v as string;
        skip();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        return;
      }
      top.items.set(top.key, v);
      top.key = undefined;
    } else top.items.push(v);
    top.done = true;
  };
  for (;;) {
    skip();
    if (i >= text.length) break;
    const c = text[i]!;
    if (c === '{' || c === '[' || c === '(') {
      if (stack.length >= MAX_NESTING) fail('nesting too deep');
      const top = stack[stack.length - 1];
      if (top?.done === true) fail('missing comma');
      if (top === undefined && result !== undefined) fail('extra data');
      stack.push({ close: c === '{' ? '}' : c === '[' ? ']' : ')', items: c === '{' ? new Map() : [], key: undefined, done: false });
      i++;
      continue;
    }
    if (c === '}' || c === ']' || c === ')') {
      const top = stack.pop();
      if (top === undefined || top.close !== c) fail(`unexpected '${c}'`);
      if (top!.key !== undefined) fail('dict key without value');
      i++;
      put(top!.items);
      continue;
    }
    if (c === ',') {
      const top = stack[stack.length - 1];
      if (top === undefined || !top.done) fail("unexpected ','");
      top!.done = false;
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      put(readString(text, i, (n) => (i = n), fail));
      continue;
    }
    const m = /^(?:-?\d+|True|False|None)/.exec(text.slice(i, i + 32));
    if (m === null) fail('unexpected character');
    const tok = m![0];
    i += tok.length;
    if (tok === 'True') put(true);
    else if (tok === 'False') put(false);
    else if (tok === 'None') put(null);
    else {
      const n = Number(tok);
      if (!Number.isSafeInteger(n)) fail('integer out of range');
      put(n);
    }
  }
  if (stack.length > 0 || result === undefined) fail('unexpected end');
  return result!;
}

function readString(text: string, start: number, setPos: (n: number) => void, fail: (w: string) => never): string {
  const quote = text[start]!;
  let i = start + 1;
  let out = '';
  for (;;) {
    if (i >= text.length) fail('unterminated string');
    const c = text[i]!;
    if (c === quote) break;
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = text[i + 1];
    i += 2;
    switch (e) {
      case '\\':
      case "'":
      case '"':
        out += e;
        break;
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'x':
      case 'u':
      case 'U': {
        const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = text.slice(i, i + n);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) fail('bad escape');
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) fail('bad escape');
        out += String.fromCodePoint(cp);
        i += n;
        break;
      }
      default:
        fail('unsupported escape');
    }
  }
  setPos(i + 1);
  return out;
}
