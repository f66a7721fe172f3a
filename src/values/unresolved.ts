/**
 * Stand-ins that lossless loading leaves where a pickle refers to something
 * outside itself that no hook or option resolved. Each dumps back to the
 * opcodes it was read from, so tools can rewrite such pickles.
 */

/** A persistent id (`PERSID`/`BINPERSID`) that no `persistentLoad` hook resolved. */
export class PersistentRef {
  /**
   * @param pid the persistent id: a string for `PERSID`, any value for `BINPERSID`.
   * @param binary true when read from `BINPERSID`.
   */
  constructor(
    readonly pid: unknown,
    readonly binary: boolean,
  ) {}
}

/** An extension code (`EXT1`/`EXT2`/`EXT4`) that no extension registry resolved. */
export class ExtensionRef {
  /** @param code the extension code. */
  constructor(readonly code: number) {}
}

/** An out-of-band buffer reference (`NEXT_BUFFER`, maybe `READONLY_BUFFER`) with no buffer supplied. */
export class BufferRef {
  /**
   * @param index which out-of-band buffer (0 for the first `NEXT_BUFFER`).
   * @param readonly true once `READONLY_BUFFER` applied to it.
   */
  constructor(
    readonly index: number,
    public readonly: boolean,
  ) {}
}

/** A stand-in for something outside the pickle: CPython would accept any object in its place. */
export type UnresolvedRef = PersistentRef | ExtensionRef | BufferRef;

/**
 * True for a `PersistentRef`, `ExtensionRef` or `BufferRef`: lossless loads
 * accept one wherever CPython accepts an object of any type (REDUCE's
 * argument tuple, NEWOBJ's, BUILD's target, APPENDS onto it, …).
 */
export function isUnresolved(v: unknown): v is UnresolvedRef {
  return v instanceof PersistentRef || v instanceof ExtensionRef || v instanceof BufferRef;
}

/** What a pickle did to an unresolved reference after pushing it, in pickle order of kinds. */
export interface UnresolvedEffects {
  /** Items APPENDed onto it. */
  readonly listItems: unknown[];
  /** Pairs SETITEMed onto it. */
  readonly dictItems: [unknown, unknown][];
  /** Items ADDITEMSed onto it. */
  readonly setItems: unknown[];
  /** BUILD states applied to it, in order. */
  readonly states: unknown[];
}

const effectsOf = new WeakMap<UnresolvedRef, UnresolvedEffects>();

/**
 * The record of what the pickle applied to `ref` (created on first use).
 * A side table, so the references themselves stay as they are.
 * @returns the mutable record.
 */
export function unresolvedEffects(ref: UnresolvedRef): UnresolvedEffects {
  let e = effectsOf.get(ref);
  if (e === undefined) effectsOf.set(ref, (e = { listItems: [], dictItems: [], setItems: [], states: [] }));
  return e;
}

/**
 * What the pickle applied to `ref`, if anything.
 * @returns the record, or undefined.
 */
export function unresolvedEffectsOf(ref: UnresolvedRef): UnresolvedEffects | undefined {
  return effectsOf.get(ref);
}
