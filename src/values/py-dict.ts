/**
 * Dict lookups by Python equality. A JS `Map` compares keys by identity (and
 * SameValueZero), so a dict keyed by tuples cannot be found with a new tuple,
 * and Python's `1`, `1.0`, `True` and `1n` are one key but four in a `Map`.
 * `pyGet`/`pyHas`/`pySet`/`pyDelete` look keys up as Python does for the keys
 * whose equality picklejar can know — None, bool, int (number or bigint),
 * float (number or `Float`), str, bytes, tuple, frozenset, global — and by
 * identity for anything else. The dict stays a plain `Map`: insertion order
 * and the original key objects are kept, so it dumps byte-identically.
 */
import { ByteArray } from './byte-array.js';
import { Float } from './float.js';
import { FrozenSet } from './frozen-set.js';
import { PyGlobal } from './py-global.js';
import { Tuple } from './tuple.js';

/**
 * A dict as `loads` returns it: a null-prototype object when every key is a
 * str JS keeps in order (the default `dictType: 'object'`), else a Map.
 */
export type PyDict = Map<unknown, unknown> | Record<string, unknown>;

/**
 * True for a dict in either form `loads` gives: a `Map`, or a dict object
 * (null prototype). A plain `{}` (prototype `Object.prototype`) is not one,
 * though it dumps as a dict too.
 * @throws never.
 */
export function isPyDict(v: unknown): v is PyDict {
  return v instanceof Map || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === null);
}

/**
 * True for a dict object: a null-prototype object, as `loads` builds a dict
 * of str keys by default (not a Map, not a plain `{}`).
 * @throws never.
 */
export function isDictObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === null;
}

/**
 * The entries of a dict in either form (or of a plain object), in order.
 * @returns a new array of `[key, value]` pairs.
 * @throws never.
 */
export function dictEntries(d: PyDict): [unknown, unknown][] {
  if (d instanceof Map) return Array.from(d);
  const keys = Object.keys(d);
  const out: [unknown, unknown][] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) out[i] = [keys[i], d[keys[i]!]];
  return out;
}

/**
 * The number of entries of a dict in either form.
 * @throws never.
 */
export function dictSize(d: PyDict): number {
  return d instanceof Map ? d.size : Object.keys(d).length;
}

interface Index {
  size: number;
  byKey: Map<string, unknown>;
}

/** Marks the end of a tuple's items in the walk of `canonical`. */
const CLOSE = {};

const indexes = new WeakMap<Map<unknown, unknown>, Index>();

function numberKey(x: number): string | undefined {
  if (Number.isNaN(x)) return undefined; // NaN equals nothing (CPython finds it only by identity)
  if (Number.isInteger(x)) return `i${BigInt(x)}`;
  return `f${x}`;
}

/**
 * The canonical text of a key's Python value (equal keys, equal text), or
 * undefined for a key compared by identity. Iterative: tuples nest to any depth.
 */
function canonical(key: unknown): string | undefined {
  let out = '';
  const todo: unknown[] = [key];
  while (todo.length > 0) {
    const k = todo.pop();
    if (k === CLOSE) {
      out += ')';
      continue;
    }
    switch (typeof k) {
      case 'string':
        out += `s${k.length}:${k}`;
        continue;
      case 'boolean':
        out += k ? 'i1' : 'i0';
        continue;
      case 'bigint':
        out += `i${k}`;
        continue;
      case 'number': {
        const n = numberKey(k);
        if (n === undefined) return undefined;
        out += n;
        continue;
      }
      case 'undefined':
        out += 'N';
        continue;
      default:
        break;
    }
    if (k === null) {
      out += 'N';
      continue;
    }
    if (k instanceof Float) {
      const n = numberKey(k.value);
      if (n === undefined) return undefined;
      out += n;
      continue;
    }
    if (k instanceof Tuple) {
      out += `t${k.length}(`;
      todo.push(CLOSE);
      for (let i = k.length - 1; i >= 0; i--) todo.push(k[i]);
      continue;
    }
    if (k instanceof FrozenSet) {
      // Members in a canonical order: each member's own text, sorted.
      const parts: string[] = [];
      for (const m of k) {
        const c = canonical(m);
        if (c === undefined) return undefined;
        parts.push(c);
      }
      parts.sort();
      out += `F${parts.length}{${parts.join(',')}}`;
      continue;
    }
    if (k instanceof Uint8Array && !(k instanceof ByteArray)) {
      let hex = '';
      for (let i = 0; i < k.length; i++) hex += k[i]!.toString(16).padStart(2, '0');
      out += `b${hex};`;
      continue;
    }
    if (k instanceof PyGlobal) {
      out += `g${k.module.length}:${k.module}${k.name.length}:${k.name}`;
      continue;
    }
    return undefined;
  }
  return out;
}

/** The dict's key equal to `key` by Python equality, or `MISSING`. */
const MISSING: unique symbol = Symbol('missing');

function findKey(dict: Map<unknown, unknown>, key: unknown): unknown {
  if (dict.has(key)) return key;
  const c = canonical(key);
  if (c === undefined) return MISSING;
  let index = indexes.get(dict);
  for (let attempt = 0; attempt < 2; attempt++) {
    if (index === undefined || index.size !== dict.size || attempt === 1) {
      const byKey = new Map<string, unknown>();
      for (const k of dict.keys()) {
        const kc = canonical(k);
        if (kc !== undefined && !byKey.has(kc)) byKey.set(kc, k);
      }
      index = { size: dict.size, byKey };
      indexes.set(dict, index);
    }
    if (!index.byKey.has(c)) {
      if (attempt === 0 && index.size === dict.size) return MISSING;
      continue;
    }
    const found = index.byKey.get(c);
    if (dict.has(found)) return found;
  }
  return MISSING;
}

/**
 * `dict[key]` as Python looks it up: `pyGet(d, Tuple.of(1, 2))` finds the key
 * `(1, 2)` a pickle held, `pyGet(d, 1.0)` and `pyGet(d, true)` find `1`.
 * @param dict a dict from `loads` (Map or str-keyed object).
 * @returns the value, or undefined when no key is equal.
 */
export function pyGet(dict: PyDict, key: unknown): unknown {
  if (!(dict instanceof Map)) return typeof key === 'string' && Object.prototype.hasOwnProperty.call(dict, key) ? dict[key] : undefined;
  const k = findKey(dict, key);
  return k === MISSING ? undefined : dict.get(k);
}

/**
 * `key in dict` by Python equality.
 * @returns true when some key of `dict` equals `key`.
 */
export function pyHas(dict: PyDict, key: unknown): boolean {
  if (!(dict instanceof Map)) return typeof key === 'string' && Object.prototype.hasOwnProperty.call(dict, key);
  return findKey(dict, key) !== MISSING;
}

/**
 * `dict[key] = value` by Python equality: an equal key keeps its place and
 * its original key object (as in Python); otherwise the pair is appended.
 * @returns the dict.
 */
export function pySet<D extends PyDict>(dict: D, key: unknown, value: unknown): D {
  if (!(dict instanceof Map)) {
    if (typeof key !== 'string') throw new TypeError('a str-keyed dict object takes str keys only');
    Object.defineProperty(dict, key, { value, writable: true, enumerable: true, configurable: true });
    return dict;
  }
  const k = findKey(dict, key);
  Map.prototype.set.call(dict, k === MISSING ? key : k, value);
  return dict;
}

/**
 * `del dict[key]` by Python equality.
 * @returns true when an equal key was removed.
 */
export function pyDelete(dict: PyDict, key: unknown): boolean {
  if (!(dict instanceof Map)) {
    if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(dict, key)) return false;
    return delete dict[key];
  }
  const k = findKey(dict, key);
  return k !== MISSING && Map.prototype.delete.call(dict, k);
}
