// `picklejar/core`: the pickle codec with the built-in bindings only (builtins,
// copyreg, the value model). `loads`, `dumps`, `Unpickler` and `Pickler` here
// know no standard or ML types unless given them (a `registry` option, or
// `DefaultBindings` as their last argument), so a bundle stays small. The
// `picklejar` entry is the same with the standard and ML types injected.
export * from './errors.js';
export * from './values/index.js';
export { HIGHEST_PROTOCOL, DEFAULT_PROTOCOL } from './opcodes.js';
export type { BytesLike } from './wire/bytes-input.js';
export * from './pickler/index.js';
export * from './unpickler/index.js';
export * from './registry/index.js';
