/**
 * The memory a dump reuses from one call to the next: the output buffer and
 * the str memo's hash table and entry lists. Growing both from a few KiB on every `dumps`
 * costs more than the pickling itself on large values (fresh pages, copies on
 * every doubling; issue 11), so they are kept between calls.
 *
 * A `Scratch` belongs to one pickler at a time: a `Pickler` owns one for its
 * lifetime, and a one-shot `dumps` takes the idle one (or makes its own when
 * another dump, e.g. an outer `dumps` whose hook is calling this one, holds
 * it) and gives it back when done. Two running dumps never share a buffer.
 */

/** The largest output buffer kept for reuse. */
export const SPARE_BUFFER_LIMIT = 16 * 1024 * 1024;
/** The largest str memo table (in Int32 elements: 4 MiB) kept for reuse. */
export const SPARE_TABLE_LIMIT = 1 << 20;

/** The most str memo entries whose lists (strings; memo indices and hashes) are kept for reuse: about 2 MiB each. */
export const SPARE_STR_ENTRIES = 1 << 18;

/** The str memo's entry lists (string-memo.ts): strings (cleared), and their memo indices and hashes (two Int32 an entry). */
export interface StrLists {
  readonly keys: (string | undefined)[];
  readonly entries: Int32Array;
}

/** Reusable buffers of one pickler. */
export class Scratch {
  /** An output buffer free for the next dump, or undefined. */
  buffer: Uint8Array | undefined = undefined;
  /** A zeroed str memo table free for the next dump, or undefined. */
  table: Int32Array | undefined = undefined;
  /** The str memo's entry lists, free for the next dump, or undefined. */
  strLists: StrLists | undefined = undefined;

  /** Takes the spare output buffer, if any. */
  takeBuffer(): Uint8Array | undefined {
    const b = this.buffer;
    this.buffer = undefined;
    return b;
  }

  /** Keeps `b` for the next dump when it is small enough and larger than the one kept. */
  keepBuffer(b: Uint8Array): void {
    if (b.length > 0 && b.length <= SPARE_BUFFER_LIMIT && (this.buffer === undefined || this.buffer.length < b.length)) this.buffer = b;
  }

  /** Takes the spare memo table, if any. */
  takeTable(): Int32Array | undefined {
    const t = this.table;
    this.table = undefined;
    return t;
  }

  /** Keeps `t` (zeroing it) for the next dump when it is small enough and larger than the one kept. */
  keepTable(t: Int32Array): void {
    if (t.length <= SPARE_TABLE_LIMIT && (this.table === undefined || this.table.length < t.length)) {
      t.fill(0);
      this.table = t;
    }
  }

  /** Takes the spare str memo entry lists, if any. */
  takeStrLists(): StrLists | undefined {
    const l = this.strLists;
    this.strLists = undefined;
    return l;
  }

  /**
   * Keeps a str memo's entry lists (`keys` holding no string any more) for
   * the next dump when they are small enough and larger than the ones kept.
   */
  keepStrLists(keys: (string | undefined)[], entries: Int32Array): void {
    if (keys.length > SPARE_STR_ENTRIES || entries.length > 2 * SPARE_STR_ENTRIES) return;
    if (this.strLists === undefined || this.strLists.entries.length < entries.length) this.strLists = { keys, entries };
  }
}

/** The scratch of the last finished one-shot dump, free for the next one. */
let idle: Scratch | undefined;

/**
 * The idle scratch for a one-shot dump, or a new one when it is taken (a
 * dump running inside another's hook).
 * @throws never.
 */
export function takeScratch(): Scratch {
  const s = idle ?? new Scratch();
  idle = undefined;
  return s;
}

/**
 * Gives a one-shot dump's scratch back. When a nested dump gave its own back
 * first, the one with the larger buffer is kept.
 * @throws never.
 */
export function returnScratch(s: Scratch): void {
  if (idle === undefined || (idle.buffer?.length ?? 0) < (s.buffer?.length ?? 0)) idle = s;
}
