/**
 * Reading pandas' pickled internals (kept as inert `PyObject`s, so they dump
 * back unchanged) into columns: block managers in both pickled forms
 * (`BlockManager(blocks, axes)` with `_unpickle_block`, and the
 * `__getstate__` tuple with its `'0.14.1'` dict), indexes (`_new_Index`:
 * Index, RangeIndex, DatetimeIndex…), and extension arrays (DatetimeArray,
 * TimedeltaArray, Categorical).
 */
import { PySlice } from '../../stdlib/builtins.js';
import { PyGlobal } from '../../values/py-global.js';
import { PyObject } from '../../values/py-object.js';
import { Tuple } from '../../values/tuple.js';
import { NDArray } from '../numpy/ndarray.js';
import { storageOf, type NDArrayData } from '../numpy/elements.js';

/** Column values: a 1-D NDArray, or a JS array (categoricals, unknown extension arrays). */
export type ColumnValues = NDArray | unknown[];

/** One block of a block manager: its values (2-D for frames) and which columns it holds. */
export interface Block {
  readonly values: unknown;
  readonly locs: number[];
}

/** An index: its values and name. */
export interface DecodedIndex {
  readonly values: ColumnValues;
  readonly name: unknown;
  /** The pandas class (`'RangeIndex'`, `'Int64Index'`, `'DatetimeIndex'`…). */
  readonly kind: string;
}

function globalName(v: unknown): string | undefined {
  return v instanceof PyGlobal ? `${v.module}.${v.name}` : undefined;
}

/** The `PyObject`'s class name without module (`'DatetimeArray'`), if any. */
function className(o: PyObject): string | undefined {
  // Cython extension types pickle as __pyx_unpickle_<Base>(cls, checksum, state): the class is the first argument.
  const pyx = o.callable instanceof PyGlobal && o.callable.name.startsWith('__pyx_unpickle') && Array.isArray(o.args);
  const c = pyx ? (o.args as unknown[])[0] : o.cls;
  return c instanceof PyGlobal ? c.name : undefined;
}

function get(m: unknown, key: string): unknown {
  return m instanceof Map ? m.get(key) : undefined;
}

/** The axes and blocks of a pickled block manager, or undefined when it is not one. */
export function decodeManager(mgr: unknown): { axes: unknown[]; blocks: Block[] } | undefined {
  if (!(mgr instanceof PyObject)) return undefined;
  // Form 1 (pandas >= 1.x, protocol 4+ and some 2): BlockManager(blocks, axes) with _unpickle_block(values, placement, ndim).
  if (mgr.creation === 'REDUCE' && Array.isArray(mgr.args) && mgr.args.length >= 2 && Array.isArray(mgr.args[1])) {
    const [blocks, axes] = mgr.args as unknown[];
    if (!Array.isArray(blocks)) return undefined;
    const out: Block[] = [];
    for (const b of blocks) {
      if (!(b instanceof PyObject) || !Array.isArray(b.args)) return undefined;
      const [values, placement] = b.args as unknown[];
      out.push({ values, locs: placementLocs(placement, columnsOf(values)) });
    }
    return { axes: axes as unknown[], blocks: out };
  }
  // Form 2: __getstate__ = (axes_array, block_values, block_items, {'0.14.1': {'axes', 'blocks': [{'values', 'mgr_locs'}]}}).
  const state = mgr.state;
  if (state instanceof Tuple && state.length >= 4) {
    const extra = get(state[3], '0.14.1');
    const axes = get(extra, 'axes');
    const blocks = get(extra, 'blocks');
    if (!Array.isArray(axes) || !Array.isArray(blocks)) return undefined;
    return {
      axes,
      blocks: blocks.map((b) => {
        const values = get(b, 'values');
        return { values, locs: placementLocs(get(b, 'mgr_locs'), columnsOf(values)) };
      }),
    };
  }
  return undefined;
}

/** How many columns a block's values hold (rows of a 2-D array; 1 otherwise). */
function columnsOf(values: unknown): number {
  const a = arrayOf(values);
  return a !== undefined && a.shape.length === 2 ? a.shape[0]! : 1;
}

function placementLocs(p: unknown, count: number): number[] {
  if (p instanceof PySlice) {
    const start = toNum(p.start) ?? 0;
    const step = toNum(p.step) ?? 1;
    const stop = toNum(p.stop) ?? start + count * step;
    const out: number[] = [];
    for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
    return out;
  }
  if (p instanceof NDArray) return (p.tolist() as unknown[]).map((x) => Number(x));
  return Array.from({ length: count }, (_, i) => i);
}

function toNum(v: unknown): number | undefined {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;
}

/** The numpy array under an extension array (DatetimeArray → its M8 data), or the array itself. */
function arrayOf(values: unknown): NDArray | undefined {
  if (values instanceof NDArray) return values;
  if (values instanceof PyObject) {
    const s = values.state;
    // __pyx_unpickle_NDArrayBacked(cls, checksum, None) + BUILD (dtype, ndarray, attrs).
    if (s instanceof Tuple && s.length >= 2 && s[1] instanceof NDArray) return s[1];
    const data = get(s, '_ndarray') ?? get(s, '_data') ?? get(s, '_codes');
    if (data instanceof NDArray) return data;
  }
  return undefined;
}

/** Decodes a categorical to its values (null for missing), or undefined when `values` is not one. */
function categoricalValues(values: unknown): unknown[] | undefined {
  if (!(values instanceof PyObject) || className(values) !== 'Categorical') return undefined;
  const s = values.state;
  let dtype: unknown;
  let codes: unknown;
  if (s instanceof Tuple && s.length >= 2) [dtype, codes] = s;
  else {
    dtype = get(s, '_dtype');
    codes = get(s, '_codes');
  }
  const cats = dtype instanceof PyObject ? decodeIndex(get(dtype.state, 'categories')) : undefined;
  if (!(codes instanceof NDArray) || cats === undefined) return undefined;
  const catValues = cats.values instanceof NDArray ? (cats.values.tolist() as unknown[]) : cats.values;
  return (codes.tolist() as unknown[]).map((c) => (typeof c === 'number' && c >= 0 ? catValues[c] : null));
}

/** Row `i` of a 2-D array (a 1-D copy), or the array itself when it is 1-D. */
export function rowOf(a: NDArray, i: number): NDArray {
  if (a.shape.length !== 2) return a;
  const [rows, n] = a.shape as [number, number];
  const per = Array.isArray(a.data) ? 1 : (storageOf(a.descriptor)?.per ?? a.itemsize);
  const src = a.data;
  const out = Array.isArray(src) ? new Array<unknown>(n) : new (src.constructor as new (n: number) => Exclude<NDArrayData, unknown[]>)(n * per);
  for (let j = 0; j < n; j++) {
    // Element (i, j) sits at i*n + j in C order, i + j*rows in Fortran order.
    const from = (a.order === 'C' ? i * n + j : i + j * rows) * per;
    for (let k = 0; k < per; k++) (out as unknown[])[j * per + k] = (src as unknown[])[from + k];
  }
  return new NDArray(a.descriptor, [n], out as NDArrayData, 'C');
}

/** One column of a block: row `row` of its values. */
export function blockColumn(values: unknown, row: number): ColumnValues | undefined {
  const cat = categoricalValues(values);
  if (cat !== undefined) return cat;
  const a = arrayOf(values);
  return a === undefined ? undefined : rowOf(a, row);
}

/** Decodes an index pickled by `_new_Index(cls, dict)`, or undefined. */
export function decodeIndex(ix: unknown): DecodedIndex | undefined {
  if (!(ix instanceof PyObject) || !Array.isArray(ix.args) || ix.args.length < 2) return undefined;
  // _new_Index(cls, d) for most indexes; _new_DatetimeIndex(cls, d) for DatetimeIndex.
  const fn = globalName(ix.callable);
  if (fn?.endsWith('._new_Index') !== true && fn?.endsWith('._new_DatetimeIndex') !== true) return undefined;
  const cls = ix.args[0];
  const d = ix.args[1];
  const kind = cls instanceof PyGlobal ? cls.name : 'Index';
  const name = get(d, 'name') ?? null;
  if (kind === 'RangeIndex') {
    const start = toNum(get(d, 'start')) ?? 0;
    const stop = toNum(get(d, 'stop')) ?? 0;
    const step = toNum(get(d, 'step')) ?? 1;
    const values: number[] = [];
    for (let i = start; step > 0 ? i < stop : i > stop; i += step) values.push(i);
    return { values, name, kind };
  }
  const data = get(d, 'data');
  const cat = categoricalValues(data);
  if (cat !== undefined) return { values: cat, name, kind };
  const a = arrayOf(data);
  if (a !== undefined) return { values: a, name, kind };
  return undefined;
}

/** Values of `v` as a JS array (NDArray's tolist, JS arrays as they are). */
export function valuesList(v: ColumnValues): unknown[] {
  return v instanceof NDArray ? (v.tolist() as unknown[]) : v;
}
