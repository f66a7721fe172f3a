/**
 * Default mode: a value whose plain JS form loses its Python type (a
 * `numpy.float64(1.5)` loads as the number 1.5), boxed while it sits on the
 * unpickler's stack. Whatever takes it off the stack unboxes it to `value`;
 * a container `loads` built also records the box at that position
 * (float-slots.ts) so that `dumps` writes `original` there again while the
 * value there is still `value`. Never part of a value `loads` returns.
 */
export class TypedValue {
  /**
   * @param value the plain JS value default-mode users get.
   * @param original the lossless form `dumps` writes back (a `NumpyScalar`).
   */
  constructor(
    readonly value: unknown,
    readonly original: object,
  ) {}
}

/**
 * What `dumps` writes for `current`, found where `box` was recorded: the
 * box's original while `current` is still the loaded value (same primitive,
 * or the very same object), otherwise `current` itself.
 */
export function loadedAs(box: TypedValue | undefined, current: unknown): unknown {
  return box !== undefined && Object.is(box.value, current) ? box.original : current;
}
