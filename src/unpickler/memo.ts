/**
 * The unpickler's memo: a dense array for the indices picklers actually use
 * (0, 1, 2, …) and a Map for sparse or huge ones, so no index from the input
 * ever sizes an allocation.
 */

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
  private sparse: Map<number, unknown> | undefined = undefined;
  /** Number of entries stored, as CPython's `memo_len`. */
  size = 0;

  /** True when `index` holds an entry. */
  has(index: number): boolean {
    const dense = this.dense;
    if (index >= 0 && index < dense.length) return dense[index] !== HOLE;
    return this.sparse !== undefined && this.sparse.has(index);
  }

  /**
   * The entry at `index`.
   * @returns the value, or `MEMO_MISSING` when there is none.
   */
  get(index: number): unknown {
    const dense = this.dense;
    if (index >= 0 && index < dense.length) return dense[index];
    const sparse = this.sparse;
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
      const added = dense[index] === HOLE;
      dense[index] = value;
      if (added) this.size++;
      return added;
    }
    if (index - n <= MAX_GAP) {
      const sparse = this.sparse;
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
    if (this.sparse === undefined) this.sparse = new Map();
    const added = !this.sparse.has(index);
    this.sparse.set(index, value);
    if (added) this.size++;
    return added;
  }

  /** Removes every entry. */
  clear(): void {
    this.dense.length = 0;
    this.sparse = undefined;
    this.size = 0;
  }
}
