/**
 * The unpickler's memo: a dense part for the indices picklers actually use
 * (0, 1, 2, …) and a Map for sparse or huge ones, so no index from the input
 * ever sizes an allocation.
 *
 * The dense part is an `Int32Array` of slots, not a JS array: protocol 4
 * memoizes every str, and most are never fetched again. MEMOIZE right after
 * a string opcode stores that opcode's byte offset in the slot (no JS value
 * at all: no write barrier, no growing array of the old generation), and the
 * first fetch decodes the string again from the input and keeps it. JS
 * strings have no identity, so nothing can tell the difference. Other values
 * go to a compact `values` array, the slot holding their position there.
 *
 * The slot array outlives the Memo: `loads` hands it back to a one-entry
 * pool when its Unpickler is done, and the next Memo takes it instead of
 * growing a fresh one through new memory on every call. A Memo takes the
 * spare or makes its own, so a hook that calls `loads` during a load (and
 * takes no spare, the outer one holding it) is safe.
 */
import { Op } from '../opcodes.js';
import { u32le } from '../wire/integers.js';
import { decodeUtf8 } from '../wire/utf8.js';

/** Marks a slot of the dense part that holds no entry. */
const HOLE: unique symbol = Symbol('memo hole');

/** What `Memo.get` returns for an index with no entry. */
export const MEMO_MISSING: unknown = HOLE;

/** Largest gap the dense part bridges with holes before an index goes to the Map. */
const MAX_GAP = 64;

/** Slot value of an index with no entry; ≥ 0 is a string opcode's offset, ≤ -2 a position in `values`. */
const EMPTY = -1;

/** Largest slot array kept for reuse (4 MiB): a rare huge memo is not kept alive. */
const MAX_SPARE = 1 << 20;

/** The one spare slot array, taken by the next Memo; undefined while a Memo holds it. */
let spare: Int32Array | undefined;

/**
 * Largest values array kept for reuse (2^19 entries, 4 MiB of pointers).
 * A memo of 70k objects grows its array from empty about 25 times, the last
 * ones through fresh large-object pages (a page fault per 4 KiB); the spare,
 * cleared to `undefined`, is written in place instead.
 */
const MAX_SPARE_VALUES = 1 << 19;

/** The one spare values array (every element `undefined`), taken by the next Memo. */
let spareValues: unknown[] | undefined;

/** Memo storage with CPython's entry counting (`memo_len`, used by MEMOIZE). */
export class Memo {
  /** Per dense index: `EMPTY`, a string opcode's offset (≥ 0), or `-2 - i` for `values[i]`. */
  #slots: Int32Array;
  /** Number of dense indices (`#slots[0, length)` are in use). */
  length = 0;
  /** The non-lazy entries' values, in the order they were stored: `#values[0, #count)`; every element after is `undefined`. */
  #values: unknown[];
  /** Number of values stored in `#values`. */
  #count = 0;
  /** Entries whose index lies beyond the dense part. */
  #sparse: Map<number, unknown> | undefined = undefined;
  /** Number of entries stored, as CPython's `memo_len`. */
  size = 0;
  /** Offsets fit in an Int32Array slot (inputs under 2 GiB): strings may be stored lazily. */
  readonly #lazyStrings: boolean;
  readonly #data: Uint8Array;
  /** Keep what {@link everHeld} needs: values overwritten or cleared go to `#former`. */
  readonly #history: boolean;
  /** Values the memo held before they were overwritten or cleared (with `#history`). */
  readonly #former: unknown[] = [];
  /** Objects {@link everHeld} has seen so far, and how far into `#values` and `#former` it looked. */
  #ever: Set<object> | undefined;
  #everValues = 0;
  #everFormer = 0;

  /**
   * @param data the input the unpickler reads; lazily stored strings are decoded again from it.
   * @param history keep what {@link everHeld} needs (lossless loads).
   */
  constructor(data: Uint8Array, history = false) {
    this.#data = data;
    this.#history = history;
    this.#lazyStrings = data.length < 0x7fffffff;
    const reused = spare;
    spare = undefined;
    this.#slots = reused ?? new Int32Array(64);
    const reusedValues = spareValues;
    spareValues = undefined;
    this.#values = reusedValues ?? [];
  }

  /** Gives the slot array to the next Memo; this one must not be used afterwards. */
  release(): void {
    const slots = this.#slots;
    if (slots.length <= MAX_SPARE && (spare === undefined || spare.length < slots.length)) spare = slots;
    this.#slots = new Int32Array(0);
    this.length = 0;
    this.size = 0;
    const values = this.#values;
    if (values.length <= MAX_SPARE_VALUES && (spareValues === undefined || spareValues.length < values.length)) {
      // Cleared, so that the spare keeps nothing of this load alive.
      values.fill(undefined, 0, this.#count);
      spareValues = values;
    }
    this.#values = [];
    this.#count = 0;
    this.#sparse = undefined;
  }

  /** The slot array with room for index `index`. */
  #grow(index: number): Int32Array {
    let slots = this.#slots;
    if (index >= slots.length) {
      const grown = new Int32Array(Math.max(64, slots.length * 2, index + 1));
      grown.set(slots.subarray(0, this.length));
      this.#slots = slots = grown;
    }
    return slots;
  }

  /**
   * MEMOIZE of `value` at the next dense index (the caller checked `size === length`).
   * @throws never.
   */
  append(value: unknown): void {
    const index = this.length;
    const slots = index < this.#slots.length ? this.#slots : this.#grow(index);
    const at = this.#count++;
    slots[index] = -2 - at;
    // An index write: in place in a reused array, an append (as push) in a new one.
    this.#values[at] = value;
    this.length = index + 1;
    this.size++;
  }

  /**
   * MEMOIZE of the string `s` that the SHORT_BINUNICODE/BINUNICODE opcode at
   * `op` just pushed, at the next dense index (the caller checked `size === length`).
   * @throws never.
   */
  appendString(op: number, s: string): void {
    if (!this.#lazyStrings) {
      this.append(s);
      return;
    }
    const index = this.length;
    const slots = index < this.#slots.length ? this.#slots : this.#grow(index);
    slots[index] = op;
    this.length = index + 1;
    this.size++;
  }

  /** Decodes the string the opcode at `op` holds and keeps it in slot `index`. */
  #materialize(index: number, op: number): string {
    const data = this.#data;
    const s = data[op] === Op.SHORT_BINUNICODE ? decodeUtf8(data, op + 2, op + 2 + data[op + 1]!) : decodeUtf8(data, op + 5, op + 5 + u32le(data, op + 1));
    const at = this.#count++;
    this.#slots[index] = -2 - at;
    this.#values[at] = s;
    return s;
  }

  /**
   * True when `index` holds an entry.
   * @throws never.
   */
  has(index: number): boolean {
    if (index >= 0 && index < this.length) return this.#slots[index] !== EMPTY;
    return this.#sparse !== undefined && this.#sparse.has(index);
  }

  /**
   * The entry at `index`.
   * @returns the value, or `MEMO_MISSING` when there is none.
   * @throws never.
   */
  get(index: number): unknown {
    if (index >= 0 && index < this.length) {
      const slot = this.#slots[index]!;
      if (slot <= -2) return this.#values[-2 - slot];
      if (slot === EMPTY) return HOLE;
      return this.#materialize(index, slot);
    }
    const sparse = this.#sparse;
    if (sparse === undefined || !sparse.has(index)) return HOLE;
    return sparse.get(index);
  }

  /** Stores `value` in dense slot `index` (< length), reusing its place in `values` when it has one. */
  #store(index: number, value: unknown): void {
    const slots = this.#slots;
    const slot = slots[index]!;
    if (slot <= -2) {
      if (this.#history) this.#former.push(this.#values[-2 - slot]);
      this.#values[-2 - slot] = value;
    } else {
      const at = this.#count++;
      slots[index] = -2 - at;
      this.#values[at] = value;
    }
  }

  /**
   * Stores `value` at `index` (≥ 0).
   * @returns true when a new entry was added (not an overwrite).
   * @throws never.
   */
  set(index: number, value: unknown): boolean {
    const n = this.length;
    if (index < n) {
      const added = this.#slots[index] === EMPTY;
      this.#store(index, value);
      if (added) this.size++;
      return added;
    }
    if (index - n <= MAX_GAP) {
      const slots = this.#grow(index);
      const sparse = this.#sparse;
      for (let i = n; i <= index; i++) slots[i] = EMPTY;
      this.length = index + 1;
      // Sparse entries the dense part now covers move into it.
      if (sparse !== undefined) {
        for (let i = n; i < index; i++) {
          if (!sparse.has(i)) continue;
          this.#store(i, sparse.get(i));
          sparse.delete(i);
        }
      }
      let added = true;
      if (sparse !== undefined && sparse.has(index)) {
        sparse.delete(index);
        added = false;
      }
      this.#store(index, value);
      if (added) this.size++;
      return added;
    }
    if (this.#sparse === undefined) this.#sparse = new Map();
    const added = !this.#sparse.has(index);
    if (this.#history) this.#former.push(value);
    this.#sparse.set(index, value);
    if (added) this.size++;
    return added;
  }

  /**
   * True when the object `v` was ever stored in this memo (lossless loads:
   * a discarded object the memo held is reachable, not an effect). Built
   * lazily, on the first question: MEMOIZE itself records nothing.
   * @throws never.
   */
  everHeld(v: object): boolean {
    this.#everHeldUpdate();
    return this.#ever!.has(v);
  }

  #everHeldUpdate(): void {
    const ever = (this.#ever ??= new Set());
    const values = this.#values;
    const count = this.#count;
    for (let i = this.#everValues; i < count; i++) {
      const x = values[i];
      if (typeof x === 'object' && x !== null) ever.add(x);
    }
    this.#everValues = count;
    const former = this.#former;
    for (let i = this.#everFormer; i < former.length; i++) {
      const x = former[i];
      if (typeof x === 'object' && x !== null) ever.add(x);
    }
    this.#everFormer = former.length;
  }

  /**
   * Removes every entry.
   * @throws never.
   */
  clear(): void {
    if (this.#history) {
      this.#everHeldUpdate();
      this.#everValues = 0;
    }
    this.length = 0;
    this.#values.fill(undefined, 0, this.#count);
    this.#count = 0;
    this.#sparse = undefined;
    this.size = 0;
  }
}
