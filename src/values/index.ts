export * from './tuple.js';
export * from './byte-array.js';
export * from './frozen-set.js';
export * from './float.js';
export * from './complex.js';
export * from './py-global.js';
export * from './py-object.js';
export * from './unresolved.js';
