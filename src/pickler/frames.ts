/**
 * The pickler's frame stack: containers being written are frames on an
 * explicit stack (no recursion on input depth). Each `Frame` is a reused
 * object with named fields; the stack keeps them between pushes so that a
 * push allocates nothing once the stack has been that deep.
 */
import type { FloatSlots } from '../values/float-slots.js';

/** What a frame is writing. */
export const enum FrameKind {
  /** List-like items: lists, sets, list items of reduces. */
  Seq = 1,
  /** Key/value pairs. */
  Dict = 2,
  /** Tuple items (and frozenset items at protocol 4+). */
  Tuple = 3,
  /** A reduce: saves, opcodes, memo, items, state (a `Task`). */
  Task = 4,
  /** Writes one opcode once the values above it are written. */
  Op = 5,
  /** Discarded calls a lossless load kept: each written, then POP. */
  Effects = 6,
}

/** How a `Seq` or `Dict` frame writes its batches (bit flags). */
export const enum ItemMode {
  /** Protocol 0: APPEND / SETITEM after each item. */
  Each = 1,
  /** Exactly one item: APPEND / SETITEM without MARK. */
  LoneN1 = 2,
  /** `batch_list` / `batch_dict` on an iterator: a last batch of one is lone. */
  Generic = 4,
  /** Set / dict: a full last batch is followed by an empty MARK…end. */
  Trailing = 8,
  /** End opcode ADDITEMS. */
  Set = 16,
  /** Dict items from a plain object's keys. */
  SrcPlain = 32,
  /** Dict items from a Map's keys (neither source flag: an array of [key, value] pairs). */
  SrcMap = 64,
  /** Dict values taken in advance, in `Frame.values` (by index, not by key). */
  Values = 128,
}

/** How a `Tuple` frame ends (bit flags). */
export const enum TupleMode {
  /** TUPLE1..3. */
  Small = 1,
  /** FROZENSET. */
  Frozen = 2,
}

/** How a frame names its current child in error paths. */
export const enum Segment {
  None = 0,
  /** `[i]` */
  Index = 1,
  /** `.values()[i]` */
  Values = 2,
}

/** One frame of the stack. */
export class Frame {
  kind: FrameKind = FrameKind.Op;
  /** The container written (a `Task` for `Task` frames). */
  container: unknown = undefined;
  /** The items iterated: the array itself, a key list, or an array of pairs. */
  items: unknown = undefined;
  /** The next item (for `Dict`: twice the item, plus 1 once its key is written). */
  index = 0;
  /** Dict values in key order, with `ItemMode.Values`. */
  values: readonly unknown[] | undefined = undefined;
  /** The number of items. */
  count = 0;
  /** `ItemMode` or `TupleMode` flags. */
  mode = 0;
  segment: Segment = Segment.None;
  /** For `Op` frames: the opcode written when the frame pops. */
  opcode = 0;
  /**
   * For a `Tuple` frame whose tuple `getOrReserve` added to the identity
   * memo without an index: its position there (`IdentityMemo.fillAt`); else -1.
   */
  memoAt = -1;
  /** Integral floats a default-mode load recorded for the container (float-slots.ts). */
  floatSlots: FloatSlots | undefined = undefined;
}

/**
 * The frame at depth `t`, reused if the stack was that deep before.
 * @throws never.
 */
export function frameAt(frames: Frame[], t: number): Frame {
  let f = frames[t];
  if (f === undefined) frames[t] = f = new Frame();
  return f;
}
