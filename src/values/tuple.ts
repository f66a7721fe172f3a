/**
 * Python's `tuple`: an immutable `Array`. Array methods that build new arrays
 * (`map`, `filter`, `slice`, …) return plain arrays, since a derived array is
 * no longer the tuple.
 */
class TupleClass<T = unknown> extends Array<T> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /**
   * Builds a frozen tuple holding `items` in order.
   * @param items the tuple's items; copied, never kept.
   */
  constructor(items: ArrayLike<T> = []) {
    // Never reached: it is there for the type checker only. An Array subclass
    // instance grown by push and then frozen costs about 1 µs and, past a few
    // items, ends up with slow dictionary elements; a plain array built at its
    // exact size and given this class's prototype costs a fifth of that. A
    // constructor that returns an object makes it `this` for subclasses too.
    if (new.target === undefined) super();
    const n = items.length;
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = items[i] as T;
    return adopt(out, new.target.prototype as object) as TupleClass<T>;
  }

  /** Builds a tuple from its arguments: `Tuple.of(1, 2)` is Python's `(1, 2)`. */
  static override of<T>(...items: T[]): TupleClass<T> {
    return new TupleClass<T>(items);
  }

  /** Builds a tuple from an iterable or array-like value. */
  static override from<T>(items: Iterable<T> | ArrayLike<T>): TupleClass<T> {
    return new TupleClass<T>(Array.from(items as Iterable<T>));
  }
}

/** Gives `items` the prototype `proto` and freezes it. */
function adopt<T>(items: T[], proto: object): T[] {
  Object.setPrototypeOf(items, proto);
  return Object.freeze(items) as T[];
}

/**
 * A tuple made of `items` itself, not a copy: for callers that built a fresh
 * array for it and keep no other reference (the unpickler's tuple opcodes).
 * @param items a fresh array, owned by the tuple from now on.
 * @throws never.
 */
export function tupleOfArray<T>(items: T[]): Tuple<T> {
  return adopt(items, TupleClass.prototype) as unknown as Tuple<T>;
}

/** Python's `tuple`: a frozen array, read-only in its type too. */
// An interface rather than an alias, so that types and messages say `Tuple`.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Tuple<T = unknown> extends ReadonlyArray<T> {}

/** The `Tuple` class: `new Tuple([1, 2])`, `Tuple.of(1, 2)`, `Tuple.from(iterable)`, `x instanceof Tuple`. */
export interface TupleConstructor {
  new <T = unknown>(items?: ArrayLike<T>): Tuple<T>;
  readonly prototype: Tuple<unknown>;
  of<T>(...items: T[]): Tuple<T>;
  from<T>(items: Iterable<T> | ArrayLike<T>): Tuple<T>;
}

export const Tuple = TupleClass as unknown as TupleConstructor;

/** True for a picklejar `Tuple` (Python tuple), false for plain arrays (Python lists). */
export function isTuple(value: unknown): value is Tuple {
  return value instanceof Tuple;
}
