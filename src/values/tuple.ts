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
    super();
    const n = items.length;
    for (let i = 0; i < n; i++) this.push(items[i] as T);
    Object.freeze(this);
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
