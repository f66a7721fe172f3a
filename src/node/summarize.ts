/**
 * What `picklejar show` prints for large values: a copy of the value in which
 * long lists, tuples, sets, dicts, bytes and strings keep only their first and
 * last items around a `...` (numpy's summarised arrays: `[1, 2, 3, ..., 8, 9, 10]`),
 * and containers deeper than `depth` print as pprint's `[...]`. Only what
 * changes is copied; the rest of the value is shown as loaded.
 * No `node:` imports: the web page can use it as it is.
 */
import { PY_REPR, bytesRepr, strRepr } from '../repr/index.js';
import { ByteArray, Float, FrozenSet, PyObject, Tuple } from '../values/index.js';
import { NDArray } from '../ml/numpy/ndarray.js';
import { NumpyScalar } from '../ml/numpy/scalar.js';

/** Options of `summarize`. */
export interface SummaryOptions {
  /** Containers with more items than this show `edgeItems` at each end; 0 for no limit. Default 1000 (numpy's threshold). */
  readonly maxItems?: number;
  /** Containers nested deeper than this print as `[...]`, `{...}`, `(...)`; 0 for no limit. Default 0. */
  readonly depth?: number;
  /** Items kept at each end of a summarised container. Default 3 (numpy's edgeitems). */
  readonly edgeItems?: number;
}

/** Beyond this nesting the value is shown unsummarised rather than recursing deeper (no recursion on input depth). */
const MAX_WALK_DEPTH = 400;
/** Bytes and characters kept at each end of an elided bytes or str. */
const EDGE_BYTES = 24;

/** A piece of display text standing in for elided content. */
class Shown {
  constructor(readonly text: string) {}
  [PY_REPR](): string {
    return this.text;
  }
}

const ELLIPSIS = new Shown('...');

function plainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === null || proto === Object.prototype;
}

/**
 * Returns `value` with large parts summarised for display (see the module comment).
 * @throws never.
 */
export function summarize(value: unknown, options: SummaryOptions = {}): unknown {
  const maxItems = options.maxItems ?? 1000;
  const depth = options.depth ?? 0;
  const edge = Math.max(1, options.edgeItems ?? 3);
  const active = new Set<object>();

  /** The indices of `n` items to show: all, or `edge` at each end. */
  const keep = (n: number): { head: number; tail: number; cut: boolean } =>
    maxItems > 0 && n > maxItems ? { head: edge, tail: edge, cut: true } : { head: n, tail: 0, cut: false };

  function items(list: readonly unknown[], level: number): { out: unknown[]; changed: boolean } {
    const { head, tail, cut } = keep(list.length);
    const out: unknown[] = [];
    let changed = cut;
    for (let i = 0; i < head; i++) {
      const v = walk(list[i], level);
      changed ||= v !== list[i];
      out.push(v);
    }
    if (cut) {
      out.push(ELLIPSIS);
      for (let i = list.length - tail; i < list.length; i++) out.push(walk(list[i], level));
    }
    return { out, changed };
  }

  function entries(list: readonly (readonly [unknown, unknown])[], level: number): { out: [unknown, unknown][]; changed: boolean } {
    const { head, tail, cut } = keep(list.length);
    const out: [unknown, unknown][] = [];
    let changed = cut;
    const take = (i: number): void => {
      const [k, v] = list[i]!;
      const v2 = walk(v, level);
      changed ||= v2 !== v;
      out.push([k, v2]);
    };
    for (let i = 0; i < head; i++) take(i);
    if (cut) {
      out.push([ELLIPSIS, ELLIPSIS]);
      for (let i = list.length - tail; i < list.length; i++) take(i);
    }
    return { out, changed };
  }

  function walk(v: unknown, level: number): unknown {
    if (typeof v === 'string') {
      const limit = maxItems > 0 ? Math.max(maxItems, 1000) * 100 : 0;
      return limit > 0 && v.length > limit ? new Shown(strRepr(v.slice(0, EDGE_BYTES * 4)) + '...' + strRepr(v.slice(-EDGE_BYTES * 4))) : v;
    }
    if (typeof v !== 'object' || v === null) return v;
    // numpy scalars print as numpy shows them: the number (`np.float64(2.5)` prints 2.5).
    if (v instanceof NumpyScalar && typeof (v as { [PY_REPR]?: unknown })[PY_REPR] !== 'function') {
      const x = v.value;
      return typeof x === 'number' && v.descriptor.kind === 'f' ? new Float(x) : x;
    }
    // Arrays print by their own repr, which summarises as numpy does and reads only the elements shown.
    if (v instanceof NDArray) return v;
    if (v instanceof Uint8Array) {
      if (maxItems === 0 || v.length <= maxItems) return v;
      const text = bytesRepr(v, 0, EDGE_BYTES) + '...' + bytesRepr(v, v.length - EDGE_BYTES, v.length);
      return new Shown(v instanceof ByteArray ? `bytearray(${text})` : text);
    }
    const container = Array.isArray(v) || v instanceof Map || v instanceof Set || v instanceof PyObject || plainObject(v);
    if (!container) return v;
    if (level >= MAX_WALK_DEPTH || active.has(v)) return v;
    if (depth > 0 && level >= depth && !(v instanceof PyObject)) {
      return new Shown(v instanceof Tuple ? '(...)' : Array.isArray(v) ? '[...]' : '{...}');
    }
    active.add(v);
    try {
      return walkContainer(v, level + 1);
    } finally {
      active.delete(v);
    }
  }

  function walkContainer(v: object, level: number): unknown {
    if (v instanceof Tuple) {
      const { out, changed } = items(v, level);
      return changed ? new Tuple(out) : v;
    }
    if (Array.isArray(v)) {
      const { out, changed } = items(v, level);
      return changed ? out : v;
    }
    if (v instanceof FrozenSet || v instanceof Set) {
      const { out, changed } = items([...v], level);
      if (!changed) return v;
      return v instanceof FrozenSet ? new FrozenSet(out) : new Set(out);
    }
    if (v instanceof Map) {
      const { out, changed } = entries([...v], level);
      return changed ? new Map(out) : v;
    }
    if (v instanceof PyObject) {
      const args = walk(v.args, level);
      const kwargs = walk(v.kwargs, level);
      const state = walk(v.state, level);
      const list = items(v.listItems, level);
      const dict = entries(v.dictItems, level);
      if (args === v.args && kwargs === v.kwargs && state === v.state && !list.changed && !dict.changed) return v;
      const copy = new PyObject(v.callable, args, v.creation, kwargs);
      copy.state = state;
      copy.listItems.push(...list.out);
      copy.dictItems.push(...dict.out);
      return copy;
    }
    // A dict loaded as a plain object: summarised ones become a Map, which prints the same.
    const keys = Object.keys(v);
    const { out, changed } = entries(
      keys.map((k) => [k, (v as Record<string, unknown>)[k]] as const),
      level,
    );
    if (!changed) return v;
    const cut = maxItems > 0 && keys.length > maxItems;
    if (cut) return new Map(out);
    const copy = Object.create(Object.getPrototypeOf(v)) as Record<string, unknown>;
    for (const [k, val] of out) copy[k as string] = val;
    return copy;
  }

  return walk(value, 0);
}
