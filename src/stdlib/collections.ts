/**
 * `collections.OrderedDict`, `defaultdict`, `Counter` and `deque` as JS
 * `Map`/`Array` subclasses, so they work wherever a Map or an array does.
 */
import { PyGlobal } from '../values/py-global.js';
import { Tuple } from '../values/tuple.js';
import { Float } from '../values/float.js';
import { PY_REPR, type PyReprResult } from '../repr/py-repr.js';
import { reprClassName } from '../repr/type-name.js';

/** Python's `collections.OrderedDict`: a `Map` (JS maps keep insertion order too). */
export class OrderedDict<K = unknown, V = unknown> extends Map<K, V> {
  /** `<class 'collections.OrderedDict'>`. */
  static [PY_REPR](): string {
    return "<class 'collections.OrderedDict'>";
  }

  /** Python 3.11's repr: `OrderedDict([('a', 1)])`, `OrderedDict()` when empty. */
  [PY_REPR](): PyReprResult {
    const call = reprClassName(this, OrderedDict, 'OrderedDict');
    if (this.size === 0) return `${call}()`;
    const pairs = Array.from(Map.prototype.entries.call(this), (pair) => new Tuple(pair));
    return { call, args: [pairs], pretty: 'wrapper' };
  }
}

/** What calling a builtin type with no arguments gives, for the factories pickles name most. */
const BUILTIN_FACTORIES: ReadonlyMap<string, () => unknown> = new Map<string, () => unknown>([
  ['list', () => []],
  ['dict', () => new Map()],
  ['set', () => new Set()],
  ['int', () => 0],
  ['float', () => new Float(0)],
  ['str', () => ''],
  ['tuple', () => new Tuple([])],
  ['bool', () => false],
]);

/**
 * Python's `collections.defaultdict`. `defaultFactory` is whatever the pickle
 * named (a `PyGlobal` such as `builtins.list`, or a registered JS value);
 * `getOrCreate` calls it for missing keys when it is a JS function or one of
 * the builtin types `list`, `dict`, `set`, `int`, `float`, `str`, `tuple`, `bool`.
 */
export class DefaultDict<K = unknown, V = unknown> extends Map<K, V> {
  /**
   * @param defaultFactory the factory (Python's `default_factory`), or null.
   * @param entries initial entries.
   */
  constructor(
    public defaultFactory: unknown = null,
    entries: Iterable<readonly [K, V]> = [],
  ) {
    super(entries);
  }

  /**
   * Python's `d[key]`: the value, or a new one from a JS-function factory.
   * @throws RangeError when the key is missing and the factory is neither a JS
   *   function nor a known builtin type (Python's KeyError).
   */
  getOrCreate(key: K): V {
    if (this.has(key)) return this.get(key) as V;
    const f = this.defaultFactory;
    const make =
      typeof f === 'function'
        ? (f as () => V)
        : f instanceof PyGlobal && f.module === 'builtins'
          ? (BUILTIN_FACTORIES.get(f.name) as (() => V) | undefined)
          : undefined;
    if (make === undefined) throw new RangeError('missing key and no callable default factory');
    const value = make();
    this.set(key, value);
    return value;
  }

  /** `<class 'collections.defaultdict'>`. */
  static [PY_REPR](): string {
    return "<class 'collections.defaultdict'>";
  }

  /** Python's repr: `defaultdict(<class 'list'>, {'a': [1]})`. */
  [PY_REPR](): PyReprResult {
    const call = reprClassName(this, DefaultDict, 'defaultdict');
    const factory = factoryForRepr(this.defaultFactory);
    const dict = new Map(Map.prototype.entries.call(this));
    // Met again inside itself, CPython prints the dict part as `{...}`.
    return { call, args: [factory, dict], recursive: `${call}(${factoryText(factory)}, {...})`, pretty: 'wrapper' };
  }
}

/** Builtin types a defaultdict factory commonly names: Python prints them `<class 'list'>`. */
const BUILTIN_TYPES = new Set([
  'list',
  'dict',
  'set',
  'frozenset',
  'int',
  'float',
  'complex',
  'str',
  'bytes',
  'bytearray',
  'tuple',
  'bool',
  'object',
  'type',
  'range',
  'slice',
  'memoryview',
]);

/** A stand-in printing as Python prints the factory, when the value model's own repr differs. */
function factoryForRepr(factory: unknown): unknown {
  if (factory instanceof PyGlobal && factory.module === 'builtins') {
    const text = BUILTIN_TYPES.has(factory.name) ? `<class '${factory.name}'>` : `<built-in function ${factory.name}>`;
    return { [PY_REPR]: () => text };
  }
  return factory ?? null;
}

/** The factory's repr when it is short and flat, else `...` (only for a defaultdict inside itself). */
function factoryText(factory: unknown): string {
  if (factory === null) return 'None';
  const hooked = typeof factory === 'function' ? Object.prototype.hasOwnProperty.call(factory, PY_REPR) : typeof factory === 'object' && PY_REPR in factory;
  if (hooked) {
    const text = (factory as { [PY_REPR]: () => PyReprResult })[PY_REPR]();
    if (typeof text === 'string') return text;
  }
  return '...';
}

/** Python's `collections.Counter`: a `Map` from element to count. */
export class Counter<K = unknown> extends Map<K, number | bigint> {
  /** The count of `key` (0 when absent), as Python's `c[key]`. */
  count(key: K): number | bigint {
    return this.get(key) ?? 0;
  }

  /** Adds one to the count of each element of `items`, as Python's `update(iterable)`. */
  addAll(items: Iterable<K>): this {
    for (const item of items) {
      const n = this.get(item) ?? 0;
      this.set(item, typeof n === 'bigint' ? n + 1n : n + 1);
    }
    return this;
  }

  /** `<class 'collections.Counter'>`. */
  static [PY_REPR](): string {
    return "<class 'collections.Counter'>";
  }

  /** Python's repr: `Counter({'a': 5, 'b': 2})`, most common first; `Counter()` when empty. */
  [PY_REPR](): PyReprResult {
    const call = reprClassName(this, Counter, 'Counter');
    if (this.size === 0) return `${call}()`;
    return { call, args: [new Map(mostCommon(Array.from(Map.prototype.entries.call(this))))], pretty: 'wrapper' };
  }
}

/**
 * Python's `Counter.most_common()` order: by count, largest first, ties in
 * insertion order; insertion order when the counts do not compare (Python's
 * repr falls back to the plain dict then).
 */
function mostCommon(entries: [unknown, unknown][]): [unknown, unknown][] {
  const counts = entries.map(([, n]) => (n instanceof Float ? n.value : n));
  const numeric = counts.every((n) => typeof n === 'number' || typeof n === 'bigint' || typeof n === 'boolean');
  const textual = counts.every((n) => typeof n === 'string');
  if (!numeric && !textual) return entries;
  const order = entries.map((_, i) => i);
  order.sort((i, j) => {
    const a = counts[i] as number | bigint | string;
    const b = counts[j] as number | bigint | string;
    return b > a ? 1 : b < a ? -1 : 0;
  });
  return order.map((i) => entries[i]!);
}

/**
 * Python's `collections.deque`: an array with an optional `maxlen` (null for
 * unbounded). `push` drops items from the front beyond `maxlen`, as `append`.
 */
export class Deque<T = unknown> extends Array<T> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** The bound, or null. */
  maxlen: number | null = null;

  /**
   * @param items initial items.
   * @param maxlen the bound, or null.
   */
  static make<T>(items: Iterable<T> = [], maxlen: number | null = null): Deque<T> {
    const d = new Deque<T>();
    d.maxlen = maxlen;
    d.push(...items);
    return d;
  }

  /** Appends on the right, dropping from the left beyond `maxlen`. */
  override push(...items: T[]): number {
    const n = super.push(...items);
    if (this.maxlen !== null && n > this.maxlen) this.splice(0, n - this.maxlen);
    return this.length;
  }

  /** `<class 'collections.deque'>`. */
  static [PY_REPR](): string {
    return "<class 'collections.deque'>";
  }

  /** Python's repr: `deque([1, 2])`, `deque([1], maxlen=3)`. */
  [PY_REPR](): PyReprResult {
    const call = reprClassName(this, Deque, 'deque');
    const items = Array.from(Array.prototype.values.call(this));
    return { call, args: [items], kwargs: this.maxlen === null ? [] : [['maxlen', this.maxlen]], recursive: '[...]', pretty: 'wrapper' };
  }
}
