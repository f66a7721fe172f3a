/**
 * The two compressions joblib writes that picklejar's codecs only read: an
 * LZ4 frame of stored blocks (what `lz4.frame` reads; no compression), and
 * an `.lzma` ("LZMA alone") stream whose range coder codes every byte as a
 * literal (no matches: smaller than the input on skewed data, never much
 * larger). Both are valid files that Python's `lz4.frame` and `lzma` read.
 */
import { xxh32 } from '../codecs/xxhash.js';

const LZ4_BLOCK = 64 * 1024;

/**
 * An LZ4 frame holding `input` in stored (uncompressed) 64 KiB blocks, with a content checksum.
 * @throws never.
 */
export function lz4Stored(input: Uint8Array): Uint8Array {
  const blocks = Math.ceil(input.length / LZ4_BLOCK);
  const out = new Uint8Array(7 + blocks * 4 + input.length + 4 + 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x184d2204, true);
  // FLG: version 01, independent blocks, content checksum; BD: 64 KiB blocks.
  out[4] = 0x64;
  out[5] = 0x40;
  out[6] = (xxh32(out, 0, 4, 6) >>> 8) & 0xff;
  let o = 7;
  for (let at = 0; at < input.length; at += LZ4_BLOCK) {
    const n = Math.min(LZ4_BLOCK, input.length - at);
    // The high bit marks a stored block.
    view.setUint32(o, (n | 0x80000000) >>> 0, true);
    out.set(input.subarray(at, at + n), o + 4);
    o += 4 + n;
  }
  view.setUint32(o, 0, true);
  view.setUint32(o + 4, xxh32(input), true);
  return out;
}

/** LZMA's adaptive bit probabilities: 11-bit, starting at one half. */
const PROB_INIT = 1024;

/** LZMA's range encoder (the decoder's mirror): 33-bit `low` kept as a number, carries through `cache`. */
class RangeEncoder {
  private low = 0;
  private range = 0xffffffff;
  private cache = 0;
  private cacheSize = 1;
  private out: Uint8Array;
  private pos = 0;

  constructor(capacity: number) {
    this.out = new Uint8Array(capacity);
  }

  private put(b: number): void {
    if (this.pos === this.out.length) {
      const next = new Uint8Array(this.out.length * 2 + 16);
      next.set(this.out);
      this.out = next;
    }
    this.out[this.pos++] = b;
  }

  private shiftLow(): void {
    // low < 2^32 without carry, else the carry goes into the bytes held back.
    if (this.low < 0xff000000 || this.low >= 0x100000000) {
      const carry = this.low >= 0x100000000 ? 1 : 0;
      let c = this.cache;
      do {
        this.put((c + carry) & 0xff);
        c = 0xff;
      } while (--this.cacheSize !== 0);
      this.cache = Math.floor(this.low / 0x1000000) & 0xff;
    }
    this.cacheSize++;
    this.low = (this.low % 0x1000000) * 256;
  }

  bit(probs: Uint16Array, i: number, bit: number): void {
    const p = probs[i]!;
    const bound = (this.range >>> 11) * p;
    if (bit === 0) {
      this.range = bound;
      probs[i] = p + ((2048 - p) >>> 5);
    } else {
      this.low += bound;
      this.range = (this.range - bound) >>> 0;
      probs[i] = p - (p >>> 5);
    }
    while (this.range < 0x1000000) {
      this.range = (this.range * 256) >>> 0;
      this.shiftLow();
    }
  }

  finish(): Uint8Array {
    for (let i = 0; i < 5; i++) this.shiftLow();
    return this.out.subarray(0, this.pos);
  }
}

/**
 * An "LZMA alone" stream (`lzma.FORMAT_ALONE`, joblib's `.lzma`) of `input`:
 * properties lc=3 lp=0 pb=2, an 8 MiB dictionary, the size in the header (so
 * no end marker), and every byte coded as a literal.
 * @throws never.
 */
export function lzmaAloneLiterals(input: Uint8Array): Uint8Array {
  const header = new Uint8Array(13);
  header[0] = 0x5d;
  new DataView(header.buffer).setUint32(1, 1 << 23, true);
  let n = input.length;
  for (let i = 5; i < 13; i++) {
    header[i] = n % 256;
    n = Math.floor(n / 256);
  }
  // With literals only, the state machine stays in state 0, so only isMatch[0][posState] is used.
  const isMatch = new Uint16Array(4).fill(PROB_INIT);
  const literal = new Uint16Array(8 * 0x300).fill(PROB_INIT);
  const rc = new RangeEncoder(input.length + (input.length >>> 3) + 64);
  let prev = 0;
  for (let i = 0; i < input.length; i++) {
    rc.bit(isMatch, i & 3, 0);
    const base = (prev >>> 5) * 0x300;
    const byte = input[i]!;
    let sym = 1;
    for (let k = 7; k >= 0; k--) {
      const b = (byte >>> k) & 1;
      rc.bit(literal, base + sym, b);
      sym = (sym << 1) | b;
    }
    prev = byte;
  }
  const body = rc.finish();
  const out = new Uint8Array(13 + body.length);
  out.set(header);
  out.set(body, 13);
  return out;
}
