/**
 * Python's `repr()` of picklejar's value model, without recursion on depth
 * (an explicit work stack), with Python's `[...]`/`{...}` markers for
 * self-referencing containers.
 */

import { floatSlotsOf } from '../values/float-slots.js';
import { ByteArray } from '../values/byte-array.js';
import { Complex } from '../values/complex.js';
import { Float } from '../values/float.js';
import { FrozenSet } from '../values/frozen-set.js';
import { PyGlobal } from '../values/py-global.js';
import { dictEntries, isPyDict } from '../values/py-dict.js';
import { PyObject } from '../values/py-object.js';
import { Tuple } from '../values/tuple.js';
import { BufferRef, ExtensionRef, PersistentRef } from '../values/unresolved.js';
import { floatRepr } from '../wire/float-repr.js';
import { bytesRepr } from './bytes-repr.js';
import { complexRepr, intRepr, numberRepr } from './scalar-repr.js';
import { strRepr } from './str-repr.js';
import { reprClassName } from './type-name.js';
import { pyLength } from './wrap-text.js';

/** Options of `pyRepr`. */
export interface PyReprOptions {
  /**
   * Stop once the text is longer than this many characters and end it with
   * `...` (shared structures can have reprs exponentially longer than the
   * pickle). Default 2^27, about the most a JS string comfortably holds.
   */
  readonly maxLength?: number;
}

/** Default `maxLength` of `pyRepr` and `pyFormat`: 128 Mi characters. */
export const DEFAULT_MAX_REPR_LENGTH = 2 ** 27;

/**
 * The method by which a class outside the core value model (datetime,
 * Decimal, OrderedDict, a user's registered class, …) gives its Python repr:
 * `[PY_REPR]()` returns the text, or a call whose arguments `pyRepr` prints
 * itself (so nested values need no recursion), e.g.
 * `{ call: 'datetime.date', args: [2024, 1, 2] }` → `datetime.date(2024, 1, 2)`,
 * `{ call: 'OrderedDict', args: [[new Tuple(['a', 1])]], pretty: 'wrapper' }` → `OrderedDict([('a', 1)])`.
 * It is looked up before the built-in rules, so Map and Array subclasses can use it.
 * A class (a function) that has its own static `[PY_REPR]` prints by it when
 * the class itself is a value (`<class 'datetime.date'>`).
 */
export const PY_REPR: unique symbol = Symbol.for('picklejar.pyRepr') as never;

/** A call-shaped repr: `call(arg, …, key=value, …)`. */
export interface PyReprCall {
  /** The text before `(`, e.g. `datetime.date`, `Counter`. */
  readonly call: string;
  /** Positional arguments, printed by `pyRepr`. */
  readonly args?: readonly unknown[];
  /** Keyword arguments (name, value), printed as `name=value` after the positional ones. */
  readonly kwargs?: readonly (readonly [string, unknown])[];
  /** What prints when the object is met again inside itself; default `...`. */
  readonly recursive?: string;
  /**
   * How `pyFormat` breaks it when it does not fit: `'atomic'` (default) keeps it
   * on one line, as pprint does for objects it does not know; `'wrapper'` lays
   * it out as pprint does `OrderedDict`, `defaultdict`, `Counter` and `deque`:
   * the positional arguments but the last on the first line, then the last
   * one (a list, tuple, dict or set with items) broken one item per line below
   * `call(`, then each keyword argument on its own line.
   */
  readonly pretty?: 'atomic' | 'wrapper';
}

/** What a `[PY_REPR]()` method returns. */
export type PyReprResult = string | PyReprCall;

const enum Task {
  Text,
  Value,
  Leave,
}

/**
 * How one value prints: either plain text, or a container with an opening,
 * a list of parts (values, or literal text when `literal` says so) and a closing.
 */
export interface ReprShape {
  /** Text of a scalar; undefined for containers. */
  readonly text?: string;
  /** Container opening, e.g. `[`, `{`, `frozenset({`, `mod.Class(`. */
  readonly open?: string;
  /** Container closing. */
  readonly close?: string;
  /** What the container prints instead when it contains itself (`[...]`). */
  readonly recursive?: string;
  /**
   * Items in order. Each item is a list of parts: values, or text for the
   * indexes listed in the parallel `literal` flags (keys, `: `, `=`).
   */
  readonly items?: readonly (readonly unknown[])[];
  /** For each item, which of its parts are literal text. */
  readonly literal?: readonly (readonly boolean[])[];
  /** Text printed after the last item (`,` for 1-tuples). */
  readonly trailer?: string;
  /** The object whose in-progress state detects self-reference. */
  readonly identity?: object;
  /** A value printed before `open` (a computed callable in front of its arguments). */
  readonly head?: unknown;
  /** Printed on one line even when too long (pprint does not break objects it does not know). */
  readonly atomic?: boolean;
  /** pprint sorts the items when it breaks the container (sets and frozensets). */
  readonly sorted?: boolean;
  /**
   * Breaks as pprint breaks the collections wrappers (see `PyReprCall.pretty`):
   * `call(` + the other arguments on the first line, the container below,
   * then the keyword arguments (name, value) one per line, then `)`.
   */
  readonly wrapper?: {
    readonly call: string;
    readonly lead: readonly unknown[];
    readonly container: unknown;
    readonly tail: readonly (readonly [string, unknown])[];
  };
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A repr for what the value model does not cover (functions, symbols, foreign classes). */
function foreignText(value: unknown): string | undefined {
  if (typeof value === 'function') return `<function ${value.name || '<anonymous>'}>`;
  if (typeof value === 'symbol') return `<${String(value)}>`;
  return undefined;
}

const VALUE_PART = [false];
const KEY_VALUE_PARTS = [false, true, false];
const KEYWORD_PARTS = [true, false];

/**
 * Decides how `value` prints, one level deep. Shared by `pyRepr` and `pyFormat`.
 * @param value any value of the value model (and, leniently, any JS value).
 */
export function reprShape(value: unknown): ReprShape {
  if (value === null || value === undefined) return { text: 'None' };
  switch (typeof value) {
    case 'boolean':
      return { text: value ? 'True' : 'False' };
    case 'number':
      return { text: numberRepr(value) };
    case 'bigint':
      return { text: intRepr(value) };
    case 'string':
      return { text: strRepr(value) };
    case 'object':
      break;
    case 'function':
      if (Object.prototype.hasOwnProperty.call(value, PY_REPR)) {
        return hookShape(value, (value as unknown as { [PY_REPR]: () => PyReprResult })[PY_REPR]());
      }
      return { text: foreignText(value)! };
    default:
      return { text: foreignText(value) ?? String(value) };
  }
  const obj = value as object;
  const hook = (obj as { [PY_REPR]?: unknown })[PY_REPR];
  if (typeof hook === 'function') return hookShape(obj, hook.call(obj) as PyReprResult);
  if (obj instanceof Uint8Array) {
    // bytearray's repr names the subclass; bytes' does not (a Node Buffer prints as bytes).
    if (!(obj instanceof ByteArray)) return { text: bytesRepr(obj) };
    return { text: `${reprClassName(obj, ByteArray, 'bytearray')}(${bytesRepr(obj, 0, obj.length, true)})` };
  }
  if (obj instanceof Float) return { text: floatRepr(obj.value) };
  if (obj instanceof Complex) return { text: complexRepr(obj.real, obj.imag) };
  if (obj instanceof PyGlobal) return { text: `${obj.module}.${obj.name}` };
  if (obj instanceof ExtensionRef) return { text: `extension(${obj.code})` };
  if (obj instanceof BufferRef) return { text: `buffer(${obj.index}${obj.readonly ? ', readonly=True' : ''})` };
  if (Array.isArray(obj)) {
    // Integral floats a default-mode load recorded here print as floats (1.0), as Python prints them.
    const at = floatSlotsOf(obj)?.at;
    const items = at === undefined ? obj.map((v) => [v]) : obj.map((v, i) => [typeof v === 'number' && at.get(i) === v ? new Float(v) : v]);
    const literal = items.map(() => VALUE_PART);
    if (obj instanceof Tuple) {
      return { open: '(', close: ')', recursive: '(...)', items, literal, trailer: obj.length === 1 ? ',' : '', identity: obj };
    }
    return { open: '[', close: ']', recursive: '[...]', items, literal, identity: obj };
  }
  if (obj instanceof Map) {
    const items: unknown[][] = [];
    const slots = floatSlotsOf(obj);
    if (slots === undefined) for (const [k, v] of obj) items.push([k, ': ', v]);
    else {
      for (const [k, v] of obj) {
        const key = typeof k === 'number' && slots.keys?.has(k) === true ? new Float(k) : k;
        items.push([key, ': ', typeof v === 'number' && slots.byKey?.get(k) === v ? new Float(v) : v]);
      }
    }
    return { open: '{', close: '}', recursive: '{...}', items, literal: items.map(() => KEY_VALUE_PARTS), identity: obj };
  }
  if (obj instanceof Set) {
    // A set subclass prints its class name around the braces, as a frozenset does.
    const name = obj instanceof FrozenSet ? reprClassName(obj, FrozenSet, 'frozenset') : reprClassName(obj, Set, 'set');
    if (obj.size === 0) return { text: `${name}()` };
    const items = [...obj].map((v) => [v]);
    const plain = name === 'set';
    return {
      open: plain ? '{' : `${name}({`,
      close: plain ? '}' : '})',
      recursive: `${name}(...)`,
      items,
      literal: items.map(() => VALUE_PART),
      identity: obj,
      sorted: true,
    };
  }
  if (obj instanceof PyObject) return pyObjectShape(obj);
  if (obj instanceof PersistentRef) {
    return {
      open: 'persistent_id(',
      close: ')',
      recursive: 'persistent_id(...)',
      items: [[obj.pid]],
      literal: [VALUE_PART],
      identity: obj,
    };
  }
  if (isPlainObject(obj)) {
    const items: unknown[][] = [];
    // A dict object from loads records its integral floats by key, as a Map does.
    const byKey = floatSlotsOf(obj)?.byKey;
    for (const k of Object.keys(obj)) {
      const v = (obj as Record<string, unknown>)[k];
      items.push([strRepr(k), ': ', byKey !== undefined && typeof v === 'number' && byKey.get(k) === v ? new Float(v) : v]);
    }
    return { open: '{', close: '}', recursive: '{...}', items, literal: items.map(() => [true, true, false]), identity: obj };
  }
  // Some other class instance (a registered class, a Date, …): its name and fields.
  const items: unknown[][] = [];
  for (const k of Object.keys(obj)) items.push([`${k}=`, (obj as Record<string, unknown>)[k]]);
  const name = (obj.constructor && obj.constructor.name) || 'object';
  return { open: `${name}(`, close: ')', recursive: `${name}(...)`, items, literal: items.map(() => KEYWORD_PARTS), identity: obj };
}

function hookShape(obj: object, result: PyReprResult): ReprShape {
  if (typeof result === 'string') return { text: result };
  const items: unknown[][] = [];
  const literal: boolean[][] = [];
  const args = result.args ?? [];
  const kwargs = result.kwargs ?? [];
  for (const a of args) {
    items.push([a]);
    literal.push(VALUE_PART);
  }
  for (const [k, v] of kwargs) {
    items.push([`${k}=`, v]);
    literal.push(KEYWORD_PARTS);
  }
  const shape = { open: `${result.call}(`, close: ')', recursive: result.recursive ?? '...', items, literal, identity: obj };
  if (result.pretty !== 'wrapper' || args.length === 0) return { ...shape, atomic: true };
  const wrapper = { call: result.call, lead: args.slice(0, -1), container: args[args.length - 1], tail: kwargs };
  return { ...shape, wrapper };
}

/**
 * `mod.Class(arg, …, key=value, state=…, listitems=[…], dictitems={…})`: the
 * callable (or class) with what the pickle gave it. The names after the
 * positional arguments are those of `__reduce__`'s tuple.
 */
function pyObjectShape(obj: PyObject): ReprShape {
  const items: unknown[][] = [];
  const literal: boolean[][] = [];
  const args = obj.args;
  if (Array.isArray(args)) {
    for (const a of args) {
      items.push([a]);
      literal.push(VALUE_PART);
    }
  } else if (args !== undefined && args !== null) {
    items.push(['*', args]);
    literal.push([true, false]);
  }
  const kwargs = obj.kwargs;
  if (isPyDict(kwargs) && (!(kwargs instanceof Map) || [...kwargs.keys()].every((k) => typeof k === 'string'))) {
    for (const [k, v] of dictEntries(kwargs)) {
      items.push([`${k as string}=`, v]);
      literal.push(KEYWORD_PARTS);
    }
  } else if (kwargs !== undefined && kwargs !== null) {
    items.push(['**', kwargs]);
    literal.push([true, false]);
  }
  if (obj.state !== undefined) {
    items.push(['state=', obj.state]);
    literal.push(KEYWORD_PARTS);
  }
  if (obj.listItems.length > 0) {
    items.push(['listitems=', obj.listItems]);
    literal.push(KEYWORD_PARTS);
  }
  if (obj.dictItems.length > 0) {
    items.push(['dictitems=', new Map(obj.dictItems)]);
    literal.push(KEYWORD_PARTS);
  }
  const callable = obj.callable instanceof PyGlobal ? `${obj.callable.module}.${obj.callable.name}` : undefined;
  if (callable !== undefined) {
    return { open: `${callable}(`, close: ')', recursive: `${callable}(...)`, items, literal, identity: obj };
  }
  // A computed callable: print it as a value in front of the arguments.
  return { head: obj.callable, open: '(', close: ')', recursive: '<...>', items, literal, identity: obj };
}

/**
 * Python's `repr()` of a value of picklejar's value model: `None`, `True`,
 * `3`, `1.5`, `'text'`, `b'\x00'`, `bytearray(b'')`, `[1, 2]`, `(1,)`,
 * `{'a': 1}` (Maps and plain objects), `{1, 2}`, `set()`, `frozenset({1})`,
 * `(1+2j)`; self-references as `[...]`, `{...}`, `(...)`, `set(...)`. Set,
 * frozenset and bytearray subclasses print their class name (`Tags({1})`), as
 * CPython does; list, tuple and dict subclasses print as their base.
 *
 * Values with a `[PY_REPR]` method print by it: picklejar's standard types
 * print exactly as CPython 3.11 (`datetime.datetime(2024, 1, 2, 3, 4,
 * tzinfo=datetime.timezone.utc)`, `Decimal('1.10')`, `OrderedDict([('a', 1)])`,
 * `defaultdict(<class 'list'>, {})`, `deque([1], maxlen=3)`, `Point(x=1, y=2)`,
 * `<Color.RED: 1>`, `range(0, 10, 2)`, `PosixPath('/x')`, `ValueError('x')`, …),
 * and their classes as `<class 'datetime.date'>`.
 *
 * Beyond Python's own types: a `PyGlobal` prints as `module.name`; a
 * `PyObject` as `module.Class(args…, key=value, state=…, listitems=[…],
 * dictitems={…})` (the parts present); a `PersistentRef` as
 * `persistent_id(pid)`, an `ExtensionRef` as `extension(code)`, a `BufferRef`
 * as `buffer(index)`; other class instances as `ClassName(field=value, …)`.
 *
 * Works on any nesting depth (no recursion).
 * @param value the value.
 * @param options output limit.
 * @returns the repr text.
 */
export function pyRepr(value: unknown, options: PyReprOptions = {}): string {
  const limit = options.maxLength ?? DEFAULT_MAX_REPR_LENGTH;
  const text = reprWithin(value, limit);
  if (text !== undefined) return text;
  return reprWithin(value, limit, true)!.slice(0, Math.max(0, limit - 3)) + '...';
}

/**
 * The repr of `value` if it is at most `limit` characters long, else
 * `undefined` (or, with `truncate`, the first `limit`-odd characters). Stops
 * working soon after passing the limit, so asking "does it fit in 80
 * columns?" about a huge structure is cheap.
 * @param value the value.
 * @param limit the longest text wanted.
 * @param truncate return the text produced so far instead of `undefined`.
 * @param open containers being printed around this value (they print as `[...]` inside it);
 *   left as it was on return.
 */
export function reprWithin(value: unknown, limit: number, truncate = false, open: Set<object> = new Set()): string | undefined {
  const out: string[] = [];
  let length = 0;
  const kinds: Task[] = [Task.Value];
  const payloads: unknown[] = [value];
  while (kinds.length > 0) {
    if (length > limit) {
      // Close what is still open, so the caller's set is as it was.
      for (let i = 0; i < kinds.length; i++) if (kinds[i] === Task.Leave) open.delete(payloads[i] as object);
      return truncate ? out.join('') : undefined;
    }
    const kind = kinds.pop()!;
    const payload = payloads.pop();
    if (kind === Task.Text) {
      out.push(payload as string);
      length += (payload as string).length;
      continue;
    }
    if (kind === Task.Leave) {
      open.delete(payload as object);
      continue;
    }
    const shape = reprShape(payload);
    if (shape.text !== undefined) {
      out.push(shape.text);
      // Python counts code points: an astral character in a str repr is one column.
      length += typeof payload === 'string' ? pyLength(shape.text) : shape.text.length;
      continue;
    }
    const identity = shape.identity!;
    if (open.has(identity)) {
      out.push(shape.recursive!);
      length += shape.recursive!.length;
      continue;
    }
    open.add(identity);
    kinds.push(Task.Leave);
    payloads.push(identity);
    kinds.push(Task.Text);
    payloads.push((shape.trailer ?? '') + shape.close!);
    const items = shape.items!;
    const literal = shape.literal!;
    for (let i = items.length - 1; i >= 0; i--) {
      const parts = items[i]!;
      const flags = literal[i]!;
      for (let j = parts.length - 1; j >= 0; j--) {
        kinds.push(flags[j] ? Task.Text : Task.Value);
        payloads.push(parts[j]);
      }
      if (i > 0) {
        kinds.push(Task.Text);
        payloads.push(', ');
      }
    }
    kinds.push(Task.Text);
    payloads.push(shape.open!);
    if (shape.head !== undefined) {
      kinds.push(Task.Value);
      payloads.push(shape.head);
    }
  }
  if (length > limit) return truncate ? out.join('') : undefined;
  return out.join('');
}
