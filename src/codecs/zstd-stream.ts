/**
 * zstd decompression as the bytes arrive, for streams of pickles: the frame
 * and block structure is walked here (so the decoder never allocates more
 * than the data needs and the limits are checked as output grows), and the
 * entropy and sequence decoding is fzstd's streaming `Decompress`, one per
 * frame. Each frame header is rewritten before fzstd sees it: a window
 * descriptor no larger than the frame needs (a frame declaring a 2 GB window
 * or size allocates nothing up front), no content size, no checksum flag.
 *
 * Like libzstd's default (`windowLogMax` 27), a frame needing a window over
 * 128 MiB is refused. Declared sizes and content checksums (xxHash64, fed
 * as the output goes by) are verified, as the whole-buffer `unzstd` does.
 */
import { Decompress } from 'fzstd';
import { Xxh64 } from './xxhash.js';
import { checkDecompressed, DecompressionError, resolveDecompressLimits, type DecompressLimits, type ResolvedDecompressLimits } from './limits.js';

const FRAME_MAGIC = 0xfd2fb528;
/** The largest window decoded while streaming: libzstd's default limit. */
export const MAX_STREAM_WINDOW = 1 << 27;
/** zstd's largest block (128 KiB): a bigger size in a block header is corrupt data. */
const MAX_BLOCK = 1 << 17;

type Mode = 'frame' | 'block-header' | 'block-body' | 'skip' | 'checksum';

function u32le(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/** Incremental zstd decoder: `push` compressed chunks, `finish` at the end; output goes to `onData`. */
export class ZstdStreamDecoder {
  private readonly limits: ResolvedDecompressLimits;
  private readonly onData: (chunk: Uint8Array) => void;
  private pending: Uint8Array = new Uint8Array(0);
  private mode: Mode = 'frame';
  private remaining = 0;
  private lastBlock = false;
  private decoder: Decompress | undefined;
  private frameAt = 0;
  private frameSize = -1;
  private frameProduced = 0;
  private frames = 0;
  private checksum = false;
  private hasher: Xxh64 | undefined;
  /** Compressed bytes taken so far. */
  consumed = 0;
  /** Decompressed bytes produced so far. */
  produced = 0;

  /**
   * @param limits output bounds (checked as the output grows, and against declared sizes).
   * @param onData receives each piece of output, in order.
   * @throws DecompressionError for invalid limits.
   */
  constructor(limits: DecompressLimits | undefined, onData: (chunk: Uint8Array) => void) {
    this.limits = resolveDecompressLimits(limits);
    this.onData = onData;
  }

  /**
   * Decodes what `chunk` completes.
   * @throws DecompressionError for corrupt data, a dictionary, a window over 128 MiB, or a limit hit.
   */
  push(chunk: Uint8Array): void {
    const base = this.consumed - this.pending.length; // stream offset of data[0]
    this.consumed += chunk.length;
    let data = chunk;
    if (this.pending.length > 0) {
      data = new Uint8Array(this.pending.length + chunk.length);
      data.set(this.pending);
      data.set(chunk, this.pending.length);
      this.pending = new Uint8Array(0);
    }
    let pos = 0;
    while (pos < data.length) {
      if (this.mode === 'block-body' || this.mode === 'skip') {
        const take = Math.min(this.remaining, data.length - pos);
        this.remaining -= take;
        if (this.mode === 'block-body') this.feed(data.subarray(pos, pos + take), this.remaining === 0 && this.lastBlock);
        pos += take;
        if (this.remaining === 0) this.mode = this.mode === 'skip' ? 'frame' : this.lastBlock ? this.endFrame() : 'block-header';
        continue;
      }
      const used =
        this.mode === 'frame'
          ? this.frameHeader(data, pos, base + pos)
          : this.mode === 'checksum'
            ? this.verify(data, pos)
            : this.blockHeader(data, pos, base + pos);
      if (used === 0) {
        this.pending = data.slice(pos);
        return;
      }
      pos += used;
    }
  }

  /**
   * Checks that the input ended between frames.
   * @throws DecompressionError when the data is truncated or held no frame.
   */
  finish(): void {
    if (this.mode !== 'frame' || this.pending.length > 0) {
      throw new DecompressionError(`zstd data is truncated: the frame at offset ${this.frameAt} ends at byte ${this.consumed}`);
    }
    if (this.frames === 0) throw new DecompressionError('zstd: no frame in the data');
  }

  /** Parses a frame (or skippable frame) header at `pos`; the bytes used, or 0 when more are needed. */
  private frameHeader(data: Uint8Array, pos: number, at: number): number {
    const avail = data.length - pos;
    if (avail < 4) return 0;
    const magic = u32le(data, pos);
    if ((magic & 0xfffffff0) >>> 0 === 0x184d2a50) {
      if (avail < 8) return 0;
      this.frames++;
      this.frameAt = at;
      this.remaining = u32le(data, pos + 4);
      this.mode = this.remaining > 0 ? 'skip' : 'frame';
      return 8;
    }
    if (magic !== FRAME_MAGIC) throw new DecompressionError(`zstd: no frame at offset ${at}`);
    if (avail < 5) return 0;
    const fhd = data[pos + 4]!;
    const singleSegment = ((fhd >> 5) & 1) === 1;
    const dictIdSize = [0, 1, 2, 4][fhd & 3]!;
    const fcsSize = [singleSegment ? 1 : 0, 2, 4, 8][fhd >> 6]!;
    const size = 5 + (singleSegment ? 0 : 1) + dictIdSize + fcsSize;
    if (avail < size) return 0;
    if (fhd & 8) throw new DecompressionError(`zstd: reserved header bit set in the frame at offset ${at}`);
    let p = pos + 5;
    let windowSize = 0;
    if (!singleSegment) {
      const wd = data[p++]!;
      const b = 2 ** (10 + (wd >> 3));
      windowSize = b + (b / 8) * (wd & 7);
    }
    let dictId = 0;
    for (let i = 0; i < dictIdSize; i++) dictId += data[p + i]! * 2 ** (8 * i);
    if (dictId !== 0) throw new DecompressionError(`zstd: the frame at offset ${at} needs a dictionary (picklejar has none)`);
    p += dictIdSize;
    let contentSize = -1;
    if (fcsSize > 0) {
      contentSize = 0;
      for (let i = 0; i < fcsSize; i++) contentSize += data[p + i]! * 2 ** (8 * i);
      if (fcsSize === 2) contentSize += 256;
    }
    // A declared size over the output limit is refused before anything is decoded.
    if (contentSize >= 0 && this.produced + contentSize > this.limits.maxOutputBytes)
      checkDecompressed(this.produced + contentSize, Infinity, this.limits, 'zstd');
    const window = singleSegment ? contentSize : contentSize >= 0 ? Math.min(windowSize, contentSize) : windowSize;
    if (window > MAX_STREAM_WINDOW) {
      throw new DecompressionError(
        `zstd: the frame at offset ${at} needs a ${window}-byte window, over the 128 MiB limit for streams (as zstd's own); open the file whole instead`,
      );
    }
    let exp = 0;
    while (2 ** (10 + exp) < window) exp++;
    const header = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x00, exp << 3);
    this.frames++;
    this.frameAt = at;
    this.frameSize = contentSize;
    this.frameProduced = 0;
    this.checksum = ((fhd >> 2) & 1) === 1;
    this.hasher = this.checksum ? new Xxh64() : undefined;
    this.decoder = new Decompress((out) => this.output(out));
    this.feed(header, false);
    this.mode = 'block-header';
    return size;
  }

  /** Parses a block header at `pos`; 3, or 0 when more bytes are needed. */
  private blockHeader(data: Uint8Array, pos: number, at: number): number {
    if (data.length - pos < 3) return 0;
    const bh = data[pos]! | (data[pos + 1]! << 8) | (data[pos + 2]! << 16);
    const type = (bh >> 1) & 3;
    const size = bh >>> 3;
    if (type === 3) throw new DecompressionError(`zstd: reserved block type at offset ${at}: the data is corrupt`);
    if (size > MAX_BLOCK) throw new DecompressionError(`zstd: a block of ${size} bytes at offset ${at} (at most ${MAX_BLOCK}): the data is corrupt`);
    this.lastBlock = (bh & 1) === 1;
    this.remaining = type === 1 ? 1 : size;
    this.feed(data.subarray(pos, pos + 3), this.lastBlock && this.remaining === 0);
    this.mode = 'block-body';
    if (this.remaining === 0) this.mode = this.lastBlock ? this.endFrame() : 'block-header';
    return 3;
  }

  /** After a frame's last block: checks its size; skips its checksum. */
  private endFrame(): Mode {
    if (this.frameSize >= 0 && this.frameProduced !== this.frameSize) {
      throw new DecompressionError(
        `zstd: the frame at offset ${this.frameAt} declares ${this.frameSize} bytes but holds ${this.frameProduced}: the data is corrupt`,
      );
    }
    this.decoder = undefined;
    return this.checksum ? 'checksum' : 'frame';
  }

  /** Compares the frame's content checksum (4 bytes at `pos`) with its output's; 4, or 0 when more are needed. */
  private verify(data: Uint8Array, pos: number): number {
    if (data.length - pos < 4) return 0;
    const want = u32le(data, pos);
    if (this.hasher!.digest().lo !== want)
      throw new DecompressionError(`zstd: content checksum mismatch in the frame at offset ${this.frameAt}: the data is corrupt`);
    this.hasher = undefined;
    this.mode = 'frame';
    return 4;
  }

  private feed(bytes: Uint8Array, final: boolean): void {
    try {
      this.decoder!.push(bytes, final);
    } catch (e) {
      if (e instanceof DecompressionError) throw e;
      throw new DecompressionError(`zstd data in the frame at offset ${this.frameAt} is corrupt: ${(e as Error)?.message ?? String(e)}`);
    }
  }

  private output(out: Uint8Array): void {
    if (out.length === 0) return;
    this.frameProduced += out.length;
    this.produced += out.length;
    if (this.frameSize >= 0 && this.frameProduced > this.frameSize) {
      throw new DecompressionError(`zstd: the frame at offset ${this.frameAt} holds more than the ${this.frameSize} bytes it declares: the data is corrupt`);
    }
    checkDecompressed(this.produced, this.consumed, this.limits, 'zstd');
    this.hasher?.update(out);
    // fzstd hands out each block in a fresh array (it copies blocks into its window, not out of it).
    this.onData(out);
  }
}
