/**
 * The pickler's memo of strs by value. Every str written is memoized, so the
 * lookup-then-insert on each one is the main cost of pickling many short
 * strings; a JS `Map` needs two hash lookups for it, each touching the key
 * strings of its chain, and regrows its table on every dump. Short strings
 * go to an open-addressing table of (hash, entry) pairs in one Int32Array
 * (linear probing, at most 80% full: on large memos cache misses cost more
 * than longer probes): the slot found by the lookup is the one the insert
 * fills, and a probe reads no string unless the hashes match. A slot holds
 * the entry's position in a dense list of the strings (and of their memo
 * indices), in insertion order: inserting appends, and memo indices of other
 * values leave no holes. The table and both lists come from the scratch and
 * go back to it (scratch.ts), so a warm dump allocates none of them. Longer
 * strings, whose hash would cost a pass over their text, go to a `Map` (V8
 * caches string hashes).
 *
 * The hash (FNV-1a over pairs of UTF-16 code units, then murmur3's finalizer)
 * can be computed by the caller (`hashShort`, `getHashed`): the machine hashes a
 * short str in the same pass that copies it into the output, so its text is
 * read once.
 *
 * The hash is seeded per table, and a probe that runs too long sends the key
 * to the `Map`, so crafted strings cannot make the table quadratic.
 */

import { Scratch } from './scratch.js';

/** Strings up to this length are hashed here; longer ones use the Map. */
export const SHORT_STR = 32;
const SHORT = SHORT_STR;
/** FNV-1a's 32-bit prime (see `hashShort`). */
export const FNV_PRIME = 0x01000193;

/**
 * The unfinished hash of a short str for `StringMemo.getHashed`: FNV-1a over
 * pairs of code units, `h = Math.imul(h ^ (u[i] | (u[i + 1] << 16)), FNV_PRIME)`
 * from `seed`, then `h = Math.imul(h ^ u[n - 1], FNV_PRIME)` for an odd last
 * unit. Two units a step halve the chain of multiplications, which bounds
 * the hash's speed. A caller that hashes inline must compute exactly this.
 * @throws never.
 */
export function hashShort(s: string, seed: number): number {
  const n = s.length;
  let h = seed;
  let i = 0;
  for (; i + 1 < n; i += 2) h = Math.imul(h ^ (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16)), FNV_PRIME);
  if (i < n) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}
/** A probe longer than this gives up on the table for that key. */
const MAX_PROBE = 64;
const INITIAL_CAPACITY = 256;
/** Entries of the recent-strings cache (a power of two). */
const RECENT = 256;

/** Strings to memo indices (-1: absent). */
export class StringMemo {
  /** Per slot: the key's hash (0: empty) and its entry (position in `keys`), side by side. */
  private slots: Int32Array;
  private mask: number;
  private count = 0;
  /**
   * The strings of the table, in insertion order, in `keys[0, size)` (the
   * array may be longer: it is reused, its tail cleared).
   */
  private keys: (string | undefined)[];
  private size = 0;
  /** The memo index of each entry of `keys` (increasing). */
  private indices: Int32Array;
  /** The hash's starting value (see `getHashed`). */
  readonly seed = (Math.random() * 0x100000000) | 0;
  private long = new Map<string, number>();
  /** Short strings that went to the Map (their probe was too long); `get` must then look there too. */
  private spilled = 0;
  /** Slot found by the last `get` that missed in the table, for `setAfterMiss`; -1 when the key belongs in the Map. */
  private slot = -1;
  private hash = 0;
  /**
   * A direct-mapped cache of recently found strings, by length and last char:
   * dict keys come back again and again as the same (interned) string, which
   * this finds with a pointer comparison instead of hashing its text.
   */
  private readonly recentKeys: (string | undefined)[] = new Array<string | undefined>(RECENT).fill(undefined);
  private readonly recentValues = new Int32Array(RECENT);

  /** @param scratch where a zeroed table left by an earlier dump is taken from, and given back to by `release`. */
  constructor(private readonly scratch: Scratch = new Scratch()) {
    this.slots = scratch.takeTable() ?? new Int32Array(INITIAL_CAPACITY * 2);
    this.mask = (this.slots.length >> 1) - 1;
    const lists = scratch.takeStrLists();
    this.keys = lists?.keys ?? [];
    this.indices = lists?.indices ?? new Int32Array(INITIAL_CAPACITY);
  }

  /** Empties the memo and gives its table and lists back to the scratch (this one must not be used after). */
  release(): void {
    this.scratch.keepTable(this.slots);
    this.reset(1);
    // No string outlives the dump in the kept list.
    this.keys.fill(undefined, 0, this.size);
    this.scratch.keepStrLists(this.keys, this.indices);
    this.keys = [];
    this.indices = new Int32Array(0);
    this.size = 0;
    this.long = new Map();
    this.spilled = 0;
  }

  /** The memo index of `s`, or -1; remembers where `s` would go for `setAfterMiss`. */
  get(s: string): number {
    const n = s.length;
    if (n > SHORT) {
      this.slot = -1;
      return this.long.get(s) ?? -1;
    }
    const v = this.recent(s);
    if (v >= 0) return v;
    return this.getHashed(s, hashShort(s, this.seed));
  }

  /**
   * The memo index of a short `s` (at most `SHORT_STR` units) found by a
   * pointer comparison in the cache of recently found strings, or -1 (which
   * says nothing: call `getHashed`).
   */
  recent(s: string): number {
    const n = s.length;
    const r = n === 0 ? 0 : ((n << 4) ^ s.charCodeAt(n - 1)) & (RECENT - 1);
    return this.recentKeys[r] === s ? this.recentValues[r]! : -1;
  }

  /**
   * `get` for a short `s` (at most `SHORT_STR` units) whose hash the caller
   * computed: `h` is `hashShort(s, seed)`, or the same computed inline.
   */
  getHashed(s: string, h: number): number {
    // murmur3's finalizer: FNV-1a alone leaves the low bits of similar keys clustered.
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h = (h ^ (h >>> 16)) | 1;
    const slots = this.slots;
    const mask = this.mask;
    let p = h & mask;
    for (let probe = 0; probe < MAX_PROBE; probe++) {
      const k = slots[p << 1];
      if (k === 0) {
        if (this.spilled > 0) {
          const v = this.long.get(s);
          if (v !== undefined) return v;
        }
        this.slot = p;
        this.hash = h;
        return -1;
      }
      if (k === h) {
        const e = slots[(p << 1) + 1]!;
        if (this.keys[e] === s) {
          const v = this.indices[e]!;
          const n = s.length;
          const r = n === 0 ? 0 : ((n << 4) ^ s.charCodeAt(n - 1)) & (RECENT - 1);
          this.recentKeys[r] = s;
          this.recentValues[r] = v;
          return v;
        }
      }
      p = (p + 1) & mask;
    }
    this.slot = -1;
    return this.long.get(s) ?? -1;
  }

  /** Inserts `s`, which the last call to `get` (with no other call since) did not find. */
  setAfterMiss(s: string, index: number): void {
    const p = this.slot;
    if (p < 0) {
      if (s.length <= SHORT) this.spilled++;
      this.long.set(s, index);
      return;
    }
    const e = this.size++;
    const keys = this.keys;
    if (e < keys.length) keys[e] = s;
    else keys.push(s);
    if (e === this.indices.length) {
      const grown = new Int32Array(Math.max(e * 2, INITIAL_CAPACITY));
      grown.set(this.indices);
      this.indices = grown;
    }
    this.indices[e] = index;
    this.slots[p << 1] = this.hash;
    this.slots[(p << 1) + 1] = e;
    if (++this.count * 5 > this.mask * 4) this.grow();
  }

  /** Removes every entry whose index is `>= from` (a failed dump's entries). */
  dropFrom(from: number): void {
    const old = this.slots;
    for (const [k, v] of this.long) if (v >= from) this.long.delete(k);
    // Entries are in memo index order: keep those before the first at `from` or above.
    let keep = this.size;
    while (keep > 0 && this.indices[keep - 1]! >= from) keep--;
    this.keys.fill(undefined, keep, this.size);
    this.size = keep;
    this.reset(old.length >> 1);
    this.rehash(old, keep);
  }

  /** Forgets everything. */
  clear(): void {
    this.reset(INITIAL_CAPACITY);
    this.keys.fill(undefined, 0, this.size);
    this.size = 0;
    this.long = new Map();
    this.spilled = 0;
  }

  private reset(capacity: number): void {
    this.recentKeys.fill(undefined);
    this.slots = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    this.count = 0;
  }

  private grow(): void {
    const old = this.slots;
    this.reset(old.length);
    this.rehash(old, 0x7fffffff);
  }

  /** Puts the entries of `old` before entry `below` into the (empty) table. */
  private rehash(old: Int32Array, below: number): void {
    const slots = this.slots;
    const mask = this.mask;
    for (let q = 0; q < old.length; q += 2) {
      const h = old[q]!;
      if (h === 0 || old[q + 1]! >= below) continue;
      let p = h & mask;
      let probe = 0;
      while (slots[p << 1] !== 0 && probe < MAX_PROBE) {
        p = (p + 1) & mask;
        probe++;
      }
      if (probe === MAX_PROBE) {
        // Where `get` stops looking: keep it in the Map instead.
        const e = old[q + 1]!;
        this.long.set(this.keys[e]!, this.indices[e]!);
        this.spilled++;
        continue;
      }
      slots[p << 1] = h;
      slots[(p << 1) + 1] = old[q + 1]!;
      this.count++;
    }
  }
}
