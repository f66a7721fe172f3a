/**
 * One-line previews in Python notation that stay fast on huge values: the
 * exact `pyRepr` when the value is small, else the same notation with long
 * bytes and strings cut and long containers elided. (Printing an 8 MB bytes
 * constant in full takes seconds; a preview needs its first bytes.)
 */
import { pyRepr } from '../../repr/py-repr.js';
import { bytesRepr } from '../../repr/bytes-repr.js';
import { strRepr } from '../../repr/str-repr.js';
import { ByteArray } from '../../values/byte-array.js';
import { Tuple } from '../../values/tuple.js';
import { childrenOf } from '../analysis/value-tree.js';
import { NDArray } from '../../ml/numpy/ndarray.js';
import { Tensor } from '../../ml/torch/tensor.js';
import { DataFrame } from '../../ml/pandas/frame.js';
import { ndarrayAdapter, tensorAdapter } from '../analysis/ml-adapters.js';

/** Arrays and frames print as a summary (shape, dtype, first elements); see the Arrays and Tables tabs. */
function mlSummary(value: unknown): string | undefined {
  if (value instanceof DataFrame) {
    const [rows, cols] = value.shape;
    const names = value.columns.slice(0, 8).map((c) => pyRepr(c, { maxLength: 40 }));
    return `DataFrame ${rows} rows × ${cols} columns [${names.join(', ')}${cols > 8 ? ', …' : ''}]`;
  }
  if (!(value instanceof NDArray) && !(value instanceof Tensor)) return undefined;
  const item = (value instanceof NDArray ? ndarrayAdapter : tensorAdapter)(value)!;
  let first = '';
  try {
    const count = item.shape.reduce((a, b) => a * b, 1);
    const values = count <= 1_000_000 ? item.values() : undefined;
    if (values !== undefined) {
      const shown = Array.from({ length: Math.min(6, values.length) }, (_, i) => String(values[i]));
      first = ` [${shown.join(', ')}${values.length > 6 ? ', …' : ''}]`;
    }
  } catch {
    first = '';
  }
  return `shape (${item.shape.join(', ')}${item.shape.length === 1 ? ',' : ''}) ${item.dtype}${first}`;
}

/** Leaves longer than this make a value "large". */
const BIG_LEAF = 4096;
/** Nodes looked at to decide. */
const PROBE = 2000;

function isLarge(value: unknown): boolean {
  const work: unknown[] = [value];
  const seen = new Set<object>();
  let n = 0;
  while (work.length > 0) {
    if (++n > PROBE) return true;
    const v = work.pop();
    if (typeof v === 'string' && v.length > BIG_LEAF) return true;
    if (v instanceof Uint8Array && v.length > BIG_LEAF) return true;
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    const children = childrenOf(v, undefined);
    for (let i = 0; i < children.length; i++) work.push(children[i]!.value);
  }
  return false;
}

function cutLeaf(v: unknown, max: number): string | undefined {
  if (typeof v === 'string' && v.length > max) return `${strRepr(v.slice(0, max))}…`;
  if (v instanceof Uint8Array && v.length > max) {
    const text = `${bytesRepr(v, 0, max, v instanceof ByteArray)}…`;
    return v instanceof ByteArray ? `bytearray(${text})` : text;
  }
  return undefined;
}

/**
 * A one-line repr of at most about `max` characters.
 * @param value the value.
 * @param max the length to cut at.
 * @returns the text, ending with `…` when cut.
 * @throws never.
 */
export function preview(value: unknown, max: number): string {
  const ml = mlSummary(value);
  if (ml !== undefined) return ml;
  const leaf = cutLeaf(value, max);
  if (leaf !== undefined) return leaf;
  if (!isLarge(value)) {
    const text = pyRepr(value, { maxLength: max });
    return text.length > max ? `${text.slice(0, max)}…` : text;
  }
  // Large: the first children, each exact when small, else cut or elided.
  const part = (v: unknown): string => {
    const cut = cutLeaf(v, 32);
    if (cut !== undefined) return cut;
    if (typeof v === 'object' && v !== null && isLarge(v)) return '…';
    const text = pyRepr(v, { maxLength: 60 });
    return text.length > 60 ? `${text.slice(0, 60)}…` : text;
  };
  const children =
    Array.isArray(value) || value instanceof Map || (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === null)
      ? childrenOf(value, undefined)
      : undefined;
  if (children !== undefined) {
    const dict = !Array.isArray(value);
    const parts: string[] = [];
    let length = 0;
    for (let i = 0; i < children.length && length < max; i++) {
      const c = children[i]!;
      const text = dict ? `${c.label} ${part(c.value)}` : part(c.value);
      parts.push(text);
      length += text.length + 2;
    }
    const more = parts.length < children.length ? ', …' : '';
    const [open, close] = dict ? ['{', '}'] : value instanceof Tuple ? ['(', ')'] : ['[', ']'];
    return `${open}${parts.join(', ')}${more}${close}`;
  }
  return '…';
}
