/**
 * The contract between the VM layers (unpickler, pickler) and whatever maps
 * Python globals to JS: the built-in bindings for Python's standard types and
 * the user's registry. Registries are passed per Pickler/Unpickler (or per
 * call), never global.
 */
import type { PyGlobal } from '../values/py-global.js';

/** What the unpickler may do with one Python global. Every member is optional. */
export interface LoadBinding {
  /**
   * `REDUCE` with this global as the callable: Python's `callable(*args)`.
   * `global` is the global as this load pushed it: a lossless load records on
   * it how its name strs were written, so a value that dumps back through it
   * (a numpy scalar) keeps those bytes.
   * @throws Error subclasses are wrapped in `UnpicklingError` by the unpickler.
   */
  call?(args: readonly unknown[], global?: PyGlobal): unknown;
  /**
   * `NEWOBJ`/`NEWOBJ_EX` with this global as the class: Python's `cls.__new__(cls, *args, **kwargs)`.
   * `kwargs` is undefined for `NEWOBJ`.
   */
  create?(args: readonly unknown[], kwargs: ReadonlyMap<unknown, unknown> | undefined): unknown;
  /**
   * Optional. What `GLOBAL`/`STACK_GLOBAL` push for this
   * global instead of an inert `PyGlobal`, when defined (not `undefined`): a
   * registered JS class, an enum class, the `Ellipsis` singleton, …
   * `REDUCE`/`NEWOBJ`/`NEWOBJ_EX`/`copyreg._reconstructor` whose callable or
   * class is this value still use this binding: the unpickler remembers, per
   * load, which binding pushed which value (an identity `Map`).
   */
  readonly value?: unknown;
  /**
   * Optional. `copyreg._reconstructor(cls, base, baseState)`
   * with this global as `cls` (protocols 0–1 objects): Python's
   * `base.__new__(cls, baseState)` then `base.__init__(obj, baseState)`.
   * `base` is what the unpickler pushed for the base class (a `PyGlobal` such as
   * `builtins.object`/`builtins.list`, or a binding's `value`). When absent, the
   * unpickler keeps the inert `PyObject` it builds for unknown classes.
   * @throws Error subclasses are wrapped in `UnpicklingError` by the unpickler.
   */
  reconstruct?(base: unknown, baseState: unknown): unknown;
}

/** The unpickler's view of a registry. */
export interface LoadRegistry {
  /** The binding for `module.name` (Python 3 names, after Python 2 mapping), or undefined for an inert `PyGlobal`. */
  lookup(module: string, name: string): LoadBinding | undefined;
  /**
   * `BUILD` on a value that is not a `PyObject`: apply `state` to `target` the way
   * the value's class wants (Python's `__setstate__`). Returns true when handled;
   * false lets the unpickler raise as CPython does for an object without state.
   */
  setState?(target: object, state: unknown): boolean;
}

/**
 * The copyreg extension registry (`copyreg.add_extension`),
 * as the unpickler's `extensions` option (EXT1/EXT2/EXT4 → global) and the
 * pickler's (global → EXT1 for 1..0xff, EXT2 for ..0xffff, EXT4 above).
 * Implemented by `ExtensionRegistry` (src/registry/extension-registry.ts).
 */
export interface ExtensionTable {
  /** The global that extension `code` names, or undefined when `code` is not registered. */
  lookupCode(code: number): { readonly module: string; readonly name: string } | undefined;
  /** The extension code registered for `module.name`, or undefined. */
  codeOf(module: string, name: string): number | undefined;
}

/**
 * What Python's `__reduce_ex__` returns, in JS form: `callable(*args)` then
 * optional list items, dict items and state (applied with `BUILD`, or with
 * `stateSetter(obj, state)` when given). A callable `copyreg.__newobj__` with
 * args `(cls, *rest)` is written as `NEWOBJ` at protocol 2+, exactly as CPython's
 * `save_reduce` does; `copyreg.__newobj_ex__` with `(cls, args, kwargs)` as `NEWOBJ_EX`.
 */
export interface ReduceValue {
  readonly callable: unknown;
  readonly args: readonly unknown[];
  readonly state?: unknown;
  readonly listItems?: Iterable<unknown>;
  readonly dictItems?: Iterable<readonly [unknown, unknown]>;
  readonly stateSetter?: unknown;
}

/** The pickler's view of a registry. */
export interface DumpRegistry {
  /**
   * How to pickle `value`, an object the pickler has no built-in rule for:
   * a `ReduceValue`, a `PyGlobal` (pickled by reference, like a class or
   * function), or undefined when the registry does not know it.
   *
   * Call it before any `instanceof`-based built-in rule for every object whose
   * prototype is not exactly one of the value model's (Object.prototype/null,
   * Array/Map/Set/Uint8Array.prototype, Tuple/ByteArray/FrozenSet/Float/Complex/
   * PyGlobal/PyObject/… prototypes): registered subclasses of Array/Map/Set/Tuple
   * (OrderedDict, Counter, namedtuples, user list subclasses) must not be
   * written as plain lists/dicts. Functions (JS classes, registered functions)
   * come here too and return a `PyGlobal`. A `ReduceValue` never carries `null`
   * state: "no state" is `undefined` (no `BUILD`), as CPython's `state is None`.
   */
  reduce(value: object, protocol: number): ReduceValue | PyGlobal | undefined;
}
