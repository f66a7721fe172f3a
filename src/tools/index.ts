export * from './genops.js';
export * from './dis.js';
export * from './optimize.js';
export * from './pickletools-error.js';
export * from '../safety/index.js';
