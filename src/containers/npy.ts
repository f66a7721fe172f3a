/**
 * numpy's `.npy` format (versions 1.0, 2.0 and 3.0): a magic string, a
 * Python-literal header (`descr`, `fortran_order`, `shape`) padded to 64
 * bytes, then the raw data, or for object arrays a pickle of the array,
 * which is loaded through picklejar's safe unpickler. `writeNpy` writes the
 * bytes `numpy.save` writes.
 */
import { PickleError, UnpicklingError } from '../errors.js';
import { DType } from '../ml/numpy/dtype.js';
import { NDArray } from '../ml/numpy/ndarray.js';
import { dumps } from '../ml/default-pickler.js';
import { pyRepr } from '../repr/py-repr.js';
import { loads } from '../ml/default-unpickler.js';
import type { UnpicklerOptions } from '../unpickler/options.js';
import { Tuple } from '../values/tuple.js';
import { parsePyLiteral, type PyLiteral } from './npy-literal.js';

/** Options of `readNpy`. */
export interface ReadNpyOptions {
  /** Largest header accepted, in bytes. Default 1 MiB (numpy's own default is 10,000). */
  readonly maxHeaderBytes?: number;
  /** Options for the unpickler that reads object arrays (safe by default: nothing runs). */
  readonly unpickler?: UnpicklerOptions;
}

/** Options of `writeNpy`. */
export interface WriteNpyOptions {
  /** Format version `[major, minor]`; default: the smallest that fits, as `numpy.save` chooses. */
  readonly version?: readonly [number, number];
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const ALIGN = 64;
/** numpy leaves room after the header to grow the first (or, for Fortran order, last) axis in place. */
const GROWTH_AXIS_MAX_DIGITS = 21;

/**
 * True when `bytes` starts with the `.npy` magic.
 * @throws never.
 */
export function isNpy(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * Reads a `.npy` file. The array's data views `bytes` when it is aligned for
 * the dtype (numpy pads the header so that the data starts at a multiple of
 * 64 bytes of the file, so an aligned file buffer gives views); otherwise (a
 * member of an `.npz` zip sits at any offset) or for big-endian data, the
 * typed `data` is made on its first read (`NDArray.fromPayload`).
 * @throws UnpicklingError for a bad magic, version, header or data size, or
 *   when an object array's pickle fails to load.
 */
export function readNpy(bytes: Uint8Array, options: ReadNpyOptions = {}): NDArray {
  if (!isNpy(bytes) || bytes.length < 10) throw new UnpicklingError('not a .npy file: bad magic string at byte 0');
  const major = bytes[6]!;
  const minor = bytes[7]!;
  let length: number;
  let start: number;
  if (major === 1 && minor === 0) {
    length = bytes[8]! | (bytes[9]! << 8);
    start = 10;
  } else if ((major === 2 || major === 3) && minor === 0) {
    if (bytes.length < 12) throw new UnpicklingError('.npy header length truncated at byte 8');
    length = (bytes[8]! | (bytes[9]! << 8) | (bytes[10]! << 16) | (bytes[11]! << 24)) >>> 0;
    start = 12;
  } else {
    throw new UnpicklingError(`unsupported .npy format version ${major}.${minor} at byte 6`);
  }
  const max = options.maxHeaderBytes ?? 1 << 20;
  if (length > max) throw new UnpicklingError(`.npy header of ${length} bytes is over maxHeaderBytes (${max})`);
  if (start + length > bytes.length) throw new UnpicklingError(`.npy header truncated: ${length} bytes at byte ${start}`);
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + length));
  const header = parsePyLiteral(text);
  if (!(header instanceof Map)) throw new UnpicklingError(`.npy header at byte ${start} is not a dict`);
  const descr = header.get('descr');
  const fortran = header.get('fortran_order');
  const shapeLit = header.get('shape');
  if (descr === undefined || typeof fortran !== 'boolean' || !Array.isArray(shapeLit) || header.size !== 3) {
    throw new UnpicklingError(`.npy header at byte ${start} needs exactly descr, fortran_order and shape`);
  }
  const shape = shapeLit.map((n) => {
    if (typeof n !== 'number' || n < 0) throw new UnpicklingError(`.npy header: bad shape ${text}`);
    return n;
  });
  const dtype = descrToDType(descr);
  const dataStart = start + length;
  const order = fortran ? 'F' : 'C';
  if (dtype.hasObject) {
    const value = loads(bytes.subarray(dataStart), options.unpickler ?? {});
    if (!(value instanceof NDArray)) throw new UnpicklingError(`.npy object array pickle at byte ${dataStart} did not load as an array`);
    return value;
  }
  let size = 1;
  for (const n of shape) size *= n;
  const need = size * dtype.itemsize;
  if (!Number.isSafeInteger(need) || dataStart + need > bytes.length) {
    throw new UnpicklingError(`.npy data truncated: ${need} bytes needed at byte ${dataStart}, ${bytes.length - dataStart} present`);
  }
  try {
    return NDArray.fromPayload(dtype, shape, bytes.subarray(dataStart, dataStart + need), order);
  } catch (e) {
    throw new UnpicklingError(`.npy data at byte ${dataStart}: ${(e as Error).message}`);
  }
}

/** A dtype from a `.npy` `descr`: a `dtype.str`, or a structured description (list of fields). */
function descrToDType(descr: PyLiteral): DType {
  if (typeof descr === 'string') {
    try {
      return DType.fromStr(descr);
    } catch (e) {
      throw new UnpicklingError(`.npy descr: ${(e as Error).message}`);
    }
  }
  if (!Array.isArray(descr)) throw new UnpicklingError('.npy descr is neither a string nor a list');
  // Structured: [(name, format[, shape]), ...]; unnamed '' entries are padding.
  const d = new DType(`V0`);
  const fields: { name: string; dtype: DType; offset: number }[] = [];
  let offset = 0;
  for (const entry of descr) {
    if (!Array.isArray(entry) || entry.length < 2 || typeof entry[0] !== 'string') throw new UnpicklingError('.npy descr: bad field');
    let f = descrToDType(entry[1]!);
    if (entry.length > 2) {
      const sub = entry[2];
      if (!Array.isArray(sub) || !sub.every((n) => typeof n === 'number')) throw new UnpicklingError('.npy descr: bad sub-array shape');
      const wrapper = new DType(`V${f.itemsize * (sub as number[]).reduce((a, b) => a * b, 1)}`);
      wrapper.subarray = { base: f, shape: sub as number[] };
      f = wrapper;
    }
    if (entry[0] !== '') fields.push({ name: entry[0], dtype: f, offset });
    offset += f.itemsize;
  }
  d.itemsize = offset;
  d.fields = fields;
  d.args = new Tuple([`V${offset}`, false, true]);
  return d;
}

/**
 * The `.npy` bytes of `arr`, as `numpy.save` writes them (object arrays as
 * a protocol 3 pickle of the array).
 * @throws PickleError when the version requested cannot hold the header.
 */
export function writeNpy(arr: NDArray, options: WriteNpyOptions = {}): Uint8Array {
  const d = arr.descriptor;
  const descr = d.fields !== undefined ? descrLiteral(arr) : pyRepr(d.str);
  const shape = new Tuple(arr.shape);
  let header = `{'descr': ${descr}, 'fortran_order': ${arr.isFortran ? 'True' : 'False'}, 'shape': ${pyRepr(shape)}, }`;
  if (arr.shape.length > 0) {
    const axis = arr.shape[arr.isFortran ? arr.shape.length - 1 : 0]!;
    header += ' '.repeat(GROWTH_AXIS_MAX_DIGITS - String(axis).length);
  }
  let version = options.version;
  if (version === undefined) {
    const latin1 = [...header].every((ch) => ch.codePointAt(0)! <= 0xff);
    version = !latin1 ? [3, 0] : wrappedLength(header, 10) >= 0x10000 + 10 ? [2, 0] : [1, 0];
  }
  const [major, minor] = version;
  if (minor !== 0 || (major !== 1 && major !== 2 && major !== 3)) throw new PickleError(`unsupported .npy version ${major}.${minor}`);
  const prefix = major === 1 ? 10 : 12;
  const text = major === 3 ? new TextEncoder().encode(header) : latin1Bytes(header);
  const hlen = text.length + 1;
  const pad = ALIGN - ((prefix + hlen) % ALIGN);
  const total = hlen + pad;
  if (major === 1 && total >= 0x10000) throw new PickleError('.npy header too long for format 1.0');
  const body = d.hasObject ? dumps(arr, { protocol: 3 }) : arr.bytesView();
  const out = new Uint8Array(prefix + total + body.length);
  out.set(MAGIC);
  out[6] = major;
  out[7] = minor;
  new DataView(out.buffer).setUint32(8, 0, true);
  if (major === 1) new DataView(out.buffer).setUint16(8, total, true);
  else new DataView(out.buffer).setUint32(8, total, true);
  out.set(text, prefix);
  out.fill(0x20, prefix + text.length, prefix + total - 1);
  out[prefix + total - 1] = 0x0a;
  out.set(body, prefix + total);
  return out;
}

function wrappedLength(header: string, prefix: number): number {
  const hlen = header.length + 1;
  return prefix + hlen + (ALIGN - ((prefix + hlen) % ALIGN));
}

function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** numpy's repr of `dtype.descr` for a structured dtype: `[('a', '<i4'), ('b', '>f8', (2,))]`. */
function descrLiteral(arr: NDArray): string {
  const toTuple = (e: readonly unknown[]): Tuple =>
    new Tuple(e.map((x, k) => (k === 1 && Array.isArray(x) ? x.map((y) => toTuple(y as unknown[])) : k === 2 ? new Tuple(x as number[]) : x)));
  return pyRepr(arr.descr.map((e) => toTuple(e as readonly unknown[])));
}
