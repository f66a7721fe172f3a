/**
 * `mlTypes`: the frozen registry of the data and ML libraries picklejar
 * implements itself (numpy arrays, dtypes and scalars; pandas frames), used
 * by `loads`/`dumps` by default beside `standardTypes` (turn it off with
 * `mlTypes: false`). Combine it with your own: `new Registry([mlTypes, mine])`.
 */
import type { DefaultBindings } from '../registry/default-bindings.js';
import { Registry } from '../registry/registry.js';
import { standardTypes } from '../stdlib/standard-types.js';
import { registerNumpy } from './numpy/bindings.js';
import { registerPandas } from './pandas/bindings.js';

/**
 * Registers every ML binding into `reg` (not frozen); `lossless` keeps numpy scalars dumpable as they were.
 * @throws PickleError when `reg` is frozen.
 */
export function registerMlTypes(reg: Registry, lossless = false): Registry {
  registerNumpy(reg, lossless);
  registerPandas(reg);
  return reg;
}

/** numpy and pandas bindings, frozen: numpy scalars load as JS values. */
export const mlTypes: Registry = registerMlTypes(new Registry()).freeze();
/** The same for lossless loads: numpy scalars load as `NumpyScalar`, which dumps back unchanged. */
export const mlTypesLossless: Registry = registerMlTypes(new Registry(), true).freeze();

const both = new Registry([standardTypes, mlTypes]).freeze();
const bothLossless = new Registry([standardTypes, mlTypesLossless]).freeze();

/**
 * The registry `loads` consults after the caller's: standard types and/or ML types.
 * Internal to the unpickler's option resolution.
 * @throws never.
 */
export function defaultLoadTypes(standard: boolean, ml: boolean, lossless: boolean): Registry | undefined {
  if (standard && ml) return lossless ? bothLossless : both;
  if (standard) return standardTypes;
  if (ml) return lossless ? mlTypesLossless : mlTypes;
  return undefined;
}

/**
 * The registry `dumps` consults after the caller's (see `defaultLoadTypes`).
 * @throws never.
 */
export function defaultDumpTypes(standard: boolean, ml: boolean): Registry | undefined {
  return defaultLoadTypes(standard, ml, false);
}

/**
 * picklejar's default bindings: the standard types and the ML types, as the
 * `standardTypes` / `mlTypes` options choose. `picklejar`'s `loads`, `dumps`,
 * `Unpickler` and `Pickler` inject these into the core VMs.
 */
export const defaultBindings: DefaultBindings = Object.freeze({
  forLoad: defaultLoadTypes,
  // Passing `standardTypes` itself as `registry` consults it once, first.
  forDump: (standard: boolean, ml: boolean, registry: unknown) => defaultDumpTypes(standard && registry !== standardTypes, ml),
});
