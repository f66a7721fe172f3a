export { Tensor, contiguousStride, MAX_MATERIALIZED_ELEMENTS, type TensorFromOptions } from './tensor.js';
export { Storage } from './storage.js';
export { TORCH_DTYPES, dtypeInfo, type TorchDType, type TorchTypedArray, type DTypeInfo, type TypedArrayClass } from './dtypes.js';
export { torchTypes, TorchDTypeRef, TorchStorageType, torchDType } from './bindings.js';
export { halfToNumber, bfloat16ToNumber, numberToHalf, numberToBfloat16 } from './half.js';
