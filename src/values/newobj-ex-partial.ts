/**
 * Below protocol 4 there is no NEWOBJ_EX: for an object made with keyword
 * arguments to `__new__` (`__getnewargs_ex__`), CPython 3.11's `save_reduce`
 * writes `functools.partial(cls.__new__, cls, *args, **kwargs)` and calls it
 * with no arguments (REDUCE of `()`). The partial itself pickles by its own
 * `__reduce__`: `partial(func)` with the state
 * `(func, (cls, *args), kwargs or None, None)`; `cls.__new__` is the
 * class's own `__new__`, written as a nested name (`getattr(cls, '__new__')`).
 */
import { PyGlobal } from './py-global.js';
import { dictEntries, isPyDict } from './py-dict.js';
import { PyObject } from './py-object.js';
import { Tuple } from './tuple.js';

const PARTIAL = new PyGlobal('functools', 'partial');

/**
 * The partial CPython writes at protocols 2-3 for `cls.__new__(cls, *args, **kwargs)`.
 * @param cls the class (only a `PyGlobal` names its `__new__`).
 * @param args the positional arguments.
 * @param kwargs the keyword arguments (a Map, or a plain record).
 * @returns the inert partial, to be written and then called with `()`; undefined when `cls` is not a `PyGlobal`.
 * @throws never.
 */
export function newObjExPartial(cls: unknown, args: unknown, kwargs: unknown): PyObject | undefined {
  if (!(cls instanceof PyGlobal) || !Array.isArray(args)) return undefined;
  const func = new PyGlobal(cls.module, `${cls.name}.__new__`);
  const partial = new PyObject(PARTIAL, new Tuple([func]), 'REDUCE');
  const empty = kwargs instanceof Map ? kwargs.size === 0 : typeof kwargs !== 'object' || kwargs === null || Object.keys(kwargs).length === 0;
  partial.state = new Tuple([func, new Tuple([cls, ...(args as unknown[])]), empty ? null : kwargs, null]);
  return partial;
}

/**
 * Reading such a pickle: when `callable`, called with `args`, is
 * `functools.partial(getattr(cls, '__new__'), cls, *a, **kw)` called with
 * no arguments, the NEWOBJ_EX it stands for.
 * @param callable what REDUCE calls (an inert partial, as loads builds it).
 * @param args REDUCE's arguments.
 * @returns the class and arguments, or undefined for any other call.
 * @throws never.
 */
export function partialNewObjEx(callable: unknown, args: unknown): { cls: unknown; args: Tuple; kwargs: Map<unknown, unknown> } | undefined {
  if (!(callable instanceof PyObject) || !Array.isArray(args) || args.length !== 0) return undefined;
  const g = callable.callable;
  if (!(g instanceof PyGlobal) || g.module !== 'functools' || g.name !== 'partial' || callable.creation !== 'REDUCE') return undefined;
  const state = callable.state;
  if (!Array.isArray(state) || state.length !== 4 || !Array.isArray(state[1]) || state[1].length < 1) return undefined;
  const [func, callArgs, kwargs, dict] = state as [unknown, unknown[], unknown, unknown];
  if (dict !== null || !(kwargs === null || isPyDict(kwargs))) return undefined;
  const cls = callArgs[0];
  // func is getattr(cls, '__new__') (REDUCE of builtins.getattr), or the nested name cls.__new__ (protocol 4+ writers).
  const isNew =
    (func instanceof PyObject &&
      func.callable instanceof PyGlobal &&
      func.callable.module === 'builtins' &&
      func.callable.name === 'getattr' &&
      Array.isArray(func.args) &&
      func.args.length === 2 &&
      func.args[0] === cls &&
      func.args[1] === '__new__') ||
    (func instanceof PyGlobal && cls instanceof PyGlobal && func.module === cls.module && func.name === `${cls.name}.__new__`);
  if (!isNew) return undefined;
  // A dict object (the default dictType) is handed on as a Map, as NEWOBJ_EX's kwargs are to a binding.
  const map =
    kwargs === null
      ? new Map<unknown, unknown>()
      : kwargs instanceof Map
        ? (kwargs as Map<unknown, unknown>)
        : new Map(dictEntries(kwargs as Record<string, unknown>));
  return { cls, args: new Tuple(callArgs.slice(1)), kwargs: map };
}
