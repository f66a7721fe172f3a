/**
 * The JS spelling of Python's object pickling protocol. A class implements it
 * with methods keyed by these symbols (symbols, not method names, so they can
 * never collide with a field loaded from a pickle or be reached by a name an
 * attacker chose):
 *
 * | Python                  | JS                                                  |
 * |-------------------------|-----------------------------------------------------|
 * | `__reduce_ex__(proto)`  | `[pickleReduce](protocol, cls)` → `ReduceValue` or `PyGlobal` |
 * | `__getstate__()`        | `[pickleGetState]()` → state (`undefined`/`null`: none) |
 * | `__setstate__(state)`   | `[pickleSetState](state)`                            |
 * | `__getnewargs__()`      | `[pickleGetNewArgs]()` → positional args             |
 * | `__getnewargs_ex__()`   | `[pickleGetNewArgsEx]()` → `[args, kwargs]`          |
 * | `cls.__new__(cls, *a)`  | `static [pickleNew](args, kwargs)` → instance (opt-in) |
 * | `cls(*args)` (REDUCE)   | `static [pickleCall](args)` → value (opt-in)          |
 *
 * The symbols are registered (`Symbol.for`), so two copies of picklejar agree.
 */
import type { PyGlobal } from '../values/py-global.js';
import type { ReduceValue } from './contract.js';

/** Instance method `(protocol, cls) => ReduceValue | PyGlobal`: Python's `__reduce_ex__`. */
export const pickleReduce: unique symbol = Symbol.for('picklejar.reduce');
/** Instance method `() => state`: Python's `__getstate__`. */
export const pickleGetState: unique symbol = Symbol.for('picklejar.getstate');
/** Instance method `(state) => void`: Python's `__setstate__`. */
export const pickleSetState: unique symbol = Symbol.for('picklejar.setstate');
/** Instance method `() => args`: Python's `__getnewargs__`. */
export const pickleGetNewArgs: unique symbol = Symbol.for('picklejar.getnewargs');
/** Instance method `() => [args, kwargs]`: Python's `__getnewargs_ex__`. */
export const pickleGetNewArgsEx: unique symbol = Symbol.for('picklejar.getnewargs_ex');
/** Static method `(args, kwargs) => instance`: Python's `cls.__new__`, used by NEWOBJ/NEWOBJ_EX. */
export const pickleNew: unique symbol = Symbol.for('picklejar.new');
/** Static method `(args) => value`: Python's `cls(*args)`, used by REDUCE with the class as callable. */
export const pickleCall: unique symbol = Symbol.for('picklejar.call');

/** Keyword arguments as `__getnewargs_ex__` returns them: a `Map` or a plain record of str keys. */
export type PickleKwargs = ReadonlyMap<unknown, unknown> | Readonly<Record<string, unknown>>;

/** The instance side of the protocol; every member is optional. */
export interface Picklable {
  [pickleReduce]?(protocol: number, cls: PyGlobal): ReduceValue | PyGlobal;
  [pickleGetState]?(): unknown;
  [pickleSetState]?(state: unknown): void;
  [pickleGetNewArgs]?(): readonly unknown[];
  [pickleGetNewArgsEx]?(): readonly [readonly unknown[], PickleKwargs];
}

/** The class side of the protocol; every member is optional. */
export interface PicklableClass<T extends object = object> {
  readonly prototype: T;
  [pickleNew]?(args: readonly unknown[], kwargs: ReadonlyMap<unknown, unknown> | undefined): T;
  [pickleCall]?(args: readonly unknown[]): unknown;
}
