/**
 * The pickler's options, resolved once per `Pickler` so the hot loop reads
 * plain fields.
 */
import { PicklingError } from '../errors.js';
import { DEFAULT_PROTOCOL, HIGHEST_PROTOCOL } from '../opcodes.js';
import type { DumpRegistry, ExtensionTable, ReduceValue } from '../registry/contract.js';
import type { PickleBuffer } from '../registry/pickle-buffer.js';
import type { PyGlobal } from '../values/py-global.js';

/**
 * What the hooks return: a `ReduceValue` (written as CPython's `save_reduce`
 * writes a `__reduce__` tuple), a `PyGlobal` (the object is written by
 * reference as that global), or `undefined` for Python's `NotImplemented`:
 * the normal rules apply.
 */
export type HookResult = ReduceValue | PyGlobal | undefined;

/**
 * A pickle protocol: 0 to 5, or -1 for the highest (5). A protocol computed
 * at run time (a `number`) is narrowed with {@link isPickleProtocol}; values
 * outside the union that reach `dumps` anyway (from untyped JS) are refused at
 * run time with a `PicklingError`.
 */
export type PickleProtocol = 0 | 1 | 2 | 3 | 4 | 5 | -1;

/** Every pickle protocol, lowest first (without the `-1` alias), for loops over them. */
export const PICKLE_PROTOCOLS = [0, 1, 2, 3, 4, 5] as const;

/**
 * Whether `value` is a {@link PickleProtocol} (an integer 0 to 5, or -1), to
 * narrow a protocol parsed from user input before passing it to `dumps`.
 * Other negative integers, which `dumps` also takes as "the highest" (as
 * Python does), are not: pass -1 for that.
 * @throws never
 */
export function isPickleProtocol(value: unknown): value is PickleProtocol {
  return value === -1 || (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= HIGHEST_PROTOCOL);
}

/** Options of `dumps` and `new Pickler(...)`. Every field is optional. */
export interface PicklerOptions {
  /**
   * Pickle protocol, 0 to 5. Default 4 (`DEFAULT_PROTOCOL`, as CPython 3.11).
   * -1 means the highest protocol (5), as in Python (which takes any negative
   * number so: the run-time check does too). A computed number is narrowed
   * with {@link isPickleProtocol}.
   */
  readonly protocol?: PickleProtocol;
  /**
   * At protocol < 3, write Python 3 global names under their Python 2 names
   * (`builtins.set` → `__builtin__.set`), as CPython's `fix_imports`. Default true.
   */
  readonly fixImports?: boolean;
  /**
   * Python's `persistent_id`: called with every value about to be pickled
   * (the persistent id it returns excepted); a result other than `undefined`
   * or `null` is written as a persistent id (`BINPERSID`, or `PERSID` with its
   * string form at protocol 0) instead of the value. Default: none.
   */
  readonly persistentId?: (value: unknown) => unknown;
  /**
   * How to pickle objects the pickler has no built-in rule for (instances of
   * JS classes, functions): see `DumpRegistry`. Default: none, so such values
   * raise `PicklingError`.
   */
  readonly registry?: DumpRegistry;
  /**
   * The copyreg extension registry (`copyreg.add_extension`): at protocol 2+, a
   * global with a code is written as `EXT1`/`EXT2`/`EXT4` (never memoized), as
   * CPython's `save_global`. Default: none.
   */
  readonly extensions?: ExtensionTable;
  /**
   * Python's `buffer_callback` (protocol 5 only): called with each
   * `PickleBuffer`; a falsy result sends the buffer out of band (`NEXT_BUFFER`,
   * plus `READONLY_BUFFER` when read-only), a truthy one writes it in the
   * pickle. Default: none, so every `PickleBuffer` is written in band.
   */
  readonly bufferCallback?: (buffer: PickleBuffer) => unknown;
  /**
   * Python's `Pickler.reducer_override`: called with every object about to be
   * written, after the memo, except those CPython's C pickler never passes
   * to it: numbers, strings, booleans, null/undefined, `Float`, and the exact
   * built-in containers (plain objects, arrays, Maps, Sets, `Tuple`,
   * `FrozenSet`, `Uint8Array`, `ByteArray`, `PickleBuffer`). So it sees
   * instances of classes (registered or not), subclasses of the containers,
   * functions and classes, `PyObject`, `PyGlobal`, `Complex`, `Date`, other
   * typed arrays. It is asked before the `dispatchTable` and the registry.
   * Default: none.
   */
  readonly reducerOverride?: (value: object, protocol: number) => HookResult;
  /**
   * Python's per-pickler `dispatch_table` (a copyreg-style table): a Map
   * from a JS class to a reducer, used for objects whose class is exactly
   * that class (not subclasses, as CPython looks up `type(obj)`), after
   * `reducerOverride` and before the registry. Functions and classes
   * themselves never consult it, as CPython pickles types and functions
   * before the table. Read live: changes to the Map apply to later objects.
   * Default: none.
   */
  readonly dispatchTable?: ReadonlyMap<Function, (value: never, protocol: number) => HookResult>;
  /**
   * Whether values of Python's standard types (`Decimal`, `UUID`,
   * `OrderedDict`, datetime classes, …; see `standardTypes`) are written as
   * those types, after `registry`. Default true.
   */
  readonly standardTypes?: boolean;
  /**
   * Whether `NDArray`s, numpy dtypes/scalars and pandas frames are written as
   * numpy and pandas write them (see `mlTypes`), after `registry`. Default true.
   */
  readonly mlTypes?: boolean;
  /**
   * Whether objects can be shared or cyclic. Default true: every memoized
   * object goes into an identity table, so a second reference to it is
   * written as a memo GET, as CPython does. False is a promise that the value
   * is a tree (no object reached twice, no cycle): dumps skip the identity
   * lookups and still write every PUT/MEMOIZE CPython writes, so the bytes
   * are the same; an object met twice raises `PicklingError` instead of
   * being written twice (it is never silently written wrong). Strs are
   * memoized by value either way, and globals by name.
   */
  readonly sharedReferences?: boolean;
}

/** Options after defaults and validation. */
export interface ResolvedPicklerOptions {
  readonly protocol: number;
  readonly fixImports: boolean;
  readonly persistentId: ((value: unknown) => unknown) | undefined;
  readonly registry: DumpRegistry | undefined;
  readonly extensions: ExtensionTable | undefined;
  readonly bufferCallback: ((buffer: PickleBuffer) => unknown) | undefined;
  readonly reducerOverride: ((value: object, protocol: number) => HookResult) | undefined;
  readonly dispatchTable: ReadonlyMap<Function, (value: never, protocol: number) => HookResult> | undefined;
  readonly standardTypes: boolean;
  readonly mlTypes: boolean;
  readonly sharedReferences: boolean;
}

/**
 * Applies defaults and checks the protocol the way CPython does.
 * @throws PicklingError when the protocol is not an integer or is above 5
 *   (CPython: `ValueError: pickle protocol must be <= 5`), or a
 *   `bufferCallback` comes with a protocol below 5, or a hook of the wrong type.
 */
export function resolvePicklerOptions(options: PicklerOptions | undefined): ResolvedPicklerOptions {
  let protocol = options?.protocol ?? DEFAULT_PROTOCOL;
  if (typeof protocol !== 'number' || !Number.isInteger(protocol)) {
    throw new PicklingError(`pickle protocol must be an integer, not ${String(protocol)}`);
  }
  if (protocol < 0) protocol = HIGHEST_PROTOCOL;
  else if (protocol > HIGHEST_PROTOCOL) throw new PicklingError(`pickle protocol must be <= ${HIGHEST_PROTOCOL}`);
  const persistentId = options?.persistentId;
  if (persistentId !== undefined && typeof persistentId !== 'function') {
    throw new PicklingError('persistentId must be a function');
  }
  const bufferCallback = options?.bufferCallback;
  if (bufferCallback !== undefined && protocol < 5) throw new PicklingError('buffer_callback needs protocol >= 5');
  const reducerOverride = options?.reducerOverride;
  if (reducerOverride !== undefined && typeof reducerOverride !== 'function') {
    throw new PicklingError('reducerOverride must be a function');
  }
  const dispatchTable = options?.dispatchTable;
  if (dispatchTable !== undefined && !(dispatchTable instanceof Map)) throw new PicklingError('dispatchTable must be a Map');
  return {
    protocol,
    reducerOverride,
    dispatchTable,
    standardTypes: options?.standardTypes ?? true,
    mlTypes: options?.mlTypes ?? true,
    sharedReferences: options?.sharedReferences ?? true,
    fixImports: options?.fixImports ?? true,
    persistentId,
    registry: options?.registry,
    extensions: options?.extensions,
    bufferCallback,
  };
}
