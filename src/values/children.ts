import { PyObject } from './py-object.js';
import { isDictObject } from './py-dict.js';

/**
 * The values a value-model container holds directly, for walks that must not
 * recurse: list and tuple items, dict keys and values (in pairs), set members,
 * and an inert object's args, state, kwargs, list items and dict items (its
 * callable is not included: walks that need it add it themselves).
 * @returns the children, or undefined for a value that holds none.
 */
export function containerChildren(v: object): ArrayLike<unknown> | undefined {
  if (Array.isArray(v)) return v;
  if (v instanceof Map) {
    const out: unknown[] = [];
    for (const [k, x] of v) out.push(k, x);
    return out;
  }
  if (v instanceof Set) return Array.from(v);
  if (isDictObject(v)) {
    // A dict loaded as an object (the default dictType): its str keys and values, in pairs as a Map's.
    const out: unknown[] = [];
    for (const k of Object.keys(v)) out.push(k, v[k]);
    return out;
  }
  if (v instanceof PyObject) {
    const out: unknown[] = [v.args, v.state, v.kwargs];
    for (const x of v.listItems) out.push(x);
    for (const [k, x] of v.dictItems) out.push(k, x);
    return out;
  }
  return undefined;
}
