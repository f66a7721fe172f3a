/**
 * The pickler's output: a growable byte array with a write position and
 * protocol 4 framing exactly as CPython's C pickler (`_pickle.c`) frames:
 * a frame opens on the first write after the previous one closed, is closed
 * at an opcode boundary once it holds 64 KiB, and a frame shorter than
 * 4 bytes loses its header. Payloads of 64 KiB or more are written outside
 * any frame.
 *
 * Such large payloads are not copied into the growable buffer: they are kept
 * aside as chunks (with the buffer position they follow) and copied once, by
 * `finish`, into an output of the exact size. Copying them into the buffer
 * would grow it past what is kept for reuse, so one large bytes object would
 * throw the spare buffer away and every later dump would regrow from 4 KiB
 * through fresh memory (issue 11: floats dumps 4.6 ms became 48 ms after one
 * 32 MiB dump in the same process).
 */
import { Op } from '../opcodes.js';

/** Bytes reserved for a frame header: `FRAME` + 8-byte length. */
const FRAME_HEADER_SIZE = 9;
/** A frame shorter than this is written without its header, as CPython does. */
const FRAME_SIZE_MIN = 4;
/** Frames are committed at the first opcode boundary at or past this size. */
export const FRAME_SIZE_TARGET = 64 * 1024;

const EMPTY = new Uint8Array(0);
const EMPTY_VIEW = new DataView(EMPTY.buffer);

/**
 * The largest buffer kept for reuse between dumps. Growing a fresh buffer from
 * a few KiB by doubling costs more than the pickling itself on large lists
 * (allocation, zeroing and copying of every size on the way), so the last
 * buffer, up to this size, is kept and the result is copied out of it.
 */
const SPARE_LIMIT = 16 * 1024 * 1024;
let spare: Uint8Array | undefined;

/** Growable output buffer with CPython's framing rules. */
export class PickleWriter {
  /** The bytes written so far, in `[0, pos)`. Replaced when it grows. */
  buf: Uint8Array;
  /** A view of `buf`, for float and wide integer writes. */
  view: DataView;
  /** Next write position. */
  pos = 0;
  /** True while frames are being written (protocol 4+ after the PROTO opcode). */
  framing = false;
  /** Position of the open frame's reserved header, or -1 when no frame is open. */
  frameStart = -1;
  /** Large payloads kept aside: `chunks[i]` goes right after `buf[0, chunkAt[i])`. */
  private chunks: Uint8Array[] = [];
  /** For each chunk, the buffer position it follows (non-decreasing). */
  private chunkAt: number[] = [];
  /** Total length of `chunks`. */
  private chunkBytes = 0;
  /** The spare buffer this writer started from, given back if `buf` outgrows reuse. */
  private origin: Uint8Array | undefined;

  /**
   * @param initialSize the size of a fresh buffer; 0 takes the spare buffer
   *   left by an earlier dump when there is one (a nested dump, from a hook,
   *   finds none and allocates its own).
   */
  constructor(initialSize = 0) {
    if (initialSize === 0 && spare !== undefined) {
      this.buf = this.origin = spare;
      spare = undefined;
    } else this.buf = new Uint8Array(initialSize === 0 ? 4096 : initialSize);
    this.view = new DataView(this.buf.buffer);
  }

  /** Gives the buffer back for the next dump (the writer must not be used after). */
  release(): void {
    const buf = this.buf;
    if (buf.length > 0 && buf.length <= SPARE_LIMIT && (spare === undefined || spare.length < buf.length)) spare = buf;
    else if (spare === undefined && this.origin !== undefined && this.origin !== buf) spare = this.origin;
    this.origin = undefined;
    this.chunks = [];
    this.chunkAt = [];
    this.chunkBytes = 0;
    this.buf = EMPTY;
    this.view = EMPTY_VIEW;
    this.pos = 0;
  }

  /**
   * Makes room for `n` more bytes at `pos`, opening a frame first when framing
   * and none is open (the reserved header is filled in by `commitFrame`).
   * Callers then write through `buf` directly.
   */
  reserve(n: number): void {
    if (this.framing && this.frameStart < 0) {
      if (this.pos + n + FRAME_HEADER_SIZE > this.buf.length) this.grow(n + FRAME_HEADER_SIZE);
      this.frameStart = this.pos;
      this.pos += FRAME_HEADER_SIZE;
      return;
    }
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    let size = Math.max(this.buf.length * 2, 4096);
    const need = this.pos + n;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Writes one byte. */
  byte(b: number): void {
    this.reserve(1);
    this.buf[this.pos++] = b;
  }

  /** Writes two bytes. */
  byte2(a: number, b: number): void {
    this.reserve(2);
    const buf = this.buf;
    buf[this.pos++] = a;
    buf[this.pos++] = b;
  }

  /** Writes an opcode followed by a 4-byte little-endian unsigned argument. */
  opU32(op: number, value: number): void {
    this.reserve(5);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = op;
    buf[p++] = value & 0xff;
    buf[p++] = (value >>> 8) & 0xff;
    buf[p++] = (value >>> 16) & 0xff;
    buf[p++] = (value >>> 24) & 0xff;
    this.pos = p;
  }

  /** Writes an ASCII (or Latin-1) string as one byte per char. */
  ascii(s: string): void {
    const n = s.length;
    this.reserve(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Writes `bytes` as they are. */
  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /**
   * Writes an opcode header and its payload as `_Pickler_write_bytes` does: a
   * payload of 64 KiB or more closes the open frame and goes, header included,
   * outside any frame. Such a payload is kept aside by reference (not copied)
   * until `finish`, so it must not change before the dump returns.
   */
  headerAndPayload(header: Uint8Array, headerLength: number, data: Uint8Array): void {
    if (data.length >= FRAME_SIZE_TARGET) {
      this.commitFrame();
      const framing = this.framing;
      this.framing = false;
      this.raw(header.subarray(0, headerLength));
      this.framing = framing;
      this.chunks.push(data);
      this.chunkAt.push(this.pos);
      this.chunkBytes += data.length;
      return;
    }
    this.reserve(headerLength + data.length);
    this.buf.set(header.subarray(0, headerLength), this.pos);
    this.pos += headerLength;
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  /** `_Pickler_OpcodeBoundary`: closes the open frame once it reached the target size. */
  boundary(): void {
    if (this.frameStart >= 0 && this.pos - this.frameStart - FRAME_HEADER_SIZE >= FRAME_SIZE_TARGET) this.commitFrame();
  }

  /** Closes the open frame: fills its header, or removes it when the frame is under 4 bytes. */
  commitFrame(): void {
    const start = this.frameStart;
    if (start < 0) return;
    const length = this.pos - start - FRAME_HEADER_SIZE;
    const buf = this.buf;
    if (length >= FRAME_SIZE_MIN) {
      buf[start] = Op.FRAME;
      this.view.setUint32(start + 1, length >>> 0, true);
      this.view.setUint32(start + 5, Math.floor(length / 0x100000000), true);
    } else {
      buf.copyWithin(start, start + FRAME_HEADER_SIZE, this.pos);
      this.pos -= FRAME_HEADER_SIZE;
    }
    this.frameStart = -1;
  }

  /** Bytes written so far, large payloads kept aside included. */
  get length(): number {
    return this.pos + this.chunkBytes;
  }

  /**
   * Closes any open frame and returns the bytes written: an exact-size copy
   * (large payloads copied in once, in place), the buffer going back for
   * reuse; without large payloads, a buffer too large to keep and at least
   * half full is returned as a view instead (no copy of a huge pickle).
   */
  finish(): Uint8Array {
    this.commitFrame();
    const buf = this.buf;
    if (this.chunks.length === 0 && buf.length > SPARE_LIMIT && this.pos * 2 >= buf.length) {
      if (spare === undefined) spare = this.origin;
      this.origin = undefined;
      this.buf = EMPTY;
      this.view = EMPTY_VIEW;
      return buf.subarray(0, this.pos);
    }
    const out = this.chunks.length === 0 ? buf.slice(0, this.pos) : this.assemble();
    this.release();
    return out;
  }

  /** Interleaves the buffer's runs with the chunks kept aside, into one exact-size array. */
  private assemble(): Uint8Array {
    const out = new Uint8Array(this.pos + this.chunkBytes);
    const { buf, chunks, chunkAt } = this;
    let from = 0;
    let to = 0;
    for (let i = 0; i < chunks.length; i++) {
      const at = chunkAt[i]!;
      out.set(buf.subarray(from, at), to);
      to += at - from;
      from = at;
      out.set(chunks[i]!, to);
      to += chunks[i]!.length;
    }
    out.set(buf.subarray(from, this.pos), to);
    return out;
  }
}
