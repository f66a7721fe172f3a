/**
 * The pickler's memo of strs by value. Every str written is memoized, so the
 * lookup-then-insert on each one is the main cost of pickling many short
 * strings; a JS `Map` needs two hash lookups for it, each touching the key
 * strings of its chain, and regrows its table on every dump. Short strings
 * go to an open-addressing table of one Int32 per slot (linear probing, at
 * most 80% full): the slot found by the lookup is the one the insert fills.
 * A slot packs the top 12 bits of the key's hash (a tag) with its entry's
 * position + 1 in a dense list of the strings (and of their memo indices and
 * full hashes), in insertion order: inserting appends, and memo indices of
 * other values leave no holes. A probe reads no string unless the tags
 * match. One Int32 a slot rather than a (hash, entry) pair halves the table
 * (1 MiB for 200k strs): the first probe of a lookup is a cache miss on large
 * memos, and the most expensive step of dumping many distinct strs. The table and both lists come from the scratch and
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
const RECENT = 512;
/** `32 - log2(RECENT)`: `recentSlot` keeps the top bits of its mix. */
const RECENT_SHIFT = 23;

/**
 * The slot of `s` (`n` units, at least 1) in the recent-strings cache: its
 * length and five of its units (first, last, and at a quarter, half and
 * three quarters), mixed by two multiplications. Five reads where hashing
 * its text reads it all, spread well enough that the keys of a dict, and
 * strs of one length that end alike (`'alpha beta'`, `'alpha zeta'`),
 * rarely share a pair of slots (three strs cycling in one pair would all miss).
 */
function recentSlot(s: string, n: number): number {
  const h = Math.imul(n ^ (s.charCodeAt(n - 1) << 8) ^ (s.charCodeAt(0) << 16), 0x9e3779b1);
  return Math.imul(h ^ s.charCodeAt(n >> 1) ^ (s.charCodeAt(n >> 2) << 8) ^ (s.charCodeAt((3 * n) >> 2) << 16), 0x85ebca6b) >>> RECENT_SHIFT;
}

/** A slot's bits that hold its hash's tag (the hash's top 12 bits). */
const TAG = 0xfff00000 | 0;
/** A slot's bits that hold its entry + 1 (0: an empty slot). */
const ENTRY = 0x000fffff;

/** Strings to memo indices (-1: absent). */
export class StringMemo {
  /** Per slot: 0 when empty, else the key's tag (`TAG` bits) and its entry + 1 (`ENTRY` bits). */
  private slots: Int32Array;
  private mask: number;
  private count = 0;
  /**
   * The strings of the table, in insertion order, in `keys[0, size)` (the
   * array may be longer: it is reused, its tail cleared).
   */
  private keys: (string | undefined)[];
  private size = 0;
  /** For entry `e` of `keys`: its memo index at `2e` (increasing), its full hash at `2e + 1` (for rehashing). */
  private entries: Int32Array;
  /** The hash's starting value (see `getHashed`). */
  readonly seed = (Math.random() * 0x100000000) | 0;
  private long = new Map<string, number>();
  /** Short strings that went to the Map (their probe was too long); `get` must then look there too. */
  private spilled = 0;
  /** Slot found by the last `get` that missed in the table, for `setAfterMiss`; -1 when the key belongs in the Map. */
  private slot = -1;
  private hash = 0;
  /**
   * A direct-mapped cache of recently found strings (`recentSlot`):
   * dict keys come back again and again as the same (interned) string, which
   * this finds with a pointer comparison instead of hashing its text.
   */
  private readonly recentKeys: (string | undefined)[] = new Array<string | undefined>(RECENT).fill(undefined);
  private readonly recentValues = new Int32Array(RECENT);

  /** @param scratch where a zeroed table left by an earlier dump is taken from, and given back to by `release`. */
  constructor(private readonly scratch: Scratch = new Scratch()) {
    this.slots = scratch.takeTable() ?? new Int32Array(INITIAL_CAPACITY);
    this.mask = this.slots.length - 1;
    const lists = scratch.takeStrLists();
    this.keys = lists?.keys ?? [];
    this.entries = lists?.entries ?? new Int32Array(INITIAL_CAPACITY * 2);
  }

  /** Empties the memo and gives its table and lists back to the scratch (this one must not be used after). */
  release(): void {
    this.scratch.keepTable(this.slots);
    this.reset(1);
    // No string outlives the dump in the kept list.
    this.keys.fill(undefined, 0, this.size);
    this.scratch.keepStrLists(this.keys, this.entries);
    this.keys = [];
    this.entries = new Int32Array(0);
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
    const r = n === 0 ? 0 : recentSlot(s, n);
    const keys = this.recentKeys;
    if (keys[r] === s) return this.recentValues[r]!;
    // Two ways: the pair's other slot holds the string `remember` moved out.
    return keys[r ^ 1] === s ? this.recentValues[r ^ 1]! : -1;
  }

  /**
   * Puts `s` (memo index `v`) in its slot of the recent-strings cache; the
   * string there moves to the other slot of the pair, so two strings of one
   * slot that alternate both stay.
   */
  private remember(s: string, v: number): void {
    const n = s.length;
    const r = n === 0 ? 0 : recentSlot(s, n);
    const keys = this.recentKeys;
    const values = this.recentValues;
    keys[r ^ 1] = keys[r];
    values[r ^ 1] = values[r]!;
    keys[r] = s;
    values[r] = v;
  }

  /**
   * `get` for a short `s` (at most `SHORT_STR` units) whose hash the caller
   * computed: `h` is `hashShort(s, seed)`, or the same computed inline.
   */
  getHashed(s: string, h: number): number {
    // murmur3's finalizer: FNV-1a alone leaves the low bits of similar keys clustered.
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
    const tag = h & TAG;
    const slots = this.slots;
    const mask = this.mask;
    let p = h & mask;
    for (let probe = 0; probe < MAX_PROBE; probe++) {
      const k = slots[p]!;
      if (k === 0) {
        if (this.spilled > 0) {
          const v = this.long.get(s);
          if (v !== undefined) return v;
        }
        this.slot = p;
        this.hash = h;
        return -1;
      }
      if ((k & TAG) === tag) {
        const e = (k & ENTRY) - 1;
        if (this.keys[e] === s) {
          const v = this.entries[e << 1]!;
          this.remember(s, v);
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
    const e = this.size;
    if (p < 0 || e >= ENTRY) {
      // A probe too long, a long str, or more entries than a slot can name: the Map.
      if (s.length <= SHORT) this.spilled++;
      this.long.set(s, index);
      return;
    }
    this.size = e + 1;
    const keys = this.keys;
    if (e < keys.length) keys[e] = s;
    else keys.push(s);
    if (e << 1 === this.entries.length) {
      const grown = new Int32Array(Math.max(e * 4, INITIAL_CAPACITY * 2));
      grown.set(this.entries);
      this.entries = grown;
    }
    this.entries[e << 1] = index;
    this.entries[(e << 1) + 1] = this.hash;
    this.slots[p] = (this.hash & TAG) | (e + 1);
    if (++this.count * 5 > this.mask * 4) this.grow();
  }

  /** Removes every entry whose index is `>= from` (a failed dump's entries). */
  dropFrom(from: number): void {
    for (const [k, v] of this.long) if (v >= from) this.long.delete(k);
    // Entries are in memo index order: keep those before the first at `from` or above.
    let keep = this.size;
    while (keep > 0 && this.entries[(keep - 1) << 1]! >= from) keep--;
    this.keys.fill(undefined, keep, this.size);
    this.size = keep;
    this.reset(this.slots.length);
    this.rehash();
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
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.count = 0;
  }

  private grow(): void {
    this.reset(this.slots.length * 2);
    this.rehash();
  }

  /** Puts the entries `[0, size)` into the (empty) table, by their recorded hashes. */
  private rehash(): void {
    const slots = this.slots;
    const mask = this.mask;
    const entries = this.entries;
    for (let e = 0; e < this.size; e++) {
      const h = entries[(e << 1) + 1]!;
      let p = h & mask;
      let probe = 0;
      while (slots[p] !== 0 && probe < MAX_PROBE) {
        p = (p + 1) & mask;
        probe++;
      }
      if (probe === MAX_PROBE) {
        // Where `get` stops looking: keep it in the Map instead.
        this.long.set(this.keys[e]!, entries[e << 1]!);
        this.spilled++;
        continue;
      }
      slots[p] = (h & TAG) | (e + 1);
      this.count++;
    }
  }
}
