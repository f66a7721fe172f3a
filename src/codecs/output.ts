/**
 * A growable output buffer that checks the decompression limits before it
 * grows, so a bomb is refused before its output is allocated.
 */
import { checkDecompressed, resolveDecompressLimits, type DecompressLimits, type ResolvedDecompressLimits } from './limits.js';

/** Growable byte output bounded by `DecompressLimits`. */
export class BoundedOutput {
  /** The bytes written so far occupy `buf[0 .. length)`. */
  buf: Uint8Array;
  length = 0;
  /** Compressed bytes consumed so far (the ratio's denominator); decoders update it. */
  consumed = 0;
  /** Bytes already handed on by `take` (streaming decoders): counted against the limits too. */
  emitted = 0;
  readonly limits: ResolvedDecompressLimits;
  readonly codec: string;

  /** @throws DecompressionError for invalid limits. */
  constructor(codec: string, limits: DecompressLimits | ResolvedDecompressLimits | undefined, initial = 1 << 16) {
    this.codec = codec;
    this.limits = resolveDecompressLimits(limits);
    // The first guess is capped at 16 MiB: beyond that the output earns its
    // room by growing (doubling), so a large input alone allocates nothing big.
    this.buf = new Uint8Array(Math.max(16, Math.min(initial, 1 << 24, this.limits.maxOutputBytes + 16)));
  }

  /**
   * Makes room for `extra` more bytes, checking the limits first.
   * @throws DecompressionError naming the limit that would be exceeded.
   */
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.buf.length) return;
    checkDecompressed(this.emitted + need, this.consumed, this.limits, this.codec);
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    // Never allocate past what the limits allow.
    size = Math.min(size, Math.max(need, this.limits.maxOutputBytes));
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  /** Appends bytes. @throws DecompressionError over a limit. */
  write(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Checks the limits for the current length (for decoders that wrote into `buf` directly). @throws DecompressionError */
  check(): void {
    checkDecompressed(this.emitted + this.length, this.consumed, this.limits, this.codec);
  }

  /** A copy of the bytes written since the last `take`; the buffer is then reused. */
  take(): Uint8Array {
    const bytes = this.buf.slice(0, this.length);
    this.emitted += this.length;
    this.length = 0;
    return bytes;
  }

  /** The output (a view, no copy). */
  result(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}
