/**
 * The batch pre-scan: CPython writes a list of floats as EMPTY_LIST, then
 * batches of MARK, up to 1000 BINFLOATs, APPENDS (with a FRAME every 64 KiB,
 * often inside a batch). Scanning such a run ahead, without executing it,
 * tells the unpickler how many floats it holds, so that it can size the list
 * once and decode straight into it, charging the limits exactly as the
 * opcode-by-opcode path would. Pure: reads `data`, writes only `out`.
 */
import { Op } from '../opcodes.js';
import { u32le } from '../wire/integers.js';

/** What {@link scanFloatRun} found. */
export interface FloatRun {
  /** Offset the scan started at (the run's first BINFLOAT): the same offset scans the same, so a scan is done once. */
  from: number;
  /** BINFLOATs in the run. */
  floats: number;
  /** APPENDS batches in the run (each but the first also has its MARK in the run). */
  batches: number;
  /** FRAME opcodes in the run. */
  frames: number;
  /** Most BINFLOATs in one batch (the stack depth the batch would reach). */
  largest: number;
  /**
   * The work the opcode-by-opcode path counts for the run after its first
   * BINFLOAT: one per opcode, plus each APPENDS's item count.
   */
  work: number;
  /** Offset after the run's last APPENDS. */
  end: number;
}

/** True when the 9 bytes at `q` are a FRAME whose length fits in the input (as CPython checks). */
function isValidFrame(data: Uint8Array, q: number, end: number): boolean {
  if (q + 9 > end || data[q] !== Op.FRAME) return false;
  if (data[q + 5] !== 0 || data[q + 6] !== 0 || data[q + 7] !== 0 || data[q + 8] !== 0) return false;
  return u32le(data, q + 1) <= end - (q + 9);
}

/**
 * Scans the batches of floats from `from`, the first BINFLOAT after a MARK:
 * BINFLOATs (and FRAMEs) up to an APPENDS, then, as long as they follow
 * (FRAMEs between them allowed), more batches of MARK, BINFLOATs, APPENDS.
 * A batch that does not end in APPENDS (anything else, or the end of the
 * input) ends the run before it.
 * (Decoding the floats during this scan into a reused Float64Array, so that
 * the input is read once, was measured and did not pay: 1M floats in 7.1 /
 * 6.3 ms before and 7.1 / 7.7 ms after fresh, 10.0 / 9.7 ms before and
 * 9.7 / 9.7 ms after in a mixed process.)
 * @param out filled with the run's counts; `out.batches === 0` when even the first batch is not one.
 * @throws never.
 */
export function scanFloatRun(data: Uint8Array, from: number, end: number, out: FloatRun): void {
  out.from = from;
  out.floats = 0;
  out.batches = 0;
  out.frames = 0;
  out.largest = 0;
  out.work = 0;
  out.end = from;
  let q = from;
  let floats = 0;
  let frames = 0;
  for (;;) {
    // One batch: BINFLOATs and FRAMEs, then APPENDS.
    let k = 0;
    for (;;) {
      // Four BINFLOATs a step while they last (a third less time over 1M floats), then one at a time.
      if (q + 36 <= end && data[q] === Op.BINFLOAT && data[q + 9] === Op.BINFLOAT && data[q + 18] === Op.BINFLOAT && data[q + 27] === Op.BINFLOAT) {
        k += 4;
        q += 36;
        continue;
      }
      if (q + 9 <= end && data[q] === Op.BINFLOAT) k++;
      else if (isValidFrame(data, q, end)) frames++;
      else break;
      q += 9;
    }
    if (k === 0 || q >= end || data[q] !== Op.APPENDS) return;
    q++;
    floats += k;
    out.floats = floats;
    out.frames = frames;
    out.batches++;
    if (k > out.largest) out.largest = k;
    out.end = q;
    // First batch: k - 1 more BINFLOATs, APPENDS, k items; each later one adds its MARK.
    out.work = 2 * floats + 2 * (out.batches - 1) + frames;
    // Between batches: FRAMEs, then MARK and the next batch's first BINFLOAT or FRAME.
    let framesBetween = 0;
    while (isValidFrame(data, q, end)) {
      q += 9;
      framesBetween++;
    }
    if (q + 1 >= end || data[q] !== Op.MARK || (data[q + 1] !== Op.BINFLOAT && data[q + 1] !== Op.FRAME)) return;
    frames += framesBetween;
    q++;
  }
}

/**
 * Offset after the memo put at `q` (MEMOIZE, BINPUT, LONG_BINPUT), or `q` when there is none.
 */
function skipPut(data: Uint8Array, q: number, end: number): number {
  const c = data[q];
  if (c === Op.MEMOIZE) return q + 1;
  if (c === Op.BINPUT && q + 2 <= end) return q + 2;
  if (c === Op.LONG_BINPUT && q + 5 <= end) return q + 5;
  return q;
}

/**
 * Offset after the opcode at `q` when it pushes one value and touches no
 * container (a str, an int, None, a bool, a memo fetch), else -1. Floats are
 * left to {@link scanFloatRun}.
 */
function skipSimpleItem(data: Uint8Array, q: number, end: number): number {
  switch (data[q]) {
    case Op.NONE:
    case Op.NEWTRUE:
    case Op.NEWFALSE:
      return q + 1;
    case Op.BININT1:
    case Op.BINGET:
      return q + 2;
    case Op.BININT2:
      return q + 3;
    case Op.BININT:
    case Op.LONG_BINGET:
      return q + 5;
    case Op.SHORT_BINUNICODE:
      return q + 1 < end ? q + 2 + data[q + 1]! : -1;
    case Op.BINUNICODE:
      return q + 5 <= end ? q + 5 + u32le(data, q + 1) : -1;
    default:
      return -1;
  }
}

/**
 * True when the opcodes at `at` (right after an EMPTY_LIST) are an optional
 * memo put, then a whole batch of floats ({@link scanFloatRun}).
 * @param out scratch for the scan.
 * @throws never.
 */
export function floatBatchFollows(data: Uint8Array, at: number, end: number, out: FloatRun): boolean {
  const q = skipPut(data, at, end);
  if (q + 1 >= end || data[q] !== Op.MARK || data[q + 1] !== Op.BINFLOAT) return false;
  scanFloatRun(data, q + 1, end, out);
  return out.batches > 0;
}

/**
 * How many items the list an EMPTY_LIST at `at - 1` gets from the opcodes at
 * `at`, when they are batches of simple items only: an optional memo put,
 * then MARK, items (each optionally memoized, FRAMEs between them allowed),
 * APPENDS, and as long as they follow (FRAMEs before them allowed) more such batches; or a put, one item,
 * APPEND. The unpickler sizes the list to that exactly (a list grown by
 * push from empty takes room for 16 items: ~190 bytes for a list of two; a
 * long one is copied at every growth). No other list can start inside such
 * a run, so the runs different lists scan never overlap.
 * @returns the item count, or 0 when the opcodes are anything else.
 * @throws never.
 */
export function simpleBatchLength(data: Uint8Array, at: number, end: number): number {
  let q = skipPut(data, at, end);
  if (q >= end) return 0;
  if (data[q] !== Op.MARK) {
    const next = skipSimpleItem(data, q, end);
    if (next < 0 || next >= end) return 0;
    q = skipPut(data, next, end);
    return q < end && data[q] === Op.APPEND ? 1 : 0;
  }
  let total = 0;
  for (;;) {
    // q is at a MARK: one batch.
    q++;
    let k = 0;
    for (;;) {
      if (q >= end) return total;
      if (data[q] === Op.APPENDS) break;
      // CPython's framer starts a new frame wherever 64 KiB fill up, inside a batch too.
      if (isValidFrame(data, q, end)) {
        q += 9;
        continue;
      }
      const next = skipSimpleItem(data, q, end);
      if (next < 0 || next >= end) return total;
      q = skipPut(data, next, end);
      k++;
    }
    if (k === 0) return total;
    total += k;
    q++;
    while (isValidFrame(data, q, end)) q += 9;
    if (q >= end || data[q] !== Op.MARK) return total;
  }
}
