/**
 * Python's `frozenset`: a `Set` whose `add`, `delete` and `clear` throw once built.
 * (Python's `set` is a plain JS `Set`.)
 */
export class FrozenSet<T = unknown> extends Set<T> {
  #frozen = false;

  /**
   * Builds a frozen set of `items`.
   * @param items the members.
   */
  constructor(items: Iterable<T> = []) {
    super();
    for (const item of items) super.add(item);
    this.#frozen = true;
  }

  /** @throws TypeError always, once built: a frozenset is immutable. */
  override add(value: T): this {
    if (this.#frozen) throw new TypeError('frozenset is immutable');
    return super.add(value);
  }

  /** @throws TypeError always: a frozenset is immutable. */
  override delete(_value: T): boolean {
    throw new TypeError('frozenset is immutable');
  }

  /** @throws TypeError always: a frozenset is immutable. */
  override clear(): void {
    throw new TypeError('frozenset is immutable');
  }
}
