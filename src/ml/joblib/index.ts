export { NumpyArrayWrapper, joblibTypes } from './array-wrapper.js';
