/**
 * The Python globals the object protocol itself names. One instance each, so a
 * pickler that memoizes globals by identity writes each once, as CPython does.
 */
import { PyGlobal } from '../values/py-global.js';
import type { ClassKind } from './class-kind.js';

/** `copyreg.__newobj__`: the pickler writes `NEWOBJ` for it at protocol 2+. */
export const COPYREG_NEWOBJ = new PyGlobal('copyreg', '__newobj__');
/** `copyreg.__newobj_ex__`: the pickler writes `NEWOBJ_EX` for it at protocol 4+. */
export const COPYREG_NEWOBJ_EX = new PyGlobal('copyreg', '__newobj_ex__');
/** `copyreg._reconstructor`: how protocols 0–1 rebuild objects. */
export const COPYREG_RECONSTRUCTOR = new PyGlobal('copyreg', '_reconstructor');

/** The builtin class behind each class kind, as `copyreg._reduce_ex` names the base. */
export const BUILTIN_BASE: Readonly<Record<ClassKind, PyGlobal>> = Object.freeze({
  object: new PyGlobal('builtins', 'object'),
  list: new PyGlobal('builtins', 'list'),
  dict: new PyGlobal('builtins', 'dict'),
  tuple: new PyGlobal('builtins', 'tuple'),
  set: new PyGlobal('builtins', 'set'),
  frozenset: new PyGlobal('builtins', 'frozenset'),
});

/** True when `value` names the global `module.name` (a `PyGlobal` or an equal-named object). */
export function isGlobalNamed(value: unknown, module: string, name: string): boolean {
  return value instanceof PyGlobal && value.module === module && value.name === name;
}
