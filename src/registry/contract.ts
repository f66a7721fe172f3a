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
   * @throws Error subclasses are wrapped in `UnpicklingError` by the unpickler.
   */
  call?(args: readonly unknown[]): unknown;
  /**
   * `NEWOBJ`/`NEWOBJ_EX` with this global as the class: Python's `cls.__new__(cls, *args, **kwargs)`.
   * `kwargs` is undefined for `NEWOBJ`.
   */
  create?(args: readonly unknown[], kwargs: ReadonlyMap<unknown, unknown> | undefined): unknown;
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
   */
  reduce(value: object, protocol: number): ReduceValue | PyGlobal | undefined;
}
