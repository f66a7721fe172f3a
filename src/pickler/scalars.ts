/**
 * The pickler's writers of single values that need no memo decision: ints,
 * floats, str and bytes payloads, each choosing its opcode as CPython's
 * `save_long`, `save_float`, `save_unicode`, `save_bytes` do. The hot cases
 * (small ints, BINFLOAT, short strs) are also inlined in the machine's
 * `saveScalar`; these are the general forms.
 */
import { Op } from '../opcodes.js';
import { encodeLong } from '../wire/long.js';
import { encodeUtf8 } from '../wire/utf8.js';
import { floatRepr } from '../wire/float-repr.js';
import { maxRawUnicodeEscapeLength, writeRawUnicodeEscape } from './text-encodings.js';
import { FRAME_SIZE_TARGET, type PickleWriter } from './writer.js';

/** CPython's default `sys.get_int_max_str_digits()`: protocol 0/1 ints write their decimal repr. */
const MAX_STR_DIGITS = 4300;

/**
 * An int that is a JS number: BININT1/BININT2/BININT (INT text at protocol 0),
 * or LONG1 / `L…L` beyond 32 bits.
 * @throws never (a double has at most 309 digits).
 */
export function writeInt(w: PickleWriter, protocol: number, v: number): void {
  if (v >= -0x80000000 && v <= 0x7fffffff) {
    if (protocol === 0) w.ascii(`I${v}\n`);
    else if (v >= 0 && v < 256) w.byte2(Op.BININT1, v);
    else if (v >= 0 && v < 65536) w.opU16(Op.BININT2, v);
    else w.opU32(Op.BININT, v);
    return;
  }
  if (protocol >= 2 && Number.isSafeInteger(v)) writeSafeLong1(w, v);
  else writeBigInt(w, protocol, BigInt(v));
}

/**
 * LONG1 for a safe integer outside int32, in plain number arithmetic: the
 * bigint route (`BigInt`, `toString(2)`, a byte array) costs several times
 * more, and such ints (timestamps in ms, ids) are common. The width is the
 * fewest two's-complement bytes that hold `v` (5 to 7 here), which is what
 * CPython's `encode_long` writes.
 */
function writeSafeLong1(w: PickleWriter, v: number): void {
  // Bytes for the sign bit too: 5 up to ±2^39, 6 up to ±2^47, else 7 (a safe integer is under 2^53).
  const n = v < 0x8000000000 && v >= -0x8000000000 ? 5 : v < 0x800000000000 && v >= -0x800000000000 ? 6 : 7;
  w.reserve(n + 2);
  const buf = w.buf;
  let p = w.pos;
  buf[p++] = Op.LONG1;
  buf[p++] = n;
  // Low 32 bits (ToUint32 is exact modulo 2^32), then the high part, exact
  // after a floor division by 2^32 and within int32, so `>>` sign-extends it.
  const lo = v >>> 0;
  const hi = Math.floor(v / 0x100000000);
  buf[p++] = lo & 0xff;
  buf[p++] = (lo >>> 8) & 0xff;
  buf[p++] = (lo >>> 16) & 0xff;
  buf[p++] = lo >>> 24;
  for (let i = 0; i < n - 4; i++) buf[p++] = (hi >> (8 * i)) & 0xff;
  w.pos = p;
}

/**
 * An int that is a bigint, as CPython's `save_long`.
 * @returns an error message when protocol 0/1 cannot write it (more decimal
 *   digits than CPython's int-to-str limit), with nothing written.
 * @throws never.
 */
export function writeBigInt(w: PickleWriter, protocol: number, v: bigint): string | undefined {
  if (v >= -0x80000000n && v <= 0x7fffffffn) {
    writeInt(w, protocol, Number(v));
    return undefined;
  }
  if (protocol >= 2) {
    const bytes = encodeLong(v);
    if (bytes.length < 256) w.byte2(Op.LONG1, bytes.length);
    else w.opU32(Op.LONG4, bytes.length);
    w.raw(bytes);
    return undefined;
  }
  const text = v.toString();
  if (text.length - (v < 0n ? 1 : 0) > MAX_STR_DIGITS) {
    return `Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion: protocol ${protocol} writes ints in decimal; use protocol 2 or higher`;
  }
  w.ascii(`L${text}L\n`);
  return undefined;
}

/**
 * A float: BINFLOAT (with a NaN's recorded bits when given), or FLOAT's repr
 * text at protocol 0.
 * @throws never.
 */
export function writeFloat(w: PickleWriter, protocol: number, x: number, bits?: bigint): void {
  if (protocol > 0) w.binfloatBits(x, bits);
  else w.ascii(`F${floatRepr(x)}\n`);
}

/**
 * A str's opcode and payload, without its memo opcode: UNICODE text at
 * protocol 0, else SHORT_BINUNICODE (protocol 4+) / BINUNICODE /
 * BINUNICODE8, a payload of 64 KiB or more outside frames.
 * @throws never (a JS string's UTF-8 stays under 4 GiB).
 */
export function writeStr(w: PickleWriter, protocol: number, s: string): void {
  if (protocol === 0) {
    writeUnicodeText(w, s);
    return;
  }
  const n = s.length;
  const short = protocol >= 4;
  if (n * 3 >= FRAME_SIZE_TARGET) {
    // Possibly a payload written outside frames: encode first to know its size.
    const data = encodeUtf8(s);
    writeSized(w, protocol, data, Op.SHORT_BINUNICODE, Op.BINUNICODE, Op.BINUNICODE8, short);
    return;
  }
  w.shortStr(s, short);
}

/** Protocol 0 str: `UNICODE` with CPython's raw-unicode-escape, then a newline. */
function writeUnicodeText(w: PickleWriter, s: string): void {
  w.reserve(2 + maxRawUnicodeEscapeLength(s));
  w.byte(Op.UNICODE);
  w.pos = writeRawUnicodeEscape(s, w.buf, w.pos);
  w.byte(0x0a);
}

/**
 * A counted payload (bytes or str) with the opcode CPython picks for its size:
 * the 1-byte form when `short` allows it, the 4-byte form, or the 8-byte form
 * at protocol 4+.
 * @returns an error message when the payload needs the 8-byte form below
 *   protocol 4, with nothing written.
 * @throws never.
 */
export function writeSized(w: PickleWriter, protocol: number, data: Uint8Array, shortOp: number, op4: number, op8: number, short: boolean): string | undefined {
  const size = data.length;
  if (size <= 0xff && short) w.sized(shortOp, 1, data);
  else if (size <= 0xffffffff) w.sized(op4, 4, data);
  else if (protocol >= 4) w.sized(op8, 8, data);
  else return 'larger than 4 GiB requires pickle protocol 4 or higher';
  return undefined;
}

/**
 * One UTF-16 code unit as UTF-8 at `buf[q]` (1 to 3 bytes; a surrogate, as
 * surrogatepass writes a lone one, in 3). The machine's short-str pass calls
 * it for units outside ASCII; a surrogate pair must be written as one 4-byte
 * char instead (`encodeUtf8Into`).
 * @returns the position after the bytes written.
 * @throws never.
 */
export function writeUtf8Unit(buf: Uint8Array, q: number, c: number): number {
  if (c < 0x80) buf[q++] = c;
  else if (c < 0x800) {
    buf[q++] = 0xc0 | (c >> 6);
    buf[q++] = 0x80 | (c & 0x3f);
  } else {
    buf[q++] = 0xe0 | (c >> 12);
    buf[q++] = 0x80 | ((c >> 6) & 0x3f);
    buf[q++] = 0x80 | (c & 0x3f);
  }
  return q;
}
