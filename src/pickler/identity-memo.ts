/**
 * The pickler's memo of objects by identity (CPython's memo keyed by `id()`).
 *
 * JS gives no identity hash but through `Map`/`Set`/`WeakMap`, and on 100k
 * containers the probes are most of the memo's cost (a probe of a large
 * table misses the cache). Most dumps never meet an object twice, so the
 * table starts as a `Set` in insertion order with the memo indices in a side
 * array by position: looking an object up and adding it is then one probe
 * (`add`, and the size tells whether it was new) where a `Map` needs a `get`
 * and a `set`. A repeat finds its index by walking the set to its position,
 * once per repeated object (a small `Map` of those keeps it); once the walks
 * add up to more than twice the entries (many objects repeat), or on a
 * deletion or a replaced index, the memo turns into a `Map`, in one pass.
 */
export class IdentityMemo {
  /** Set mode: the objects, in the order they were added. */
  private objects: Set<object> | undefined = new Set();
  /** Set mode: the memo index of each object, by position in `objects`. */
  private indices = new Int32Array(64);
  /** Map mode (after many repeats, a deletion or a replaced index). */
  private map: Map<object, number> | undefined = undefined;
  /** Set mode: the objects met again so far, with their indices. */
  private repeats: Map<object, number> | undefined = undefined;
  /** Set mode: entries walked to find repeated objects. */
  private walked = 0;
  /** Set mode: the position `getOrReserve` added an object at. */
  private reservedAt = 0;

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
    return this.repeated(objects, o);
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
    return this.repeated(objects, o);
  }

  /**
   * Like `getOrAdd` for an object memoized only once its items are written (a
   * tuple, which CPython memoizes after its items): in set mode `o` is added
   * now without an index, at `reservedAt`, and `fill` (or `fillAt` with that
   * position) gives it its index.
   * @returns the index of `o` when it has one; -1 when it was just added
   *   (set mode); -2 when nothing was reserved (map mode, or `o` is already
   *   in the memo without an index: a tuple re-entered while its items are
   *   written): then `set` memoizes it as usual.
   * @throws never.
   */
  getOrReserve(o: object): number {
    const objects = this.objects;
    if (objects === undefined) {
      const known = this.map!.get(o);
      return known !== undefined && known >= 0 ? known : -2;
    }
    const n = objects.size;
    if (objects.add(o).size !== n) {
      this.store(n, -1);
      this.reservedAt = n;
      return -1;
    }
    const idx = this.repeated(objects, o);
    return idx >= 0 ? idx : -2;
  }

  /** Set mode: the position the last `getOrReserve` that returned -1 added its object at. */
  get reservedPosition(): number {
    return this.reservedAt;
  }

  /**
   * Gives `o`, reserved by the last `getOrReserve`, its index.
   * @throws never.
   */
  fill(o: object, idx: number): void {
    this.fillAt(o, this.reservedAt, idx);
  }

  /**
   * Gives `o`, which `getOrReserve` added at `position`, its index (in map
   * mode, after a conversion since, by key).
   * @throws never.
   */
  fillAt(o: object, position: number, idx: number): void {
    if (this.objects !== undefined) this.indices[position] = idx;
    else this.map!.set(o, idx);
  }

  /**
   * The index of `o`, which `getOrReserve` added at `position`, or -1: in set
   * mode it has none yet (memoizing it while it was reserved would have
   * turned the memo into a map, as `set` does for an object already in).
   * @throws never.
   */
  reservedIndex(o: object, position: number): number {
    if (this.objects !== undefined) return this.indices[position]!;
    return this.map!.get(o) ?? -1;
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
      const kept = (idx: number): boolean => idx >= 0 && idx < count;
      while (keep < n && kept(indices[keep]!)) keep++;
      let monotonic = true;
      for (let p = keep; p < n; p++) if (kept(indices[p]!)) monotonic = false;
      if (monotonic) {
        if (keep === n) return;
        let p = 0;
        const drop: object[] = [];
        for (const o of objects) if (p++ >= keep) drop.push(o);
        for (const o of drop) {
          objects.delete(o);
          this.repeats?.delete(o);
        }
        return;
      }
    }
    const map = this.toMap();
    for (const [k, v] of map) if (v >= count || v < 0) map.delete(k);
  }

  /** Set mode: the index of `o`, which is in `objects`. */
  private repeated(objects: Set<object>, o: object): number {
    let repeats = this.repeats;
    const known = repeats?.get(o);
    if (known !== undefined) return known;
    const n = objects.size;
    if (this.walked > 2 * n + 4096) return this.toMap().get(o)!;
    let p = 0;
    for (const x of objects) {
      if (x === o) break;
      p++;
    }
    this.walked += p;
    const idx = this.indices[p]!;
    // A reserved object (-1) gets its index later: only a final index is cached.
    if (idx < 0) return idx;
    if (repeats === undefined) this.repeats = repeats = new Map();
    repeats.set(o, idx);
    return idx;
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
    this.repeats = undefined;
    return map;
  }
}
