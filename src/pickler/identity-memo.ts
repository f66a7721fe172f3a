/**
 * The pickler's memo of objects by identity (CPython's memo keyed by `id()`).
 *
 * JS gives no identity hash but through `Map`/`Set`/`WeakMap`, and on 100k
 * containers the probes are most of the memo's cost (a probe of a large
 * table misses the cache). Most dumps never meet an object twice, so the
 * table starts as a `Set` in insertion order with the memo indices in a side
 * array by position: looking an object up and adding it is then one probe
 * (`add`, and the size tells whether it was new) where a `Map` needs a `get`
 * and a `set`. The first repeat (or a deletion) turns it into a `Map` once,
 * in one pass, and the memo works as a `Map` from then on.
 */
export class IdentityMemo {
  /** Set mode: the objects, in the order they were added. */
  private objects: Set<object> | undefined = new Set();
  /** Set mode: the memo index of each object, by position in `objects`. */
  private indices = new Int32Array(64);
  /** Map mode (after a repeat or a deletion). */
  private map: Map<object, number> | undefined = undefined;

  /** The number of objects memoized. */
  get size(): number {
    return this.map !== undefined ? this.map.size : this.objects!.size;
  }

  /**
   * The memo index of `o`, or -1.
   * @throws never.
   */
  get(o: object): number {
    const objects = this.objects;
    if (objects === undefined) return this.map!.get(o) ?? -1;
    if (!objects.has(o)) return -1;
    return this.toMap().get(o)!;
  }

  /**
   * The memo index of `o` if it was memoized; else -1, and `o` is now
   * memoized under `idx` (one probe while in set mode).
   * @throws never.
   */
  getOrAdd(o: object, idx: number): number {
    const objects = this.objects;
    if (objects === undefined) {
      const map = this.map!;
      const known = map.get(o);
      if (known !== undefined) return known;
      map.set(o, idx);
      return -1;
    }
    const n = objects.size;
    if (objects.add(o).size !== n) {
      this.store(n, idx);
      return -1;
    }
    return this.toMap().get(o)!;
  }

  /**
   * Memoizes `o` under `idx` (replacing what it had, as `Map.set`).
   * @throws never.
   */
  set(o: object, idx: number): void {
    const objects = this.objects;
    if (objects !== undefined) {
      const n = objects.size;
      if (objects.add(o).size !== n) {
        this.store(n, idx);
        return;
      }
    }
    this.toMap().set(o, idx);
  }

  /**
   * Forgets `o`.
   * @returns whether it was memoized.
   * @throws never.
   */
  delete(o: object): boolean {
    if (this.objects !== undefined && !this.objects.has(o)) return false;
    return this.toMap().delete(o);
  }

  /**
   * Forgets every object memoized under an index `count` or above (a failed dump's).
   * @throws never.
   */
  dropFrom(count: number): void {
    const objects = this.objects;
    if (objects !== undefined) {
      // Indices only grow with the position, but for the rare alias of an older
      // entry: check them all, then drop from the first one at or past `count`.
      const n = objects.size;
      const indices = this.indices;
      let keep = 0;
      while (keep < n && indices[keep]! < count) keep++;
      let monotonic = true;
      for (let p = keep; p < n; p++) if (indices[p]! < count) monotonic = false;
      if (monotonic) {
        if (keep === n) return;
        let p = 0;
        const drop: object[] = [];
        for (const o of objects) if (p++ >= keep) drop.push(o);
        for (const o of drop) objects.delete(o);
        return;
      }
    }
    const map = this.toMap();
    for (const [k, v] of map) if (v >= count) map.delete(k);
  }

  private store(position: number, idx: number): void {
    let indices = this.indices;
    if (position >= indices.length) {
      const grown = new Int32Array(indices.length * 2);
      grown.set(indices);
      this.indices = indices = grown;
    }
    indices[position] = idx;
  }

  /** Turns set mode into map mode (once). */
  private toMap(): Map<object, number> {
    let map = this.map;
    if (map !== undefined) return map;
    map = new Map();
    const indices = this.indices;
    let p = 0;
    for (const o of this.objects!) map.set(o, indices[p++]!);
    this.map = map;
    this.objects = undefined;
    return map;
  }
}
