/**
 * Adapters from the core's ML classes (numpy `NDArray`, torch `Tensor`,
 * pandas `DataFrame`) to the Arrays and Tables views, recognised by
 * `instanceof` on the exported classes.
 */
import { NDArray } from '../../ml/numpy/ndarray.js';
import { Tensor } from '../../ml/torch/tensor.js';
import { DataFrame } from '../../ml/pandas/frame.js';
import { bfloat16ToNumber, halfToNumber } from '../../ml/torch/half.js';
import { pyRepr } from '../../repr/py-repr.js';
import { Float } from '../../values/float.js';
import type { ArrayAdapter } from './arrays.js';
import type { TableAdapter } from './tables.js';

/** numpy's name of a dtype (`float32`, `int64`, `bool`), or its `str` for the others. */
function numpyName(a: NDArray): string {
  const d = a.descriptor;
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
    default:
      return a.dtype;
  }
}

/** Elements as numbers in C order, from a typed array in memory order. */
function asNumbers(data: ArrayLike<number | bigint>, kind: 'half' | 'bfloat16' | 'plain'): Float64Array {
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    out[i] = kind === 'half' ? halfToNumber(x as number) : kind === 'bfloat16' ? bfloat16ToNumber(x as number) : Number(x);
  }
  return out;
}

/** `NDArray` → array item: numeric kinds only have values; Fortran-ordered 2-D+ arrays are read through their order. */
export const ndarrayAdapter: ArrayAdapter = (value) => {
  if (!(value instanceof NDArray)) return undefined;
  const a = value;
  return {
    kind: 'numpy.ndarray',
    shape: a.shape,
    dtype: numpyName(a),
    nbytes: a.size * a.descriptor.itemsize,
    values: () => {
      const k = a.descriptor.kind;
      if (!'fiub'.includes(k) || Array.isArray(a.data) || (a.data instanceof Uint8Array && k !== 'u' && k !== 'b')) return undefined;
      const nums = asNumbers(a.data as ArrayLike<number | bigint>, k === 'f' && a.descriptor.itemsize === 2 ? 'half' : 'plain');
      if (a.order === 'C' || a.shape.length < 2) return nums;
      // Fortran order: transpose into C order for the heatmap and (order-free) statistics.
      const order = a.memoryOrder();
      if (order === undefined) return nums;
      const out = new Float64Array(nums.length);
      for (let i = 0; i < order.length; i++) out[i] = nums[order[i]!]!;
      return out;
    },
  };
};

/** `Tensor` → array item. */
export const tensorAdapter: ArrayAdapter = (value) => {
  if (!(value instanceof Tensor)) return undefined;
  const t = value;
  const info = t.storage.info;
  return {
    kind: 'torch.Tensor',
    shape: [...t.shape],
    dtype: `torch.${t.dtype}`,
    nbytes: t.numel * info.itemsize,
    values: () => {
      if (info.lanes !== 1) return undefined;
      const c = t.contiguous();
      return asNumbers(c.data, t.dtype === 'float16' ? 'half' : t.dtype === 'bfloat16' ? 'bfloat16' : 'plain');
    },
  };
};

/** A cell's text: Python's repr of the element. */
function cellText(v: unknown): string {
  const text = typeof v === 'string' ? v : pyRepr(v, { maxLength: 200 });
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** `DataFrame` → table: columns decoded once, on first use. */
export const dataFrameAdapter: TableAdapter = (value) => {
  if (!(value instanceof DataFrame)) return undefined;
  const frame = value;
  const index = frame.index;
  const columns = frame.columns;
  const cache = new Map<number, unknown[] | undefined>();
  const column = (c: number): unknown[] | undefined => {
    if (!cache.has(c)) {
      const values = frame.column(columns[c]);
      let list: unknown[] | undefined;
      if (values instanceof NDArray) {
        list = values.tolist() as unknown[];
        // A float column prints its integral values as floats (0.0), as pandas shows them.
        if (values.descriptor.kind === 'f') list = list.map((x) => (typeof x === 'number' ? new Float(x) : x));
      } else list = values;
      cache.set(c, list);
    }
    return cache.get(c);
  };
  return {
    rows: index.length,
    columns: columns.map((c) => (typeof c === 'string' ? c : pyRepr(c, { maxLength: 80 }))),
    index: (r) => cellText(index[r]),
    cell: (r, c) => {
      const col = column(c);
      return col === undefined ? '?' : cellText(col[r]);
    },
  };
};
