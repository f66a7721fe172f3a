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
 *
 * Streaming (`startStreaming`): each committed frame (or, without frames,
 * the output once it passes a threshold at an opcode boundary) becomes due
 * for the sink; the driver takes it with `takeDue` and, once the sink has it,
 * `compact` moves the open frame's bytes to the front of the same buffer. The
 * output never grows past a frame plus the largest item written into it.
 */
import { Op } from '../opcodes.js';
import { writeFloatBits } from '../values/float-bits.js';
import { encodeUtf8Into } from '../wire/utf8.js';
import { SPARE_BUFFER_LIMIT, type Scratch } from './scratch.js';

/** Bytes reserved for a frame header: `FRAME` + 8-byte length. */
export const FRAME_HEADER_SIZE = 9;
/** A frame shorter than this is written without its header, as CPython does. */
const FRAME_SIZE_MIN = 4;
/** Frames are committed at the first opcode boundary at or past this size. */
export const FRAME_SIZE_TARGET = 64 * 1024;
/** Without frames, a stream flushes at the first boundary past this many bytes. */
const UNFRAMED_FLUSH = 64 * 1024;

const EMPTY = new Uint8Array(0);
const EMPTY_VIEW = new DataView(EMPTY.buffer);

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
  /**
   * The position at which an opcode boundary has work to do: the end of the
   * open frame's target size, a streaming flush threshold, else Infinity. The
   * hot loops test `pos >= limit` alone.
   */
  limit = Infinity;
  /** Streaming only: true once output is complete up to `dueEnd()` and waits for the sink. */
  flushDue = false;
  /** Whether committed output is handed out (`startStreaming`) rather than kept to the end. */
  private streaming = false;
  /** Large payloads kept aside: `chunks[i]` goes right after `buf[0, chunkAt[i])`. */
  private chunks: Uint8Array[] = [];
  /** For each chunk, the buffer position it follows (non-decreasing). */
  private chunkAt: number[] = [];
  /** Total length of `chunks`. */
  private chunkBytes = 0;
  /** Bytes handed out by `takeDue` (streaming). */
  private flushed = 0;
  /** The end of the last `takeDue`, for `compact`. */
  private taken = 0;
  private readonly scratch: Scratch | undefined;
  /** The scratch's spare buffer this writer started from: kept for reuse if `buf` outgrows it. */
  private origin: Uint8Array | undefined;

  /**
   * @param scratch where the buffer comes from and goes back to (the spare of
   *   an earlier dump); undefined for a buffer of `initialSize` of its own.
   * @param initialSize the size of a fresh buffer.
   */
  constructor(scratch: Scratch | undefined, initialSize = 4096) {
    this.scratch = scratch;
    this.origin = scratch?.takeBuffer();
    this.buf = this.origin ?? new Uint8Array(initialSize);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** From now on, committed frames are due for a sink instead of kept (see `takeDue`). */
  startStreaming(): void {
    this.streaming = true;
    if (this.frameStart < 0) this.limit = this.pos + UNFRAMED_FLUSH;
  }

  /** Gives the buffer back for the next dump (the writer must not be used after). */
  release(): void {
    if (this.buf.length > 0) this.scratch?.keepBuffer(this.buf);
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
      this.limit = this.pos + FRAME_SIZE_TARGET;
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
    // The spare this dump started from still serves a later dump if this one outgrows what is kept.
    if (this.buf === this.origin) this.scratch?.keepBuffer(this.buf);
    this.origin = undefined;
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Writes one byte. */
  byte(b: number): void {
    this.reserve(1);
    this.buf[this.pos++] = b;
  }

  /** Writes two bytes (an opcode and its 1-byte argument). */
  byte2(a: number, b: number): void {
    this.reserve(2);
    const buf = this.buf;
    buf[this.pos++] = a;
    buf[this.pos++] = b;
  }

  /** Writes an opcode followed by a 2-byte little-endian unsigned argument. */
  opU16(op: number, value: number): void {
    this.reserve(3);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = op;
    buf[p++] = value & 0xff;
    buf[p++] = (value >>> 8) & 0xff;
    this.pos = p;
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

  /** `BINFLOAT` and the big-endian double. */
  binfloat(x: number): void {
    this.reserve(9);
    const p = this.pos;
    this.buf[p] = Op.BINFLOAT;
    this.view.setFloat64(p + 1, x, false);
    this.pos = p + 9;
  }

  /** `BINFLOAT` with a NaN's recorded bits when given (float-bits.ts), else the double. */
  binfloatBits(x: number, bits: bigint | undefined): void {
    this.reserve(9);
    const p = this.pos;
    this.buf[p] = Op.BINFLOAT;
    writeFloatBits(this.view, p + 1, x, bits);
    this.pos = p + 9;
  }

  /**
   * A str shorter than a frame (`s.length * 3` under 64 KiB) as
   * SHORT_BINUNICODE (when `short` allows it and its UTF-8 fits 255 bytes) or
   * BINUNICODE, encoded in place: after a 2-byte header when even 3 bytes a
   * char fit SHORT_BINUNICODE, else after a 5-byte one, moved back over 3 of
   * it when the UTF-8 turned out short enough.
   */
  shortStr(s: string, short: boolean): void {
    const n = s.length;
    this.reserve(5 + n * 3);
    const buf = this.buf;
    const start = this.pos;
    if (short && n * 3 <= 255) {
      const end = encodeUtf8Into(s, buf, start + 2);
      buf[start] = Op.SHORT_BINUNICODE;
      buf[start + 1] = end - start - 2;
      this.pos = end;
      return;
    }
    let end = encodeUtf8Into(s, buf, start + 5);
    const size = end - start - 5;
    if (short && size <= 255) {
      buf.copyWithin(start + 2, start + 5, end);
      buf[start] = Op.SHORT_BINUNICODE;
      buf[start + 1] = size;
      end -= 3;
    } else {
      buf[start] = Op.BINUNICODE;
      this.view.setUint32(start + 1, size, true);
    }
    this.pos = end;
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
   * Writes a counted opcode (`op`, the payload's length in `width` bytes,
   * little-endian, then the payload) as `_Pickler_write_bytes` does: a payload
   * of 64 KiB or more closes the open frame and goes, header included,
   * outside any frame. Such a payload is kept aside by reference (not copied)
   * until `finish` (or the sink), so it must not change before then.
   */
  sized(op: number, width: 1 | 4 | 8, data: Uint8Array): void {
    const n = data.length;
    if (n >= FRAME_SIZE_TARGET) {
      this.commitFrame();
      const framing = this.framing;
      this.framing = false;
      this.header(op, width, n);
      this.framing = framing;
      this.chunks.push(data);
      this.chunkAt.push(this.pos);
      this.chunkBytes += n;
      if (this.streaming) this.flushDue = true;
      return;
    }
    this.reserve(1 + width + n);
    this.header(op, width, n);
    this.buf.set(data, this.pos);
    this.pos += n;
  }

  /**
   * Writes a whole opcode outside any frame (the open one is closed first), as
   * CPython's framer does with an opcode too large for a frame.
   */
  outsideFrame(bytes: Uint8Array): void {
    this.commitFrame();
    const framing = this.framing;
    this.framing = false;
    this.raw(bytes);
    this.framing = framing;
  }

  /**
   * Writes `header[0, headerLength)` and then `data` as they are, the open
   * frame closed first when `data` is 64 KiB or more (which then goes, as a
   * large `sized` payload does, aside by reference until `finish` or the
   * sink). joblib's raw array data after its wrapper comes through here.
   */
  headerAndPayload(header: Uint8Array, headerLength: number, data: Uint8Array): void {
    if (data.length < FRAME_SIZE_TARGET) {
      this.raw(header.subarray(0, headerLength));
      this.raw(data);
      return;
    }
    this.outsideFrame(header.subarray(0, headerLength));
    this.chunks.push(data);
    this.chunkAt.push(this.pos);
    this.chunkBytes += data.length;
    if (this.streaming) this.flushDue = true;
  }

  /** An opcode and a little-endian length of `width` bytes. */
  private header(op: number, width: 1 | 4 | 8, n: number): void {
    if (width === 1) this.byte2(op, n);
    else if (width === 4) this.opU32(op, n);
    else {
      this.reserve(9);
      const p = this.pos;
      this.buf[p] = op;
      this.view.setUint32(p + 1, n >>> 0, true);
      this.view.setUint32(p + 5, Math.floor(n / 0x100000000), true);
      this.pos = p + 9;
    }
  }

  /** `_Pickler_OpcodeBoundary`: closes the open frame once it reached the target size. */
  boundary(): void {
    if (this.pos >= this.limit) this.atLimit();
  }

  /** What a boundary does once `pos` reached `limit`: commit the frame, or (streaming without frames) flush. */
  atLimit(): void {
    if (this.frameStart >= 0) this.commitFrame();
    // The limit stays where it is: writers that batch up to it (the float runs) then stop at once.
    else if (this.streaming) this.flushDue = true;
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
    this.limit = Infinity;
    if (this.streaming) this.flushDue = true;
  }

  /** Bytes written so far, large payloads kept aside and bytes already streamed included. */
  get length(): number {
    return this.flushed + this.pos + this.chunkBytes;
  }

  /** The size of the buffer (streaming: what memory the output holds). */
  get capacity(): number {
    return this.buf.length;
  }

  /**
   * Streaming: the complete output not yet handed out (everything before the
   * open frame, large payloads in their place), as views that stay valid until
   * `compact`. Clears `flushDue`.
   */
  takeDue(): Uint8Array[] {
    const end = this.frameStart >= 0 ? this.frameStart : this.pos;
    const out: Uint8Array[] = [];
    let from = 0;
    const { buf, chunks, chunkAt } = this;
    for (let i = 0; i < chunks.length; i++) {
      const at = chunkAt[i]!;
      if (at > from) out.push(buf.subarray(from, at));
      from = at;
      out.push(chunks[i]!);
    }
    if (end > from) out.push(buf.subarray(from, end));
    this.flushed += end + this.chunkBytes;
    this.taken = end;
    this.chunks = [];
    this.chunkAt = [];
    this.chunkBytes = 0;
    this.flushDue = false;
    return out;
  }

  /** Streaming: drops the bytes `takeDue` handed out, moving the open frame to the front. */
  compact(): void {
    const end = this.taken;
    this.taken = 0;
    if (end === 0) return;
    this.buf.copyWithin(0, end, this.pos);
    this.pos -= end;
    if (this.frameStart >= 0) {
      this.frameStart -= end;
      this.limit -= end;
    } else this.limit = this.pos + UNFRAMED_FLUSH;
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
    if (this.chunks.length === 0 && this.pos * 2 >= buf.length && buf.length > SPARE_BUFFER_LIMIT) {
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
