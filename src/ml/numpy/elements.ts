/**
 * How numpy elements map to JS storage: which typed array holds each dtype,
 * byte swapping between the dtype's byte order and the host's, and reading
 * one element as a picklejar value (what numpy's `tolist()` gives).
 */
import { Complex } from '../../values/complex.js';
import { Tuple } from '../../values/tuple.js';
import { NATIVE_ORDER, type DType } from './dtype.js';
import { halfToNumber } from '../../wire/float16.js';
import { NDArray } from './ndarray.js';

/** The typed arrays NDArray uses for numeric data. */
export type NumericData =
  Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array | BigInt64Array | BigUint64Array;

/** What `NDArray.data` holds: a typed array, or a JS array of objects for dtype `'|O'`. */
export type NDArrayData = NumericData | unknown[];

type TypedCtor = { new (buffer: ArrayBuffer, byteOffset?: number, length?: number): NumericData; readonly BYTES_PER_ELEMENT: number };

/**
 * The typed array class holding `d`'s elements and how many of its items make
 * one element (2 for complex), or undefined when the data stays raw bytes
 * (str, bytes, void/structured, long double).
 */
export function storageOf(d: DType): { ctor: TypedCtor; per: number } | undefined {
  if (d.fields !== undefined || d.subarray !== undefined) return undefined;
  const key = `${d.kind}${d.itemsize}`;
  const ctor = STORAGE[key];
  if (ctor === undefined) return undefined;
  return { ctor, per: d.kind === 'c' ? 2 : 1 };
}

const STORAGE: Record<string, TypedCtor | undefined> = {
  b1: Uint8Array,
  i1: Int8Array,
  i2: Int16Array,
  i4: Int32Array,
  i8: BigInt64Array,
  u1: Uint8Array,
  u2: Uint16Array,
  u4: Uint32Array,
  u8: BigUint64Array,
  f2: Uint16Array,
  f4: Float32Array,
  f8: Float64Array,
  c8: Float32Array,
  c16: Float64Array,
  M8: BigInt64Array,
  m8: BigInt64Array,
};

/** Reverses each `unit`-byte group of `bytes` in place. */
export function swapBytes(bytes: Uint8Array, unit: number): void {
  if (unit <= 1) return;
  for (let i = 0; i + unit <= bytes.length; i += unit) {
    for (let a = i, b = i + unit - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}

/** True when `d`'s numeric data must be byte-swapped between the pickle and the host. */
export function needsSwap(d: DType): boolean {
  return d.byteorder !== '|' && d.byteorder !== NATIVE_ORDER;
}

/**
 * Decodes raw element bytes (the dtype's byte order) to the JS storage: a
 * native-endian typed array for numeric kinds, the bytes themselves for the
 * others. A view of `raw` (no copy) when no byte swap is needed and the
 * offset suits the element type; a copy otherwise.
 */
export function decodeData(d: DType, raw: Uint8Array): NumericData {
  const s = storageOf(d);
  // Plain Uint8Array views: a ByteArray (bytearray) input must not lend its class to the data.
  if (s === undefined) return new Uint8Array(raw.buffer as ArrayBuffer, raw.byteOffset, raw.length);
  if (!needsSwap(d) && raw.byteOffset % s.ctor.BYTES_PER_ELEMENT === 0) {
    return new s.ctor(raw.buffer as ArrayBuffer, raw.byteOffset, raw.length / s.ctor.BYTES_PER_ELEMENT);
  }
  const copy = new Uint8Array(raw);
  if (needsSwap(d)) swapBytes(copy, d.itemsize / s.per);
  return new s.ctor(copy.buffer, 0, copy.length / s.ctor.BYTES_PER_ELEMENT);
}

/**
 * The raw bytes (the dtype's byte order) of numeric or raw data, for writing
 * out: a `Uint8Array` view of `data`'s memory when no byte swap is needed (the
 * caller must only read it), else a swapped copy. Dumps and `.npy` writing use
 * it so that a 40 MB array is copied once, into the output, not twice.
 */
export function dataBytes(d: DType, data: NumericData): Uint8Array {
  const s = storageOf(d);
  if (s !== undefined && needsSwap(d)) return encodeData(d, data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** The raw bytes (the dtype's byte order) of numeric or raw data: a fresh copy. */
export function encodeData(d: DType, data: NumericData): Uint8Array {
  const out = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  const s = storageOf(d);
  if (s !== undefined && needsSwap(d)) swapBytes(out, d.itemsize / s.per);
  return out;
}

/** A number when it is a safe integer, else the bigint (the value model's int). */
export function pyInt(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** One element of numeric storage `data` at element index `i`, as numpy's `tolist()` gives it. */
export function numericItem(d: DType, data: NumericData, i: number): unknown {
  switch (d.kind) {
    case 'b':
      return data[i] !== 0;
    case 'c':
      return new Complex(data[2 * i] as number, data[2 * i + 1] as number);
    case 'f':
      return d.itemsize === 2 ? halfToNumber(data[i] as number) : data[i];
    default: {
      const v = data[i]!;
      return typeof v === 'bigint' ? pyInt(v) : v;
    }
  }
}

const utf32Unit = (view: DataView, at: number, little: boolean): number => view.getUint32(at, little);

/**
 * One element of dtype `d` read from raw bytes at `offset` (the dtype's own
 * byte order): for str, bytes and structured data, and for fields of records.
 */
export function rawItem(d: DType, bytes: Uint8Array, view: DataView, offset: number): unknown {
  // numpy's tolist() gives sub-array fields as arrays.
  if (d.subarray !== undefined) return NDArray.fromBytes(d.subarray.base, d.subarray.shape, bytes.subarray(offset, offset + d.itemsize));
  if (d.fields !== undefined) return new Tuple(d.fields.map((f) => rawItem(f.dtype, bytes, view, offset + f.offset)));
  const little = d.byteorder !== '>';
  switch (d.kind) {
    case 'U': {
      let end = d.itemsize;
      while (end >= 4 && utf32Unit(view, offset + end - 4, little) === 0) end -= 4;
      let s = '';
      for (let k = 0; k < end; k += 4) {
        const cp = utf32Unit(view, offset + k, little);
        s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      }
      return s;
    }
    case 'S': {
      let end = d.itemsize;
      while (end > 0 && bytes[offset + end - 1] === 0) end--;
      return bytes.slice(offset, offset + end);
    }
    case 'V':
      return bytes.slice(offset, offset + d.itemsize);
    case 'b':
      return bytes[offset] !== 0;
    case 'i':
    case 'u':
    case 'M':
    case 'm': {
      const signed = d.kind !== 'u';
      switch (d.itemsize) {
        case 1:
          return signed ? view.getInt8(offset) : view.getUint8(offset);
        case 2:
          return signed ? view.getInt16(offset, little) : view.getUint16(offset, little);
        case 4:
          return signed ? view.getInt32(offset, little) : view.getUint32(offset, little);
        case 8:
          return pyInt(signed ? view.getBigInt64(offset, little) : view.getBigUint64(offset, little));
      }
      break;
    }
    case 'f':
      if (d.itemsize === 2) return halfToNumber(view.getUint16(offset, little));
      if (d.itemsize === 4) return view.getFloat32(offset, little);
      if (d.itemsize === 8) return view.getFloat64(offset, little);
      break;
    case 'c':
      if (d.itemsize === 8) return new Complex(view.getFloat32(offset, little), view.getFloat32(offset + 4, little));
      if (d.itemsize === 16) return new Complex(view.getFloat64(offset, little), view.getFloat64(offset + 8, little));
      break;
  }
  // long double and other sizes JS has no type for: the raw bytes.
  return bytes.slice(offset, offset + d.itemsize);
}

/** Groups a flat C-order list into nested arrays of `shape` (no recursion). */
export function nest(flat: unknown[], shape: readonly number[]): unknown[] {
  let level: unknown[] = flat;
  let groups = flat.length;
  for (let k = shape.length - 1; k >= 1; k--) {
    const d = shape[k]!;
    groups = 1;
    for (let j = 0; j < k; j++) groups *= shape[j]!;
    const next: unknown[] = new Array<unknown>(groups);
    for (let g = 0; g < groups; g++) next[g] = level.slice(g * d, (g + 1) * d);
    level = next;
  }
  return level;
}
