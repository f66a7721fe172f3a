/**
 * Questions the unpickler asks about a value's kind: is it one of the value
 * model's own types, and may REDUCE/NEWOBJ treat it as an inert callable.
 */
import { ByteArray } from '../values/byte-array.js';
import { Complex } from '../values/complex.js';
import { Float } from '../values/float.js';
import { FrozenSet } from '../values/frozen-set.js';
import { PyGlobal } from '../values/py-global.js';
import { PyObject } from '../values/py-object.js';
import { Py2Str } from '../values/py2-str.js';
import { Tuple } from '../values/tuple.js';
import { BufferRef, ExtensionRef, PersistentRef } from '../values/unresolved.js';

/**
 * Prototypes of the value model's own types: BUILD never applies default
 * object state to these (CPython's builtins have no `__dict__`).
 */
const VALUE_MODEL_PROTOTYPES: ReadonlySet<object | null> = new Set<object | null>([
  null,
  Object.prototype,
  Array.prototype,
  Map.prototype,
  Set.prototype,
  Tuple.prototype,
  FrozenSet.prototype,
  ByteArray.prototype,
  Float.prototype,
  Complex.prototype,
  PyGlobal.prototype,
  PyObject.prototype,
  BufferRef.prototype,
  ExtensionRef.prototype,
  PersistentRef.prototype,
  Py2Str.prototype,
]);

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
