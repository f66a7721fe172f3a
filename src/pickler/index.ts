export { Pickler, dumps } from './pickler.js';
export type { PicklerOptions } from './options.js';
