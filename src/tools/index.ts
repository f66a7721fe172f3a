export * from './genops.js';
export * from './dis.js';
export * from './optimize.js';
export * from './pickletools-error.js';
export type { OpcodeInfo, ArgKind, ArgKindInfo, StackItem } from '../opcodes.js';
