/**
 * The only error classes picklejar lets escape, mirroring Python's
 * `pickle.PickleError` → `pickle.PicklingError` / `pickle.UnpicklingError`.
 */

/** Base class of every error picklejar throws. */
export class PickleError extends Error {
  constructor(message: string) {
    super(message);
    // Every picklejar error class names itself with a string literal, because
    // minifiers rename classes and `err.name` must survive bundling; the
    // constructor's name is only the fallback for subclasses (yours) that don't.
    this.name = new.target === PickleError ? 'PickleError' : new.target.name;
  }
}

/** Where in the input an unpickling error happened. */
export interface UnpicklingErrorPosition {
  /** Byte offset of the opcode being executed (or read) when the error happened. */
  readonly offset?: number;
  /** Name of that opcode, e.g. `BINUNICODE`, when known. */
  readonly opcode?: string;
}

/**
 * Raised for malformed, truncated, unsafe or over-limit pickle input.
 * The message ends with `at byte N (OPCODE)` when the position is known.
 */
export class UnpicklingError extends PickleError {
  /** Byte offset of the failing opcode, or -1 when not known. */
  readonly offset: number;
  /** Name of the failing opcode, or '' when not known. */
  readonly opcode: string;
  constructor(message: string, position: UnpicklingErrorPosition = {}) {
    const offset = position.offset ?? -1;
    const opcode = position.opcode ?? '';
    let where = '';
    if (offset >= 0) where = opcode ? ` at byte ${offset} (${opcode})` : ` at byte ${offset}`;
    super(message + where);
    this.offset = offset;
    this.opcode = opcode;
    if (new.target === UnpicklingError) this.name = 'UnpicklingError';
  }
}

/**
 * Raised when a value cannot be pickled. The message names the path into the
 * value, e.g. `root.users[3].callback`.
 */
export class PicklingError extends PickleError {
  /** Path into the value being pickled, e.g. `root.users[3]`; '' when not known. */
  readonly path: string;
  constructor(message: string, path = '') {
    super(path ? `${message} (at ${path})` : message);
    this.path = path;
    if (new.target === PicklingError) this.name = 'PicklingError';
  }
}
