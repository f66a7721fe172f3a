/**
 * Registry bindings for numpy pickles, both ways: `_reconstruct` + BUILD
 * (protocols 0–4, and object arrays), `_frombuffer` (protocol 5, in-band or
 * out-of-band buffers), `numpy.dtype`, and numpy scalars, under both the
 * numpy 1.x (`numpy.core.*`) and numpy 2.x (`numpy._core.*`) module names.
 * Nothing from the pickle runs: each global maps to JS code here.
 */
import type { ReduceValue } from '../../registry/contract.js';
import { PickleBuffer } from '../../registry/pickle-buffer.js';
import type { Registry } from '../../registry/registry.js';
import { FreshString } from '../../values/fresh-string.js';
import { isLatin1Shared, SHARED_B_CHAR } from '../../values/latin1-singletons.js';
import { DECLINE } from '../../unpickler/builtin-bindings.js';
import { ByteArray } from '../../values/byte-array.js';
import { PyGlobal } from '../../values/py-global.js';
import { Tuple } from '../../values/tuple.js';
import { DType, intList } from './dtype.js';
import type { NDArrayData } from './elements.js';
import { NDArray } from './ndarray.js';
import { NumpyScalar, scalarValue } from './scalar.js';
import { TypedValue } from '../../values/typed-value.js';

/** The packages numpy's pickles name: numpy 1.x and numpy 2.x. */
const CORES = ['numpy.core', 'numpy._core'] as const;
const G_NDARRAY = new PyGlobal('numpy', 'ndarray');
const G_DTYPE = new PyGlobal('numpy', 'dtype');
/** numpy's `_reconstruct(cls, (0,), b'b')`: CPython caches one-byte bytes objects, so every array shares this one. */
const B_CHAR = Uint8Array.of(0x62);
const globalsByCore = new Map<string, { reconstruct: PyGlobal; frombuffer: PyGlobal; scalar: PyGlobal }>();

function coreGlobals(core: string): { reconstruct: PyGlobal; frombuffer: PyGlobal; scalar: PyGlobal } {
  let g = globalsByCore.get(core);
  if (g === undefined) {
    g = {
      reconstruct: new PyGlobal(`${core}.multiarray`, '_reconstruct'),
      frombuffer: new PyGlobal(`${core}.numeric`, '_frombuffer'),
      scalar: new PyGlobal(`${core}.multiarray`, 'scalar'),
    };
    globalsByCore.set(core, g);
  }
  return g;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Registers numpy's loaders and NDArray/DType/NumpyScalar dump rules into `reg`.
 * @param lossless scalars load as `NumpyScalar` (dumps back unchanged) instead of JS values.
 * @throws PickleError when `reg` is frozen.
 */
export function registerNumpy(reg: Registry, lossless: boolean): Registry {
  for (const core of CORES) {
    reg.registerBinding(`${core}.multiarray`, '_reconstruct', { call: (args) => reconstruct(args, core) });
    reg.registerBinding(`${core}.numeric`, '_frombuffer', { call: (args) => frombuffer(args, core) });
    const scalarGlobal = coreGlobals(core).scalar;
    reg.registerBinding(`${core}.multiarray`, 'scalar', {
      call: (args, g) => {
        const [d, raw] = args;
        if (!(d instanceof DType) || args.length > 2) return DECLINE;
        // Lossless: the global as loaded, which knows whether its name strs were written afresh.
        if (lossless) return new NumpyScalar(d, raw, g ?? scalarGlobal);
        // Default mode: the JS value, boxed with the scalar so the containers `loads` builds remember its type.
        return new TypedValue(scalarValue(d, raw), new NumpyScalar(d, raw, scalarGlobal));
      },
    });
  }
  reg.registerBinding('numpy', 'dtype', {
    call: (args) => {
      if (typeof args[0] !== 'string') return DECLINE;
      const d = new DType(args[0]);
      d.args = args instanceof Tuple ? args : new Tuple(args);
      return d;
    },
  });
  reg.registerReducer(
    DType,
    // numpy formats the type spec ('f8', 'M8') afresh on every __reduce__: two dtype objects never share that str.
    (d): ReduceValue => ({
      callable: G_DTYPE,
      args: d.args.map((a, i) => (i === 0 && typeof a === 'string' ? new FreshString(a) : a)),
      state: singletonByteorder(d.state ?? d.computeState()),
    }),
    (d, state) => d.setState(state),
  );
  reg.registerReducer(NDArray, reduceArray, setArrayState);
  reg.registerReducer(NumpyScalar, (s): ReduceValue => ({ callable: s.callable, args: [s.descriptor, s.raw] }));
  return reg;
}

/** `_reconstruct(cls, shape, dtype_char)`: an empty array that BUILD fills. */
function reconstruct(args: readonly unknown[], core: string): unknown {
  const cls = args[0];
  if (args.length !== 3 || !(cls instanceof PyGlobal)) return DECLINE;
  const a = new NDArray('|u1', [0], new Uint8Array(0));
  const isNdarray = cls.module === 'numpy' && cls.name === 'ndarray';
  const info = isNdarray ? { core, reconstructed: true } : { core, cls, reconstructed: true };
  const char = args[2];
  a.pickleInfo = char instanceof Uint8Array && isLatin1Shared(char) ? { ...info, sharedChar: true } : info;
  return a;
}

/** `_frombuffer(buffer, dtype, shape, order)`: numpy's protocol 5 path. */
function frombuffer(args: readonly unknown[], core: string): unknown {
  const [buf, d, shape, order] = args;
  if (args.length !== 4 || !(buf instanceof Uint8Array) || !(d instanceof DType) || (order !== 'C' && order !== 'F')) return DECLINE;
  const a = NDArray.fromPayload(d, intList(shape, 'shape'), buf, order);
  a.pickleInfo = buf instanceof ByteArray ? { core } : { core, readonlyBuffer: true };
  return a;
}

/**
 * numpy's `ndarray.__setstate__((version, shape, dtype, is_fortran, data))`:
 * data is the raw bytes in memory order, or for object arrays a list in index order.
 */
function setArrayState(a: NDArray, state: unknown): void {
  if (!(state instanceof Tuple) || (state.length !== 5 && state.length !== 4)) throw new TypeError('numpy.ndarray: state is not a 4- or 5-tuple');
  const [shapeArg, d, fortran, raw] = state.length === 5 ? state.slice(1) : state;
  if (!(d instanceof DType)) throw new TypeError('numpy.ndarray: state has no dtype');
  const shape = intList(shapeArg, 'shape');
  const order: 'C' | 'F' = fortran === true ? 'F' : 'C';
  let built: NDArray;
  if (d.kind === 'O') {
    if (!Array.isArray(raw)) throw new TypeError('numpy.ndarray: object array state is not a list');
    built = new NDArray(d, shape, order === 'F' ? toMemoryOrder(raw, shape) : raw, order);
  } else if (d.hasObject) {
    throw new TypeError('numpy.ndarray: structured arrays with object fields are not supported');
  } else {
    const bytes = typeof raw === 'string' ? latin1(raw) : raw;
    if (!(bytes instanceof Uint8Array)) throw new TypeError('numpy.ndarray: array data is not bytes');
    built = NDArray.fromPayload(d, shape, bytes, order);
  }
  const m = a as Mutable<NDArray>;
  m.shape = built.shape;
  m.descriptor = built.descriptor;
  m.data = built.data;
  m.order = built.order;
}

function latin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) throw new TypeError('numpy.ndarray: array data string is not latin-1');
    out[i] = c;
  }
  return out;
}

/** Index-order items to Fortran memory order. */
function toMemoryOrder(items: unknown[], shape: number[]): unknown[] {
  const probe = new NDArray('|O', shape, items, 'F');
  const perm = probe.memoryOrder();
  if (perm === undefined) return items;
  const out = new Array<unknown>(items.length);
  for (let i = 0; i < items.length; i++) out[perm[i]!] = items[i];
  return out;
}

/** Fortran memory order items back to index order. */
function toIndexOrder(a: NDArray, items: unknown[]): unknown[] {
  const perm = a.memoryOrder();
  // The loaded list itself: it carries what the load remembered about its items (integral floats).
  if (perm === undefined) return items;
  const out = new Array<unknown>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = items[perm[i]!];
  return out;
}

/** numpy's `ndarray.__reduce_ex__(protocol)`, byte for byte. */
function reduceArray(a: NDArray, protocol: number): ReduceValue {
  const info = a.pickleInfo;
  const g = coreGlobals(info?.core ?? 'numpy.core');
  const d = a.descriptor;
  const shape = new Tuple(a.shape);
  // numpy falls back to _reconstruct where PEP 3118 has no format (datetime64/timedelta64).
  const viaBuffer = info?.reconstructed !== true && info?.cls === undefined;
  if (protocol >= 5 && viaBuffer && !d.hasObject && d.itemsize > 0 && d.kind !== 'M' && d.kind !== 'm') {
    const order = a.isFortran ? 'F' : 'C';
    // A view of the array's memory (no swap needed) or one swapped copy: the writer then copies it once,
    // into the output (a second copy here doubled the page faults of a 40 MB dump), and an out-of-band
    // buffer callback gets the array's own memory, as numpy hands out.
    const bytes = a.bytesView();
    const buf = info?.readonlyBuffer === true ? new PickleBuffer(bytes, { readonly: true }) : new PickleBuffer(toByteArray(bytes));
    return { callable: g.frombuffer, args: [buf, d, shape, oneChar(order)] };
  }
  const data: NDArrayData = d.hasObject ? toIndexOrder(a, a.data as unknown[]) : a.bytesView();
  return {
    callable: g.reconstruct,
    args: [info?.cls ?? G_NDARRAY, new Tuple([0]), info?.sharedChar === true ? SHARED_B_CHAR : B_CHAR],
    state: new Tuple([1, shape, d, a.isFortran, data]),
  };
}

/**
 * numpy makes its one-char strs (byte order, memory order) with CPython's
 * one-char singletons: shared with each other, but not with an equal str
 * that is an interned identifier elsewhere in the pickle (a dict key 'C').
 */
function oneChar(s: string): FreshString {
  return new FreshString(s, `s${s}`);
}

function singletonByteorder(state: Tuple): Tuple {
  const order = state.length >= 8 ? state[1] : state[0];
  if (typeof order !== 'string' || order.length !== 1) return state;
  const copy = [...state];
  copy[state.length >= 8 ? 1 : 0] = oneChar(order);
  return new Tuple(copy);
}

function toByteArray(bytes: Uint8Array): ByteArray {
  return new ByteArray(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
}
