/**
 * How CPython 3.11's `Unpickler.find_class` resolves a global, for the names
 * picklejar can know without importing anything:
 * - `builtins` has a fixed set of names (builtins-names.ts): any other name
 *   fails as CPython's `getattr(builtins, name)` does, except `__main__`
 *   (dill writes `__builtin__.__main__` and its Unpickler resolves it);
 * - a dotted name (`str.upper`) is walked attribute by attribute only from
 *   protocol 4; below it, it is one attribute name, which no module has;
 * - a `<locals>` part never resolves (protocol 4+).
 * The Python 2 name mapping (fix_imports) applies only below protocol 3; the
 * caller maps before asking. Any other module loads inert, as before.
 * CPython raises `AttributeError` here; picklejar raises `UnpicklingError`
 * with CPython's message.
 */
import { UnpicklingError } from '../errors.js';
import { BUILTINS_NAMES } from './builtins-names.js';

/** How CPython's messages show a module: picklejar does not know file paths, so only built-in modules are exact. */
function moduleRepr(module: string): string {
  return module === 'builtins' ? "<module 'builtins' (built-in)>" : `<module '${module}'>`;
}

/**
 * Checks that `module.name` resolves as CPython would at `protocol` (the one
 * the pickle's PROTO declared, 0 without one).
 * @param module the module, after the Python 2 mapping.
 * @param name the (qualified) name.
 * @param protocol the protocol the pickle declared.
 * @throws UnpicklingError with CPython's `AttributeError` message when CPython fails to find it.
 */
export function checkGlobalName(module: string, name: string, protocol: number): void {
  const dot = name.indexOf('.');
  if (dot >= 0) {
    if (protocol < 4) throw new UnpicklingError(`Can't get attribute '${name}' on ${moduleRepr(module)}`);
    if (name.split('.').includes('<locals>')) throw new UnpicklingError(`Can't pickle local attribute '${name}' on ${moduleRepr(module)}`);
  }
  // `__builtin__.__main__`: dill's session module, which dill's Unpickler resolves; picklejar loads it inert.
  if (module === 'builtins' && name !== '__main__' && !BUILTINS_NAMES.has(dot >= 0 ? name.slice(0, dot) : name)) {
    throw new UnpicklingError(`Can't get attribute '${name}' on ${moduleRepr(module)}`);
  }
}

/**
 * NEWOBJ/NEWOBJ_EX on a global: a builtins name whose value is not a class
 * fails as in CPython. Other globals may be classes: picklejar cannot know.
 * @param opname `NEWOBJ` or `NEWOBJ_EX`.
 * @throws UnpicklingError `NEWOBJ class argument must be a type, not builtin_function_or_method`.
 */
export function checkNewObjClass(module: string, name: string, opname: string): void {
  if (module !== 'builtins') return;
  const type = BUILTINS_NAMES.get(name);
  if (type !== undefined && type !== 'type') throw new UnpicklingError(`${opname} class argument must be a type, not ${type}`);
}
