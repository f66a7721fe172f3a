/**
 * Huffman code lengths limited to a maximum, the way bzip2 limits them:
 * build the optimal code, and while it is too deep, flatten the weights and
 * build again.
 */

/**
 * Code lengths for `freqs[0..n)` (a zero frequency counts as one, so every
 * symbol gets a code), none longer than `maxLen`.
 * @throws never.
 */
export function huffmanLengths(freqs: ArrayLike<number>, n: number, maxLen: number): Uint8Array {
  const lengths = new Uint8Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) weights[i] = Math.max(1, freqs[i]!);
  if (n === 1) {
    lengths[0] = 1;
    return lengths;
  }
  const parent = new Int32Array(2 * n);
  const nodeWeight = new Float64Array(2 * n);
  for (;;) {
    // Two-queue construction: leaves sorted by weight, internal nodes are
    // created in non-decreasing weight order.
    const leaves = Array.from({ length: n }, (_, i) => i).sort((a, b) => weights[a]! - weights[b]! || a - b);
    for (let i = 0; i < n; i++) nodeWeight[i] = weights[i]!;
    let li = 0;
    let qi = n;
    let qEnd = n;
    const pick = (): number => {
      if (li < n && (qi >= qEnd || nodeWeight[leaves[li]!]! <= nodeWeight[qi]!)) return leaves[li++]!;
      return qi++;
    };
    for (let k = 0; k < n - 1; k++) {
      const a = pick();
      const b = pick();
      nodeWeight[qEnd] = nodeWeight[a]! + nodeWeight[b]!;
      parent[a] = qEnd;
      parent[b] = qEnd;
      qEnd++;
    }
    const root = qEnd - 1;
    const depth = new Int32Array(qEnd);
    let deepest = 0;
    for (let node = root - 1; node >= 0; node--) {
      depth[node] = depth[parent[node]!]! + 1;
      if (node < n && depth[node]! > deepest) deepest = depth[node]!;
    }
    if (deepest <= maxLen) {
      for (let i = 0; i < n; i++) lengths[i] = depth[i]!;
      return lengths;
    }
    for (let i = 0; i < n; i++) weights[i] = 1 + Math.floor(weights[i]! / 2);
  }
}
