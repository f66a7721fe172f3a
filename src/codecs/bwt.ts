/**
 * The Burrows–Wheeler transform as bzip2 defines it: the rotations of the
 * block sorted cyclically. Sorted by prefix doubling with counting sorts
 * (O(n log n) worst case, no recursion), each round ordering rotations by
 * (rank of their first k bytes, rank of the next k bytes).
 */

/** The transform's output: the last column and where rotation 0 ended up. */
export interface BwtResult {
  readonly last: Uint8Array;
  readonly origPtr: number;
}

/**
 * Sorts the rotations of `block[0..n)`.
 * @throws never.
 */
export function bwt(block: Uint8Array, n: number): BwtResult {
  const last = new Uint8Array(n);
  if (n === 0) return { last, origPtr: 0 };
  if (n === 1) {
    last[0] = block[0]!;
    return { last, origPtr: 0 };
  }
  const sa = new Int32Array(n);
  const tmp = new Int32Array(n);
  let rank = new Int32Array(n);
  let next = new Int32Array(n);
  const fill = new Int32Array(Math.max(n, 65536));

  // Round 0: bucket by the first two bytes (65536 buckets).
  const counts = new Int32Array(65537);
  for (let i = 0; i < n; i++) {
    const key = (block[i]! << 8) | block[i + 1 < n ? i + 1 : 0]!;
    counts[key + 1]++;
  }
  for (let k = 0; k < 65536; k++) counts[k + 1] += counts[k]!;
  for (let i = 0; i < n; i++) {
    const key = (block[i]! << 8) | block[i + 1 < n ? i + 1 : 0]!;
    sa[counts[key]!++] = i;
  }
  // A rotation's rank is the first index of its group in `sa`.
  let groups = 0;
  let prevKey = -1;
  let groupStart = 0;
  for (let j = 0; j < n; j++) {
    const i = sa[j]!;
    const key = (block[i]! << 8) | block[i + 1 < n ? i + 1 : 0]!;
    if (key !== prevKey) {
      groupStart = j;
      prevKey = key;
      groups++;
    }
    rank[i] = groupStart;
  }

  for (let k = 2; groups < n && k < n; k *= 2) {
    // Order by the second key: rotation i's second key is rank[i + k], so
    // walking sa (sorted by rank) and stepping back k gives that order.
    for (let j = 0; j < n; j++) {
      const i = sa[j]! - k;
      tmp[j] = i < 0 ? i + n : i;
    }
    // Stable counting sort by the first key (rank = group start, so the
    // next free slot of a group starts at its rank).
    for (let j = 0; j < n; j++) fill[j] = j;
    for (let j = 0; j < n; j++) {
      const i = tmp[j]!;
      sa[fill[rank[i]!]!++] = i;
    }
    // New ranks: a new group wherever (rank[i], rank[i + k]) changes.
    groups = 0;
    let p1 = -1;
    let p2 = -1;
    for (let j = 0; j < n; j++) {
      const i = sa[j]!;
      const r1 = rank[i]!;
      const ik = i + k;
      const r2 = rank[ik < n ? ik : ik - n]!;
      if (r1 !== p1 || r2 !== p2) {
        groupStart = j;
        p1 = r1;
        p2 = r2;
        groups++;
      }
      next[i] = groupStart;
    }
    const t = rank;
    rank = next;
    next = t;
  }

  let origPtr = 0;
  for (let j = 0; j < n; j++) {
    const i = sa[j]!;
    if (i === 0) {
      origPtr = j;
      last[j] = block[n - 1]!;
    } else last[j] = block[i - 1]!;
  }
  return { last, origPtr };
}
