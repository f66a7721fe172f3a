/**
 * Typed JSON written as it is produced: the text of `stringifyTypedJson`,
 * handed to a sink in chunks, without building the JSON tree or the whole
 * string first. A 200 MB pickle of floats converts in memory proportional to
 * the loaded value, not to the text.
 */
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
import { isArrayIndexKey } from './format.js';
import { TypedJsonError } from './typed-json-error.js';
import type { TypedJsonEncodeOptions } from './instances.js';
import { discardedAfter, discardedBefore } from '../values/discarded.js';
import { complexBitsOf, floatBitsOf } from '../values/float-bits.js';
import { FreshString } from '../pickler/synthetic.js';
import { PickleBuffer } from '../registry/pickle-buffer.js';
import { freshNamesOf, textGlobalMemoized } from '../values/written-as.js';
import { Py2Str } from '../values/py2-str.js';
import { floatSlotsOf, hasFloatSlots, type FloatSlots } from '../values/float-slots.js';
import { separateStrAt } from '../values/separate-strs.js';
import { countReferences, dictEntriesWithFloats, Entry, floatPart, hex16, isPlainObject, pairEntries, pyObjectFields, toTypedJson } from './encode.js';
import { JsonTextWriter, type TextSink } from './json-text-writer.js';
import { stringifyJson, type StringifyOptions } from './stringify.js';

export type { TextSink } from './json-text-writer.js';

/** Options of {@link writeTypedJson}. */
export interface WriteTypedJsonOptions extends StringifyOptions, TypedJsonEncodeOptions {
  /** Characters gathered before each call of the sink (default 65536). */
  readonly chunkSize?: number;
}

/** Children of one value still to be written. */
interface Items {
  readonly t: 0;
  readonly values: readonly unknown[];
  /** The key written before each child; null in an array. */
  readonly keys: readonly string[] | null;
  /** Path segment of each child, for error messages. */
  readonly label: (i: number) => string;
  /** What a load recorded at these indices (float-slots.ts): integral floats, separate strs. */
  readonly slots: FloatSlots | undefined;
  i: number;
}

/** Text written once the children before it are done. */
type Pending = Items | { readonly t: 1 } | { readonly t: 2; readonly key: string } | { readonly t: 3; readonly text: string } | { readonly t: 4 };

const CLOSE: Pending = { t: 1 };
const OPEN_ARRAY: Pending = { t: 4 };
/** Key of a float node; its value, Python's repr, never needs escaping (digits, `.eE+-`, `inf`, `nan`). */
const FLOAT_KEY = JSON.stringify('$float');
const index = (i: number): string => `[${i}]`;

/** A list written as a plain JSON array whose integral-float slots stay floats. */
class FloatList {
  constructor(
    readonly items: readonly unknown[],
    readonly at: FloatSlots | undefined,
  ) {}
}

function floatSlotsAt(container: object): FloatSlots | undefined {
  return hasFloatSlots() ? floatSlotsOf(container) : undefined;
}

/**
 * Writes `value` as typed JSON into `sink`, piece by piece: the same text as
 * `stringifyTypedJson(value, options)`, in chunks of about `chunkSize`
 * characters. Nothing recurses, so nesting depth is unlimited.
 *
 * When a value is both shared and carries discarded calls (`$after`/`$before`,
 * from lossless loads of pickles that called something for its effect), the
 * `$id` numbering follows the tree converter's order, so that rare case is
 * converted as a whole and then written in chunks.
 * @param value the value, as `loads` returns it.
 * @param sink receives the text in order.
 * @param options `indent`, the registries, `chunkSize`.
 * @throws TypedJsonError for a value typed JSON cannot represent, with its
 *   path; the text before it has already reached the sink.
 */
export function writeTypedJson(value: unknown, sink: TextSink, options: WriteTypedJsonOptions = {}): void {
  const chunkSize = options.chunkSize ?? 65536;
  const reduced = new Map<object, PyObject | PyGlobal>();
  const seen = { discarded: false };
  const counts = countReferences(value, reduced, options, seen);
  if (seen.discarded && hasShared(counts)) {
    const text = stringifyJson(toTypedJson(value, options), options);
    for (let at = 0; at < text.length; at += chunkSize) sink(text.slice(at, at + chunkSize));
    return;
  }
  const w = new JsonTextWriter(sink, options.indent ?? 0, chunkSize);
  const ids = new Map<object, number>();
  let nextId = 1;
  const tasks: Pending[] = [];

  const pathOf = (): string => {
    let path = '$';
    for (const t of tasks) if (t.t === 0) path += t.label(t.i - 1);
    return path;
  };

  const items = (values: readonly unknown[], keys: readonly string[] | null, label: (i: number) => string, slots?: FloatSlots): void => {
    if (values.length > 0) tasks.push({ t: 0, values, keys, label, slots, i: 0 });
  };

  /** Opens a container whose children follow (after anything already pending above). */
  const container = (array: boolean): void => {
    w.open(array);
    tasks.push(CLOSE);
  };

  const number = (x: number): void => {
    if (Object.is(x, -0)) w.object1(FLOAT_KEY, '"-0.0"');
    else if (Number.isSafeInteger(x)) w.raw(String(x));
    // An integral unsafe number is a Python int in the value model (it dumps as int).
    else if (Number.isInteger(x)) w.object1('"$int"', JSON.stringify(BigInt(x).toString()));
    else w.object1(FLOAT_KEY, `"${floatRepr(x)}"`);
  };

  const write = (v: unknown): void => {
    switch (typeof v) {
      case 'string':
        w.string(v);
        return;
      case 'boolean':
        w.raw(v ? 'true' : 'false');
        return;
      case 'number':
        number(v);
        return;
      case 'bigint':
        if (v >= -9007199254740991n && v <= 9007199254740991n) w.raw(String(Number(v)));
        else w.object1('"$int"', JSON.stringify(v.toString()));
        return;
      case 'undefined':
        w.raw('null');
        return;
      case 'object':
        break;
      case 'function':
        if (reduced.has(v)) break;
        throw new TypedJsonError(`cannot represent a function in typed JSON unless a registry maps it to a Python global`, pathOf());
      default:
        throw new TypedJsonError(`cannot represent a ${typeof v} in typed JSON`, pathOf());
    }
    if (v === null) {
      w.raw('null');
      return;
    }
    if (v instanceof Entry) {
      container(true);
      items([v.key, v.value], null, index);
      return;
    }
    if (v instanceof FloatList) {
      container(true);
      items(v.items, null, index, v.at);
      return;
    }
    const ref = ids.get(v);
    if (ref !== undefined) {
      w.object1('"$ref"', String(ref));
      return;
    }
    const shared = (counts.get(v) ?? 0) > 1;
    const after = discardedAfter(v);
    const before = v === value ? discardedBefore(v) : undefined;
    if (Array.isArray(v) && !(v instanceof Tuple) && !shared && !reduced.has(v) && after === undefined && before === undefined) {
      container(true);
      items(v, null, index, floatSlotsAt(v));
      return;
    }
    container(false);
    // What follows the tag, pushed in reverse: $id, then $after, then $before.
    for (const [key, calls] of [
      ['$before', before],
      ['$after', after],
    ] as const) {
      if (calls === undefined) continue;
      tasks.push(CLOSE);
      items(calls, null, (i) => `.${key}[${i}]`);
      tasks.push(OPEN_ARRAY, { t: 2, key });
    }
    if (shared) {
      ids.set(v, nextId);
      tasks.push({ t: 3, text: String(nextId++) }, { t: 2, key: '$id' });
    }
    tag(v);
  };

  /** Writes the tag of `v` (and queues its children above anything pending). */
  const tag = (v: object): void => {
    const r = reduced.get(v);
    if (r instanceof PyGlobal) {
      globalName(r);
    } else if (r !== undefined) {
      object(r);
    } else if (v instanceof Tuple || Array.isArray(v)) {
      w.key(v instanceof Tuple ? '$tuple' : '$list');
      container(true);
      items(v as unknown[], null, index, floatSlotsAt(v));
    } else if (v instanceof ByteArray) {
      w.key('$bytearray');
      w.string(encodeBase64(v));
    } else if (v instanceof Uint8Array) {
      w.key('$bytes');
      w.string(encodeBase64(v));
    } else if (v instanceof Py2Str) {
      w.key('$bytes');
      w.string(encodeBase64(v.bytes));
      w.key('$py2');
      w.raw('true');
    } else if (v instanceof Map) {
      dict(dictEntriesWithFloats(v));
    } else if (v instanceof FrozenSet || v instanceof Set) {
      w.key(v instanceof FrozenSet ? '$frozenset' : '$set');
      container(true);
      items(Array.from(v), null, index, floatSlotsAt(v));
    } else if (v instanceof Float) {
      w.key('$float');
      w.string(floatRepr(v.value));
      const bits = floatBitsOf(v);
      if (bits !== undefined) {
        w.key('$bits');
        w.string(hex16(bits));
      }
    } else if (v instanceof Complex) {
      w.key('$complex');
      w.open(true);
      for (const part of [floatPart(v.real), floatPart(v.imag)]) {
        if (typeof part === 'number') w.raw(String(part));
        else w.string(part as string);
      }
      w.close();
      const bits = complexBitsOf(v);
      if (bits !== undefined) {
        w.key('$bits');
        w.open(true);
        for (const b of bits) {
          if (b === undefined) w.raw('null');
          else w.string(hex16(b));
        }
        w.close();
      }
    } else if (v instanceof PyGlobal) {
      globalName(v);
      const text = textGlobalMemoized(v);
      if (text !== undefined) {
        w.key('$written');
        w.string(text ? 'GLOBAL' : 'GLOBAL-unmemoized');
      }
      const fresh = freshNamesOf(v);
      if (fresh !== 0) {
        w.key('$fresh');
        w.raw(String(fresh));
      }
    } else if (v instanceof PyObject) {
      object(v);
    } else if (v instanceof PersistentRef) {
      tasks.push({ t: 3, text: v.binary ? 'true' : 'false' }, { t: 2, key: 'binary' });
      items([v.pid], ['$persid'], () => '.$persid');
    } else if (v instanceof ExtensionRef) {
      w.key('$ext');
      w.raw(String(v.code));
    } else if (v instanceof BufferRef) {
      w.key('$buffer');
      w.raw(String(v.index));
      w.key('readonly');
      w.raw(v.readonly ? 'true' : 'false');
    } else if (v instanceof PickleBuffer) {
      w.key('$picklebuffer');
      w.string(encodeBase64(v.raw()));
      w.key('readonly');
      w.raw(v.readonly ? 'true' : 'false');
    } else if (v instanceof FreshString) {
      w.key('$str');
      w.string(v.value);
      if (v.sharedAs !== undefined) {
        w.key('shared');
        w.string(v.sharedAs);
      }
      if (v.splitPairs === true) {
        w.key('splitPairs');
        w.raw('true');
      }
    } else if (isPlainObject(v)) {
      dict(dictEntriesWithFloats(v));
    } else {
      const name = (v as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new TypedJsonError(`cannot represent an instance of ${name} in typed JSON`, pathOf());
    }
  };

  const globalName = (g: PyGlobal): void => {
    w.key('$global');
    w.open(true);
    w.string(g.module);
    w.string(g.name);
    w.close();
  };

  const dict = (entries: [unknown, unknown][]): void => {
    if (entries.every(([k]) => typeof k === 'string' && !isArrayIndexKey(k))) {
      const keys = entries.map(([k]) => k as string);
      w.key('$map');
      container(false);
      items(
        entries.map(([, val]) => val),
        keys,
        (i) => `.$map[${JSON.stringify(keys[i])}]`,
      );
    } else {
      w.key('$dict');
      container(true);
      items(
        entries.map(([k, val]) => new Entry(k, val)),
        null,
        (i) => `.$dict[${i}]`,
      );
    }
  };

  const object = (o: PyObject): void => {
    w.key('$object');
    container(false);
    w.key('creation');
    w.string(o.creation);
    const { keys, values } = pyObjectFields(o);
    if (o.listItems.length > 0) {
      keys.push('listItems');
      // Never shared with anything else, so a plain JSON array.
      values.push(new FloatList(o.listItems, floatSlotsAt(o.listItems)));
    }
    if (o.dictItems.length > 0) {
      keys.push('dictItems');
      values.push(pairEntries(o.dictItems));
    }
    items(values, keys, (i) => `.$object.${keys[i]}`);
  };

  write(value);
  while (tasks.length > 0) {
    const top = tasks[tasks.length - 1]!;
    if (top.t === 0) {
      if (top.i >= top.values.length) {
        tasks.pop();
        continue;
      }
      const i = top.i++;
      if (top.keys !== null) w.key(top.keys[i]!);
      const x = top.values[i];
      // A recorded integral float (a fresh `Float` in the tree converter: never shared).
      const slots = top.slots;
      if (slots?.at !== undefined && typeof x === 'number' && slots.at.get(i) === x) w.object1(FLOAT_KEY, `"${floatRepr(x)}"`);
      // A separate str a lossless load recorded there (separate-strs.ts).
      else write(slots?.typedAt !== undefined ? separateStrAt(slots.typedAt.get(i), x) : x);
      continue;
    }
    tasks.pop();
    if (top.t === 1) w.close();
    else if (top.t === 2) w.key(top.key);
    else if (top.t === 3) w.raw(top.text);
    else w.open(true);
  }
  w.flush();
}

function hasShared(counts: ReadonlyMap<object, number>): boolean {
  for (const n of counts.values()) if (n > 1) return true;
  return false;
}
