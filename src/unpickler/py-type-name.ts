/** Python type names of loaded values, for CPython-like error messages. */
import { UnpicklingError } from '../errors.js';
import { ByteArray } from '../values/byte-array.js';
import { Complex } from '../values/complex.js';
import { Float } from '../values/float.js';
import { TypedValue } from '../values/typed-value.js';
import { FrozenSet } from '../values/frozen-set.js';
import { PyGlobal } from '../values/py-global.js';
import { PyObject } from '../values/py-object.js';
import { Tuple } from '../values/tuple.js';

/**
 * The name of `v`'s Python type as CPython prints it (`NoneType`, `list`, …).
 * @throws never.
 */
export function pyTypeName(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return 'str';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'undefined':
      return 'NoneType';
    case 'object':
      if (v === null) return 'NoneType';
      if (v instanceof Tuple) return 'tuple';
      if (Array.isArray(v)) return 'list';
      if (v instanceof Map) return 'dict';
      if (v instanceof FrozenSet) return 'frozenset';
      if (v instanceof Set) return 'set';
      if (v instanceof ByteArray) return 'bytearray';
      if (v instanceof Uint8Array) return 'bytes';
      if (v instanceof Float) return 'float';
      if (v instanceof TypedValue) return pyTypeName(v.value);
      if (v instanceof Complex) return 'complex';
      if (v instanceof PyGlobal) return 'type';
      if (v instanceof PyObject) return v.cls instanceof PyGlobal ? v.cls.name : 'object';
      if (Object.getPrototypeOf(v) === null) return 'dict';
      return 'object';
    default:
      return 'object';
  }
}

/**
 * Throws CPython's TypeError text for an unhashable dict key or set member
 * (lists, dicts, sets, bytearrays; tuples are not inspected deeply).
 * @throws UnpicklingError "unhashable type: 'list'".
 */
export function checkHashable(v: unknown): void {
  if (typeof v !== 'object' || v === null) return;
  if (
    v instanceof Map ||
    (Array.isArray(v) && !(v instanceof Tuple)) ||
    (v instanceof Set && !(v instanceof FrozenSet)) ||
    v instanceof ByteArray ||
    Object.getPrototypeOf(v) === null
  ) {
    throw new UnpicklingError(`unhashable type: '${pyTypeName(v)}'`);
  }
}
