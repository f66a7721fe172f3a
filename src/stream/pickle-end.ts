/**
 * Finds where one pickle ends without building its value: a walk over the
 * opcode table's argument kinds only (fixed widths, newline-terminated lines,
 * length-prefixed payloads) up to `STOP`. It is resumable, so a stream reader
 * can feed it bytes as they arrive and buffer only the pickle being read.
 */
import { ARG_KINDS, OPCODES_BY_CODE, Op } from '../opcodes.js';
import { UnpicklingError } from '../errors.js';

/** Width, per opcode byte: >= 0 fixed argument bytes; -1 one line; -3 two lines; 1/4/8 length prefix (encoded as 100 + width); -100 unknown. */
const UNKNOWN = -100;
const LINE = -1;
const TWO_LINES = -3;
const COUNTED = 100;

const SHAPE: Int16Array = (() => {
  const shape = new Int16Array(256).fill(UNKNOWN);
  for (let code = 0; code < 256; code++) {
    const op = OPCODES_BY_CODE[code];
    if (op === undefined) continue;
    const info = ARG_KINDS[op.arg];
    if (op.arg === 'stringnl_noescape_pair') shape[code] = TWO_LINES;
    else if (info.width === -1) shape[code] = LINE;
    else if (info.width === -2) shape[code] = COUNTED + info.lengthWidth;
    else shape[code] = info.width;
  }
  return shape;
})();

/** Where a walk stopped. */
export interface PickleEndScan {
  /**
   * Offset just past the pickle's `STOP`, or -1 when `data` ends before it
   * (call again with more data, starting from `resume`).
   */
  readonly end: number;
  /** The offset of the first opcode not yet fully read: where to resume. */
  readonly resume: number;
}

/**
 * Walks opcodes from `pos` until `STOP` or the end of the data.
 * @param data the buffered bytes.
 * @param pos offset of an opcode boundary inside the current pickle.
 * @param maxBytes the most bytes one pickle may take, counted from `pickleStart`: a length prefix
 *   beyond it is refused before its payload is buffered.
 * @param pickleStart offset where the current pickle began (for the limit and messages).
 * @param base offset of `data[0]` in the whole stream (for messages).
 * @throws UnpicklingError for an unknown opcode, a negative or over-limit length, with its stream offset.
 */
export function findPickleEnd(data: Uint8Array, pos: number, maxBytes: number, pickleStart: number, base: number): PickleEndScan {
  const n = data.length;
  while (pos < n) {
    const code = data[pos]!;
    const shape = SHAPE[code]!;
    let next: number;
    if (shape >= 0 && shape < COUNTED) {
      next = pos + 1 + shape;
    } else if (shape === LINE || shape === TWO_LINES) {
      let nl = data.indexOf(0x0a, pos + 1);
      if (nl >= 0 && shape === TWO_LINES) nl = data.indexOf(0x0a, nl + 1);
      if (nl < 0) {
        if (n - pickleStart > maxBytes) throw overLimit(maxBytes, pickleStart + base);
        return { end: -1, resume: pos };
      }
      next = nl + 1;
    } else if (shape > COUNTED) {
      const width = shape - COUNTED;
      if (pos + 1 + width > n) return { end: -1, resume: pos };
      let length = 0;
      for (let i = width - 1; i >= 0; i--) length = length * 256 + data[pos + 1 + i]!;
      // string4 and long4 are signed; a negative count is malformed (the high bit makes it >= 2^31).
      if ((code === Op.BINSTRING || code === Op.LONG4) && length >= 2 ** 31) {
        throw new UnpicklingError('negative byte count in a length-prefixed argument', { offset: base + pos, opcode: OPCODES_BY_CODE[code]!.name });
      }
      next = pos + 1 + width + length;
      if (next - pickleStart > maxBytes) throw overLimit(maxBytes, pickleStart + base);
    } else {
      throw new UnpicklingError(`invalid load key, '${keyRepr(code)}'.`, { offset: base + pos });
    }
    if (next > n) {
      if (next - pickleStart > maxBytes) throw overLimit(maxBytes, pickleStart + base);
      return { end: -1, resume: pos };
    }
    if (code === Op.STOP) return { end: next, resume: next };
    pos = next;
  }
  return { end: -1, resume: pos };
}

/**
 * The payload of the length-prefixed opcode at `pos` when its header is in
 * `data` (what a walk that stopped at `pos` is waiting for): `[start, end)`,
 * `end` possibly past the data. Undefined for any other opcode, or before the
 * length has arrived.
 * @throws never
 */
export function pendingPayload(data: Uint8Array, pos: number): { readonly start: number; readonly end: number } | undefined {
  if (pos >= data.length) return undefined;
  const shape = SHAPE[data[pos]!]!;
  if (shape <= COUNTED) return undefined;
  const width = shape - COUNTED;
  if (pos + 1 + width > data.length) return undefined;
  let length = 0;
  for (let i = width - 1; i >= 0; i--) length = length * 256 + data[pos + 1 + i]!;
  return { start: pos + 1 + width, end: pos + 1 + width + length };
}

function overLimit(maxBytes: number, start: number): UnpicklingError {
  return new UnpicklingError(`the pickle starting at byte ${start} is larger than maxPickleBytes (${maxBytes} bytes); raise the limit to read it`);
}

/** `invalid load key` as CPython (and picklejar's unpickler) formats the offending byte. */
function keyRepr(code: number): string {
  const printable = code >= 0x20 && code <= 0x7e && code !== 0x27 && code !== 0x5c;
  return printable ? String.fromCharCode(code) : '\\x' + code.toString(16).padStart(2, '0');
}
