/** Small argument readers shared by the standard types' reconstructors. */

/**
 * A Python int argument as a JS number (safe integers only).
 * @throws TypeError when `value` is not an integer or is beyond 2^53.
 */
export function intArg(value: unknown, what: string): number {
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new RangeError(`${what} out of range: ${value}`);
    }
    return Number(value);
  }
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw new TypeError(`${what} must be an integer, not ${describe(value)}`);
}

/**
 * A Python int argument as a bigint.
 * @throws TypeError when `value` is not an integer.
 */
export function bigintArg(value: unknown, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'boolean') return value ? 1n : 0n;
  throw new TypeError(`${what} must be an integer, not ${describe(value)}`);
}

/**
 * A str argument.
 * @throws TypeError when `value` is not a string.
 */
export function strArg(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a str, not ${describe(value)}`);
  return value;
}

/**
 * Checks the number of positional arguments.
 * @throws TypeError when `args.length` is outside `min..max`.
 */
export function arity(args: readonly unknown[], min: number, max: number, what: string): void {
  if (args.length < min || args.length > max) {
    throw new TypeError(`${what} takes ${min === max ? min : `${min} to ${max}`} arguments (${args.length} given)`);
  }
}

/** A short description of a value's type for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'None';
  if (typeof value !== 'object') return typeof value;
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  return proto?.constructor?.name ?? 'object';
}
