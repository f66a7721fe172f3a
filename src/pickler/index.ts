export { Pickler, dumpChunks, dumps } from './pickler.js';
export type { HookResult, PicklerOptions, PickleProtocol } from './options.js';
export { PICKLE_PROTOCOLS, isPickleProtocol } from './options.js';
