/**
 * Pickle protocols in tests: the library's `PICKLE_PROTOCOLS` for loops, and
 * a checked narrowing for protocols read from fixtures or computed.
 */
import { isPickleProtocol, type PickleProtocol } from '../../src/pickler/options.js';

export { PICKLE_PROTOCOLS } from '../../src/pickler/options.js';
export type { PickleProtocol } from '../../src/pickler/options.js';

/**
 * `n` as a `PickleProtocol`, for a protocol taken from a fixture, a pickle's
 * PROTO byte or arithmetic.
 * @throws Error when `n` is not 0 to 5 or -1, so a bad fixture fails the test.
 */
export function asProtocol(n: number): PickleProtocol {
  if (!isPickleProtocol(n)) throw new Error(`not a pickle protocol: ${n}`);
  return n;
}
