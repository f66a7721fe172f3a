export * from './errors.js';
export * from './values/index.js';
export { HIGHEST_PROTOCOL, DEFAULT_PROTOCOL } from './opcodes.js';
