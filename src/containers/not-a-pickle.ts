import { UnpicklingError } from '../errors.js';

/**
 * Raised when a file is not a pickle at all (text, an archive without a
 * pickle, compressed data holding something else), with the reason in words
 * rather than as an opcode error at byte 0.
 */
export class NotAPickleError extends UnpicklingError {
  constructor(message: string) {
    super(message);
    this.name = 'NotAPickleError';
  }
}
