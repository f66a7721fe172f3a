/**
 * Values the pickler makes up on its way, standing for Python objects that
 * CPython creates while pickling (helper strings, `datetime.timezone.utc`).
 * They never escape the pickler.
 */
import { PyGlobal } from '../values/py-global.js';
import { Tuple } from '../values/tuple.js';

// Lives with the value model (a lossless load makes them too); re-exported for the pickler's users.
export { FreshString } from '../values/fresh-string.js';

/** A Python object written as `callable(*args)` and memoized by identity, like a singleton. */
export class SyntheticReduce {
  constructor(
    readonly callable: PyGlobal,
    readonly args: Tuple,
  ) {}
}

const TIMEDELTA_ZERO = new SyntheticReduce(new PyGlobal('datetime', 'timedelta'), new Tuple([0, 0, 0]));

/** `datetime.timezone.utc`, written as CPython writes it: `timezone(timedelta(0, 0, 0))`. */
export const UTC = new SyntheticReduce(new PyGlobal('datetime', 'timezone'), new Tuple([TIMEDELTA_ZERO]));

/** Frequently used globals, shared so their construction is not repeated. */
export const GLOBALS = {
  set: new PyGlobal('builtins', 'set'),
  frozenset: new PyGlobal('builtins', 'frozenset'),
  bytes: new PyGlobal('builtins', 'bytes'),
  bytearray: new PyGlobal('builtins', 'bytearray'),
  complex: new PyGlobal('builtins', 'complex'),
  getattr: new PyGlobal('builtins', 'getattr'),
  codecsEncode: new PyGlobal('_codecs', 'encode'),
  datetime: new PyGlobal('datetime', 'datetime'),
  newobj: new PyGlobal('copyreg', '__newobj__'),
  newobjEx: new PyGlobal('copyreg', '__newobj_ex__'),
} as const;

/** The empty tuple (never memoized, so one shared instance is exact). */
export const EMPTY_TUPLE = new Tuple([]);
