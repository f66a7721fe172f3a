/**
 * Structural equality of value-model values, as Python would see them, plus
 * the sharing structure: what the fixture and interop suites use to judge
 * `loads` and `dumps`. Iterative: any depth, cycles included.
 */
import assert from 'node:assert/strict';
import { Tuple, ByteArray, FrozenSet, Float, Complex, PyGlobal, PyObject, PersistentRef, ExtensionRef, BufferRef } from '../../src/values/index.js';
import { floatRepr } from '../../src/wire/float-repr.js';
import { stringifyTypedJson } from '../../src/typed-json/index.js';

/** How strict {@link pyEqual} is. */
export interface PyEqualOptions {
  /** Tell `Float(x)` from a plain number `x` (both are Python floats). Default false. */
  readonly exactFloatWrappers?: boolean;
  /** Compare sets and frozensets as sets rather than in iteration order. Default false: order matters (CPython's order). */
  readonly unorderedSets?: boolean;
  /** Require the same sharing (a shared or cyclic object on one side is shared the same way on the other). Default true. */
  readonly identity?: boolean;
}

type Kind =
  | 'None'
  | 'bool'
  | 'int'
  | 'float'
  | 'Float'
  | 'str'
  | 'bytes'
  | 'bytearray'
  | 'list'
  | 'tuple'
  | 'dict'
  | 'set'
  | 'frozenset'
  | 'complex'
  | 'global'
  | 'object'
  | 'persid'
  | 'ext'
  | 'buffer'
  | 'jsobject'
  | 'other';

function kindOf(v: unknown, exactFloat: boolean): Kind {
  switch (typeof v) {
    case 'undefined':
      return 'None';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'str';
    case 'bigint':
      return 'int';
    case 'number':
      return Number.isInteger(v) && !Object.is(v, -0) ? 'int' : 'float';
    case 'object':
      break;
    default:
      return 'other';
  }
  if (v === null) return 'None';
  if (v instanceof Float) return exactFloat ? 'Float' : 'float';
  if (v instanceof Tuple) return 'tuple';
  if (Array.isArray(v)) return 'list';
  if (v instanceof ByteArray) return 'bytearray';
  if (v instanceof Uint8Array) return 'bytes';
  if (v instanceof Map) return 'dict';
  if (v instanceof FrozenSet) return 'frozenset';
  if (v instanceof Set) return 'set';
  if (v instanceof Complex) return 'complex';
  if (v instanceof PyGlobal) return 'global';
  if (v instanceof PyObject) return 'object';
  if (v instanceof PersistentRef) return 'persid';
  if (v instanceof ExtensionRef) return 'ext';
  if (v instanceof BufferRef) return 'buffer';
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) return 'jsobject';
  return 'other';
}

/**
 * Objects whose identity is compared. Empty tuples and bytes of length < 2
 * are singletons in CPython, so their sharing says nothing; values such as
 * Float, Complex and PyGlobal are compared by value only.
 */
function tracked(kind: Kind, v: unknown): boolean {
  switch (kind) {
    case 'list':
    case 'dict':
    case 'set':
    case 'frozenset':
    case 'bytearray':
    case 'object':
    case 'jsobject':
      return true;
    case 'tuple':
      return (v as Tuple).length > 0;
    case 'bytes':
      return (v as Uint8Array).length > 1;
    default:
      return false;
  }
}

/** A link of the path from the root to a compared pair, built into text only on failure. */
interface PathLink {
  readonly parent: PathLink | null;
  readonly seg: string;
}

interface Pair {
  readonly a: unknown;
  readonly b: unknown;
  readonly path: PathLink | null;
}

function pathText(link: PathLink | null): string {
  const segs: string[] = [];
  for (let l = link; l !== null; l = l.parent) segs.push(l.seg);
  return 'root' + segs.reverse().join('');
}

function floatOf(v: unknown): number {
  return v instanceof Float ? v.value : (v as number);
}

function sameFloat(x: number, y: number): boolean {
  return (x !== x && y !== y) || Object.is(x, y);
}

/** A short description of a value for messages. */
export function brief(v: unknown): string {
  const kind = kindOf(v, true);
  const cut = (s: string): string => (s.length > 80 ? s.slice(0, 77) + '...' : s);
  switch (kind) {
    case 'None':
      return v === undefined ? 'undefined' : 'None';
    case 'bool':
      return v ? 'True' : 'False';
    case 'int':
      return `int ${cut(String(v))}${typeof v === 'bigint' ? 'n' : ''}`;
    case 'float':
      return `float ${floatRepr(v as number)}`;
    case 'Float':
      return `Float(${floatRepr((v as Float).value)})`;
    case 'str':
      return `str ${cut(JSON.stringify(v))} (length ${(v as string).length})`;
    case 'bytes':
    case 'bytearray': {
      const u = v as Uint8Array;
      const hex = Array.from(u.subarray(0, 24), (x) => x.toString(16).padStart(2, '0')).join('');
      return `${kind} of ${u.length} [${hex}${u.length > 24 ? '...' : ''}]`;
    }
    case 'list':
    case 'tuple':
      return `${kind} of ${(v as unknown[]).length}`;
    case 'dict':
    case 'set':
    case 'frozenset':
      return `${kind} of ${(v as Set<unknown>).size}`;
    case 'complex':
      return `complex(${floatRepr((v as Complex).real)}, ${floatRepr((v as Complex).imag)})`;
    case 'global':
      return `global ${(v as PyGlobal).module}.${(v as PyGlobal).name}`;
    case 'object':
      return `PyObject(${(v as PyObject).creation})`;
    case 'persid':
      return `PersistentRef`;
    case 'ext':
      return `ExtensionRef(${(v as ExtensionRef).code})`;
    case 'buffer':
      return `BufferRef(${(v as BufferRef).index})`;
    case 'jsobject':
      return `object with ${Object.keys(v as object).length} keys`;
    default:
      return `${typeof v} ${cut(String(v))}`;
  }
}

function setKey(v: unknown): string {
  try {
    return stringifyTypedJson(v);
  } catch {
    return `?${String(v)}`;
  }
}

/**
 * The first difference between `actual` and `expected` in document order, as
 * `"at root[2].$dict[0].value: expected int 5, got str \"5\""`, or undefined when equal.
 * @param actual the value under test.
 * @param expected the expected value.
 * @param options strictness.
 */
export function pyDiff(actual: unknown, expected: unknown, options: PyEqualOptions = {}): string | undefined {
  const exactFloat = options.exactFloatWrappers ?? false;
  const unordered = options.unorderedSets ?? false;
  const identity = options.identity ?? true;
  const aToB = new Map<object, unknown>();
  const bToA = new Map<object, unknown>();
  const pairs = new Map<object, Set<unknown>>();
  const stack: Pair[] = [{ a: actual, b: expected, path: null }];
  const at = (p: PathLink | null, msg: string): string => `at ${pathText(p)}: ${msg}`;

  while (stack.length > 0) {
    const { a, b, path } = stack.pop()!;
    const ka = kindOf(a, exactFloat);
    const kb = kindOf(b, exactFloat);
    if (ka !== kb) return at(path, `expected ${brief(b)}, got ${brief(a)}`);
    if (tracked(ka, a) && identity) {
      const mapped = aToB.get(a as object);
      if (mapped !== undefined || bToA.has(b as object)) {
        if (mapped === b) continue;
        return at(
          path,
          `sharing differs: the ${ka} here is ${mapped === undefined ? 'a new object in actual but one seen before in expected' : 'an object seen before in actual but a new one in expected'}`,
        );
      }
      aToB.set(a as object, b);
      bToA.set(b as object, a);
    } else if (tracked(ka, a)) {
      // Without identity checks, only stop cycles: each (actual, expected) pair is compared once.
      let seen = pairs.get(a as object);
      if (seen === undefined) pairs.set(a as object, (seen = new Set()));
      if (seen.has(b)) continue;
      seen.add(b);
    }
    const children: Pair[] = [];
    const child = (x: unknown, y: unknown, seg: string): void => {
      children.push({ a: x, b: y, path: { parent: path, seg } });
    };
    switch (ka) {
      case 'None':
      case 'bool':
      case 'str':
      case 'ext':
        if (ka === 'ext' ? (a as ExtensionRef).code !== (b as ExtensionRef).code : a !== b) {
          return at(path, `expected ${brief(b)}, got ${brief(a)}`);
        }
        break;
      case 'int':
        if (BigInt(a as number | bigint) !== BigInt(b as number | bigint)) return at(path, `expected ${brief(b)}, got ${brief(a)}`);
        break;
      case 'float':
      case 'Float':
        if (!sameFloat(floatOf(a), floatOf(b))) return at(path, `expected ${brief(b)}, got ${brief(a)}`);
        break;
      case 'bytes':
      case 'bytearray': {
        const x = a as Uint8Array;
        const y = b as Uint8Array;
        if (x.length !== y.length) return at(path, `expected ${brief(y)}, got ${brief(x)}`);
        for (let i = 0; i < x.length; i++) {
          if (x[i] !== y[i]) return at(path, `${ka} differ at index ${i}: expected ${y[i]}, got ${x[i]}`);
        }
        break;
      }
      case 'list':
      case 'tuple': {
        const x = a as unknown[];
        const y = b as unknown[];
        if (x.length !== y.length) return at(path, `expected ${brief(y)}, got ${brief(x)}`);
        for (let i = 0; i < x.length; i++) child(x[i], y[i], `[${i}]`);
        break;
      }
      case 'dict':
      case 'jsobject': {
        const x = ka === 'dict' ? Array.from((a as Map<unknown, unknown>).entries()) : Object.entries(a as object);
        const y = ka === 'dict' ? Array.from((b as Map<unknown, unknown>).entries()) : Object.entries(b as object);
        if (x.length !== y.length) return at(path, `expected ${brief(b)}, got ${brief(a)}`);
        for (let i = 0; i < x.length; i++) {
          child(x[i]![0], y[i]![0], `.key(${i})`);
          child(x[i]![1], y[i]![1], `.get(${JSON.stringify(typeof y[i]![0] === 'string' ? y[i]![0] : i)})`);
        }
        break;
      }
      case 'set':
      case 'frozenset': {
        const x = Array.from(a as Set<unknown>);
        const y = Array.from(b as Set<unknown>);
        if (x.length !== y.length) return at(path, `expected ${brief(b)}, got ${brief(a)}`);
        if (unordered) {
          const kx = x.map(setKey).sort();
          const ky = y.map(setKey).sort();
          for (let i = 0; i < kx.length; i++) {
            if (kx[i] !== ky[i]) return at(path, `${ka} members differ: expected ${ky[i]!.slice(0, 80)}, got ${kx[i]!.slice(0, 80)}`);
          }
        } else {
          for (let i = 0; i < x.length; i++) child(x[i], y[i], `.member(${i})`);
        }
        break;
      }
      case 'complex': {
        const x = a as Complex;
        const y = b as Complex;
        if (!sameFloat(x.real, y.real) || !sameFloat(x.imag, y.imag)) return at(path, `expected ${brief(y)}, got ${brief(x)}`);
        break;
      }
      case 'global': {
        const x = a as PyGlobal;
        const y = b as PyGlobal;
        if (x.module !== y.module || x.name !== y.name) return at(path, `expected ${brief(y)}, got ${brief(x)}`);
        break;
      }
      case 'object': {
        const x = a as PyObject;
        const y = b as PyObject;
        if (x.creation !== y.creation) return at(path, `expected PyObject created by ${y.creation}, got ${x.creation}`);
        if ((x.state === undefined) !== (y.state === undefined)) {
          return at(path, `expected ${y.state === undefined ? 'no state' : 'a state'}, got ${x.state === undefined ? 'none' : 'one'}`);
        }
        if ((x.kwargs === undefined) !== (y.kwargs === undefined)) return at(path, `kwargs present on one side only`);
        if (x.listItems.length !== y.listItems.length) return at(path, `expected ${y.listItems.length} listItems, got ${x.listItems.length}`);
        if (x.dictItems.length !== y.dictItems.length) return at(path, `expected ${y.dictItems.length} dictItems, got ${x.dictItems.length}`);
        child(x.callable, y.callable, '.callable');
        child(x.args, y.args, '.args');
        if (y.kwargs !== undefined) child(x.kwargs, y.kwargs, '.kwargs');
        if (y.state !== undefined) child(x.state, y.state, '.state');
        for (let i = 0; i < x.listItems.length; i++) child(x.listItems[i], y.listItems[i], `.listItems[${i}]`);
        for (let i = 0; i < x.dictItems.length; i++) {
          child(x.dictItems[i]![0], y.dictItems[i]![0], `.dictItems[${i}].key`);
          child(x.dictItems[i]![1], y.dictItems[i]![1], `.dictItems[${i}].value`);
        }
        break;
      }
      case 'persid': {
        const x = a as PersistentRef;
        const y = b as PersistentRef;
        if (x.binary !== y.binary) return at(path, `expected ${y.binary ? 'BINPERSID' : 'PERSID'}, got the other`);
        child(x.pid, y.pid, '.pid');
        break;
      }
      case 'buffer': {
        const x = a as BufferRef;
        const y = b as BufferRef;
        if (x.index !== y.index || x.readonly !== y.readonly)
          return at(path, `expected ${brief(y)} readonly=${y.readonly}, got ${brief(x)} readonly=${x.readonly}`);
        break;
      }
      default:
        if (a !== b) return at(path, `expected ${brief(b)}, got ${brief(a)}`);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return undefined;
}

/**
 * True when `a` and `b` are the same Python value with the same sharing
 * (see {@link PyEqualOptions}): tuple ≠ list, bytes ≠ bytearray, set ≠ frozenset,
 * int ≠ float (an integral number is an int, a bigint equals the number of the same value),
 * NaN equals NaN, -0.0 ≠ 0.0, dict entries in order, PyObject/PyGlobal by fields.
 */
export function pyEqual(a: unknown, b: unknown, options: PyEqualOptions = {}): boolean {
  return pyDiff(a, b, options) === undefined;
}

/**
 * Asserts {@link pyEqual}, failing with the path to the first difference.
 * @throws AssertionError when the values differ.
 */
export function assertPyEqual(actual: unknown, expected: unknown, message?: string, options: PyEqualOptions = {}): void {
  const diff = pyDiff(actual, expected, options);
  if (diff !== undefined) assert.fail(message ? `${message}: ${diff}` : diff);
}
