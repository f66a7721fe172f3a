/**
 * `dictType: 'object'`: after a load, every dict the pickle built whose keys
 * are all str becomes a null-prototype object (so `__proto__` and
 * `constructor` stay plain own keys); dicts with other keys stay `Map`s.
 * Done as one iterative pass after loading because a dict's keys are only
 * known once the pickle is complete, and because tuples are frozen: tuples and
 * frozensets that hold a converted dict are rebuilt, children first.
 */
import { FrozenSet } from '../values/frozen-set.js';
import { containerChildren } from '../values/children.js';
import { PyObject } from '../values/py-object.js';
import { Tuple } from '../values/tuple.js';

type Mapper = (v: unknown) => unknown;

function isImmutable(v: object): v is Tuple | FrozenSet {
  return v instanceof Tuple || v instanceof FrozenSet;
}


/**
 * Replaces the str-keyed dicts among `dicts` by null-prototype objects everywhere under `root`.
 * @param root the loaded value.
 * @param dicts every dict the load created, in creation order.
 * @returns the (possibly replaced) root.
 * @throws never.
 */
export function convertDictsToObjects(root: unknown, dicts: readonly Map<unknown, unknown>[]): unknown {
  const replaced = new Map<object, unknown>();
  for (const d of dicts) {
    let allStr = true;
    for (const k of d.keys()) {
      if (typeof k !== 'string') {
        allStr = false;
        break;
      }
    }
    if (allStr) replaced.set(d, Object.create(null) as object);
  }
  if (replaced.size === 0) return root;

  // Every reachable object, found iteratively.
  const seen = new Set<object>();
  const order: object[] = [];
  const todo: unknown[] = [root];
  while (todo.length > 0) {
    const v = todo.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    order.push(v);
    const children = containerChildren(v);
    if (children === undefined) continue;
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (typeof c === 'object' && c !== null && !seen.has(c)) todo.push(c);
    }
    // A converted dict may also sit in an inert object's callable (a REDUCE result used as a callable).
    if (v instanceof PyObject && typeof v.callable === 'object' && v.callable !== null) todo.push(v.callable);
  }

  const m: Mapper = (v) => (typeof v === 'object' && v !== null && replaced.has(v) ? replaced.get(v) : v);

  // Immutables, children first (they cannot form cycles among themselves).
  const done = new Set<object>();
  for (const node of order) {
    if (!isImmutable(node) || done.has(node)) continue;
    const path: object[] = [node];
    const next: number[] = [0];
    const onPath = new Set<object>([node]);
    while (path.length > 0) {
      const top = path.length - 1;
      const cur = path[top]! as Tuple | FrozenSet;
      const kids = cur instanceof Tuple ? (cur as unknown[]) : Array.from(cur);
      const i = next[top]!;
      if (i < kids.length) {
        next[top] = i + 1;
        const c = kids[i];
        if (typeof c === 'object' && c !== null && isImmutable(c) && !done.has(c) && !onPath.has(c)) {
          path.push(c);
          next.push(0);
          onPath.add(c);
        }
        continue;
      }
      path.pop();
      next.pop();
      onPath.delete(cur);
      done.add(cur);
      let changed = false;
      const mapped = kids.map((k) => {
        const r = m(k);
        if (r !== k) changed = true;
        return r;
      });
      if (changed) replaced.set(cur, cur instanceof Tuple ? new Tuple(mapped) : new FrozenSet(mapped));
    }
  }

  // Mutables in place; converted dicts are filled.
  for (const node of order) {
    if (isImmutable(node)) continue;
    if (node instanceof Map) {
      const entries = Array.from(node);
      const target = replaced.get(node);
      if (target !== undefined) {
        const obj = target as Record<string, unknown>;
        for (const [k, x] of entries) obj[k as string] = m(x);
      } else {
        // Built-in operations, never the node's own (a loaded subclass instance may have been given `set`).
        Map.prototype.clear.call(node);
        for (const [k, x] of entries) Map.prototype.set.call(node, m(k), m(x));
      }
    } else if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) node[i] = m(node[i]);
    } else if (node instanceof Set) {
      const items = Array.from(node);
      Set.prototype.clear.call(node);
      for (const x of items) Set.prototype.add.call(node, m(x));
    } else if (node instanceof PyObject) {
      const w = node as { -readonly [K in keyof PyObject]: PyObject[K] };
      w.state = m(node.state);
      w.args = m(node.args);
      w.kwargs = m(node.kwargs);
      w.callable = m(node.callable);
      for (let i = 0; i < node.listItems.length; i++) node.listItems[i] = m(node.listItems[i]);
      for (let i = 0; i < node.dictItems.length; i++) {
        const [k, x] = node.dictItems[i]!;
        node.dictItems[i] = [m(k), m(x)];
      }
    }
  }
  return m(root);
}
