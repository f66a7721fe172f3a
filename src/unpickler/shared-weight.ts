/**
 * How many values a consumer visits when it walks a shared reference as a
 * tree. The unpickler charges this to its work budget for every GET/DUP of
 * a container, so a memo "billion laughs" (a small list referenced 10 times,
 * that list referenced 10 times, …) trips `maxWork` while loading instead of
 * reaching a consumer as 10^9 nodes. Cycles count as one node where they close.
 */
import { containerChildren } from '../values/children.js';
import { isDictObject } from '../values/py-dict.js';
import { PyObject } from '../values/py-object.js';

interface Cached {
  readonly signature: number;
  readonly weight: number;
}

/** A cheap fingerprint of a container's own size, to notice growth since it was weighed. */
function signatureOf(v: object): number {
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map || v instanceof Set) return v.size;
  if (v instanceof PyObject) return v.listItems.length + 2 * v.dictItems.length + (v.state === undefined ? 0 : 0.5);
  if (isDictObject(v)) return Object.keys(v).length;
  return 0;
}

/**
 * Weighs values with a cache, charging its own effort to the caller's budget.
 * A container's cached weight is reused while its own size is unchanged; growth
 * of nested containers after it was weighed is not noticed (an estimate).
 */
export class SharedWeigher {
  private readonly cache = new WeakMap<object, Cached>();

  /**
   * The tree size of `v`: 1 for a leaf, 1 + the children's weights for a container.
   * @param budget stop early once the weight exceeds this (the result is then > budget).
   */
  weigh(v: unknown, budget: number): number {
    if (typeof v !== 'object' || v === null) return 1;
    const hit = this.cache.get(v);
    if (hit !== undefined && hit.signature === signatureOf(v)) return hit.weight;
    // Iterative post-order walk: frames of [node, children, next index, accumulated].
    const onPath = new Set<object>();
    const nodes: object[] = [];
    const kids: ArrayLike<unknown>[] = [];
    const next: number[] = [];
    const acc: number[] = [];
    const first = containerChildren(v);
    if (first === undefined) return 1;
    nodes.push(v);
    kids.push(first);
    next.push(0);
    acc.push(1);
    onPath.add(v);
    let result = 1;
    let spent = 0;
    while (nodes.length > 0) {
      const top = nodes.length - 1;
      const children = kids[top]!;
      const i = next[top]!;
      if (i >= children.length || acc[top]! > budget || spent > budget) {
        const node = nodes.pop()!;
        kids.pop();
        next.pop();
        const weight = acc.pop()!;
        onPath.delete(node);
        if (weight <= budget) this.cache.set(node, { signature: signatureOf(node), weight });
        if (nodes.length === 0) result = weight;
        else acc[nodes.length - 1] = acc[nodes.length - 1]! + weight;
        continue;
      }
      next[top] = i + 1;
      spent++;
      const child = children[i];
      if (typeof child !== 'object' || child === null || onPath.has(child)) {
        acc[top] = acc[top]! + 1;
        continue;
      }
      const cached = this.cache.get(child);
      if (cached !== undefined && cached.signature === signatureOf(child)) {
        acc[top] = acc[top]! + cached.weight;
        continue;
      }
      const grand = containerChildren(child);
      if (grand === undefined) {
        acc[top] = acc[top]! + 1;
        continue;
      }
      nodes.push(child);
      kids.push(grand);
      next.push(0);
      acc.push(1);
      onPath.add(child);
    }
    return result;
  }
}
