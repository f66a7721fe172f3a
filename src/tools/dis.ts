/**
 * pickletools' `dis`: a symbolic disassembly of a pickle, character for
 * character as CPython 3.11 prints it, with its stack and memo checks and its
 * errors at the same points.
 */

import { ARG_KINDS, STACK_ITEM_NAMES, type StackItem } from '../opcodes.js';
import { pyRepr } from '../repr/py-repr.js';
import { codePointsRepr, strRepr } from '../repr/str-repr.js';
import { numberRepr } from '../repr/scalar-repr.js';
import { INT_MAX_STR_DIGITS, decodeRawUnicodeEscapeCodePoints, utf8CodePoints } from '../wire/text-arguments.js';
import { genops, type OpToken } from './genops.js';
import { PickletoolsError } from './pickletools-error.js';

/**
 * The memo `dis` keeps: memo index → the abstract stack item stored there.
 * Pass the same Map to several `dis` calls to disassemble pickles written by
 * one pickler with one memo (pickletools' `memo` argument).
 */
export type DisMemo = Map<number | bigint, StackItem>;

/** Options of `dis`, named and defaulted as pickletools' arguments. */
export interface DisOptions {
  /**
   * Annotate each line with the first line of the opcode's pickletools doc,
   * starting near this column (pickletools' `annotate`; `python -m
   * pickletools -a` uses 30). `true` means 1. Default 0: no annotations.
   */
  readonly annotate?: number | boolean;
  /** Blanks per MARK level; default 4 (pickletools' `indentlevel`). */
  readonly indentlevel?: number;
  /** The memo to use and update (pickletools' `memo`); default a fresh one. */
  readonly memo?: DisMemo;
  /**
   * Byte offset to start at (default 0), as when pickletools reads from a file
   * positioned there: offsets printed stay absolute, and `dis` stops after the
   * first STOP from there.
   */
  readonly start?: number;
  /**
   * Longest text (in UTF-16 units) to produce before giving up with a
   * PickletoolsError; default 2^27. pickletools has no such limit, but a few
   * kilobytes of nested MARKs can ask for gigabytes of indentation, which a JS
   * string cannot hold.
   */
  readonly maxOutput?: number;
  /**
   * Receives the text in pieces as it is produced, instead of collecting it
   * all: memory then stays bounded however long the disassembly, `maxOutput`
   * bounds each piece, and `dis` returns ''. On an error, the error's `output`
   * holds only the text not yet handed to `write`.
   */
  readonly write?: (text: string) => void;
}

/** Default `maxOutput`: 128 Mi characters. */
const DEFAULT_MAX_OUTPUT = 2 ** 27;
/** Lines collected before a piece is handed to `options.write`. */
const FLUSH_LINES = 4096;

/** Python's `len()` of a str: code points, not UTF-16 units. */
function pyLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** pickletools' `"%-4s " % repr(opcode.code)[1:-1]` for every byte. */
const CODE_TEXT: readonly string[] = Array.from({ length: 256 }, (_, code) => strRepr(String.fromCharCode(code)).slice(1, -1).padEnd(4) + ' ');

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * `repr(arg)`. A str argument holding surrogates is printed from its bytes:
 * Python keeps two encoded surrogates as two code points (each printed
 * escaped) where the decoded JS string has paired them into one character.
 */
function argRepr(data: Uint8Array, token: OpToken): string {
  const arg = token.arg;
  if (typeof arg === 'number') return numberRepr(arg);
  if (typeof arg === 'string' && SURROGATE.test(arg)) {
    const kind = token.op.arg;
    const end = token.offset + token.length;
    if (kind === 'unicodestringnl') return codePointsRepr(decodeRawUnicodeEscapeCodePoints(data, token.offset + 1, end - 1));
    if (kind === 'unicodestring1' || kind === 'unicodestring4' || kind === 'unicodestring8') {
      return codePointsRepr(utf8CodePoints(data, token.offset + 1 + ARG_KINDS[kind].lengthWidth, end));
    }
  }
  if (typeof arg === 'string') return strRepr(arg);
  return pyRepr(arg);
}

/** A memo index as Python's dict sees it: `True` is 1, a small bigint is the number. */
function memoKey(arg: unknown): number | bigint {
  if (typeof arg === 'boolean') return arg ? 1 : 0;
  if (typeof arg === 'bigint' && arg >= -9007199254740991n && arg <= 9007199254740991n) return Number(arg);
  return arg as number | bigint;
}

/** Whether Python's `repr()` refuses the int for having more than 4300 digits. */
function tooManyDigits(value: bigint): boolean {
  const magnitude = value < 0n ? -value : value;
  // Hex length is cheap; decimal digits are needed only near the limit (2^14284 has 4300 digits).
  const bits = magnitude.toString(16).length * 4;
  if (bits < 14000) return false;
  if (bits > 14400) return true;
  return magnitude.toString().length > INT_MAX_STR_DIGITS;
}

/**
 * Disassembles the pickle at `options.start` (default 0) through its first
 * STOP, exactly as CPython 3.11's `pickletools.dis(pickle, out, memo,
 * indentlevel, annotate)` prints it: one line per opcode with its offset,
 * MARK-level indentation, argument repr, `(MARK at N)` / `(as N)` notes and
 * optional annotations, then `highest protocol among opcodes = N`. Data after
 * the STOP is not read (`python -m pickletools FILE` also shows only the
 * first pickle of a file; pass `start` to show the next).
 * @param data the pickle bytes.
 * @param options pickletools' `annotate`, `indentlevel` and `memo`, and `start`.
 * @returns the disassembly, each line ending with `\n`.
 * @throws PickletoolsError (an UnpicklingError) where pickletools raises, with its message as
 *   `reason` (`memo key 1 already defined`, `tries to pop 2 items from stack with only 1 items`,
 *   `no MARK exists on stack`, `stack not empty after STOP: [int]`, argument errors, …) and
 *   the text printed up to that point as `output`.
 */
export function dis(data: Uint8Array, options: DisOptions = {}): string {
  const annotate = options.annotate === true ? 1 : options.annotate === false ? 0 : (options.annotate ?? 0);
  const indentChunk = ' '.repeat(Math.max(0, options.indentlevel ?? 4));
  const memo: DisMemo = options.memo ?? new Map();
  const stack: StackItem[] = [];
  const markstack: number[] = [];
  let maxproto = -1;
  let annocol = annotate;
  // Lines are collected and joined once: appending to one huge string made GC dominate.
  const out: string[] = [];
  let outLength = 0;
  const maxOutput = options.maxOutput ?? DEFAULT_MAX_OUTPUT;
  const write = options.write;
  let lastPos = -1;
  const failure = (reason: string, offset: number, opcode: string, pythonType = 'ValueError'): PickletoolsError => {
    const error = new PickletoolsError(reason, offset, opcode, pythonType);
    error.output = out.join('');
    return error;
  };
  const tooLong = (pos: number, opcode: string): PickletoolsError =>
    failure(`disassembly longer than maxOutput (${maxOutput} characters)`, pos, opcode, 'PicklejarLimit');
  try {
    for (const token of genops(data, { start: options.start ?? 0 })) {
      const { op, arg, offset: pos } = token;
      lastPos = pos;
      out.push(String(pos).padStart(5) + ': ');
      let line = CODE_TEXT[op.code]! + (markstack.length ? indentChunk.repeat(markstack.length) : '') + op.name;
      if (op.proto > maxproto) maxproto = op.proto;
      // Checked before the indentation is paid for, and again once the argument is printed.
      if (outLength + line.length > maxOutput) throw tooLong(pos, op.name);
      const before = op.before;
      let after: readonly StackItem[] = op.after;
      let numtopop = before.length;
      let markmsg: string | undefined;
      let errormsg: string | undefined;

      const markIndex = before.indexOf('mark');
      if (markIndex >= 0 || (op.name === 'POP' && stack.length > 0 && stack[stack.length - 1] === 'mark')) {
        if (markstack.length > 0) {
          markmsg = `(MARK at ${markstack.pop()!})`;
          // Pop everything at and after the topmost mark. The stack can have lost that mark
          // (an ordinary opcode consumed it), and pickletools then fails on an empty list.
          while (stack.length > 0 && stack[stack.length - 1] !== 'mark') stack.pop();
          if (stack.length === 0) throw failure('list index out of range', pos, op.name, 'IndexError');
          stack.pop();
          numtopop = markIndex >= 0 ? markIndex : 0;
        } else {
          errormsg = markmsg = 'no MARK exists on stack';
        }
      }

      if (op.name === 'PUT' || op.name === 'BINPUT' || op.name === 'LONG_BINPUT' || op.name === 'MEMOIZE') {
        let key: number | bigint;
        if (op.name === 'MEMOIZE') {
          key = memo.size;
          markmsg = `(as ${key})`;
        } else {
          key = memoKey(arg);
        }
        if (memo.has(key)) errormsg = `memo key ${op.name === 'MEMOIZE' ? 'None' : pyRepr(arg)} already defined`;
        else if (stack.length === 0) errormsg = "stack is empty -- can't store into memo";
        else if (stack[stack.length - 1] === 'mark') errormsg = "can't store markobject in the memo";
        else memo.set(key, stack[stack.length - 1]!);
      } else if (op.name === 'GET' || op.name === 'BINGET' || op.name === 'LONG_BINGET') {
        const stored = memo.get(memoKey(arg));
        if (stored !== undefined) after = [stored];
        else errormsg = `memo key ${pyRepr(arg)} has never been stored into`;
      }

      if (arg !== null || markmsg !== undefined) {
        line += ' '.repeat(Math.max(0, 10 - op.name.length));
        if (arg !== null) {
          if (typeof arg === 'bigint' && tooManyDigits(arg)) {
            throw failure(
              `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`,
              pos,
              op.name,
            );
          }
          line += ' ' + argRepr(data, token);
        }
        if (markmsg !== undefined) line += ' ' + markmsg;
      }
      if (annotate) {
        const len = pyLength(line);
        line += ' '.repeat(Math.max(0, annocol - len));
        annocol = Math.max(len, annocol);
        if (annocol > 50) annocol = annotate;
        line += ' ' + op.pickletoolsDoc;
      }
      outLength += line.length + 8;
      if (outLength > maxOutput) throw tooLong(pos, op.name);
      out.push(line + '\n');
      if (write !== undefined && out.length >= FLUSH_LINES) {
        write(out.join(''));
        out.length = 0;
        outLength = 0;
      }

      // pickletools complains only after printing the offending line.
      if (errormsg !== undefined) throw failure(errormsg, pos, op.name);

      if (stack.length < numtopop) {
        throw failure(`tries to pop ${numtopop} items from stack with only ${stack.length} items`, pos, op.name);
      }
      if (numtopop) stack.length -= numtopop;
      if (after.includes('mark')) markstack.push(pos);
      for (const item of after) stack.push(item);
    }
  } catch (e) {
    if (e instanceof PickletoolsError && e.output === '') e.output = out.join('');
    throw e;
  }
  out.push(`highest protocol among opcodes = ${maxproto}\n`);
  if (stack.length > 0) {
    throw failure(`stack not empty after STOP: [${stack.map((s) => STACK_ITEM_NAMES[s]).join(', ')}]`, lastPos, 'STOP');
  }
  if (write !== undefined) {
    write(out.join(''));
    return '';
  }
  return out.join('');
}
