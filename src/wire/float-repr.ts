/**
 * Python's `repr(float)`: the shortest digits that round-trip (which JS's
 * number-to-string also finds), laid out as Python lays them out: fixed
 * notation with at least one decimal (`1.0`, `0.0001`) while the decimal
 * exponent is in [-4, 16), otherwise `1e+16`, `1e-05`, `1.5e+300`.
 */
export function floatRepr(x: number): string {
  if (x !== x) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const sci = Math.abs(x).toExponential();
  const e = sci.indexOf('e');
  const digits = sci.slice(0, e).replace('.', '');
  const exponent = Number(sci.slice(e + 1));
  if (exponent < -4 || exponent >= 16) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expSign = exponent < 0 ? '-' : '+';
    const expDigits = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${mantissa}e${expSign}${expDigits}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const point = exponent + 1;
  if (digits.length <= point) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
