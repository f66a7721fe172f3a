export * from './zip.js';
export * from './torch.js';
export * from './torch-write.js';
export * from './npy.js';
export * from './npz.js';
export * from './joblib.js';
export { openPickleFile, unwrapPickleBytes, type OpenedFile, type OpenedKind, type OpenOptions, type UnwrappedPickle } from './open.js';
export { sniff, type Magic } from './magic.js';
export { NotAPickleError } from './not-a-pickle.js';
