/**
 * Expected values in the form `loads` gives by default (`dictType: 'object'`):
 * every plain `Map` whose keys are all str that JS keeps in order becomes a
 * null-prototype dict object, with sharing and cycles kept. Tests build
 * their expected values as Maps (typed JSON, Python descriptions); this puts
 * them in the default form so that the comparison stays exact (a Map where
 * an object is expected, or the reverse, still fails).
 */
import { isObjectKey, newDictObject, substitute } from '../../src/unpickler/dict-objects.js';
import { PyObject } from '../../src/values/py-object.js';

/** True for a Map built as a plain dict (not a subclass such as OrderedDict) whose keys an object keeps. */
function objectLike(m: Map<unknown, unknown>): boolean {
  if (Object.getPrototypeOf(m) !== Map.prototype) return false;
  for (const k of m.keys()) if (!isObjectKey(k)) return false;
  return true;
}

/**
 * `expected` with its str-keyed plain Maps as dict objects (see the file header).
 * @param expected a value built with Maps for dicts; Maps are not changed, new objects take their place.
 * @returns the value in the default load form.
 */
export function asDefaultDicts(expected: unknown): unknown {
  const replaced = new Map<object, unknown>();
  const seen = new Set<object>();
  const todo: unknown[] = [expected];
  while (todo.length > 0) {
    const v = todo.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) todo.push(x);
    } else if (v instanceof Map) {
      for (const [k, x] of v) todo.push(k, x);
      if (objectLike(v)) {
        const o = newDictObject();
        for (const [k, x] of v) o[k as string] = x;
        replaced.set(v, o);
      }
    } else if (v instanceof Set) {
      for (const x of v) todo.push(x);
    } else if (v instanceof PyObject) {
      todo.push(v.args, v.state, v.kwargs, v.callable);
      for (const x of v.listItems) todo.push(x);
      for (const [k, x] of v.dictItems) todo.push(k, x);
    }
  }
  return substitute(expected, replaced);
}

/**
 * A dict object as the default `loads` gives one (null prototype), for `assert.deepEqual`.
 * @param entries the str keys and values, in order.
 */
export function dictObject(entries: Iterable<readonly [string, unknown]> | Record<string, unknown> = []): Record<string, unknown> {
  const o = Object.create(null) as Record<string, unknown>;
  const pairs = Symbol.iterator in entries ? (entries as Iterable<readonly [string, unknown]>) : Object.entries(entries);
  for (const [k, x] of pairs) Object.defineProperty(o, k, { value: x, writable: true, enumerable: true, configurable: true });
  return o;
}
