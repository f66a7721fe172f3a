/**
 * How a lossless load found some values written, where the value model alone
 * cannot say and CPython's bytes differ: a global named by a text `GLOBAL`
 * where a protocol 4+ pickler writes `STACK_GLOBAL` (dill does this for
 * `__builtin__.__main__`). Side tables by identity, so values stay plain.
 */
import type { PyGlobal } from './py-global.js';

/** By global: true when the pickle memoized it after the GLOBAL (dill's raw writes do not). */
const textGlobals = new WeakMap<PyGlobal, boolean>();

/**
 * Records that `g` was read from a text `GLOBAL` opcode at protocol 4 or above.
 * @param g the global as the loader pushed it.
 * @param memoized whether a memo put followed it.
 */
export function markTextGlobal(g: PyGlobal, memoized: boolean): void {
  textGlobals.set(g, memoized);
}

/**
 * How `g` was written when read from a text `GLOBAL` at protocol 4+, so
 * `dumps` at protocol 4+ writes it the same way.
 * @returns undefined (not such a global), or whether it was memoized.
 */
export function textGlobalMemoized(g: PyGlobal): boolean | undefined {
  return textGlobals.get(g);
}

/** By global: bit 1 when its module str, bit 2 when its name str was written afresh before STACK_GLOBAL. */
const freshNames = new WeakMap<PyGlobal, number>();

/**
 * Records that the strs naming `g` at its STACK_GLOBAL were written as new
 * objects (a str opcode) rather than fetched from the memo: CPython writes a
 * separate str object that way even when an equal str is already memoized.
 * @param bits 1: the module str; 2: the name str.
 */
export function markFreshNames(g: PyGlobal, bits: number): void {
  if (bits !== 0 && !freshNames.has(g)) freshNames.set(g, bits);
}

/**
 * Which of `g`'s strs a lossless load saw written afresh.
 * @returns bit 1: module, bit 2: name; 0 when none (or not recorded).
 */
export function freshNamesOf(g: PyGlobal): number {
  return freshNames.get(g) ?? 0;
}
