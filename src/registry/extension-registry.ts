/**
 * The copyreg extension registry (`copyreg.add_extension`): small integer
 * codes standing for globals, written as EXT1 (1..0xff), EXT2 (..0xffff) or
 * EXT4 (..0x7fffffff). Per instance: pass one to the pickler and the unpickler.
 */
import { PickleError } from '../errors.js';
import { PyGlobal } from '../values/py-global.js';
import type { ExtensionTable } from './contract.js';

/** The largest extension code CPython accepts (`0x7fffffff`). */
export const MAX_EXTENSION_CODE = 0x7fffffff;

/**
 * A two-way map between extension codes and globals, with copyreg's rules.
 * It is also a read-only `Map` from code to global, so it can be passed as the
 * unpickler's `extensions` option directly.
 */
export class ExtensionRegistry implements ExtensionTable, ReadonlyMap<number, PyGlobal> {
  readonly #byCode = new Map<number, PyGlobal>();
  readonly #byName = new Map<string, Map<string, number>>();

  /**
   * @param entries initial `[module, name, code]` triples, added in order.
   * @throws PickleError as `add` does.
   */
  constructor(entries: Iterable<readonly [string, string, number]> = []) {
    for (const [module, name, code] of entries) this.add(module, name, code);
  }

  /**
   * Registers `module.name` as extension `code`, like `copyreg.add_extension`:
   * re-adding the same pair is a no-op.
   * @throws PickleError when `code` is not an integer in 1..0x7fffffff, or the
   *   global or the code is already registered to something else.
   */
  add(module: string, name: string, code: number): this {
    if (!Number.isInteger(code) || code < 1 || code > MAX_EXTENSION_CODE) {
      throw new PickleError(`extension code ${String(code)} out of range (1..${MAX_EXTENSION_CODE})`);
    }
    const known = this.codeOf(module, name);
    const holder = this.#byCode.get(code);
    if (known === code && holder !== undefined) return this;
    if (known !== undefined) throw new PickleError(`global ${module}.${name} is already registered with code ${known}`);
    if (holder !== undefined) throw new PickleError(`code ${code} is already in use for ${holder}`);
    this.#byCode.set(code, new PyGlobal(module, name));
    let names = this.#byName.get(module);
    if (names === undefined) this.#byName.set(module, (names = new Map()));
    names.set(name, code);
    return this;
  }

  /**
   * Unregisters `module.name` from `code`, like `copyreg.remove_extension`.
   * @throws PickleError when that pair is not registered.
   */
  remove(module: string, name: string, code: number): this {
    if (this.codeOf(module, name) !== code) throw new PickleError(`${module}.${name} is not registered with code ${code}`);
    this.#byCode.delete(code);
    this.#byName.get(module)?.delete(name);
    return this;
  }

  /** The global extension `code` names (one `PyGlobal` per code), or undefined. */
  lookupCode(code: number): PyGlobal | undefined {
    return this.#byCode.get(code);
  }

  /** The code registered for `module.name`, or undefined. */
  codeOf(module: string, name: string): number | undefined {
    return this.#byName.get(module)?.get(name);
  }

  /** How many codes are registered. */
  get size(): number {
    return this.#byCode.size;
  }

  /** The global extension `code` names (`ReadonlyMap.get`), or undefined. */
  get(code: number): PyGlobal | undefined {
    return this.#byCode.get(code);
  }

  /** True when `code` is registered. */
  has(code: number): boolean {
    return this.#byCode.has(code);
  }

  /** Every `[code, global]` pair, in registration order. */
  entries(): IterableIterator<[number, PyGlobal]> {
    return this.#byCode.entries();
  }

  /** Every registered code. */
  keys(): IterableIterator<number> {
    return this.#byCode.keys();
  }

  /** Every registered global. */
  values(): IterableIterator<PyGlobal> {
    return this.#byCode.values();
  }

  /** Calls `fn(global, code, this)` for each entry. */
  forEach(fn: (value: PyGlobal, key: number, map: ReadonlyMap<number, PyGlobal>) => void, thisArg?: unknown): void {
    for (const [code, g] of this.#byCode) fn.call(thisArg, g, code, this);
  }

  [Symbol.iterator](): IterableIterator<[number, PyGlobal]> {
    return this.#byCode.entries();
  }
}
