/**
 * Python's `object.__reduce_ex__` for JS instances of registered classes:
 * `copyreg.__newobj__`/`__newobj_ex__` (so `NEWOBJ`/`NEWOBJ_EX`) at protocol 2+,
 * `copyreg._reconstructor` at protocols 0–1, with state from `[pickleGetState]`
 * or the instance's own fields, and items for list and dict subclasses.
 */
import { Tuple } from '../values/tuple.js';
import type { PyGlobal } from '../values/py-global.js';
import type { ReduceValue } from './contract.js';
import type { ClassKind } from './class-kind.js';
import { pickleGetNewArgs, pickleGetNewArgsEx, pickleGetState, type Picklable, type PickleKwargs } from './protocol.js';
import { defaultState, isTruthyState } from './object-state.js';
import { BUILTIN_BASE, COPYREG_NEWOBJ, COPYREG_NEWOBJ_EX, COPYREG_RECONSTRUCTOR } from './well-known.js';

/**
 * The `ReduceValue` CPython's `object.__reduce_ex__(protocol)` would return for
 * `value`, an instance of the class registered as `cls` with builtin base `kind`.
 * @throws TypeError when `[pickleGetNewArgs]`/`[pickleGetNewArgsEx]` return malformed values.
 */
export function objectReduceEx(value: object, cls: PyGlobal, kind: ClassKind, protocol: number): ReduceValue {
  if (kind === 'set' || kind === 'frozenset') {
    // set.__reduce__ / frozenset.__reduce__: cls(list(items)), __dict__ as state, at every protocol.
    return withState({ callable: cls, args: [Array.from(Set.prototype.values.call(value as Set<unknown>))] }, getState(value, kind));
  }
  if (protocol < 2) return reconstructorReduce(value, cls, kind);
  const [args, kwargs] = newArgs(value, kind);
  let out: ReduceValue;
  if (kwargs === undefined || kwargs.size === 0) {
    out = { callable: COPYREG_NEWOBJ, args: [cls, ...args] };
  } else {
    out = { callable: COPYREG_NEWOBJ_EX, args: [cls, new Tuple(args), kwargs] };
  }
  out = withState(out, getState(value, kind));
  if (kind === 'list') out = { ...out, listItems: Array.prototype.values.call(value as unknown[]) };
  if (kind === 'dict') out = { ...out, dictItems: Map.prototype.entries.call(value as Map<unknown, unknown>) };
  return out;
}

function reconstructorReduce(value: object, cls: PyGlobal, kind: ClassKind): ReduceValue {
  let baseState: unknown = null;
  if (kind === 'list') baseState = Array.from(Array.prototype.values.call(value as unknown[]));
  else if (kind === 'dict') baseState = new Map(Map.prototype.entries.call(value as Map<unknown, unknown>));
  else if (kind === 'tuple') baseState = new Tuple(value as unknown[]);
  const out: ReduceValue = { callable: COPYREG_RECONSTRUCTOR, args: [cls, BUILTIN_BASE[kind], baseState] };
  const state = getState(value, kind);
  // copyreg._reduce_ex tests `if dict:`, so an empty state writes no BUILD.
  return isTruthyState(state) ? { ...out, state } : out;
}

function getState(value: object, kind: ClassKind): unknown {
  const getter = (value as Picklable)[pickleGetState];
  const state = typeof getter === 'function' ? getter.call(value) : defaultState(value, kind);
  return state === null ? undefined : state;
}

function withState(out: ReduceValue, state: unknown): ReduceValue {
  return state === undefined ? out : { ...out, state };
}

function newArgs(value: object, kind: ClassKind): [readonly unknown[], ReadonlyMap<unknown, unknown> | undefined] {
  const p = value as Picklable;
  const ex = p[pickleGetNewArgsEx];
  if (typeof ex === 'function') {
    const pair = ex.call(value);
    if (!Array.isArray(pair) || pair.length !== 2 || !Array.isArray(pair[0])) {
      throw new TypeError('[pickleGetNewArgsEx]() must return [args, kwargs]');
    }
    return [pair[0] as unknown[], toKwargs(pair[1] as PickleKwargs)];
  }
  const plain = p[pickleGetNewArgs];
  if (typeof plain === 'function') {
    const args = plain.call(value);
    if (!Array.isArray(args)) throw new TypeError('[pickleGetNewArgs]() must return an array of arguments');
    return [args, undefined];
  }
  // tuple.__getnewargs__ returns (tuple(self),); other bases take no arguments.
  if (kind === 'tuple') return [[new Tuple(value as unknown[])], undefined];
  return [[], undefined];
}

function toKwargs(kwargs: PickleKwargs): ReadonlyMap<unknown, unknown> {
  if (kwargs instanceof Map) return kwargs;
  if (typeof kwargs !== 'object' || kwargs === null) throw new TypeError('kwargs must be a Map or a record');
  const out = new Map<unknown, unknown>();
  for (const key of Object.keys(kwargs)) out.set(key, (kwargs as Record<string, unknown>)[key]);
  return out;
}
