/**
 * `Registry`: maps Python globals (`module` + `qualname`) to JS classes,
 * reconstructor functions and plain values, for loading and dumping. Always
 * per instance (passed to a Pickler/Unpickler or a call), never global;
 * composable by copying (`new Registry([standardTypes, mine])`, `extend`).
 *
 * Every lookup is an exact string key in a `Map` (names from a pickle never
 * reach property lookup), and every dump rule is found by the value's exact
 * prototype or identity.
 */
import { PickleError } from '../errors.js';
import { PyGlobal } from '../values/py-global.js';
import type { DumpRegistry, LoadBinding, LoadRegistry, ReduceValue } from './contract.js';
import { blankInstance, classKind, type ClassKind } from './class-kind.js';
import { objectReduceEx } from './object-reduce.js';
import { applyDefaultState } from './object-state.js';
import { pickleCall, pickleNew, pickleReduce, pickleSetState, type Picklable, type PicklableClass } from './protocol.js';
import { BUILTIN_BASE, isGlobalNamed } from './well-known.js';

/** A JS class as the registry sees it: anything with a prototype that `new` can target. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyClass<T extends object = object> = (abstract new (...args: any[]) => T) & PicklableClass<T>;

/** How one registered class loads and dumps; every member overrides the object protocol. */
export interface ClassOptions<T extends object = object> {
  /**
   * REDUCE with the class as callable (Python's `cls(*args)`). Default: the
   * class's `static [pickleCall]`; else, with `construct`, `new cls(...args)`;
   * else a set/frozenset subclass is built from `args[0]`; else refused.
   */
  call?(args: readonly unknown[]): unknown;
  /**
   * NEWOBJ/NEWOBJ_EX (Python's `cls.__new__(cls, *args, **kwargs)`). Default:
   * `static [pickleNew]`; else, with `construct`, `new cls(...args)`; else an
   * instance made without running the constructor (`Object.create`, or the
   * builtin constructor for Array/Map/Set/Tuple subclasses; tuple subclasses
   * take their items from `args[0]`, as `tuple.__new__`).
   */
  create?(args: readonly unknown[], kwargs: ReadonlyMap<unknown, unknown> | undefined): T;
  /** Opt in to running the JS constructor with the pickle's arguments (see `call`, `create`). Default false. */
  construct?: boolean;
  /** How an instance dumps (Python's `__reduce_ex__`). Default: `[pickleReduce]`, else the object protocol. */
  reduce?(value: T, protocol: number, cls: PyGlobal): ReduceValue | PyGlobal;
  /** `BUILD` (Python's `__setstate__`). Default: `[pickleSetState]`, else own fields from the state dict(s). */
  setState?(value: T, state: unknown): void;
}

/** A dump rule for values of one exact prototype. */
export type Reducer<T extends object = object> = (value: T, protocol: number) => ReduceValue | PyGlobal | undefined;

/**
 * Python's `Pickler.reducer_override`: called first for every object that
 * reaches the registry; `undefined` (Python's `NotImplemented`) falls through
 * to the dispatch table and registered classes.
 */
export type ReducerOverride = (value: object, protocol: number) => ReduceValue | PyGlobal | undefined;

/** A `BUILD` rule for values of one exact prototype. */
export type StateSetter<T extends object = object> = (value: T, state: unknown) => void;

/**
 * Python globals ⇄ JS classes, reconstructors and values. Implements both the
 * unpickler's `LoadRegistry` and the pickler's `DumpRegistry`.
 */
export class Registry implements LoadRegistry, DumpRegistry {
  readonly #bindings = new Map<string, Map<string, LoadBinding>>();
  readonly #globals = new Map<unknown, PyGlobal>();
  readonly #reducers = new Map<object, Reducer<never>>();
  readonly #setters = new Map<object, StateSetter<never>>();
  #override: ReducerOverride | undefined = undefined;
  #frozen = false;

  /**
   * A registry holding copies of the entries of `bases`, in order (later ones win).
   * @param bases registries to start from, e.g. `[standardTypes]`.
   */
  constructor(bases: Iterable<Registry> = []) {
    for (const base of bases) this.extend(base);
  }

  /**
   * Copies every entry of `others` into this registry (later entries win).
   * @throws PickleError when this registry is frozen.
   */
  extend(...others: Registry[]): this {
    this.#checkMutable();
    for (const other of others) {
      for (const [module, names] of other.#bindings) {
        for (const [name, binding] of names) this.#putBinding(module, name, binding);
      }
      for (const [value, g] of other.#globals) this.#globals.set(value, g);
      for (const [proto, r] of other.#reducers) this.#reducers.set(proto, r);
      for (const [proto, s] of other.#setters) this.#setters.set(proto, s);
      if (other.#override !== undefined) this.#override = other.#override;
    }
    return this;
  }

  /** Makes this registry read-only (the shared `standardTypes` is frozen); returns it. */
  freeze(): this {
    this.#frozen = true;
    return this;
  }

  /** True once `freeze()` was called. */
  get frozen(): boolean {
    return this.#frozen;
  }

  /**
   * Registers `cls` as the Python class `module.qualname`: its instances dump as
   * that class through the object protocol (`pickleReduce`, `pickleGetState`,
   * `pickleGetNewArgs(Ex)`, or own fields), and pickles of that class load as
   * instances of `cls` (made without running its constructor unless it opts in),
   * with state applied by `pickleSetState` or as own fields.
   * @throws PickleError when frozen, or when `cls` is not a constructor.
   */
  registerClass<T extends object>(cls: AnyClass<T>, module: string, qualname: string, options: ClassOptions<T> = {}): this {
    this.#checkMutable();
    if (typeof cls !== 'function' || typeof cls.prototype !== 'object' || cls.prototype === null) {
      throw new PickleError(`registerClass(${module}.${qualname}): not a class`);
    }
    const g = new PyGlobal(module, qualname);
    const kind = classKind(cls);
    this.#putBinding(module, qualname, classBinding(cls, g, kind, options));
    this.#globals.set(cls, g);
    this.#reducers.set(cls.prototype, ((value: T, protocol: number) => {
      if (options.reduce) return normalize(options.reduce(value, protocol, g));
      const own = (value as Picklable)[pickleReduce];
      if (typeof own === 'function') return normalize(own.call(value, protocol, g));
      return objectReduceEx(value, g, kind, protocol);
    }) as Reducer<never>);
    this.#setters.set(cls.prototype, ((value: T, state: unknown) => {
      if (options.setState) return options.setState(value, state);
      const own = (value as Picklable)[pickleSetState];
      if (typeof own === 'function') return own.call(value, state);
      applyDefaultState(value, state);
    }) as StateSetter<never>);
    return this;
  }

  /**
   * Registers `fn` as the Python callable `module.name`: `REDUCE` with that
   * global calls `fn(...args)` (a reconstructor), and `fn` itself dumps by
   * reference as that global, as Python pickles functions.
   * @throws PickleError when frozen or `fn` is not a function.
   */
  registerFunction(module: string, name: string, fn: (...args: never[]) => unknown): this {
    this.#checkMutable();
    if (typeof fn !== 'function') throw new PickleError(`registerFunction(${module}.${name}): not a function`);
    this.#putBinding(module, name, { value: fn, call: (args) => (fn as (...a: unknown[]) => unknown)(...args) });
    this.#globals.set(fn, new PyGlobal(module, name));
    return this;
  }

  /**
   * Registers a plain value as the global `module.name` (like `builtins.Ellipsis`):
   * the global loads as `value`, and `value` (by identity) dumps as the global.
   * @throws PickleError when frozen or `value` is not an object or function.
   */
  registerValue(module: string, name: string, value: object): this {
    this.#checkMutable();
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) {
      throw new PickleError(`registerValue(${module}.${name}): only objects and functions have an identity to dump by`);
    }
    this.#putBinding(module, name, { value });
    this.#globals.set(value, new PyGlobal(module, name));
    return this;
  }

  /**
   * Low-level, load side only: the binding the unpickler gets for `module.name`.
   * @throws PickleError when frozen.
   */
  registerBinding(module: string, name: string, binding: LoadBinding): this {
    this.#checkMutable();
    this.#putBinding(module, name, binding);
    return this;
  }

  /**
   * Low-level, dump side only: how values whose prototype is exactly
   * `cls.prototype` dump, and optionally how `BUILD` applies to them.
   * @throws PickleError when frozen.
   */
  registerReducer<T extends object>(cls: AnyClass<T>, reduce: Reducer<T>, setState?: StateSetter<T>): this {
    this.#checkMutable();
    this.#reducers.set(cls.prototype, reduce as Reducer<never>);
    if (setState) this.#setters.set(cls.prototype, setState as StateSetter<never>);
    return this;
  }

  /**
   * Sets Python's `reducer_override` for picklers using this registry (see
   * `ReducerOverride`); `undefined` removes it.
   * @throws PickleError when frozen.
   */
  setReducerOverride(override: ReducerOverride | undefined): this {
    this.#checkMutable();
    this.#override = override;
    return this;
  }

  /**
   * Python's `copyreg.pickle(type, reducer)` / a pickler's `dispatch_table`
   * entry: values whose prototype is exactly `cls.prototype` dump through
   * `reduce`. The same as `registerReducer`.
   * @throws PickleError when frozen.
   */
  dispatch<T extends object>(cls: AnyClass<T>, reduce: Reducer<T>): this {
    return this.registerReducer(cls, reduce);
  }

  /** The binding for `module.name`, or undefined (LoadRegistry). */
  lookup(module: string, name: string): LoadBinding | undefined {
    return this.#bindings.get(module)?.get(name);
  }

  /**
   * `BUILD` on a registered class's instance (LoadRegistry): its `setState`
   * option, `[pickleSetState]`, or own fields. False for unregistered values.
   * @throws TypeError (or the class's own error) when the state does not apply;
   *   the unpickler wraps it in `UnpicklingError`.
   */
  setState(target: object, state: unknown): boolean {
    const setter = this.#setters.get(Object.getPrototypeOf(target) as object);
    if (setter === undefined) return false;
    (setter as StateSetter)(target, state);
    return true;
  }

  /**
   * How to pickle `value` (DumpRegistry): the reducer override first; then a registered class, function or value
   * dumps by reference as its `PyGlobal`; an instance of a registered class
   * (exact prototype) by its reduce rule; anything else is undefined.
   * @throws Error subclasses from user reduce hooks; the pickler wraps them.
   */
  reduce(value: object, protocol: number): ReduceValue | PyGlobal | undefined {
    if (this.#override !== undefined) {
      const r = this.#override(value, protocol);
      if (r !== undefined) return r;
    }
    const g = this.#globals.get(value);
    if (g !== undefined) return g;
    const reducer = this.#reducers.get(Object.getPrototypeOf(value) as object);
    return reducer === undefined ? undefined : (reducer as Reducer)(value, protocol);
  }

  /** The global a registered class, function or value dumps as, or undefined. */
  globalOf(value: unknown): PyGlobal | undefined {
    return this.#globals.get(value);
  }

  /** True when `value`'s exact prototype has a dump rule here. */
  hasReducerFor(value: object): boolean {
    return this.#reducers.has(Object.getPrototypeOf(value) as object);
  }

  #putBinding(module: string, name: string, binding: LoadBinding): void {
    let names = this.#bindings.get(module);
    if (names === undefined) this.#bindings.set(module, (names = new Map()));
    names.set(name, binding);
  }

  #checkMutable(): void {
    if (this.#frozen) throw new PickleError('this registry is frozen; build your own with new Registry([it])');
  }
}

function normalize(out: ReduceValue | PyGlobal): ReduceValue | PyGlobal {
  if (out instanceof PyGlobal || out.state !== null) return out;
  const { state: _none, ...rest } = out;
  return rest;
}

function classBinding<T extends object>(cls: AnyClass<T>, g: PyGlobal, kind: ClassKind, options: ClassOptions<T>): LoadBinding {
  const construct = options.construct === true;
  const ctor = cls as unknown as new (...args: unknown[]) => T;
  return {
    value: cls,
    call(args) {
      if (options.call) return options.call(args);
      const own = cls[pickleCall];
      if (typeof own === 'function') return own.call(cls, args);
      if (construct) return new ctor(...args);
      if (kind === 'set' || kind === 'frozenset') return blankInstance(cls, kind, iterableArg(args[0], g));
      throw new TypeError(`${g} cannot be called from a pickle: register it with a call option, a static [pickleCall], or construct: true`);
    },
    create(args, kwargs) {
      if (options.create) return options.create(args, kwargs);
      const own = cls[pickleNew];
      if (typeof own === 'function') return own.call(cls, args, kwargs);
      if (construct) return new ctor(...args);
      return blankInstance(cls, kind, kind === 'tuple' ? iterableArg(args[0], g) : undefined);
    },
    reconstruct(base, baseState) {
      // Python's base.__new__(cls, baseState), then base.__init__(obj, baseState) for builtin bases.
      if (isGlobalNamed(base, 'builtins', 'object')) return blankInstance(cls, kind);
      if (kind === 'object' || !isGlobalNamed(base, 'builtins', BUILTIN_BASE[kind].name)) {
        throw new TypeError(`copyreg._reconstructor: ${g} is not a subclass of ${String(base)}`);
      }
      if (kind !== 'list' && kind !== 'dict') return blankInstance(cls, kind, iterableArg(baseState, g));
      const obj = blankInstance(cls, kind);
      if (kind === 'list') {
        for (const item of iterableArg(baseState, g)) (obj as unknown[]).push(item);
      } else {
        if (!(baseState instanceof Map)) throw new TypeError(`copyreg._reconstructor: ${g} needs a dict`);
        for (const [k, v] of baseState) (obj as Map<unknown, unknown>).set(k, v);
      }
      return obj;
    },
  };
}

function iterableArg(value: unknown, g: PyGlobal): Iterable<unknown> {
  if (value === null || value === undefined) return [];
  if (typeof value === 'object' && Symbol.iterator in value) return value as Iterable<unknown>;
  throw new TypeError(`${g}: argument is not iterable`);
}
