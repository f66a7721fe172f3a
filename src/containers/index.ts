export * from './zip.js';
export * from './torch.js';
export * from './torch-write.js';
export * from './npy.js';
export * from './npz.js';
export * from './joblib.js';
