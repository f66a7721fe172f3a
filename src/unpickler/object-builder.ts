/**
 * What the unpickler does with globals and the opcodes that call them
 * (GLOBAL, STACK_GLOBAL, INST, OBJ, REDUCE, NEWOBJ, NEWOBJ_EX, BUILD, EXT):
 * map and check each name, find its binding, and call the binding or build
 * an inert `PyObject`, remembering which binding pushed which value. The
 * cold half of the VM, kept out of the opcode loop.
 */
import { fromPython2 } from '../compat/fix-imports.js';
import { checkGlobalName, checkNewObjClass } from '../compat/global-rules.js';
import { partialNewObjEx } from '../values/newobj-ex-partial.js';
import { UnpicklingError } from '../errors.js';
import type { LoadBinding } from '../registry/contract.js';
import { applyDefaultState } from '../registry/object-state.js';
import { pickleSetState } from '../registry/protocol.js';
import { PyGlobal } from '../values/py-global.js';
import { PyObject, type PyObjectCreation } from '../values/py-object.js';
import { Tuple } from '../values/tuple.js';
import { ExtensionRef, isUnresolved, unresolvedEffects } from '../values/unresolved.js';
import { DECLINE } from './builtin-bindings.js';
import { isDictObject } from './dict-objects.js';
import type { GlobalRef } from './options.js';
import { pyTypeName } from './py-type-name.js';
import type { ResolvedOptions } from './resolved-options.js';
import { isClassInstance, isInertCallable } from './value-kinds.js';
import { callBinding, callHook, errorText, wrapForeign } from './vm-errors.js';

/** A global as the loop sees it: the binding that resolved it (null: none) and its name. */
interface Bound {
  readonly binding: LoadBinding | null;
  readonly g: PyGlobal;
}

/** The globals of one Unpickler (its lifetime, as CPython's) and the calls made on them. */
export class ObjectBuilder {
  readonly #o: ResolvedOptions;
  /** What GLOBAL pushed per name: the `PyGlobal`, or the binding's `value`. */
  readonly #globals = new Map<string, Map<string, unknown>>();
  /** Which global (and binding) pushed which value, by identity, so REDUCE/NEWOBJ/BUILD on it use that binding. */
  readonly #bound = new Map<unknown, Bound>();
  /** The protocol of the pickle being read (PROTO sets it): names are mapped from Python 2 below 3. */
  protocol = 0;

  /** @param options the Unpickler's resolved options. */
  constructor(options: ResolvedOptions) {
    this.#o = options;
  }

  /**
   * True when calling `callable` (REDUCE, NEWOBJ, INST, OBJ) hands its arguments to a binding.
   * @throws never.
   */
  callsBinding(callable: unknown): boolean {
    const bound = this.#bound.get(callable);
    return bound !== undefined && (bound.binding !== null || bound.g.module === 'copyreg');
  }

  /**
   * GLOBAL/STACK_GLOBAL/INST/EXT: map, check the allowlist, bind, and return
   * what the global loads as — its binding's `value`, else the one `PyGlobal`
   * for the name — remembering which binding produced it.
   * @throws UnpicklingError when the global is not allowed, or `findClass` or a binding throws.
   */
  findGlobal(module: string, name: string): unknown {
    const o = this.#o;
    if (this.protocol < 3 && o.fixImports) {
      const mapped = fromPython2(module, name);
      module = mapped.module;
      name = mapped.name;
    }
    let byName = this.#globals.get(module);
    if (byName !== undefined && byName.has(name)) return byName.get(name);
    if (o.allow !== undefined && o.allow.get(module)?.has(name) !== true) {
      throw new UnpicklingError(`global '${module}.${name}' is forbidden: it is not in allowGlobals`);
    }
    let binding: LoadBinding | null | undefined;
    let pushed: unknown;
    const g = new PyGlobal(module, name);
    try {
      if (o.findClass !== undefined) {
        try {
          binding = o.findClass(module, name);
        } catch (e) {
          throw wrapForeign(e, `findClass refused ${module}.${name}`, -1, '');
        }
      }
      // Names CPython's find_class cannot resolve fail here too (global-rules.ts).
      if (binding === undefined) checkGlobalName(module, name, this.protocol);
      if (binding === undefined && o.registry !== undefined) binding = o.registry.lookup(module, name);
      if (binding === undefined && o.standard !== undefined) binding = o.standard.lookup(module, name);
      if (binding === undefined) binding = o.builtins.lookup(module, name);
      pushed = binding?.value;
    } catch (e) {
      if (e instanceof UnpicklingError) throw e;
      throw wrapForeign(e, `binding ${module}.${name} failed: ${errorText(e)}`, -1, '');
    }
    if (pushed === undefined) pushed = g;
    if (byName === undefined) this.#globals.set(module, (byName = new Map()));
    byName.set(name, pushed);
    if ((typeof pushed === 'object' && pushed !== null) || typeof pushed === 'function') {
      // The first global to push a value keeps it: a class registered under two names calls one binding.
      if (!this.#bound.has(pushed)) this.#bound.set(pushed, { binding: binding ?? null, g });
    }
    return pushed;
  }

  /**
   * REDUCE: a bound global is called; other callables give an inert PyObject.
   * @throws UnpicklingError when the callable is not callable, the args are no tuple, or the binding throws.
   */
  reduce(callable: unknown, args: unknown): unknown {
    if (!(args instanceof Tuple)) {
      // persistent_load (or the buffers) could have given CPython a tuple here: stay inert.
      if (isUnresolved(args) && (this.#bound.has(callable) || isInertCallable(callable))) {
        return new PyObject(this.#bound.get(callable)?.g ?? callable, args, 'REDUCE');
      }
      throw new UnpicklingError('argument list must be a tuple');
    }
    const bound = this.#bound.get(callable);
    if (bound !== undefined) {
      const binding = bound.binding;
      if (binding?.call !== undefined) {
        const result = callBinding(() => binding.call!(args, bound.g), bound.g);
        if (result !== DECLINE) return result;
      } else if (bound.g.module === 'copyreg' && args.length > 0) {
        const created = this.#copyregCreate(bound.g.name, args);
        if (created !== DECLINE) return created;
      }
      return new PyObject(bound.g, args, 'REDUCE');
    }
    // Default mode: functools.partial(cls.__new__, cls, *args, **kwargs)() of a bound class is its NEWOBJ_EX (newobj-ex-partial.ts).
    const ex = this.#o.lossless ? undefined : partialNewObjEx(callable, args);
    if (ex !== undefined && this.#bound.get(ex.cls)?.binding) return this.newObj(ex.cls, ex.args, ex.kwargs, true);
    if (isInertCallable(callable)) return new PyObject(callable, args, 'REDUCE');
    throw new UnpicklingError(`'${pyTypeName(callable)}' object is not callable`);
  }

  /**
   * `copyreg.__newobj__(cls, *args)` and `copyreg._reconstructor(cls, base, state)`
   * on a class the caller bound: its `create`, or its `reconstruct` (with
   * `create` for the `object` base when it has none).
   */
  #copyregCreate(name: string, args: Tuple): unknown {
    const bound = this.#bound.get(args[0]);
    const binding = bound?.binding;
    if (bound === undefined || binding == null) return DECLINE;
    if (name === '__newobj__') {
      if (binding.create === undefined) return DECLINE;
      return callBinding(() => binding.create!(args.slice(1), undefined), bound.g);
    }
    if (name === '_reconstructor' && args.length === 3) {
      const base = args[1];
      const baseState = args[2];
      if (binding.reconstruct !== undefined) return callBinding(() => binding.reconstruct!(base, baseState), bound.g);
      if (binding.create !== undefined && baseState === null && base instanceof PyGlobal && base.module === 'builtins' && base.name === 'object') {
        return callBinding(() => binding.create!([], undefined), bound.g);
      }
    }
    return DECLINE;
  }

  /**
   * INST/OBJ: CPython's `instantiate` — `cls.__new__(cls)` without args, else `cls(*args)`.
   * @throws UnpicklingError when the class is not callable or the binding throws.
   */
  instantiate(cls: unknown, args: Tuple, creation: PyObjectCreation): unknown {
    const bound = this.#bound.get(cls);
    if (bound !== undefined) {
      const binding = bound.binding;
      if (binding) {
        if (args.length === 0 && binding.create !== undefined) {
          const r = callBinding(() => binding.create!([], undefined), bound.g);
          if (r !== DECLINE) return r;
        } else if (binding.call !== undefined) {
          const r = callBinding(() => binding.call!(args), bound.g);
          if (r !== DECLINE) return r;
        }
      }
      return new PyObject(bound.g, args, creation);
    }
    if (isInertCallable(cls)) return new PyObject(cls, args, creation);
    throw new UnpicklingError(`'${pyTypeName(cls)}' object is not callable`);
  }

  /**
   * NEWOBJ/NEWOBJ_EX: `cls.__new__(cls, *args, **kwargs)`.
   * @throws UnpicklingError for a class, args or kwargs of the wrong type, or when the binding throws.
   */
  newObj(cls: unknown, args: unknown, kwargs: unknown, ex: boolean): unknown {
    const opname = ex ? 'NEWOBJ_EX' : 'NEWOBJ';
    const bound = this.#bound.get(cls);
    if (bound === undefined && !isInertCallable(cls)) {
      throw new UnpicklingError(`${opname} class argument must be a type, not ${pyTypeName(cls)}`);
    }
    if (bound !== undefined) checkNewObjClass(bound.g.module, bound.g.name, opname);
    const unresolved = isUnresolved(args) || (ex && isUnresolved(kwargs));
    if (!(args instanceof Tuple) && !isUnresolved(args)) throw new UnpicklingError(`${opname} args argument must be a tuple, not ${pyTypeName(args)}`);
    if (ex && !(kwargs instanceof Map) && !isDictObject(kwargs) && !isUnresolved(kwargs))
      throw new UnpicklingError(`${opname} kwargs argument must be a dict, not ${pyTypeName(kwargs)}`);
    if (bound !== undefined) {
      const binding = bound.binding;
      if (binding?.create !== undefined && !unresolved) {
        const r = callBinding(() => binding.create!(args as Tuple, kwargs as Map<unknown, unknown> | undefined), bound.g);
        if (r !== DECLINE) return r;
      }
      return new PyObject(bound.g, args, ex ? 'NEWOBJ_EX' : 'NEWOBJ', kwargs);
    }
    return new PyObject(cls, args, ex ? 'NEWOBJ_EX' : 'NEWOBJ', kwargs);
  }

  /**
   * BUILD: a PyObject keeps the state; other targets go to the registries'
   * setState, then the instance's own `[pickleSetState]`, then CPython's
   * default rules (own fields for instances of JS classes; an error for the
   * value model's builtins, which have no `__dict__`).
   * @throws UnpicklingError when the state cannot be applied (CPython's rules) or a setState throws.
   */
  build(target: unknown, state: unknown): void {
    if (target instanceof PyObject) {
      target.state = state;
      return;
    }
    if (isUnresolved(target)) {
      unresolvedEffects(target).states.push(state);
      return;
    }
    const o = this.#o;
    if (typeof target === 'object' && target !== null) {
      for (const registry of [o.registry, o.standard, o.builtins]) {
        if (registry?.setState === undefined) continue;
        if (callHook(() => registry.setState!(target, state))) return;
      }
      const own = (target as { [pickleSetState]?: unknown })[pickleSetState];
      if (typeof own === 'function') {
        callHook(() => own.call(target, state));
        return;
      }
      if (isClassInstance(target)) {
        try {
          applyDefaultState(target, state);
        } catch (e) {
          throw wrapForeign(e, e instanceof TypeError ? e.message : undefined, -1, '');
        }
        return;
      }
    }
    // CPython's default __setstate__: None, or (dict-or-None, slot dict), applied to __dict__ and attributes.
    let dictState = state;
    let slotState: unknown = undefined;
    if (state instanceof Tuple && state.length === 2) {
      dictState = state[0];
      slotState = state[1];
    }
    if (dictState !== null) {
      if (!(dictState instanceof Map)) throw new UnpicklingError('state is not a dictionary');
      throw new UnpicklingError(`'${pyTypeName(target)}' object has no attribute '__dict__'`);
    }
    if (slotState !== undefined) {
      if (!(slotState instanceof Map)) throw new UnpicklingError('slot state is not a dictionary');
      for (const key of slotState.keys()) {
        throw new UnpicklingError(`'${pyTypeName(target)}' object has no attribute '${String(key)}'`);
      }
    }
  }

  /**
   * EXT1/EXT2/EXT4 through the `extensions` option.
   * @throws UnpicklingError for an unregistered or malformed code.
   */
  extension(code: number): unknown {
    if (code <= 0) throw new UnpicklingError('EXT specifies code <= 0');
    const table = this.#o.extensions;
    const ref: GlobalRef | undefined = callHook(() => (table === undefined ? undefined : 'lookupCode' in table ? table.lookupCode(code) : table.get(code)));
    if (ref === undefined) {
      if (this.#o.lossless) return new ExtensionRef(code);
      throw new UnpicklingError(`unregistered extension code ${code}`);
    }
    if (typeof ref !== 'object' || ref === null || typeof ref.module !== 'string' || typeof ref.name !== 'string') {
      throw new UnpicklingError(`_inverted_registry[${code}] isn't a 2-tuple of strings`);
    }
    return this.findGlobal(ref.module, ref.name);
  }
}
