/**
 * `loads` and `Unpickler` as `picklejar` exports them: the core loader with
 * picklejar's default bindings injected (the standard types and the ML types,
 * on unless `standardTypes: false` / `mlTypes: false`). `picklejar/core`
 * exports the loader without them.
 */
import type { BytesLike } from '../wire/bytes-input.js';
import type { UnpicklerOptions } from '../unpickler/options.js';
import { loads as coreLoads, Unpickler as CoreUnpickler } from '../unpickler/unpickler.js';
import { defaultBindings } from './ml-types.js';

/**
 * Reads pickles from a buffer, one per {@link Unpickler.load} call, like
 * Python's `pickle.Unpickler` on a file, with picklejar's standard and ML
 * types (see `standardTypes` and `mlTypes` in {@link UnpicklerOptions}).
 */
export class Unpickler extends CoreUnpickler {
  /**
   * @param input the pickle bytes (any {@link BytesLike}); not copied, so do not modify them while loading.
   * @param options see {@link UnpicklerOptions}.
   * @throws UnpicklingError when the input exceeds `limits.maxInputBytes` or an option is malformed.
   */
  constructor(input: BytesLike, options: UnpicklerOptions = {}) {
    super(input, options, defaultBindings);
  }
}

/**
 * Loads one pickle from `data`, ignoring any bytes after its STOP (as `pickle.loads`),
 * with picklejar's standard and ML types.
 * @param data the pickle.
 * @param options see {@link UnpicklerOptions}.
 * @returns the loaded value.
 * @throws UnpicklingError for malformed, truncated, refused or over-limit input.
 */
export function loads(data: BytesLike, options?: UnpicklerOptions): unknown {
  return coreLoads(data, options, defaultBindings);
}
