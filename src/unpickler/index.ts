export { loads, Unpickler } from './unpickler.js';
export type { UnpicklerOptions, GlobalRef, Py2StringEncoding, Py2StringErrors } from './options.js';
export { PY2_STRING_ERRORS, isPy2StringErrors } from './options.js';
export { DEFAULT_UNPICKLER_LIMITS } from './limits.js';
export type { UnpicklerLimits } from './limits.js';
export { BUILTIN_GLOBALS } from './builtin-bindings.js';
export { notThenable } from './thenable.js';
