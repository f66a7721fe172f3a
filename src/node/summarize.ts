/**
 * What `picklejar show` prints for large values: a copy of the value in which
 * long lists, tuples, sets, dicts, bytes and strings keep only their first and
 * last items around a `...` (numpy's summarised arrays: `[1, 2, 3, ..., 8, 9, 10]`),
 * and containers deeper than `depth` print as pprint's `[...]`. Only what
 * changes is copied; the rest of the value is shown as loaded.
 * No `node:` imports: the web page can use it as it is.
 */
import { PY_REPR, bytesRepr, strRepr, type PyReprResult } from '../repr/index.js';
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
    // An array's own repr (when numpy support gives it one) wins; otherwise numpy's summarised form.
    // numpy scalars print as numpy shows them: the number (`np.float64(2.5)` prints 2.5).
    if (v instanceof NumpyScalar) {
      const x = v.value;
      return typeof x === 'number' && v.descriptor.kind === 'f' ? new Float(x) : x;
    }
    if (v instanceof NDArray) return typeof (v as { [PY_REPR]?: unknown })[PY_REPR] === 'function' ? v : summarizeNDArray(v, maxItems, edge);
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
    const { out, changed } = entries(keys.map((k) => [k, (v as Record<string, unknown>)[k]] as const), level);
    if (!changed) return v;
    const cut = maxItems > 0 && keys.length > maxItems;
    if (cut) return new Map(out);
    const copy = Object.create(Object.getPrototypeOf(v)) as Record<string, unknown>;
    for (const [k, val] of out) copy[k as string] = val;
    return copy;
  }

  return walk(value, 0);
}

/** numpy leaves the dtype out of an array's repr for these (the platform defaults). */
const IMPLICIT_DTYPES = new Set(['<f8', '<i8', '|b1']);

/** A numeric NDArray's element at C index `i`, without building the whole list. */
function elementAt(a: NDArray, i: number, fortranStrides: number[] | undefined): unknown {
  let at = i;
  if (fortranStrides !== undefined) {
    // C index → memory index in Fortran order.
    at = 0;
    let rest = i;
    for (let k = a.shape.length - 1; k >= 0; k--) {
      const n = a.shape[k]!;
      at += (rest % n) * fortranStrides[k]!;
      rest = Math.floor(rest / n);
    }
  }
  const v = (a.data as ArrayLike<number | bigint>)[at]!;
  if (typeof v === 'bigint') return v;
  if (a.descriptor.kind === 'b') return v !== 0;
  return a.descriptor.kind === 'f' ? new Float(v) : v;
}

/**
 * numpy's summarised repr of a large array, `array([0.0, 1.0, 2.0, ..., 7.0, 8.0, 9.0], dtype=float32)`,
 * reading only the elements shown. Small arrays and non-numeric dtypes show every element.
 */
export function summarizeNDArray(a: NDArray, maxItems: number, edge: number): unknown {
  const d = a.descriptor;
  const simple = !Array.isArray(a.data) && ['f', 'i', 'u', 'b'].includes(d.kind) && !(d.kind === 'f' && d.itemsize === 2) && (a.data as ArrayLike<unknown>).length === a.size;
  const cut = maxItems > 0 && a.size > maxItems;
  let body: unknown;
  if (!cut || !simple) {
    body = d.kind === 'f' ? floatsIn(a.tolist(), a.shape.length) : a.tolist();
  } else {
    let fortran: number[] | undefined;
    if (a.order === 'F' && a.shape.length > 1) {
      fortran = [];
      let step = 1;
      for (const n of a.shape) {
        fortran.push(step);
        step *= n;
      }
    }
    const cStrides: number[] = new Array(a.shape.length);
    let step = 1;
    for (let k = a.shape.length - 1; k >= 0; k--) {
      cStrides[k] = step;
      step *= a.shape[k]!;
    }
    // Build the nested lists axis by axis, keeping `edge` items at each end of long axes (numpy's edgeitems).
    const build = (axis: number, base: number): unknown => {
      if (axis === a.shape.length) return elementAt(a, base, fortran);
      const n = a.shape[axis]!;
      const out: unknown[] = [];
      const short = n <= 2 * edge;
      for (let i = 0; i < (short ? n : edge); i++) out.push(build(axis + 1, base + i * cStrides[axis]!));
      if (!short) {
        out.push(ELLIPSIS);
        for (let i = n - edge; i < n; i++) out.push(build(axis + 1, base + i * cStrides[axis]!));
      }
      return out;
    };
    body = a.shape.length === 0 ? elementAt(a, 0, undefined) : build(0, 0);
  }
  const kwargs: (readonly [string, unknown])[] = IMPLICIT_DTYPES.has(a.dtype) ? [] : [['dtype', new Shown(dtypeName(a))]];
  return {
    [PY_REPR]: (): PyReprResult => ({ call: 'array', args: [body], kwargs, pretty: 'wrapper' }),
  };
}

/** `tolist()` of a float array with its numbers as `Float`s, so that 1 prints as 1.0 (`depth` = ndim). */
function floatsIn(list: unknown, depth: number): unknown {
  if (depth === 0) return typeof list === 'number' ? new Float(list) : list;
  return (list as unknown[]).map((x) => floatsIn(x, depth - 1));
}

/** numpy's dtype name as its repr prints it (`float32`, `int16`, `'>i8'`, `'<U5'`). */
function dtypeName(a: NDArray): string {
  const d = a.descriptor;
  if (a.dtype.startsWith('>')) return strRepr(a.dtype);
  const bits = d.itemsize * 8;
  switch (d.kind) {
    case 'f':
      return `float${bits}`;
    case 'i':
      return `int${bits}`;
    case 'u':
      return `uint${bits}`;
    case 'c':
      return `complex${bits}`;
    case 'b':
      return 'bool';
    case 'O':
      return 'object';
    default:
      return strRepr(a.dtype);
  }
}
