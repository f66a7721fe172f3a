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
