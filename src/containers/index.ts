export * from './zip.js';
export * from './torch.js';
export * from './torch-write.js';
export * from './npy.js';
export * from './npz.js';
export * from './joblib.js';
export { writeJoblib, type WriteJoblibOptions } from './joblib-write.js';
export {
  openLayout,
  openPickleFile,
  unwrapPickleBytes,
  type FileLayout,
  type OpenedFile,
  type OpenedKind,
  type OpenOptions,
  type UnwrappedPickle,
} from './open.js';
export { sniff, type Magic } from './magic.js';
export { NotAPickleError } from './not-a-pickle.js';
