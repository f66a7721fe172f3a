/** An MSB-first bit writer into a growing byte buffer (bzip2's bit order). Its methods throw nothing. */
export class MsbBitWriter {
  buf: Uint8Array;
  pos = 0;
  private acc = 0;
  private count = 0;

  constructor(initial = 1 << 16) {
    this.buf = new Uint8Array(Math.max(64, initial));
  }

  /** Makes room for `bytes` more bytes. */
  ensure(bytes: number): void {
    if (this.pos + bytes + 8 <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + bytes + 8) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** Writes the low `n` (≤ 24) bits of `v`. The caller has `ensure`d room. */
  bits(n: number, v: number): void {
    this.acc = (this.acc << n) | v;
    this.count += n;
    while (this.count >= 8) {
      this.count -= 8;
      this.buf[this.pos++] = this.acc >>> this.count;
    }
  }

  /** Writes a 32-bit value. */
  u32(v: number): void {
    this.bits(16, v >>> 16);
    this.bits(16, v & 0xffff);
  }

  /** A copy of the whole bytes written so far, which are then dropped (the pending bits stay). */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.pos);
    this.pos = 0;
    return out;
  }

  /** Pads with zero bits to a byte boundary and returns the bytes. */
  finish(): Uint8Array {
    if (this.count > 0) this.bits(8 - this.count, 0);
    return this.buf.subarray(0, this.pos);
  }
}
