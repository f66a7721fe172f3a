/**
 * The unpickler's memo: a dense array for the indices picklers actually use
 * (0, 1, 2, …) and a Map for sparse or huge ones, so no index from the input
 * ever sizes an allocation.
 *
 * Protocol 4 memoizes every str, and most are never fetched again. Storing
 * each new string into the (old, large) memo array costs a GC write barrier
 * and keeps it in the remembered set; so MEMOIZE right after a string opcode
 * stores that opcode's byte offset instead (a small integer, flagged in a
 * bitset), and the first fetch decodes the string again from the input and
 * keeps it. JS strings have no identity, so nothing can tell the difference.
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

/** Memo storage with CPython's entry counting (`memo_len`, used by MEMOIZE). */
export class Memo {
  /** Dense entries; `HOLE` where an index was skipped. The unpickler appends here directly on MEMOIZE. */
  dense: unknown[] = [];
  /** Entries whose index lies beyond the dense part. */
  #sparse: Map<number, unknown> | undefined = undefined;
  /** Number of entries stored, as CPython's `memo_len`. */
  size = 0;
  /** Bit per dense slot: set when the slot holds the offset of a string opcode, not a value. */
  #lazy: Uint8Array = new Uint8Array(0);
  /** Number of set bits in `lazy`. */
  #lazyCount = 0;

  readonly #data: Uint8Array;

  /** @param data the input the unpickler reads; lazily stored strings are decoded again from it. */
  constructor(data: Uint8Array) {
    this.#data = data;
  }

  /**
   * MEMOIZE of the string the SHORT_BINUNICODE/BINUNICODE opcode at `op` just
   * pushed, at the next dense index (the caller checked `size === dense.length`).
   */
  pushString(op: number): void {
    const index = this.dense.length;
    const byte = index >> 3;
    if (byte >= this.#lazy.length) {
      const grown = new Uint8Array(Math.max(64, this.#lazy.length * 2));
      grown.set(this.#lazy);
      this.#lazy = grown;
    }
    this.#lazy[byte]! |= 1 << (index & 7);
    this.#lazyCount++;
    this.dense.push(op);
    this.size++;
  }

  /** True when dense slot `index` holds a string opcode's offset. */
  #isLazy(index: number): boolean {
    const byte = index >> 3;
    return byte < this.#lazy.length && (this.#lazy[byte]! & (1 << (index & 7))) !== 0;
  }

  /** Replaces the offset in slot `index` by the string it names. */
  #materialize(index: number, op: number): string {
    const data = this.#data;
    let s: string;
    if (data[op] === Op.SHORT_BINUNICODE) s = decodeUtf8(data, op + 2, op + 2 + data[op + 1]!);
    else {
      s = decodeUtf8(data, op + 5, op + 5 + u32le(data, op + 1));
    }
    this.#unflag(index);
    this.dense[index] = s;
    return s;
  }

  #unflag(index: number): void {
    this.#lazy[index >> 3]! &= ~(1 << (index & 7));
    this.#lazyCount--;
  }

  /** True when `index` holds an entry. */
  has(index: number): boolean {
    const dense = this.dense;
    if (index >= 0 && index < dense.length) return dense[index] !== HOLE;
    return this.#sparse !== undefined && this.#sparse.has(index);
  }

  /**
   * The entry at `index`.
   * @returns the value, or `MEMO_MISSING` when there is none.
   */
  get(index: number): unknown {
    const dense = this.dense;
    if (index >= 0 && index < dense.length) {
      const v = dense[index];
      if (typeof v === 'number' && this.#lazyCount > 0 && this.#isLazy(index)) return this.#materialize(index, v);
      return v;
    }
    const sparse = this.#sparse;
    if (sparse === undefined || !sparse.has(index)) return HOLE;
    return sparse.get(index);
  }

  /**
   * Stores `value` at `index` (≥ 0).
   * @returns true when a new entry was added (not an overwrite).
   */
  set(index: number, value: unknown): boolean {
    const dense = this.dense;
    const n = dense.length;
    if (index < n) {
      if (this.#lazyCount > 0 && this.#isLazy(index)) this.#unflag(index);
      const added = dense[index] === HOLE;
      dense[index] = value;
      if (added) this.size++;
      return added;
    }
    if (index - n <= MAX_GAP) {
      const sparse = this.#sparse;
      for (let i = n; i < index; i++) {
        if (sparse !== undefined && sparse.has(i)) {
          dense.push(sparse.get(i));
          sparse.delete(i);
        } else {
          dense.push(HOLE);
        }
      }
      let added = true;
      if (sparse !== undefined && sparse.has(index)) {
        sparse.delete(index);
        added = false;
      }
      dense.push(value);
      if (added) this.size++;
      return added;
    }
    if (this.#sparse === undefined) this.#sparse = new Map();
    const added = !this.#sparse.has(index);
    this.#sparse.set(index, value);
    if (added) this.size++;
    return added;
  }

  /** Removes every entry. */
  clear(): void {
    this.dense.length = 0;
    this.#sparse = undefined;
    this.size = 0;
    this.#lazy = new Uint8Array(0);
    this.#lazyCount = 0;
  }
}
