export * from './zip.js';
export * from './torch.js';
export * from './torch-write.js';
