/**
 * Resource limits for loading untrusted pickles. Every limit has a safe
 * default and can be raised (or lowered) per call through `options.limits`.
 */
import { UnpicklingError } from '../errors.js';

/** Limits on what one `load` may consume. Each field defaults as documented. */
export interface UnpicklerLimits {
  /** Largest input accepted, in bytes. Default 1 GiB (2^30). */
  readonly maxInputBytes?: number;
  /** Largest single str/bytes/bytearray argument, in bytes. Default 256 MiB (2^28). */
  readonly maxStringBytes?: number;
  /**
   * Largest value stack plus mark stack: the nesting a pickle can build while
   * its containers are open (lists, dicts, marks). Default 1,000,000.
   */
  readonly maxDepth?: number;
  /** Most distinct memo entries. Default 2^24 (16,777,216). */
  readonly maxMemoEntries?: number;
  /**
   * Most container slots filled (list, tuple, set and PyObject items; dict
   * entries count one each). Default 2^27 (134,217,728).
   */
  readonly maxItems?: number;
  /**
   * Work budget: one unit per opcode and per item moved, plus, for each shared
   * reference taken with GET/BINGET/LONG_BINGET/DUP, the number of values a
   * consumer would visit walking that reference as a tree. A memo "billion
   * laughs" loads as a shared structure but trips this budget instead of
   * handing a consumer 10^9 nodes to walk. Default 2^28 (268,435,456).
   */
  readonly maxWork?: number;
}

/** The defaults of {@link UnpicklerLimits}. */
export const DEFAULT_UNPICKLER_LIMITS: Readonly<Required<UnpicklerLimits>> = Object.freeze({
  maxInputBytes: 2 ** 30,
  maxStringBytes: 2 ** 28,
  maxDepth: 1_000_000,
  maxMemoEntries: 2 ** 24,
  maxItems: 2 ** 27,
  maxWork: 2 ** 28,
});

/**
 * Merges caller limits over the defaults.
 * @throws UnpicklingError when a limit is not a non-negative number.
 */
export function resolveLimits(limits: UnpicklerLimits | undefined): Readonly<Required<UnpicklerLimits>> {
  if (limits === undefined) return DEFAULT_UNPICKLER_LIMITS;
  const out = { ...DEFAULT_UNPICKLER_LIMITS };
  for (const key of Object.keys(DEFAULT_UNPICKLER_LIMITS) as (keyof UnpicklerLimits)[]) {
    const value = limits[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value >= 0)) {
      throw new UnpicklingError(`limits.${key} must be a non-negative number, not ${String(value)}`);
    }
    out[key] = value;
  }
  return out;
}

/** The message for an exceeded limit: which one, the value, and how to raise it. */
export function limitMessage(key: keyof UnpicklerLimits, limit: number, what: string): string {
  return `${what} exceeds the ${key} limit of ${limit}; pass { limits: { ${key}: … } } to raise it`;
}
