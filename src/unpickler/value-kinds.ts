/**
 * Questions the unpickler asks about a value's kind: is it one of the value
 * model's own types, and may REDUCE/NEWOBJ treat it as an inert callable.
 */
import { PyGlobal } from '../values/py-global.js';
import { PyObject } from '../values/py-object.js';
import { ExtensionRef, PersistentRef } from '../values/unresolved.js';
import { VALUE_MODEL_PROTOTYPES } from '../values/own-prototypes.js';

/**
 * True for an instance of a JS class outside the value model (made by a binding): BUILD gives it own fields.
 * @throws never.
 */
export function isClassInstance(target: object): boolean {
  return !ArrayBuffer.isView(target) && !VALUE_MODEL_PROTOTYPES.has(Object.getPrototypeOf(target) as object | null);
}

/**
 * True for values REDUCE/NEWOBJ may treat as an inert callable or class.
 * @throws never.
 */
export function isInertCallable(v: unknown): boolean {
  return v instanceof PyGlobal || v instanceof PyObject || v instanceof ExtensionRef || v instanceof PersistentRef;
}
