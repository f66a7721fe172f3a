/**
 * The Arrays view's model: every numeric array in a loaded value, as a shape,
 * a dtype and a reader of its elements as numbers. Arrays come from adapters:
 * the core's ML classes once they are registered, and numpy arrays that
 * loaded as inert objects (`numpy.core.multiarray._reconstruct` + BUILD),
 * decoded here from their state without running anything.
 */
import { PyObject } from '../../values/py-object.js';
import { PyGlobal } from '../../values/py-global.js';
import { halfToNumber } from '../../wire/float16.js';
import { childrenOf, type TreePath } from './value-tree.js';
import { ndarrayAdapter, tensorAdapter } from './ml-adapters.js';

/** One array found in the value. */
export interface ArrayItem {
  /** Where it is: a Python-like access path from the root, e.g. `['layer.weight']`. */
  readonly name: string;
  /** The tree path of its node, for linking. */
  readonly path: TreePath;
  /** Index of the pickle it came from. */
  readonly pickle: number;
  /** What kind of array it is: `numpy.ndarray`, `torch.Tensor`. */
  readonly kind: string;
  readonly shape: readonly number[];
  /** The dtype as the library prints it, e.g. `float32`, `int64`, `torch.float32`. */
  readonly dtype: string;
  /** Bytes the elements take. */
  readonly nbytes: number;
  /** The elements as numbers in C order, or undefined when they are not numeric (or not in the file). */
  readonly values: () => ArrayLike<number> | undefined;
}

/** Turns a value into an array item when it is one; adapters are tried in order. */
export type ArrayAdapter = (value: unknown) => Omit<ArrayItem, 'name' | 'path' | 'pickle'> | undefined;

const NUMPY_TYPES: Record<string, { name: string; size: number }> = {
  f2: { name: 'float16', size: 2 },
  f4: { name: 'float32', size: 4 },
  f8: { name: 'float64', size: 8 },
  i1: { name: 'int8', size: 1 },
  i2: { name: 'int16', size: 2 },
  i4: { name: 'int32', size: 4 },
  i8: { name: 'int64', size: 8 },
  u1: { name: 'uint8', size: 1 },
  u2: { name: 'uint16', size: 2 },
  u4: { name: 'uint32', size: 4 },
  u8: { name: 'uint64', size: 8 },
  b1: { name: 'bool', size: 1 },
};

const isGlobal = (v: unknown, module: string, name: string): boolean => v instanceof PyGlobal && v.module === module && v.name === name;

/** Reads element `i` of a little- or big-endian numeric buffer as a JS number. */
function reader(code: string, little: boolean, bytes: Uint8Array): ((i: number) => number) | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (code) {
    case 'f2':
      return (i) => halfToNumber(view.getUint16(2 * i, little));
    case 'f4':
      return (i) => view.getFloat32(4 * i, little);
    case 'f8':
      return (i) => view.getFloat64(8 * i, little);
    case 'i1':
      return (i) => view.getInt8(i);
    case 'i2':
      return (i) => view.getInt16(2 * i, little);
    case 'i4':
      return (i) => view.getInt32(4 * i, little);
    case 'i8':
      return (i) => Number(view.getBigInt64(8 * i, little));
    case 'u1':
    case 'b1':
      return (i) => view.getUint8(i);
    case 'u2':
      return (i) => view.getUint16(2 * i, little);
    case 'u4':
      return (i) => view.getUint32(4 * i, little);
    case 'u8':
      return (i) => Number(view.getBigUint64(8 * i, little));
    default:
      return undefined;
  }
}

/** float16 bits to a number (the wire layer's codec, re-exported for the page's tests). */
export { halfToNumber };

/**
 * Reads a C-ordered element buffer into numbers.
 * @param code numpy kind + size, e.g. `f4`.
 * @param little byte order.
 * @param bytes the elements.
 * @param count how many elements.
 * @returns the numbers, or undefined for a non-numeric dtype or too few bytes.
 * @throws never.
 */
export function readElements(code: string, little: boolean, bytes: Uint8Array, count: number): Float64Array | undefined {
  const size = NUMPY_TYPES[code]?.size;
  if (size === undefined || bytes.length < count * size) return undefined;
  const get = reader(code, little, bytes)!;
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = get(i);
  return out;
}

/**
 * numpy arrays that loaded inert: `_reconstruct(ndarray, (0,), b'b')` then
 * BUILD with `(version, shape, dtype, is_fortran, raw bytes)`, the dtype
 * itself `dtype('f8', False, True)` with a BUILD state whose second item is
 * the byte order.
 */
export const inertNumpyAdapter: ArrayAdapter = (value) => {
  if (!(value instanceof PyObject) || !isGlobal(value.callable, 'numpy.core.multiarray', '_reconstruct')) return undefined;
  const state = value.state;
  if (!Array.isArray(state) || state.length < 5) return undefined;
  const [, shapeValue, dtype, fortran, raw] = state as unknown[];
  if (!Array.isArray(shapeValue) || !shapeValue.every((n) => typeof n === 'number')) return undefined;
  if (!(dtype instanceof PyObject) || !isGlobal(dtype.callable, 'numpy', 'dtype') || !Array.isArray(dtype.args)) return undefined;
  const code = String(dtype.args[0]);
  const info = NUMPY_TYPES[code];
  const order = Array.isArray(dtype.state) ? dtype.state[1] : '|';
  const little = order !== '>';
  const shape = Array.from(shapeValue as number[]);
  const count = shape.reduce((a, b) => a * b, 1);
  const nbytes = raw instanceof Uint8Array ? raw.length : count * (info?.size ?? 0);
  return {
    kind: 'numpy.ndarray',
    shape,
    dtype: info?.name ?? code,
    nbytes,
    values: () => {
      if (!(raw instanceof Uint8Array) || fortran === true) return undefined;
      return readElements(code, little, raw, count);
    },
  };
};

/**
 * The adapters in use: the core's ML classes first, then numpy arrays that loaded inert (a registry that leaves them
 * so, or an older numpy layout the bindings do not know).
 */
export const ARRAY_ADAPTERS: ArrayAdapter[] = [ndarrayAdapter, tensorAdapter, inertNumpyAdapter];

/** A Python-ish access path from child labels: `['a'][0].state`. */
export function accessPath(labels: readonly string[]): string {
  let out = '';
  for (const label of labels) {
    if (label.startsWith('[')) out += label;
    else if (label.endsWith(':')) out += `[${label.slice(0, -1)}]`;
    else if (label === '·') out += '{…}';
    else out += `.${label}`;
  }
  return out || '(root)';
}

/**
 * Finds the arrays in a value, pre-order, without recursion; the content of an
 * array is not searched further.
 * @param root the loaded value.
 * @param pickle the pickle's index.
 * @param limit most nodes to visit.
 * @returns the arrays, in tree order.
 * @throws never.
 */
export function findArrays(root: unknown, pickle: number, adapters: readonly ArrayAdapter[] = ARRAY_ADAPTERS, limit = 200_000): ArrayItem[] {
  return findInTree(
    root,
    pickle,
    (value) => {
      for (const adapt of adapters) {
        const item = adapt(value);
        if (item !== undefined) return item;
      }
      return undefined;
    },
    limit,
  );
}

/**
 * The page's one search of a loaded value, pre-order and without recursion:
 * each object visited once, a matched object's content not searched further.
 * @param match what a value is, or undefined to search inside it.
 * @param limit most nodes to visit.
 * @returns the matches with their names and tree paths, in tree order.
 * @throws whatever `match` throws.
 */
export function findInTree<T extends object>(
  root: unknown,
  pickle: number,
  match: (value: object) => T | undefined,
  limit: number,
): (T & { name: string; path: TreePath; pickle: number })[] {
  const out: (T & { name: string; path: TreePath; pickle: number })[] = [];
  const seen = new Set<object>();
  const work: { value: unknown; path: number[]; labels: string[] }[] = [{ value: root, path: [], labels: [] }];
  let visited = 0;
  while (work.length > 0 && visited++ < limit) {
    const { value, path, labels } = work.pop()!;
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    const item = match(value);
    if (item !== undefined) {
      out.push({ ...item, name: accessPath(labels), path, pickle });
      continue;
    }
    const children = childrenOf(value, undefined);
    for (let i = children.length - 1; i >= 0; i--) {
      work.push({ value: children[i]!.value, path: [...path, i], labels: [...labels, children[i]!.label] });
    }
  }
  return out;
}

/** Summary statistics of an array's elements. */
export interface ArrayStats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Elements that are NaN (left out of min/max/mean). */
  readonly nan: number;
  /** Counts per bin between min and max. */
  readonly histogram: readonly number[];
}

/**
 * min/max/mean and a histogram, in two plain passes.
 * @param values the elements.
 * @param bins histogram bins.
 * @returns the statistics, or undefined when there is no finite element.
 * @throws never.
 */
export function arrayStats(values: ArrayLike<number>, bins = 32): ArrayStats | undefined {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let n = 0;
  let nan = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x !== x) {
      nan++;
      continue;
    }
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
    n++;
  }
  if (n === 0) return undefined;
  const histogram = new Array<number>(bins).fill(0);
  const width = max - min;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x !== x || !Number.isFinite(width)) continue;
    const b = width === 0 ? 0 : Math.min(bins - 1, Math.floor(((x - min) / width) * bins));
    histogram[b]!++;
  }
  return { min, max, mean: sum / n, nan, histogram };
}
