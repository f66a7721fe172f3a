export type { JsonValue, JsonObject, TypedJsonTag } from './format.js';
export { TYPED_JSON_TAGS } from './format.js';
export { TypedJsonError } from './typed-json-error.js';
export { toTypedJson } from './encode.js';
export { fromTypedJson } from './decode.js';
export { stringifyJson, stringifyTypedJson, parseTypedJson, type StringifyOptions } from './stringify.js';
export type { TypedJsonEncodeOptions } from './instances.js';
export { writeTypedJson, type WriteTypedJsonOptions, type TextSink } from './write.js';
