// Decodes the typed JSON of test/repr/values.py into picklejar's value model.
import { ByteArray, Complex, Float, FrozenSet, Tuple } from '../../src/values/index.js';

export type Typed =
  | { t: 'none' }
  | { t: 'bool'; v: boolean }
  | { t: 'int' | 'float' | 'str'; v: string }
  | { t: 'bytes' | 'bytearray'; v: string }
  | { t: 'complex'; re: string; im: string }
  | { t: 'ref'; id: number }
  | { t: 'list' | 'tuple' | 'set' | 'frozenset'; id: number; v: Typed[] }
  | { t: 'dict'; id: number; v: [Typed, Typed][] };

function pyFloat(text: string): number {
  if (text === 'nan') return NaN;
  if (text === 'inf') return Infinity;
  if (text === '-inf') return -Infinity;
  return Number(text);
}

/** The value model's form of a typed-JSON value (recursion through refs; plain recursion is fine for test data). */
export function decodeTyped(typed: Typed, objects: Map<number, unknown> = new Map()): unknown {
  switch (typed.t) {
    case 'none':
      return null;
    case 'bool':
      return typed.v;
    case 'int': {
      const big = BigInt(typed.v);
      return big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big;
    }
    case 'float': {
      const x = pyFloat(typed.v);
      return Number.isInteger(x) || Object.is(x, -0) ? new Float(x) : x;
    }
    case 'str':
      return typed.v;
    case 'bytes':
      return Uint8Array.from(Buffer.from(typed.v, 'hex'));
    case 'bytearray':
      return ByteArray.fromBytes(Buffer.from(typed.v, 'hex'));
    case 'complex':
      return new Complex(pyFloat(typed.re), pyFloat(typed.im));
    case 'ref':
      return objects.get(typed.id);
    case 'list': {
      const list: unknown[] = [];
      objects.set(typed.id, list);
      for (const item of typed.v) list.push(decodeTyped(item, objects));
      return list;
    }
    case 'tuple': {
      // A tuple can contain itself only through a mutable container, which is registered first.
      const items = typed.v.map((item) => decodeTyped(item, objects));
      const tuple = new Tuple(items);
      objects.set(typed.id, tuple);
      return tuple;
    }
    case 'set': {
      const set = new Set<unknown>();
      objects.set(typed.id, set);
      for (const item of typed.v) set.add(decodeTyped(item, objects));
      return set;
    }
    case 'frozenset': {
      const set = new FrozenSet(typed.v.map((item) => decodeTyped(item, objects)));
      objects.set(typed.id, set);
      return set;
    }
    case 'dict': {
      const map = new Map<unknown, unknown>();
      objects.set(typed.id, map);
      for (const [k, v] of typed.v) map.set(decodeTyped(k, objects), decodeTyped(v, objects));
      return map;
    }
  }
}
