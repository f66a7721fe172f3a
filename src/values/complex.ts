/** Python's `complex`: a real and an imaginary part, both floats. */
export class Complex {
  /**
   * @param real the real part.
   * @param imag the imaginary part.
   */
  constructor(
    readonly real: number,
    readonly imag: number,
  ) {}
}
