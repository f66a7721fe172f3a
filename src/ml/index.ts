export * from './numpy/index.js';
export { mlTypes, mlTypesLossless, registerMlTypes } from './ml-types.js';
export * from './joblib/index.js';
export * from './pandas/index.js';
export * from './torch/index.js';
