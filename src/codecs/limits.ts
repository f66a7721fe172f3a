/**
 * Bounds on decompression, so that a compression bomb raises a `PickleError`
 * naming the limit before its output is allocated.
 */
import { PickleError } from '../errors.js';

/** Limits applied to every decompression. */
export interface DecompressLimits {
  /** The most bytes one decompression may produce. Default 1 GiB (as `loads`' input limit). */
  readonly maxOutputBytes?: number;
  /**
   * The largest output ÷ input ratio allowed once the output passes 1 MiB.
   * Default 1,000 (deflate's own maximum is about 1,032; bz2's about 45,000,
   * so raise it for bz2 files of long runs).
   */
  readonly maxRatio?: number;
}

/** The limits with every default filled in. */
export interface ResolvedDecompressLimits {
  readonly maxOutputBytes: number;
  readonly maxRatio: number;
}

/** Default decompression limits. */
export const DEFAULT_DECOMPRESS_LIMITS: ResolvedDecompressLimits = Object.freeze({ maxOutputBytes: 1 << 30, maxRatio: 1000 });

/** Raised when compressed input is corrupt, truncated, or over a decompression limit. */
export class DecompressionError extends PickleError {
  constructor(message: string) {
    super(message);
    this.name = 'DecompressionError';
  }
}

/**
 * Fills in the defaults.
 * @throws DecompressionError for a negative or non-numeric limit.
 */
export function resolveDecompressLimits(limits: DecompressLimits | undefined): ResolvedDecompressLimits {
  const maxOutputBytes = limits?.maxOutputBytes ?? DEFAULT_DECOMPRESS_LIMITS.maxOutputBytes;
  const maxRatio = limits?.maxRatio ?? DEFAULT_DECOMPRESS_LIMITS.maxRatio;
  if (!(maxOutputBytes >= 0) || !(maxRatio > 0)) throw new DecompressionError('decompression limits must be positive numbers');
  return { maxOutputBytes, maxRatio };
}

/**
 * Checks an output size against the limits; called by every decoder as its
 * output grows, before the next piece is allocated.
 * @param produced bytes produced so far (or about to be).
 * @param consumed compressed bytes read so far (the ratio's denominator).
 * @param codec the codec's name, for the message.
 * @throws DecompressionError naming the limit that was hit.
 */
export function checkDecompressed(produced: number, consumed: number, limits: ResolvedDecompressLimits, codec: string): void {
  if (produced > limits.maxOutputBytes) {
    throw new DecompressionError(`${codec} output exceeds maxOutputBytes (${limits.maxOutputBytes} bytes); raise the decompression limit to read it`);
  }
  if (produced > 1 << 20 && produced > limits.maxRatio * Math.max(consumed, 1)) {
    throw new DecompressionError(
      `${codec} output exceeds maxRatio (${limits.maxRatio}× its ${consumed} compressed bytes); a compression bomb, or raise the limit`,
    );
  }
}
