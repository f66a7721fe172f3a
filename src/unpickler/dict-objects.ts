/**
 * `dictType: 'object'` (the default): the VM builds every dict as a null-prototype object
 * (so `__proto__` and `constructor` stay plain own keys and no prototype is
 * reachable) in fast mode (constructed, then `setPrototypeOf(null)`, not
 * `Object.create(null)`, which makes a slow dictionary-mode object from the
 * start). A dict becomes a `Map` when a key arrives that an object cannot
 * hold faithfully: a non-str key, or a str JS would reorder (an array
 * index such as "0" or "42"); bindings also get Maps, as in 'map' mode.
 * A dict converted after it was memoized may already sit in other
 * containers: the VM records each conversion and, after the load, one
 * iterative pass (`substitute`) puts the Map everywhere the object was,
 * rebuilding the tuples and frozensets that held it, children first.
 */
import { containerChildren } from '../values/children.js';
import { copySlots } from '../values/float-slots.js';
import { isDictObject } from '../values/py-dict.js';
import { FrozenSet } from '../values/frozen-set.js';
import { PyObject } from '../values/py-object.js';
import { Tuple } from '../values/tuple.js';

export { isDictObject };

/** A dict loaded as a null-prototype object. */
export type DictObject = Record<string, unknown>;

/**
 * Makes the objects dicts start from. Constructed (not a `{}` literal): V8
 * gives a constructor's instances room for their first properties inside
 * the object and learns how many they need, where a literal has 4 slots and
 * puts a fifth key in a separate array (measured: 100k five-key dicts in
 * 23 ms and 151 bytes each, against 42 ms and 183 bytes from `{}`).
 */
function DictShape(this: object): void {
  // Empty: the keys are set by the VM.
}

/**
 * A new, empty dict object: null prototype, fast properties.
 *
 * Alternatives measured (issue 11, round 2; loads of 100k five-key dicts):
 * - a constructor whose prototype is a frozen `Object.create(null)` (no
 *   `setPrototypeOf` per dict): 26.6 → 26.5 ms in a fresh process and
 *   25.6–26.3 → 23.1–24.1 ms in a mixed one (under the 10% that would
 *   justify giving up "the prototype is null" and the checks that rely on it);
 * - a `{ __proto__: null }` literal: dictionary mode (`%HasFastProperties`
 *   false) and 50 ms against 32 ms for 100k in a build loop;
 * - a `{}` literal, then `setPrototypeOf`: 34 ms against 32 (no allocation
 *   site is tracked for an empty literal, so nothing is pretenured).
 * @throws never.
 */
export function newDictObject(): DictObject {
  const o = new (DictShape as unknown as new () => object)();
  Object.setPrototypeOf(o, null);
  return o as DictObject;
}

/**
 * True when `k` can be an own key of a dict object with its insertion order
 * kept: a str that is not an array index (JS lists those first, in numeric order).
 * @throws never.
 */
export function isObjectKey(k: unknown): k is string {
  if (typeof k !== 'string') return false;
  const c = k.charCodeAt(0);
  if (!(c >= 0x30 && c <= 0x39)) return true; // also the empty string
  if (k.length > 10 || (c === 0x30 && k.length > 1)) return true;
  for (let i = 1; i < k.length; i++) {
    const d = k.charCodeAt(i);
    if (d < 0x30 || d > 0x39) return true;
  }
  return Number(k) > 4294967294;
}

/**
 * Sets the pairs `stack[from..to)` on `o` while their keys are object keys.
 * @returns the index of the first pair whose key is not (`to` when all were set).
 * @throws never.
 */
export function setObjectItems(o: DictObject, stack: unknown[], from: number, to: number): number {
  for (let i = from; i < to; i += 2) {
    const k = stack[i];
    if (!isObjectKey(k)) return i;
    o[k] = stack[i + 1];
  }
  return to;
}

/**
 * A Map with the entries of dict object `o`, in order, and its recorded float positions.
 * @throws never.
 */
export function dictObjectToMap(o: DictObject): Map<unknown, unknown> {
  const m = new Map<unknown, unknown>();
  for (const k of Object.keys(o)) Map.prototype.set.call(m, k, o[k]);
  // Same keys, so every record keyed by key (floats, separate strs) applies to the Map as is.
  copySlots(o, m);
  return m;
}

/**
 * The dict objects reachable from `root`, found iteratively, not looking
 * inside objects of `replaced` (already converted).
 * @returns them, and whether an object of `replaced` was met (it must be substituted).
 * @throws never.
 */
export function reachableDictObjects(root: unknown, replaced: ReadonlyMap<object, unknown>): { found: DictObject[]; stale: boolean } {
  const found: DictObject[] = [];
  let stale = false;
  const seen = new Set<object>();
  const todo: unknown[] = [root];
  while (todo.length > 0) {
    const v = todo.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    if (replaced.has(v)) {
      stale = true;
      continue;
    }
    seen.add(v);
    if (isDictObject(v)) found.push(v);
    pushChildren(v, todo);
  }
  return { found, stale };
}

/** Pushes the objects `v` holds directly (and an inert object's callable) onto `todo`. */
function pushChildren(v: object, todo: unknown[]): void {
  const children = containerChildren(v);
  if (children === undefined) return;
  // Only objects can hold dict objects: a list of a million floats is not copied onto the stack.
  for (let i = 0; i < children.length; i++) {
    const c = children[i];
    if (typeof c === 'object' && c !== null) todo.push(c);
  }
  if (v instanceof PyObject) todo.push(v.callable);
}

function isImmutable(v: object): v is Tuple | FrozenSet {
  return v instanceof Tuple || v instanceof FrozenSet;
}

/**
 * Puts `replaced.get(x)` wherever an object `x` of `replaced` sits under
 * `root`: mutable containers are changed in place, tuples and frozensets
 * holding a replaced object are rebuilt (and added to `replaced`).
 * @returns the (possibly replaced) root.
 * @throws never.
 */
export function substitute(root: unknown, replaced: Map<object, unknown>): unknown {
  if (replaced.size === 0) return root;
  // Every reachable object, found iteratively (through the replacements too).
  const seen = new Set<object>();
  const order: object[] = [];
  const todo: unknown[] = [root];
  while (todo.length > 0) {
    let v = todo.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (replaced.has(v as object)) {
      const r = replaced.get(v as object);
      if (typeof r !== 'object' || r === null) continue;
      v = r;
    }
    if (seen.has(v as object)) continue;
    seen.add(v as object);
    order.push(v as object);
    pushChildren(v as object, todo);
  }

  const m = (v: unknown): unknown => (typeof v === 'object' && v !== null && replaced.has(v) ? replaced.get(v) : v);

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

  // Mutables in place, with the built-in operations (a loaded subclass instance may have its own `set`).
  for (const node of order) {
    if (isImmutable(node)) continue;
    if (node instanceof Map) {
      let changed = false;
      for (const [k, x] of node) if (m(k) !== k || m(x) !== x) changed = true;
      if (!changed) continue;
      const entries = Array.from(node);
      Map.prototype.clear.call(node);
      for (const [k, x] of entries) Map.prototype.set.call(node, m(k), m(x));
    } else if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const x = node[i];
        if (typeof x === 'object' && x !== null && replaced.has(x)) node[i] = replaced.get(x);
      }
    } else if (node instanceof Set) {
      let changed = false;
      for (const x of node) if (m(x) !== x) changed = true;
      if (!changed) continue;
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
        if (m(k) !== k || m(x) !== x) node.dictItems[i] = [m(k), m(x)];
      }
    } else if (isDictObject(node)) {
      for (const k of Object.keys(node)) {
        const x = node[k];
        if (typeof x === 'object' && x !== null && replaced.has(x)) node[k] = replaced.get(x);
      }
    }
  }
  return m(root);
}
