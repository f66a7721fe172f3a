/**
 * An inert reference to a Python global (a class, function or other module
 * attribute), as named by `GLOBAL`, `STACK_GLOBAL`, `INST` or an extension code.
 * Loading never resolves it to anything executable unless the caller registered
 * a JS value for it.
 */
export class PyGlobal {
  /**
   * @param module the module name, after Python 2 name mapping (e.g. `builtins`).
   * @param name the qualified name inside the module (may be dotted at protocol 4+).
   */
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}

  /** `module.name`, as Python prints a qualified global. */
  toString(): string {
    return `${this.module}.${this.name}`;
  }
}
