/**
 * `collections.OrderedDict`, `defaultdict`, `Counter` and `deque` as JS
 * `Map`/`Array` subclasses, so they work wherever a Map or an array does.
 */
import { PyGlobal } from '../values/py-global.js';
import { Tuple } from '../values/tuple.js';
import { Float } from '../values/float.js';

/** Python's `collections.OrderedDict`: a `Map` (JS maps keep insertion order too). */
export class OrderedDict<K = unknown, V = unknown> extends Map<K, V> {}

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
}
