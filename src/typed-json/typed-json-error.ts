import { PickleError } from '../errors.js';

/**
 * Raised for a value that typed JSON cannot represent (a function, a symbol,
 * an instance of an unknown class) or for malformed typed JSON. `path` is a
 * JSON-path-like location, e.g. `$[3].$dict[0][1]`, for the value or node.
 */
export class TypedJsonError extends PickleError {
  /** Where the problem is, e.g. `$[3].$dict[0][1]`; '' when not known. */
  readonly path: string;
  constructor(message: string, path = '') {
    super(path ? `${message} (at ${path})` : message);
    this.path = path;
    if (new.target === TypedJsonError) this.name = 'TypedJsonError';
  }
}
