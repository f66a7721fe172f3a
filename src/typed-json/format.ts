/**
 * Typed JSON: a JSON form of picklejar's value model that loses nothing.
 *
 * Plain JSON covers what it can say unambiguously; everything else is a
 * one-key object whose key starts with `$`:
 *
 * | value | typed JSON |
 * |---|---|
 * | None (`null`, `undefined`) | `null` |
 * | bool | `true` / `false` |
 * | str | a JSON string (lone surrogates survive as `\udXXX` escapes) |
 * | int, safe integer | a JSON number: `42` |
 * | int, beyond ±(2^53−1) | `{"$int": "18446744073709551616"}` (decimal, as Python's `repr`) |
 * | float | `{"$float": "1.5"}`: Python's `repr`, so `"nan"`, `"inf"`, `"-inf"`, `"-0.0"`, `"1e+16"` |
 * | list | a JSON array, or `{"$list": [...]}` when it needs an `$id` |
 * | tuple | `{"$tuple": [...]}` |
 * | bytes / bytearray | `{"$bytes": "base64"}` / `{"$bytearray": "base64"}` |
 * | dict | `{"$dict": [[key, value], ...]}` (any keys, in order); `{"$map": {"key": value}}` when every key is a str and none looks like an array index (JS objects reorder those) |
 * | set / frozenset | `{"$set": [...]}` / `{"$frozenset": [...]}` (members in order) |
 * | complex | `{"$complex": [re, im]}`, each part a JSON number or a repr string (`"nan"`, `"-0.0"`) |
 * | a global (`PyGlobal`) | `{"$global": ["module", "qualname"]}` |
 * | an inert object (`PyObject`) | `{"$object": {"callable": …, "args": …, "creation": "REDUCE", "kwargs"?: …, "state"?: …, "listItems"?: […], "dictItems"?: [[k, v], …]}}` |
 * | `PersistentRef` | `{"$persid": pid, "binary": true}` |
 * | `ExtensionRef` | `{"$ext": 1234}` |
 * | `BufferRef` | `{"$buffer": 0, "readonly": false}` |
 * | `PickleBuffer` (protocol 5 reductions, numpy's `_frombuffer`) | `{"$picklebuffer": "base64", "readonly": true}` |
 * | a str the pickler writes afresh, never memoized (`FreshString`, from numpy's reductions; a lossless load's separate equal strs) | `{"$str": "f8"}`, with `"shared": key` when CPython shares it after all, `"splitPairs": true` when its surrogate pairs are two code points each |
 *
 * Identity: an object value that occurs more than once (shared, or part of a
 * cycle) carries `"$id": n` at one occurrence and every other occurrence is
 * `{"$ref": n}`. Decoding resolves references wherever they stand, before or
 * after the `$id`, so recursive and shared structures come back with the same
 * identities.
 *
 * Decoded floats follow lossless loading: an integral float or -0.0 becomes a
 * `Float` (so it stays a float when dumped), any other float a plain number.
 * A non-integral JSON number is accepted as a float, for hand-written input.
 * Keys inside `$map` are data: `"__proto__"` is just a key.
 */

/** Any JSON value, as `JSON.parse` returns it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object (never an array). */
export type JsonObject = { [key: string]: JsonValue };

/** Every tag that introduces a typed JSON object. */
export const TYPED_JSON_TAGS = [
  '$int',
  '$float',
  '$list',
  '$tuple',
  '$bytes',
  '$bytearray',
  '$dict',
  '$map',
  '$set',
  '$frozenset',
  '$complex',
  '$global',
  '$object',
  '$persid',
  '$ext',
  '$buffer',
  '$picklebuffer',
  '$str',
  '$ref',
] as const;

/**
 * Keys any tagged node (not `$ref`) may carry for what a lossless load
 * remembered on the side: `$after` (calls the pickle made for their effect
 * right after this object, result discarded), `$before` (on the root: such
 * calls before it), `$written` (on `$global`: `"GLOBAL"` or
 * `"GLOBAL-unmemoized"`, a text GLOBAL where protocol 4+ writes STACK_GLOBAL,
 * or a global the pickle did not memoize), `$fresh` (on `$global`: 1, 2 or 3,
 * its module and/or name str written afresh before STACK_GLOBAL), `$py2` (on
 * `$bytes`: `true`, a Python 2 str a lossless load kept, `Py2Str`), `$bits` (on `$float`: a NaN's 16 hex
 * digits; on `$complex`: [real bits or null, imag bits or null]).
 */
export const TYPED_JSON_SIDE_KEYS = ['$after', '$before', '$written', '$bits', '$fresh', '$py2'] as const;

/** One of {@link TYPED_JSON_TAGS}. */
export type TypedJsonTag = (typeof TYPED_JSON_TAGS)[number];

/** Keys that may stand beside a tag in the same object. */
export const TYPED_JSON_EXTRA_KEYS: Readonly<Record<string, readonly string[]>> = {
  $list: ['$id'],
  $tuple: ['$id'],
  $bytes: ['$id'],
  $bytearray: ['$id'],
  $dict: ['$id'],
  $map: ['$id'],
  $set: ['$id'],
  $frozenset: ['$id'],
  $complex: ['$id'],
  $global: ['$id'],
  $object: ['$id'],
  $float: ['$id'],
  $int: [],
  $persid: ['$id', 'binary'],
  $ext: ['$id'],
  $buffer: ['$id', 'readonly'],
  $str: ['$id', 'shared', 'splitPairs'],
  $picklebuffer: ['$id', 'readonly'],
  $ref: [],
};

/** True for a string that a JS object would move to the front as an array index. */
export function isArrayIndexKey(key: string): boolean {
  return /^(?:0|[1-9][0-9]{0,9})$/.test(key) && Number(key) < 4294967295;
}
