export { NDArray, type NDArrayPickleInfo, type NDArrayFromOptions } from './ndarray.js';
export { DType, dtypeFor, type DTypeKind, type DTypeField, type DescrEntry } from './dtype.js';
export { NumpyScalar } from './scalar.js';
export type { NDArrayData, NumericData } from './elements.js';
export { formatNDArray } from './format.js';
