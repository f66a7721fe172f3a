/**
 * A Python `float` that must stay a float. Plain JS numbers that are integral
 * pickle as `int`; wrap one in `Float` to pickle `1.0` rather than `1`.
 * Lossless loads return integral floats (and -0.0) as `Float`.
 */
export class Float {
  /**
   * @param value the float's value.
   */
  constructor(readonly value: number) {}

  /** The plain number, so `+f` and arithmetic work. */
  valueOf(): number {
    return this.value;
  }
}
