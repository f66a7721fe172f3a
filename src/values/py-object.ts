import type { PyGlobal } from './py-global.js';

/** Which opcode created an inert object: the pickler writes it back with the same one. */
export type PyObjectCreation = 'REDUCE' | 'NEWOBJ' | 'NEWOBJ_EX' | 'INST' | 'OBJ';

/**
 * An inert Python object that picklejar has no JS class for. It keeps
 * everything the pickle said about it, enough to show it and to dump it back
 * to the same opcodes:
 * - `REDUCE`: `callable(*args)`; `NEWOBJ`/`OBJ`/`INST`: `callable` is the class;
 *   `NEWOBJ_EX`: also `kwargs`;
 * - `state`: the argument of `BUILD` (`undefined` when there was none);
 * - `listItems`/`dictItems`: items appended or set onto the object itself.
 */
export class PyObject {
  /** The BUILD state, or `undefined` when the object received none. */
  state: unknown = undefined;
  /** Items `APPEND`ed onto the object (for list-like classes), in order. */
  readonly listItems: unknown[] = [];
  /** Key/value pairs `SETITEM`ed onto the object (for dict-like classes), in order. */
  readonly dictItems: [unknown, unknown][] = [];
  /**
   * The reduce value's sixth element (`state_setter`): when set, `dumps` writes
   * `state_setter(obj, state)` and POP instead of BUILD, as CPython does.
   */
  stateSetter: unknown = undefined;

  /**
   * @param callable the callable (REDUCE) or the class (NEWOBJ, NEWOBJ_EX, INST, OBJ).
   * @param args the positional arguments (a Tuple, as a pickle holds them).
   * @param creation the opcode that created it.
   * @param kwargs keyword arguments (NEWOBJ_EX only).
   */
  constructor(
    readonly callable: unknown,
    readonly args: unknown,
    readonly creation: PyObjectCreation = 'REDUCE',
    readonly kwargs: unknown = undefined,
  ) {}

  /**
   * The object's Python class where the pickle makes it plain: the class for
   * NEWOBJ/NEWOBJ_EX/INST/OBJ, the first argument of `copyreg._reconstructor`
   * or `copyreg.__newobj__`, otherwise the callable itself.
   */
  get cls(): unknown {
    if (this.creation === 'REDUCE' && isObjectFactory(this.callable) && Array.isArray(this.args) && this.args.length > 0) {
      return this.args[0];
    }
    return this.callable;
  }
}

function isObjectFactory(callable: unknown): boolean {
  if (callable === null || typeof callable !== 'object') return false;
  const g = callable as PyGlobal;
  return g.module === 'copyreg' && (g.name === '_reconstructor' || g.name === '__newobj__');
}
