/**
 * `dumps` and `Pickler` as `picklejar` exports them: the core pickler with
 * picklejar's default bindings injected (the standard types and the ML types,
 * on unless `standardTypes: false` / `mlTypes: false`). `picklejar/core`
 * exports the pickler without them.
 */
import type { PicklerOptions } from '../pickler/options.js';
import { dumpChunks as coreDumpChunks, dumps as coreDumps, Pickler as CorePickler } from '../pickler/pickler.js';
import { defaultBindings } from './ml-types.js';

/**
 * Writes pickles like Python's `pickle.Pickler`, with picklejar's standard
 * and ML types (see `standardTypes` and `mlTypes` in {@link PicklerOptions}).
 */
export class Pickler extends CorePickler {
  /**
   * @param options see {@link PicklerOptions}.
   * @throws PicklingError for a protocol above 5 or not an integer, or a bufferCallback below protocol 5.
   */
  constructor(options?: PicklerOptions) {
    super(options, defaultBindings);
  }
}

/**
 * Pickles `value` as CPython 3.11's `pickle.dumps(value, protocol)` does,
 * with picklejar's standard and ML types.
 * @param value a value of picklejar's value model (see the README).
 * @param options see {@link PicklerOptions}.
 * @returns the pickle.
 * @throws PicklingError for a value that cannot be pickled (naming its path,
 *   e.g. `root.users[3].callback`) or an invalid protocol.
 */
export function dumps(value: unknown, options?: PicklerOptions): Uint8Array {
  return coreDumps(value, options, defaultBindings);
}

/**
 * `dumps` streamed frame by frame (see the core's `dumpChunks`), with
 * picklejar's standard and ML types.
 * @param value a value of picklejar's value model.
 * @param options see {@link PicklerOptions}.
 * @returns an iterator of chunks; its return value is the total byte count.
 * @throws PicklingError, when the iterator is advanced, for a value that cannot be pickled.
 */
export function dumpChunks(value: unknown, options?: PicklerOptions): Generator<Uint8Array, number, undefined> {
  return coreDumpChunks(value, options, defaultBindings);
}
