/**
 * pickletools' `genops`: the opcodes of a pickle with their decoded arguments
 * and byte offsets, read from the one opcode table, with pickletools' error
 * messages. `dis`, `optimize` and the scanner read pickles through this.
 */

import { ARG_KINDS, OPCODES_BY_CODE, Op, type ArgKind, type OpcodeInfo } from '../opcodes.js';
import { ByteArray } from '../values/byte-array.js';
import { Float } from '../values/float.js';
import { f64be, i32le, lengthPrefix, u16le, u32le, u64le } from '../wire/integers.js';
import { decodeLong } from '../wire/long.js';
import { decodeUtf8, Utf8Error } from '../wire/utf8.js';
import {
  decodeAscii,
  decodeLatin1,
  decodeRawUnicodeEscape,
  escapeDecode,
  parsePyFloat,
  parsePyInt,
  TextArgumentError,
  utf8ErrorMessage,
} from '../wire/text-arguments.js';
import { bytesRepr } from '../wire/bytes-repr.js';
import { PickletoolsError } from './pickletools-error.js';

/**
 * One opcode as read from a pickle.
 *
 * `arg` is the decoded inline argument, as pickletools' readers give it:
 * `null` when the opcode has none; a `number` (or a `bigint` beyond 2^53) for
 * integer kinds, `true`/`false` for protocol 0's `INT 01`/`00`; a `string` for
 * text kinds (`STRING`'s repr decoded; `GLOBAL`/`INST`'s two lines joined by a
 * space, `"module name"`); a `Uint8Array` for bytes, a `ByteArray` for
 * `BYTEARRAY8`; for floats a `number`, or a `Float` when the value is integral
 * or -0.0 (so that `pyRepr` prints `1.0`, as pickletools does).
 */
export interface OpToken {
  /** The opcode's entry in the opcode table. */
  readonly op: OpcodeInfo;
  /** The decoded argument (see above); `undefined` when read with `decodeArg = false`. */
  readonly arg: unknown;
  /** Byte offset of the opcode byte. */
  readonly offset: number;
  /** Bytes taken by the opcode and its argument. */
  readonly length: number;
}

/** Options of `genops`. */
export interface GenopsOptions {
  /** Byte offset of the first opcode; default 0. Offsets in tokens stay absolute. */
  readonly start?: number;
}

/** pickletools' sys.maxsize checks (`bytes8 byte count > sys.maxsize`). */
const SYS_MAXSIZE = 2n ** 63n - 1n;

function fail(reason: string, offset: number, op: OpcodeInfo | undefined, pythonType = 'ValueError'): PickletoolsError {
  return new PickletoolsError(reason, offset, op ? op.name : '', pythonType);
}

function floatValue(x: number): number | Float {
  return Number.isInteger(x) || Object.is(x, -0) ? new Float(x) : x;
}

/** Which integer reader pickletools uses for a counted kind's length (its name shows in messages). */
function lengthReaderName(kind: ArgKind, width: number): string {
  if (kind === 'string4' || kind === 'long4') return 'int4';
  return width === 1 ? 'uint1' : width === 4 ? 'uint4' : 'uint8';
}

/**
 * Reads one opcode at `pos`.
 * @param data the pickle bytes.
 * @param pos offset of the opcode byte; must be < `data.length`.
 * @param decodeArg false to skip decoding the argument (`arg` is then `undefined`); lengths and
 *   truncation are still checked, text arguments are not validated.
 * @returns the token; `offset + length` is where the next opcode starts.
 * @throws PickletoolsError (an UnpicklingError) with pickletools' message for an unknown opcode,
 *   a truncated or malformed argument.
 */
export function readOp(data: Uint8Array, pos: number, decodeArg = true): OpToken {
  const end = data.length;
  if (pos >= end) throw fail('pickle exhausted before seeing STOP', pos, undefined);
  const code = data[pos]!;
  const op = OPCODES_BY_CODE[code];
  if (op === undefined) {
    throw fail(`at position ${pos}, opcode ${bytesRepr(data, pos, pos + 1)} unknown`, pos, undefined);
  }
  const kind = op.arg;
  if (kind === 'none') return { op, arg: null, offset: pos, length: 1 };
  const info = ARG_KINDS[kind];
  const at = pos + 1;
  if (info.width >= 0) {
    if (at + info.width > end) throw fail(`not enough data in stream to read ${info.name}`, pos, op);
    const length = 1 + info.width;
    if (!decodeArg) return { op, arg: undefined, offset: pos, length };
    let arg: unknown;
    switch (kind) {
      case 'uint1':
        arg = data[at]!;
        break;
      case 'uint2':
        arg = u16le(data, at);
        break;
      case 'int4':
        arg = i32le(data, at);
        break;
      case 'uint4':
        arg = u32le(data, at);
        break;
      case 'uint8':
        arg = u64le(data, at);
        break;
      case 'float8':
        arg = floatValue(f64be(data, at));
        break;
      default:
        throw new Error(`unhandled fixed argument kind ${kind}`);
    }
    return { op, arg, offset: pos, length };
  }
  if (info.width === -1) return readLineArgument(data, pos, op, kind, decodeArg);
  return readCountedArgument(data, pos, op, kind, info.lengthWidth, decodeArg);
}

function readCountedArgument(data: Uint8Array, pos: number, op: OpcodeInfo, kind: ArgKind, width: number, decodeArg: boolean): OpToken {
  const at = pos + 1;
  const end = data.length;
  const name = ARG_KINDS[kind].name;
  if (at + width > end) throw fail(`not enough data in stream to read ${lengthReaderName(kind, width)}`, pos, op);
  const n = lengthPrefix(data, at, width as 1 | 4 | 8);
  if ((kind === 'string4' || kind === 'long4') && (n as number) >= 0x80000000) {
    throw fail(`${name} byte count < 0: ${(n as number) - 0x100000000}`, pos, op);
  }
  if (typeof n === 'bigint' && n > SYS_MAXSIZE) throw fail(`${name} byte count > sys.maxsize: ${n}`, pos, op);
  const start = at + width;
  const remain = end - start;
  if (typeof n === 'bigint' || n > remain) {
    if (kind === 'long1' || kind === 'long4') throw fail(`not enough data in stream to read ${name}`, pos, op);
    throw fail(`expected ${n} bytes in a ${name}, but only ${remain} remain`, pos, op);
  }
  const stop = start + n;
  const length = stop - pos;
  if (!decodeArg) return { op, arg: undefined, offset: pos, length };
  let arg: unknown;
  switch (kind) {
    case 'string1':
    case 'string4':
      arg = decodeLatin1(data, start, stop);
      break;
    case 'bytes1':
    case 'bytes4':
    case 'bytes8':
      arg = data.slice(start, stop);
      break;
    case 'bytearray8':
      arg = ByteArray.fromBytes(data.subarray(start, stop));
      break;
    case 'unicodestring1':
    case 'unicodestring4':
    case 'unicodestring8':
      try {
        arg = decodeUtf8(data, start, stop);
      } catch (e) {
        if (!(e instanceof Utf8Error)) throw e;
        const message = utf8ErrorMessage(data, start, stop) ?? `'utf-8' codec can't decode: ${e.message}`;
        throw fail(message, pos, op, 'UnicodeDecodeError');
      }
      break;
    case 'long1':
    case 'long4':
      arg = decodeLong(data, start, n);
      break;
    default:
      throw new Error(`unhandled counted argument kind ${kind}`);
  }
  return { op, arg, offset: pos, length };
}

/** Finds the end of the line starting at `from` (the index after its '\n'), or -1. */
function lineEnd(data: Uint8Array, from: number): number {
  const nl = data.indexOf(0x0a, from);
  return nl < 0 ? -1 : nl + 1;
}

function readLineArgument(data: Uint8Array, pos: number, op: OpcodeInfo, kind: ArgKind, decodeArg: boolean): OpToken {
  const start = pos + 1;
  const readerName = kind === 'unicodestringnl' ? 'unicodestringnl' : 'stringnl';
  const noNewline = (): PickletoolsError => fail(`no newline found when trying to read ${readerName}`, pos, op);
  let stop = lineEnd(data, start);
  if (stop < 0) throw noNewline();
  let arg: unknown;
  try {
    switch (kind) {
      case 'decimalnl_short': {
        if (!decodeArg) break;
        const len = stop - 1 - start;
        if (len === 2 && data[start] === 0x30 && (data[start + 1] === 0x30 || data[start + 1] === 0x31)) {
          arg = data[start + 1] === 0x31;
        } else {
          arg = parsePyInt(data, start, stop - 1, 10);
        }
        break;
      }
      case 'decimalnl_long': {
        if (!decodeArg) break;
        let last = stop - 1;
        if (last > start && data[last - 1] === 0x4c) last--; // trailing 'L'
        arg = parsePyInt(data, start, last, 10);
        break;
      }
      case 'floatnl':
        if (decodeArg) arg = floatValue(parsePyFloat(data, start, stop - 1));
        break;
      case 'stringnl':
        if (decodeArg) arg = readQuotedString(data, start, stop - 1);
        break;
      case 'stringnl_noescape':
        if (decodeArg) arg = decodeAscii(escapeDecode(data, start, stop - 1));
        break;
      case 'stringnl_noescape_pair': {
        const first = decodeArg ? decodeAscii(escapeDecode(data, start, stop - 1)) : '';
        const secondStart = stop;
        stop = lineEnd(data, secondStart);
        if (stop < 0) throw noNewline();
        if (decodeArg) arg = `${first} ${decodeAscii(escapeDecode(data, secondStart, stop - 1))}`;
        break;
      }
      case 'unicodestringnl':
        if (decodeArg) arg = decodeRawUnicodeEscape(data, start, stop - 1);
        break;
      default:
        throw new Error(`unhandled line argument kind ${kind}`);
    }
  } catch (e) {
    if (e instanceof TextArgumentError) throw fail(e.message, pos, op, e.pythonType);
    throw e;
  }
  return { op, arg, offset: pos, length: stop - pos };
}

/** pickletools' `read_stringnl`: strip matching quotes, then escape-decode and decode as ASCII. */
function readQuotedString(data: Uint8Array, start: number, end: number): string {
  const first = end > start ? data[start]! : -1;
  if (first !== 0x22 && first !== 0x27) {
    throw new TextArgumentError(`no string quotes around ${bytesRepr(data, start, end)}`);
  }
  if (data[end - 1] !== first) {
    const q = first === 0x22 ? `b'"'` : `b"'"`;
    throw new TextArgumentError(`strinq quote ${q} not found at both ends of ${bytesRepr(data, start, end)}`);
  }
  // A lone quote character counts as quoted at both ends: its content is empty.
  const inner = end - start >= 2 ? [start + 1, end - 1] : [start, start];
  return decodeAscii(escapeDecode(data, inner[0]!, inner[1]!));
}

/**
 * Yields the opcodes of one pickle, like `pickletools.genops`: from `start`
 * through the first `STOP`. To read the next pickle of a stream, call again
 * with `start` set to the previous STOP's `offset + length`.
 * @param data the pickle bytes.
 * @param options where to start.
 * @throws PickletoolsError (an UnpicklingError) with pickletools' message and the byte offset,
 *   when the data ends before `STOP` (`pickle exhausted before seeing STOP`), holds an unknown
 *   opcode or a malformed argument. Tokens before the error have already been yielded.
 */
export function* genops(data: Uint8Array, options: GenopsOptions = {}): Generator<OpToken, void, undefined> {
  let pos = options.start ?? 0;
  for (;;) {
    const token = readOp(data, pos);
    yield token;
    if (token.op.code === Op.STOP) return;
    pos += token.length;
  }
}
