import { UnpicklingError } from '../errors.js';

/**
 * What `genops`, `dis` and `optimize` throw where CPython's pickletools raises:
 * an `UnpicklingError` whose `reason` is CPython's exception text, word for
 * word (`memo key 3 already defined`, `not enough data in stream to read
 * uint4`, …), and whose `output` is what `dis` had printed before the error,
 * as pickletools prints the offending line before complaining.
 */
export class PickletoolsError extends UnpicklingError {
  /** CPython's exception message, without picklejar's ` at byte N (OPCODE)` suffix. */
  readonly reason: string;
  /** The text `dis` produced before failing (including the failing line, as CPython); '' elsewhere. */
  output: string;
  /** CPython's exception class for this failure (`ValueError`, `UnicodeDecodeError`, `IndexError`, `TypeError`, …). */
  readonly pythonType: string;

  /**
   * @param reason CPython's message.
   * @param offset byte offset of the opcode concerned, or -1.
   * @param opcode its name, or ''.
   * @param pythonType the class of the exception CPython raises.
   */
  constructor(reason: string, offset: number, opcode: string, pythonType = 'ValueError') {
    super(reason, offset >= 0 ? { offset, opcode } : {});
    this.reason = reason;
    this.output = '';
    this.pythonType = pythonType;
    if (new.target === PickletoolsError) this.name = 'PickletoolsError';
  }
}
