/**
 * Python's default `__getstate__` and `BUILD` for JS instances: the instance's
 * own enumerable string-keyed fields play the part of `__dict__`.
 */
import { isDictObject } from '../values/py-dict.js';
import { Tuple } from '../values/tuple.js';
import type { ClassKind } from './class-kind.js';

const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

/**
 * The instance's own enumerable string-keyed fields as a `Map` (Python's
 * `__dict__` copy), or `undefined` when there are none (Python's `None`).
 * Array indices of list and tuple kinds are items, not fields, and are skipped.
 */
export function defaultState(value: object, kind: ClassKind): Map<string, unknown> | undefined {
  const skipIndices = kind === 'list' || kind === 'tuple';
  let state: Map<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    if (skipIndices && ARRAY_INDEX.test(key)) continue;
    state ??= new Map();
    state.set(key, (value as Record<string, unknown>)[key]);
  }
  return state;
}

/** Python truthiness of a state value, as `copyreg._reduce_ex` tests `if dict:`. */
export function isTruthyState(state: unknown): boolean {
  if (state === null || state === undefined || state === false || state === 0 || state === 0n || state === '') return false;
  if (Array.isArray(state) || state instanceof Uint8Array) return state.length > 0;
  if (state instanceof Map || state instanceof Set) return state.size > 0;
  // A dict loaded as an object (the default dictType) is falsy when empty, as the Map it stands for.
  if (isDictObject(state)) return Object.keys(state).length > 0;
  return true;
}

/**
 * Python's default `BUILD` without `__setstate__`: a `(dict, slots)` 2-tuple is
 * split, then every key of each part becomes an own data property of `target`.
 * Properties are defined, never assigned, so a key such as `__proto__` is just
 * a field and no setter on the prototype runs.
 * @throws TypeError when a key is not a string, the state is not a dict, or the
 *   target refuses the property (frozen, non-configurable field).
 */
export function applyDefaultState(target: object, state: unknown): void {
  let dict = state;
  let slots: unknown = undefined;
  if (state instanceof Tuple && state.length === 2) {
    dict = state[0];
    slots = state[1];
  }
  if (dict !== null && dict !== undefined) assignFields(target, dict, 'state');
  if (slots !== null && slots !== undefined) assignFields(target, slots, 'slot state');
}

function assignFields(target: object, dict: unknown, what: string): void {
  if (dict instanceof Map) {
    for (const [key, value] of dict) defineField(target, key, value, what);
    return;
  }
  if (typeof dict === 'object' && dict !== null && !Array.isArray(dict) && isPlainRecord(dict)) {
    for (const key of Object.keys(dict)) defineField(target, key, (dict as Record<string, unknown>)[key], what);
    return;
  }
  throw new TypeError(`${what} is not a dictionary`);
}

function isPlainRecord(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

function defineField(target: object, key: unknown, value: unknown, what: string): void {
  if (typeof key !== 'string') throw new TypeError(`${what} keys must be strings, not ${typeof key}`);
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}
