/**
 * Async APIs resolve their promise with the loaded value, and a promise
 * resolved with a thenable calls its `then`: a pickle could choose that method
 * (BUILD gives a registered class instance its own `then`, an object-mode dict
 * has a `then` key). So async APIs pass their result through here.
 */
import { UnpicklingError } from '../errors.js';

/**
 * Returns `value` unchanged when a promise may resolve with it, i.e. when it
 * has no callable `then`.
 * @param value what an async API is about to resolve with.
 * @param api the API's name, for the message.
 * @returns `value`.
 * @throws UnpicklingError when `value` is a thenable: resolving a promise with
 *   it would call a function the pickle chose.
 */
export function notThenable<T>(value: T, api: string): T {
  if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
    let then: unknown;
    try {
      then = (value as { then?: unknown }).then;
    } catch {
      throw new UnpicklingError(`${api}: the loaded value's 'then' could not be read, so it cannot be returned from a promise`);
    }
    if (typeof then === 'function') {
      throw new UnpicklingError(
        `${api}: the loaded value has a callable 'then' (set by the pickle), and a promise resolved with it would call it; load with the synchronous API instead`,
      );
    }
  }
  return value;
}
