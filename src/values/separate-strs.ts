/**
 * Equal strs that CPython wrote as separate objects. CPython memoizes by
 * identity: two equal but distinct str objects are each written with their
 * own str opcode and memo entry, while the pickler here memoizes strs by
 * value (JS strings have no identity), so it would write the second one as
 * a GET of the first and the bytes would differ.
 *
 * A lossless load therefore boxes every str read afresh while an equal str
 * was already read (`SeparateStrBox`, a {@link TypedValue} whose original is
 * a `FreshString`). The box rides the stack and the memo like any object, so
 * a later GET of that memo entry fetches the same box; whatever takes it off
 * the stack unboxes it and records it at that position of the container
 * (float-slots.ts: list/tuple index, dict value or key, an inert object's
 * items). `dumps` writes the `FreshString` there while the value there is
 * still the loaded str: afresh with its own memo entry the first time, a GET
 * of that entry after. Positions holding the first object of a value record
 * nothing: they memoize by value as any JS string does.
 */
import { FreshString } from './fresh-string.js';
import { hasSplitPair, hasSplitPairEscape } from './split-pairs.js';
import { TypedValue } from './typed-value.js';
import { floatSlotsOf, typedAt, type FloatSlots } from './float-slots.js';

/** A str read afresh while an equal str was already read: a separate Python object. */
export class SeparateStrBox extends TypedValue {
  declare readonly value: string;
  declare readonly original: FreshString;

  /**
   * @param s the str.
   * @param splitPairs its surrogate pairs were written as two code points each (split-pairs.ts).
   */
  constructor(s: string, splitPairs = false) {
    super(s, new FreshString(s, undefined, splitPairs || undefined));
  }
}

/**
 * The strs one unpickler has read afresh (lossless mode). It lives as long as
 * the unpickler's memo: a later pickle in the same stream may fetch a box.
 */
export class SeparateStrs {
  private readonly seen = new Set<string>();
  /** True once some str was boxed: a box may still sit in the memo. */
  boxed = false;

  /**
   * Called right after a str opcode pushed `stack[at]`: boxes it when an
   * equal str was read afresh before, or when its surrogate pairs were
   * written as two code points each (always a str of its own).
   * @param data the input, with `start..end` the str's payload (UTF-8 bytes, or with `escaped` a protocol 0 line).
   * @returns true when it boxed the str.
   */
  fresh(stack: unknown[], at: number, data: Uint8Array, start: number, end: number, escaped = false): boolean {
    const s = stack[at] as string;
    if (s.length > 1 && (escaped ? hasSplitPairEscape(data, start, end) : hasSplitPair(data, start, end))) {
      stack[at] = new SeparateStrBox(s, true);
      this.boxed = true;
      return true;
    }
    // One hash lookup, not two (has, then add): a lossless load passes every str read afresh here.
    const seen = this.seen;
    const before = seen.size;
    if (seen.add(s).size !== before) return false;
    stack[at] = new SeparateStrBox(s);
    this.boxed = true;
    return true;
  }

  /** Forgets the strs read so far (the memo was cleared). */
  clear(): void {
    this.seen.clear();
  }
}

/**
 * What typed JSON writes for `x`, found where `box` was recorded: the
 * separate str's `FreshString` while `x` is still that str, else `x`.
 * (Other boxes, numpy scalars of default mode, stay plain in typed JSON.)
 */
export function separateStrAt(box: TypedValue | undefined, x: unknown): unknown {
  return box instanceof SeparateStrBox && box.value === x ? box.original : x;
}

/**
 * Every separate str recorded on `container` (float-slots.ts), so that typed
 * JSON counts the occurrences of each and gives a shared one an `$id`.
 * @param slots the container's record.
 */
export function separateStrsIn(slots: FloatSlots | undefined): FreshString[] {
  const out: FreshString[] = [];
  if (slots === undefined) return out;
  for (const m of [slots.typedAt, slots.typedByKey, slots.typedKeys, slots.typedKeyAt]) {
    if (m === undefined) continue;
    for (const box of m.values()) if (box instanceof SeparateStrBox) out.push(box.original);
  }
  return out;
}

/**
 * The separate strs among `stack[from..to)` (set members about to be added),
 * before they are unboxed.
 * @returns them, or undefined when there are none.
 */
export function separateStrsOnStack(stack: readonly unknown[], from: number, to: number): SeparateStrBox[] | undefined {
  let out: SeparateStrBox[] | undefined;
  for (let i = from; i < to; i++) {
    const x = stack[i];
    if (x instanceof SeparateStrBox) (out ??= []).push(x);
  }
  return out;
}

/** The largest set whose separate strs are recorded. */
const MAX_SET_WALK = 4096;

/**
 * Records the separate strs a set received at the indices they have in its
 * order (the order `dumps` writes members in).
 * @param set the set or frozenset, members added.
 * @param found what {@link separateStrsOnStack} returned for its members.
 */
export function recordSetMembers(set: ReadonlySet<unknown>, found: readonly SeparateStrBox[] | undefined): void {
  // Finding the indices walks the set: bounded, so that many ADDITEMS batches into one
  // huge set cannot make a load quadratic (such a set's separate strs dump merged).
  if (found === undefined || set.size > MAX_SET_WALK) return;
  const index = new Map<unknown, number>();
  let i = 0;
  for (const m of set) index.set(m, i++);
  for (const box of found) {
    const at = index.get(box.value);
    if (at !== undefined) typedAt(set, at, box);
  }
}

/**
 * A set built from a loaded list (`set([...])`, `frozenset([...])` below
 * protocol 4): the separate strs recorded on the list, at their indices in
 * the set.
 * @param list the argument the set was built from.
 * @param set the set built.
 */
export function listStrsToSet(list: unknown, set: ReadonlySet<unknown>): void {
  const typed = floatSlotsOf(list)?.typedAt;
  if (typed === undefined) return;
  const found: SeparateStrBox[] = [];
  for (const box of typed.values()) if (box instanceof SeparateStrBox) found.push(box);
  if (found.length > 0) recordSetMembers(set, found);
}
