import { Tuple } from '../values/tuple.js';
import { ByteArray } from '../values/byte-array.js';
import { FrozenSet } from '../values/frozen-set.js';
import { Float } from '../values/float.js';
import { Complex } from '../values/complex.js';
import { PyGlobal } from '../values/py-global.js';
import { PyObject } from '../values/py-object.js';
import { PersistentRef, ExtensionRef, BufferRef } from '../values/unresolved.js';
import { floatRepr } from '../wire/float-repr.js';
import { encodeBase64 } from './base64.js';
import { isArrayIndexKey, type JsonObject, type JsonValue } from './format.js';
import { TypedJsonError } from './typed-json-error.js';
import { reduceForJson, type TypedJsonEncodeOptions } from './instances.js';
import { discardedAfter, discardedBefore } from '../values/discarded.js';
import { complexBitsOf, floatBitsOf } from '../values/float-bits.js';
import { FreshString } from '../pickler/synthetic.js';
import { PickleBuffer } from '../registry/pickle-buffer.js';
import { freshNamesOf, textGlobalMemoized } from '../values/written-as.js';
import { Py2Str } from '../values/py2-str.js';
import { floatSlotsOf, hasFloatSlots } from '../values/float-slots.js';
import { separateStrAt, separateStrsIn } from '../values/separate-strs.js';
import { dictEntries, type PyDict } from '../values/py-dict.js';

/** Children of one value still to be converted, and where their JSON goes. */
interface Frame {
  readonly values: readonly unknown[];
  /** Keys to assign in `out`; null to push onto `out` (an array). */
  readonly keys: readonly string[] | null;
  readonly out: JsonValue[] | JsonObject;
  /** Path segment of each child, for error messages. */
  readonly label: (i: number) => string;
  i: number;
}

/** Stands for one `[key, value]` entry of a dict so that it becomes a 2-item JSON array. */
export class Entry {
  constructor(
    readonly key: unknown,
    readonly value: unknown,
  ) {}
}

/** Sets an own property even when `key` is `__proto__`. */
function setOwn(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Items of a list or tuple, with the integral floats a default-mode load
 * recorded there (float-slots.ts) as `Float`, so they stay floats in JSON.
 */
export function withFloats(container: object, items: readonly unknown[]): unknown[] {
  const slots = hasFloatSlots() ? floatSlotsOf(container) : undefined;
  const at = slots?.at;
  const typed = slots?.typedAt;
  if (at === undefined && typed === undefined) return items.slice();
  return items.map((x, i) => (typeof x === 'number' && at?.get(i) === x ? new Float(x) : separateStrAt(typed?.get(i), x)));
}

/** A dict's entries, with its recorded integral-float keys and values as `Float`. */
export function dictEntriesWithFloats(d: PyDict): [unknown, unknown][] {
  const slots = hasFloatSlots() ? floatSlotsOf(d) : undefined;
  if (slots === undefined) return dictEntries(d);
  return dictEntries(d).map(([k, x]) => [
    typeof k === 'number' && slots.keys?.has(k) === true ? new Float(k) : separateStrAt(slots.typedKeys?.get(k), k),
    typeof x === 'number' && slots.byKey?.get(k) === x ? new Float(x) : separateStrAt(slots.typedByKey?.get(k), x),
  ]);
}

/** An inert object's dict items as entries, with what a load recorded there (integral floats, separate strs). */
export function pairEntries(pairs: readonly (readonly [unknown, unknown])[]): Entry[] {
  const slots = hasFloatSlots() ? floatSlotsOf(pairs) : undefined;
  if (slots === undefined) return pairs.map(([k, val]) => new Entry(k, val));
  const at = slots.at;
  return pairs.map(
    ([k, val], i) =>
      new Entry(
        separateStrAt(slots.typedKeyAt?.get(i), k),
        at !== undefined && typeof val === 'number' && at.get(i) === val ? new Float(val) : separateStrAt(slots.typedAt?.get(i), val),
      ),
  );
}

export function hex16(bits: bigint): string {
  return bits.toString(16).padStart(16, '0');
}

export function floatPart(x: number): JsonValue {
  return Number.isFinite(x) && !Object.is(x, -0) ? x : floatRepr(x);
}

function encodeNumber(x: number): JsonValue {
  if (Object.is(x, -0)) return { $float: '-0.0' };
  if (Number.isSafeInteger(x)) return x;
  // An integral unsafe number is a Python int in the value model (it dumps as int).
  if (Number.isInteger(x)) return { $int: BigInt(x).toString() };
  return { $float: floatRepr(x) };
}

function encodeBigint(x: bigint): JsonValue {
  if (x >= -9007199254740991n && x <= 9007199254740991n) return Number(x);
  return { $int: x.toString() };
}

/**
 * Converts a value of picklejar's value model to typed JSON (see `format.ts`
 * for the format). Shared and cyclic objects get `$id`/`$ref`; nesting depth
 * is unlimited (no recursion).
 *
 * Plain JS objects (and null-prototype objects) are written as dicts with str
 * keys, `undefined` as None, a `Buffer` as bytes.
 * @param value the value to convert.
 * @returns a JSON value; `JSON.stringify` may overflow the stack on very deep
 *   values, {@link stringifyJson} does not.
 * Instances of registered classes (picklejar's standard types unless
 * `standardTypes: false`, and `registry`'s) and registered functions are
 * written as `dumps` writes them: their reduction as an inert `$object`, or a
 * `$global`; they decode as inert objects that dump to the same bytes.
 * @param options the registries to ask, as `dumps` asks them.
 * @throws TypedJsonError for a value typed JSON cannot represent (function,
 *   symbol, typed array other than `Uint8Array`, instance of an unregistered class), with its path.
 */
export function toTypedJson(value: unknown, options: TypedJsonEncodeOptions = {}): JsonValue {
  const reduced = new Map<object, PyObject | PyGlobal>();
  const counts = countReferences(value, reduced, options);
  const ids = new Map<object, number>();
  let nextId = 1;
  const stack: Frame[] = [];

  const pathOf = (): string => {
    let path = '$';
    for (const f of stack) path += f.label(f.i - 1);
    return path;
  };

  /** Converts one value; containers get an empty JSON shell and a frame that fills it. */
  const convert = (v: unknown): JsonValue => {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        return encodeNumber(v);
      case 'bigint':
        return encodeBigint(v);
      case 'undefined':
        return null;
      case 'object':
        break;
      case 'function':
        if (reduced.has(v)) break;
        throw new TypedJsonError(`cannot represent a function in typed JSON unless a registry maps it to a Python global`, pathOf());
      default:
        throw new TypedJsonError(`cannot represent a ${typeof v} in typed JSON`, pathOf());
    }
    if (v === null) return null;
    if (v instanceof Entry) {
      const pair: JsonValue[] = [];
      push(pair, [v.key, v.value], null, (i) => `[${i}]`);
      return pair;
    }
    const seen = ids.get(v);
    if (seen !== undefined) return { $ref: seen };
    const shared = (counts.get(v) ?? 0) > 1;
    const after = discardedAfter(v);
    const before = v === value ? discardedBefore(v) : undefined;
    if (Array.isArray(v) && !(v instanceof Tuple) && !shared && !reduced.has(v) && after === undefined && before === undefined) {
      const arr: JsonValue[] = [];
      push(arr, withFloats(v, v), null, (i) => `[${i}]`);
      return arr;
    }
    const node: JsonObject = {};
    if (shared) ids.set(v, nextId);
    fill(v, node);
    // The tag goes first for readability; children are filled later by frames.
    if (shared) node.$id = nextId++;
    for (const [key, calls] of [
      ['$after', after],
      ['$before', before],
    ] as const) {
      if (calls === undefined) continue;
      const out: JsonValue[] = [];
      node[key] = out;
      push(out, calls, null, (i) => `.${key}[${i}]`);
    }
    return node;
  };

  const push = (out: JsonValue[] | JsonObject, values: readonly unknown[], keys: readonly string[] | null, label: (i: number) => string): void => {
    if (values.length > 0) stack.push({ values, keys, out, label, i: 0 });
  };

  /** Writes the tag of `v` into `node` (which may already hold `$id`). */
  const fill = (v: object, node: JsonObject): void => {
    const r = reduced.get(v);
    if (r instanceof PyGlobal) {
      node.$global = [r.module, r.name];
    } else if (r !== undefined) {
      fillObject(node, r);
    } else if (v instanceof Tuple || Array.isArray(v)) {
      const items: JsonValue[] = [];
      node[v instanceof Tuple ? '$tuple' : '$list'] = items;
      push(items, withFloats(v, v as unknown[]), null, (i) => `[${i}]`);
    } else if (v instanceof ByteArray) {
      node.$bytearray = encodeBase64(v);
    } else if (v instanceof Uint8Array) {
      node.$bytes = encodeBase64(v);
    } else if (v instanceof Py2Str) {
      node.$bytes = encodeBase64(v.bytes);
      node.$py2 = true;
    } else if (v instanceof Map) {
      fillDict(node, dictEntriesWithFloats(v));
    } else if (v instanceof FrozenSet || v instanceof Set) {
      const items: JsonValue[] = [];
      node[v instanceof FrozenSet ? '$frozenset' : '$set'] = items;
      push(items, withFloats(v, Array.from(v)), null, (i) => `[${i}]`);
    } else if (v instanceof Float) {
      node.$float = floatRepr(v.value);
      const bits = floatBitsOf(v);
      if (bits !== undefined) node.$bits = hex16(bits);
    } else if (v instanceof Complex) {
      node.$complex = [floatPart(v.real), floatPart(v.imag)];
      const bits = complexBitsOf(v);
      if (bits !== undefined) node.$bits = bits.map((b) => (b === undefined ? null : hex16(b)));
    } else if (v instanceof PyGlobal) {
      node.$global = [v.module, v.name];
      const text = textGlobalMemoized(v);
      if (text !== undefined) node.$written = text ? 'GLOBAL' : 'GLOBAL-unmemoized';
      const fresh = freshNamesOf(v);
      if (fresh !== 0) node.$fresh = fresh;
    } else if (v instanceof PyObject) {
      fillObject(node, v);
    } else if (v instanceof PersistentRef) {
      node.$persid = null;
      node.binary = v.binary;
      push(node, [v.pid], ['$persid'], () => '.$persid');
    } else if (v instanceof ExtensionRef) {
      node.$ext = v.code;
    } else if (v instanceof BufferRef) {
      node.$buffer = v.index;
      node.readonly = v.readonly;
    } else if (v instanceof PickleBuffer) {
      node.$picklebuffer = encodeBase64(v.raw());
      node.readonly = v.readonly;
    } else if (v instanceof FreshString) {
      node.$str = v.value;
      if (v.sharedAs !== undefined) node.shared = v.sharedAs;
      if (v.splitPairs === true) node.splitPairs = true;
    } else if (isPlainObject(v)) {
      // A dict object from loads carries its recorded floats like a Map.
      fillDict(node, dictEntriesWithFloats(v));
    } else {
      const name = (v as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new TypedJsonError(`cannot represent an instance of ${name} in typed JSON`, pathOf());
    }
  };

  const fillDict = (node: JsonObject, entries: [unknown, unknown][]): void => {
    if (entries.every(([k]) => typeof k === 'string' && !isArrayIndexKey(k))) {
      const map: JsonObject = {};
      node.$map = map;
      const keys = entries.map(([k]) => k as string);
      // Keys are assigned as own properties by the frame, so `__proto__` stays data.
      push(
        map,
        entries.map(([, val]) => val),
        keys,
        (i) => `.$map[${JSON.stringify(keys[i])}]`,
      );
    } else {
      const pairs: JsonValue[] = [];
      node.$dict = pairs;
      push(
        pairs,
        entries.map(([k, val]) => new Entry(k, val)),
        null,
        (i) => `.$dict[${i}]`,
      );
    }
  };

  const fillObject = (node: JsonObject, o: PyObject): void => {
    const body: JsonObject = { creation: o.creation };
    node.$object = body;
    const { keys, values } = pyObjectFields(o);
    if (o.listItems.length > 0) {
      keys.push('listItems');
      // A plain array is never shared with anything else, so it converts to a JSON array.
      values.push(withFloats(o.listItems, o.listItems));
    }
    if (o.dictItems.length > 0) {
      keys.push('dictItems');
      values.push(pairEntries(o.dictItems));
    }
    push(body, values, keys, (i) => `.$object.${keys[i]}`);
  };

  const root = convert(value);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.i >= top.values.length) {
      stack.pop();
      continue;
    }
    const i = top.i++;
    const json = convert(top.values[i]);
    if (top.keys === null) (top.out as JsonValue[]).push(json);
    else setOwn(top.out as JsonObject, top.keys[i]!, json);
  }
  return root;
}

/**
 * How often each object occurs in `root` (cycles stop at the second visit).
 * Instances the registries reduce are recorded in `reduced` and walked through their reduction.
 * @param seen set to `discarded: true` when some object carries discarded calls (`$after`/`$before`).
 * @returns the count of every object reached.
 */
export function countReferences(
  root: unknown,
  reduced: Map<object, PyObject | PyGlobal>,
  options: TypedJsonEncodeOptions,
  seen: { discarded: boolean } = { discarded: false },
): Map<object, number> {
  const counts = new Map<object, number>();
  const todo: unknown[] = [root];
  while (todo.length > 0) {
    let v = todo.pop();
    if ((typeof v !== 'object' && typeof v !== 'function') || v === null) continue;
    const n = counts.get(v as object);
    if (n !== undefined) {
      counts.set(v as object, n + 1);
      continue;
    }
    counts.set(v as object, 1);
    const r = reduceForJson(v as object, options);
    if (r !== undefined) {
      reduced.set(v as object, r);
      v = r;
    }
    if (v instanceof PyObject) {
      todo.push(v.stateSetter);
      if (hasFloatSlots()) for (const s of separateStrsIn(floatSlotsOf(v.listItems)).concat(separateStrsIn(floatSlotsOf(v.dictItems)))) todo.push(s);
    } else if (hasFloatSlots()) for (const s of separateStrsIn(floatSlotsOf(v))) todo.push(s);
    const after = discardedAfter(v as object);
    if (after !== undefined) for (const c of after) todo.push(c);
    const before = discardedBefore(v as object);
    if (before !== undefined) for (const c of before) todo.push(c);
    if (after !== undefined || before !== undefined) seen.discarded = true;
    if (Array.isArray(v)) {
      // Only objects can be shared: a list of 25 million floats must not become a second list of them.
      for (let i = v.length - 1; i >= 0; i--) {
        const c: unknown = v[i];
        if ((typeof c === 'object' && c !== null) || typeof c === 'function') todo.push(c);
      }
    } else if (v instanceof Map) {
      for (const [k, val] of v) todo.push(k, val);
    } else if (v instanceof Set) {
      for (const m of v) todo.push(m);
    } else if (v instanceof PyObject) {
      todo.push(v.callable, v.args, v.kwargs, v.state);
      for (const item of v.listItems) todo.push(item);
      for (const [k, val] of v.dictItems) todo.push(k, val);
    } else if (v instanceof PersistentRef) {
      todo.push(v.pid);
    } else if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && isPlainObject(v)) {
      for (const k of Object.keys(v)) todo.push(v[k]);
    }
  }
  return counts;
}

/**
 * The fields of an inert object's `$object` body before its items, in the
 * order typed JSON writes them (shared by the tree encoder and the streaming writer).
 * @throws never.
 */
export function pyObjectFields(o: PyObject): { keys: string[]; values: unknown[] } {
  const keys = ['callable', 'args'];
  const values: unknown[] = [o.callable, o.args];
  if (o.kwargs !== undefined) {
    keys.push('kwargs');
    values.push(o.kwargs);
  }
  if (o.state !== undefined) {
    keys.push('state');
    values.push(o.state);
  }
  if (o.stateSetter !== undefined) {
    keys.push('stateSetter');
    values.push(o.stateSetter);
  }
  return { keys, values };
}
