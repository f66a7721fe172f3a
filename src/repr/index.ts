export { pyRepr, PY_REPR, DEFAULT_MAX_REPR_LENGTH, type PyReprOptions, type PyReprResult, type PyReprCall } from './py-repr.js';
export { pyFormat, type PyFormatOptions } from './py-format.js';
export { strRepr, codePointsRepr, isPrintable } from './str-repr.js';
export { bytesRepr } from './bytes-repr.js';
export { intRepr, numberRepr, complexRepr } from './scalar-repr.js';
