export { Pickler, dumps } from './pickler.js';
export type { HookResult, PicklerOptions } from './options.js';
