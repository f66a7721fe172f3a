/**
 * The Value view's model: a value as a tree of labelled children, with each
 * object's first occurrence (so later ones show as shared or recursive
 * references) and the skeleton slot each node came from (so dis lines link
 * to nodes). Built without recursion: values nest as deep as the input says.
 */
import { pyTypeName } from '../../unpickler/py-type-name.js';
import { PY_REPR, type PyReprResult } from '../../repr/py-repr.js';
import { PyObject } from '../../values/py-object.js';
import { PyGlobal } from '../../values/py-global.js';
import { pyRepr } from '../../repr/py-repr.js';
import { pathOf, type PathNode, type Slot } from './op-slots.js';
import { NDArray } from '../../ml/numpy/ndarray.js';
import { Tensor } from '../../ml/torch/tensor.js';
import { DataFrame } from '../../ml/pandas/frame.js';

/** One child of a value: its label in the tree, the value, and its skeleton slot when known. */
export interface Child {
  readonly label: string;
  readonly value: unknown;
  readonly slot: Slot | undefined;
}

/** A tree path: child indices from the root. */
export type TreePath = readonly number[];

/** The string form of a path, usable as a DOM id and a Map key. */
export const pathKey = (path: TreePath): string => path.join('.');

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;

/** True for plain dicts as the unpickler builds them (no prototype) and dict-like Maps. */
function isPlainDict(v: object): boolean {
  return Object.getPrototypeOf(v) === null;
}

function shortRepr(v: unknown, max = 60): string {
  const text = pyRepr(v, { maxLength: max });
  return text.length > max ? text.slice(0, max) + '…' : text;
}

/**
 * The children the tree shows under a value, in the order the pickle built them.
 * @param v the value.
 * @param s its skeleton slot, if known; children get the matching slots when the shapes agree.
 * @returns the children (empty for leaves).
 * @throws never.
 */
export function childrenOf(v: unknown, s: Slot | undefined): Child[] {
  if (!isObject(v)) return [];
  const out: Child[] = [];
  const items = s?.items;
  if (Array.isArray(v)) {
    const matched = items !== undefined && items.length === v.length;
    for (let i = 0; i < v.length; i++) out.push({ label: `[${i}]`, value: v[i], slot: matched ? items[i] : undefined });
    return out;
  }
  if (v instanceof Map || isPlainDict(v)) {
    const entries: [unknown, unknown][] = v instanceof Map ? Array.from(v) : Object.entries(v);
    const matched = items !== undefined && items.length === 2 * entries.length;
    entries.forEach(([k, x], i) => out.push({ label: `${shortRepr(k)}:`, value: x, slot: matched ? items[2 * i + 1] : undefined }));
    return out;
  }
  if (v instanceof Set) {
    const members = Array.from(v);
    const matched = items !== undefined && items.length === members.length;
    members.forEach((x, i) => out.push({ label: '·', value: x, slot: matched ? items[i] : undefined }));
    return out;
  }
  if (v instanceof PyObject) {
    out.push({ label: v.creation === 'REDUCE' ? 'callable' : 'class', value: v.callable, slot: s?.callable });
    out.push({ label: 'args', value: v.args, slot: s?.args });
    if (v.kwargs !== undefined) out.push({ label: 'kwargs', value: v.kwargs, slot: s?.kwargs });
    if (v.state !== undefined) out.push({ label: 'state', value: v.state, slot: s?.state });
    const listMatched = items !== undefined && v.dictItems.length === 0 && items.length === v.listItems.length;
    v.listItems.forEach((x, i) => out.push({ label: `[${i}]`, value: x, slot: listMatched ? items[i] : undefined }));
    const dictMatched = items !== undefined && v.listItems.length === 0 && items.length === 2 * v.dictItems.length;
    v.dictItems.forEach(([k, x], i) => out.push({ label: `${shortRepr(k)}:`, value: x, slot: dictMatched ? items[2 * i + 1] : undefined }));
    return out;
  }
  return [];
}

/**
 * True when `childrenOf(v)` would return children, without building them
 * (a node of a million-item list is asked this once per row).
 * @throws never.
 */
export function hasChildren(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map || v instanceof Set) return v.size > 0;
  if (v instanceof PyObject) return true;
  if (isPlainDict(v)) {
    for (const _ in v) return true;
    return false;
  }
  return false;
}

/**
 * The Python type name shown next to a node: `list`, `dict`, `collections.OrderedDict`,
 * `numpy.ndarray`, the class of an inert object, …
 * @throws never.
 */
export function typeNameOf(v: unknown): string {
  if (v instanceof NDArray) return 'numpy.ndarray';
  if (v instanceof Tensor) return 'torch.Tensor';
  if (v instanceof DataFrame) return 'pandas.DataFrame';
  if (v instanceof PyObject) {
    const cls = v.cls;
    return cls instanceof PyGlobal ? `${cls.module}.${cls.name}` : 'object';
  }
  if (v instanceof PyGlobal) return 'global';
  if (isObject(v)) {
    const own = (v as { [PY_REPR]?: () => PyReprResult })[PY_REPR];
    if (typeof own === 'function') {
      try {
        const r = own.call(v);
        if (typeof r === 'object') return r.call.replace(/\($/, '');
      } catch {
        // A repr that fails still leaves the JS class name below.
      }
      const ctor = (v as { constructor?: { name?: string } }).constructor;
      if (ctor?.name) return ctor.name;
    }
  }
  return pyTypeName(v);
}

/**
 * The length shown for sized values (Python's `len()`), or undefined.
 * @throws never.
 */
export function lengthOf(v: unknown): number | undefined {
  if (typeof v === 'string') {
    let n = 0;
    for (const _ of v) n++;
    return n;
  }
  if (!isObject(v)) return undefined;
  if (Array.isArray(v)) return v.length;
  if (v instanceof Uint8Array) return v.length;
  if (v instanceof Map || v instanceof Set) return v.size;
  if (isPlainDict(v)) return Object.keys(v).length;
  return undefined;
}

/** The first occurrence of every object; each slot's first node is stored on the slot. */
export interface TreeIndex {
  /** Path of the first occurrence (pre-order) of an object, if the walk reached it. */
  firstPath(value: object): TreePath | undefined;
  /** Path of the first node built from a skeleton slot, if the walk reached it. */
  slotPath(slot: Slot): TreePath | undefined;
  /** Object → how many times the value holds it (only objects met more than once are listed). */
  readonly occurrences: Map<object, number>;
  /** Nodes visited; the walk stops at `limit`. */
  readonly visited: number;
  /** True when the walk stopped at the limit (later objects are then not marked as shared). */
  readonly truncated: boolean;
}

/**
 * Walks the whole value once, pre-order, iteratively. Positions are parent-linked
 * records (a path array per node would cost quadratic memory on deep values); the
 * first node of each slot is recorded on the slot itself.
 * @param root the value.
 * @param rootSlot the skeleton slot STOP returned.
 * @param limit most nodes to visit (a pickle's value can be far larger than the page can index).
 * @returns the index.
 * @throws never.
 */
export function indexTree(root: unknown, rootSlot: Slot | undefined, limit = 500_000): TreeIndex {
  const first = new Map<object, PathNode>();
  const occurrences = new Map<object, number>();
  const work: { value: unknown; slot: Slot | undefined; node: PathNode }[] = [{ value: root, slot: rootSlot, node: { parent: undefined, index: 0 } }];
  let visited = 0;
  let truncated = false;
  while (work.length > 0) {
    if (visited >= limit) {
      truncated = true;
      break;
    }
    const { value, slot, node } = work.pop()!;
    visited++;
    if (slot !== undefined && slot.node === undefined) slot.node = node;
    if (!isObject(value)) continue;
    if (first.has(value)) {
      occurrences.set(value, (occurrences.get(value) ?? 1) + 1);
      continue;
    }
    first.set(value, node);
    const children = childrenOf(value, slot);
    for (let i = children.length - 1; i >= 0; i--) work.push({ value: children[i]!.value, slot: children[i]!.slot, node: { parent: node, index: i } });
  }
  return {
    firstPath: (value) => {
      const n = first.get(value);
      return n === undefined ? undefined : pathOf(n);
    },
    slotPath: (slot) => (slot.node === undefined ? undefined : pathOf(slot.node)),
    occurrences,
    visited,
    truncated,
  };
}

/**
 * Where a node at `path` holding `value` points when it is not the object's first occurrence.
 * @returns 'recursive' (the first occurrence is an ancestor), 'shared', or undefined for a first occurrence or a non-object.
 * @throws never.
 */
export function referenceKind(index: TreeIndex, value: unknown, path: TreePath): 'shared' | 'recursive' | undefined {
  if (!isObject(value)) return undefined;
  const first = index.firstPath(value);
  if (first === undefined || pathKey(first) === pathKey(path)) return undefined;
  const isAncestor = first.length < path.length && first.every((x, i) => path[i] === x);
  return isAncestor ? 'recursive' : 'shared';
}
