/**
 * The prototypes of the value model's own types: plain objects and
 * null-prototype dicts, arrays, Maps, Sets and picklejar's value classes.
 * Code that treats a binding's class instances differently from the value
 * model (BUILD's default state, typed JSON's registry lookup) asks this one set.
 */
import { ByteArray } from './byte-array.js';
import { Complex } from './complex.js';
import { Float } from './float.js';
import { FrozenSet } from './frozen-set.js';
import { PyGlobal } from './py-global.js';
import { PyObject } from './py-object.js';
import { Py2Str } from './py2-str.js';
import { Tuple } from './tuple.js';
import { BufferRef, ExtensionRef, PersistentRef } from './unresolved.js';

/** Prototypes of the value model's own types (typed arrays aside: callers decide about those). */
export const VALUE_MODEL_PROTOTYPES: ReadonlySet<object | null> = new Set<object | null>([
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
