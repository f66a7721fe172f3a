/** pandas bindings (filled in below). */
import type { Registry } from '../../registry/registry.js';

/** Registers pandas' frame and series classes into `reg`. */
export function registerPandas(reg: Registry): Registry {
  return reg;
}
