export * from './errors.js';
export * from './values/index.js';
export { HIGHEST_PROTOCOL, DEFAULT_PROTOCOL } from './opcodes.js';
export type { BytesLike } from './wire/bytes-input.js';
export * from './typed-json/index.js';
export * from './repr/index.js';
export * from './pickler/index.js';
export * from './unpickler/index.js';
// These shadow the core's (re-exported above): the same VMs with picklejar's
// standard and ML types injected. `picklejar/core` (core.ts) has the core's.
export { Pickler, dumpChunks, dumps } from './ml/default-pickler.js';
export { Unpickler, loads } from './ml/default-unpickler.js';
export * from './registry/index.js';
export * from './stdlib/index.js';
export * from './signing/index.js';
export * from './safety/index.js';
export * from './codecs/index.js';
export * from './containers/index.js';
export * from './ml/index.js';
export * from './stream/index.js';
