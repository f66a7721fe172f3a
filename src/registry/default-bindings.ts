/**
 * The bindings a loader or a pickler consults after the caller's `registry`:
 * what the `standardTypes` and `mlTypes` options switch on. The two VMs take
 * them by injection instead of importing them, so that a bundle of the core
 * alone (`picklejar/core`) carries only the built-ins; `picklejar`'s `loads`,
 * `dumps`, `Unpickler` and `Pickler` inject picklejar's standard and ML types.
 */
import type { DumpRegistry, LoadRegistry } from './contract.js';

/** The default bindings, chosen per loader or pickler from its options. */
export interface DefaultBindings {
  /**
   * The registry a loader consults after its `registry` option.
   * @param standard the `standardTypes` option (default true).
   * @param ml the `mlTypes` option (default true).
   * @param lossless the `lossless` option: bindings that keep what plain JS values cannot hold.
   * @returns the registry, or undefined for none.
   * @throws never.
   */
  forLoad(standard: boolean, ml: boolean, lossless: boolean): LoadRegistry | undefined;
  /**
   * The registry a pickler consults after its `registry` option.
   * @param standard the `standardTypes` option (default true).
   * @param ml the `mlTypes` option (default true).
   * @param registry the caller's own registry, so that passing the standard types themselves does not consult them twice.
   * @returns the registry, or undefined for none.
   * @throws never.
   */
  forDump(standard: boolean, ml: boolean, registry: DumpRegistry | undefined): DumpRegistry | undefined;
}
