/**
 * The LZMA decoder (range coder, literal/match/rep models) shared by the
 * `.lzma` ("alone") format and LZMA2 chunks in `.xz` files. Written for
 * picklejar from the LZMA specification. The dictionary is the output
 * buffer itself (the whole output is kept anyway), so a dictionary reset
 * only moves the point before which matches may not reach.
 */
import { DecompressionError } from './limits.js';
import type { BoundedOutput } from './output.js';

const PROB_INIT = 1024;
const NUM_STATES = 12;

function corrupt(what: string, at: number): never {
  throw new DecompressionError(`lzma: ${what} near offset ${at}: the data is corrupt`);
}

/** Length coder probabilities: choice, choice2, low[16][8], mid[16][8], high[256]. */
const LEN_CHOICE = 0;
const LEN_CHOICE2 = 1;
const LEN_LOW = 2;
const LEN_MID = LEN_LOW + 16 * 8;
const LEN_HIGH = LEN_MID + 16 * 8;
const LEN_SIZE = LEN_HIGH + 256;

/** LZMA decoder state; one instance lives across LZMA2 chunks. */
export class LzmaDecoder {
  lc = 0;
  lp = 0;
  pb = 0;
  private literal = new Uint16Array(0);
  private isMatch = new Uint16Array(NUM_STATES << 4);
  private isRep = new Uint16Array(NUM_STATES);
  private isRepG0 = new Uint16Array(NUM_STATES);
  private isRepG1 = new Uint16Array(NUM_STATES);
  private isRepG2 = new Uint16Array(NUM_STATES);
  private isRep0Long = new Uint16Array(NUM_STATES << 4);
  private posSlot = new Uint16Array(4 << 6);
  private posSpecial = new Uint16Array(115);
  private align = new Uint16Array(16);
  private lenCoder = new Uint16Array(LEN_SIZE);
  private repLenCoder = new Uint16Array(LEN_SIZE);
  state = 0;
  rep0 = 0;
  rep1 = 0;
  rep2 = 0;
  rep3 = 0;
  /** Output position where the current dictionary starts (matches may not reach before it). */
  dictStart = 0;
  /** Largest distance allowed (the dictionary size). */
  dictSize = 0;

  // Range decoder: range and code live in a Uint32Array because as object
  // fields, values above 2^30 would be boxed on every update (a 5x slowdown).
  private rc = new Uint32Array(2);
  private input: Uint8Array = new Uint8Array(0);
  private inPos = 0;
  private inEnd = 0;

  /** Sets lc/lp/pb from the properties byte. @throws DecompressionError when invalid. */
  setProperties(props: number, at: number): void {
    if (props >= 9 * 5 * 5) corrupt('invalid properties byte', at);
    this.lc = props % 9;
    const rest = Math.floor(props / 9);
    this.lp = rest % 5;
    this.pb = Math.floor(rest / 5);
    const size = 0x300 << (this.lc + this.lp);
    if (this.literal.length !== size) this.literal = new Uint16Array(size);
  }

  /** Resets the probabilities, state and rep distances. */
  resetState(): void {
    this.literal.fill(PROB_INIT);
    this.isMatch.fill(PROB_INIT);
    this.isRep.fill(PROB_INIT);
    this.isRepG0.fill(PROB_INIT);
    this.isRepG1.fill(PROB_INIT);
    this.isRepG2.fill(PROB_INIT);
    this.isRep0Long.fill(PROB_INIT);
    this.posSlot.fill(PROB_INIT);
    this.posSpecial.fill(PROB_INIT);
    this.align.fill(PROB_INIT);
    this.lenCoder.fill(PROB_INIT);
    this.repLenCoder.fill(PROB_INIT);
    this.state = 0;
    this.rep0 = this.rep1 = this.rep2 = this.rep3 = 0;
  }

  /** Starts the range decoder on `input[start..end)`. @throws DecompressionError */
  startRange(input: Uint8Array, start: number, end: number): void {
    if (start + 5 > end) throw new DecompressionError(`lzma data is truncated at offset ${end}`);
    if (input[start] !== 0) corrupt('range coder does not start with 0', start);
    this.input = input;
    this.inEnd = end;
    this.rc[1] = (input[start + 1]! << 24) | (input[start + 2]! << 16) | (input[start + 3]! << 8) | input[start + 4]!;
    this.rc[0] = 0xffffffff;
    this.inPos = start + 5;
    // The first code must be below the range (always true for 0xFFFFFFFF except equality).
    if (this.rc[1] === 0xffffffff) corrupt('invalid range coder start', start);
  }

  /** Input position of the range decoder. */
  get position(): number {
    return this.inPos;
  }

  /** True when the range coder finished cleanly (code 0), as LZMA2 chunk ends require. */
  get finishedCleanly(): boolean {
    return this.rc[1] === 0;
  }

  private nextByte(): number {
    // Reading past the chunk is only detected, not prevented: callers check `overrun`.
    const b = this.inPos < this.inEnd ? this.input[this.inPos]! : 0;
    this.inPos++;
    return b;
  }

  /** True when the decoder has read past its input. */
  get overrun(): boolean {
    return this.inPos > this.inEnd;
  }

  private bit(probs: Uint16Array, i: number): number {
    const rc = this.rc;
    const p = probs[i]!;
    let range = rc[0]!;
    let code = rc[1]!;
    const bound = (range >>> 11) * p;
    let bit: number;
    if (code < bound) {
      range = bound;
      probs[i] = p + ((2048 - p) >>> 5);
      bit = 0;
    } else {
      range -= bound;
      code -= bound;
      probs[i] = p - (p >>> 5);
      bit = 1;
    }
    if (range < 0x1000000) {
      range *= 256;
      code = code * 256 + this.nextByte();
    }
    rc[0] = range;
    rc[1] = code;
    return bit;
  }

  private tree(probs: Uint16Array, base: number, bits: number): number {
    let m = 1;
    for (let i = 0; i < bits; i++) m = (m << 1) | this.bit(probs, base + m);
    return m - (1 << bits);
  }

  private reverseTree(probs: Uint16Array, base: number, bits: number): number {
    let m = 1;
    let sym = 0;
    for (let i = 0; i < bits; i++) {
      const b = this.bit(probs, base + m);
      m = (m << 1) | b;
      sym |= b << i;
    }
    return sym;
  }

  private direct(bits: number): number {
    const rc = this.rc;
    let range = rc[0]!;
    let code = rc[1]!;
    let res = 0;
    for (let i = 0; i < bits; i++) {
      range >>>= 1;
      let bit = 0;
      if (code >= range) {
        code -= range;
        bit = 1;
      }
      res = ((res << 1) | bit) >>> 0;
      if (range < 0x1000000) {
        range *= 256;
        code = (code * 256 + this.nextByte()) % 0x100000000;
      }
    }
    rc[0] = range;
    rc[1] = code;
    return res;
  }

  private length(probs: Uint16Array, posState: number): number {
    if (this.bit(probs, LEN_CHOICE) === 0) return this.tree(probs, LEN_LOW + (posState << 3), 3);
    if (this.bit(probs, LEN_CHOICE2) === 0) return 8 + this.tree(probs, LEN_MID + (posState << 3), 3);
    return 16 + this.tree(probs, LEN_HIGH, 8);
  }

  /**
   * Decodes until `out.length` reaches `stopAt` (or the end marker when
   * `allowEndMarker`). Returns true when the end marker was read.
   * @throws DecompressionError when corrupt, truncated or over a limit.
   */
  decode(out: BoundedOutput, stopAt: number, allowEndMarker: boolean): boolean {
    const pbMask = (1 << this.pb) - 1;
    const lpMask = (1 << this.lp) - 1;
    const lc = this.lc;
    const literal = this.literal;
    let buf = out.buf;
    let o = out.length;
    let state = this.state;
    let rep0 = this.rep0;
    let rep1 = this.rep1;
    let rep2 = this.rep2;
    let rep3 = this.rep3;
    const dictStart = this.dictStart;
    let ended = false;
    const rc = this.rc;
    const input = this.input;
    const inEnd = this.inEnd;
    const isMatch = this.isMatch;
    while (o < stopAt) {
      if (this.inPos > inEnd) break;
      const posState = (o - dictStart) & pbMask;
      // The is-match bit and literals, the most frequent symbols, are decoded
      // inline with the range coder in locals; matches go through the methods.
      let range = rc[0]!;
      let code = rc[1]!;
      let inPos = this.inPos;
      const mi = (state << 4) | posState;
      let p = isMatch[mi]!;
      let bound = (range >>> 11) * p;
      if (code >= bound) {
        range -= bound;
        code -= bound;
        isMatch[mi] = p - (p >>> 5);
        if (range < 0x1000000) {
          range *= 256;
          code = code * 256 + (inPos < inEnd ? input[inPos]! : 0);
          inPos++;
        }
        rc[0] = range;
        rc[1] = code;
        this.inPos = inPos;
      } else {
        range = bound;
        isMatch[mi] = p + ((2048 - p) >>> 5);
        if (range < 0x1000000) {
          range *= 256;
          code = code * 256 + (inPos < inEnd ? input[inPos]! : 0);
          inPos++;
        }
        // Literal.
        const prev = o > dictStart ? buf[o - 1]! : 0;
        const base = 0x300 * ((((o - dictStart) & lpMask) << lc) + (prev >>> (8 - lc)));
        let sym = 1;
        if (state >= 7) {
          if (rep0 >= o - dictStart) corrupt('match distance beyond the dictionary', inPos);
          let matchByte = buf[o - rep0 - 1]!;
          do {
            const matchBit = (matchByte >>> 7) & 1;
            matchByte <<= 1;
            const idx = base + ((1 + matchBit) << 8) + sym;
            p = literal[idx]!;
            bound = (range >>> 11) * p;
            let bit: number;
            if (code < bound) {
              range = bound;
              literal[idx] = p + ((2048 - p) >>> 5);
              bit = 0;
            } else {
              range -= bound;
              code -= bound;
              literal[idx] = p - (p >>> 5);
              bit = 1;
            }
            if (range < 0x1000000) {
              range *= 256;
              code = code * 256 + (inPos < inEnd ? input[inPos]! : 0);
              inPos++;
            }
            sym = (sym << 1) | bit;
            if (matchBit !== bit) break;
          } while (sym < 0x100);
        }
        while (sym < 0x100) {
          const idx = base + sym;
          p = literal[idx]!;
          bound = (range >>> 11) * p;
          if (code < bound) {
            range = bound;
            literal[idx] = p + ((2048 - p) >>> 5);
            sym <<= 1;
          } else {
            range -= bound;
            code -= bound;
            literal[idx] = p - (p >>> 5);
            sym = (sym << 1) | 1;
          }
          if (range < 0x1000000) {
            range *= 256;
            code = code * 256 + (inPos < inEnd ? input[inPos]! : 0);
            inPos++;
          }
        }
        rc[0] = range;
        rc[1] = code;
        this.inPos = inPos;
        if (o >= buf.length) {
          // Room is asked for exactly (one byte here, a match's length
          // below), so output just at the limit passes; the buffer doubles.
          out.length = o;
          out.consumed = inPos;
          out.reserve(1);
          buf = out.buf;
        }
        buf[o++] = sym & 0xff;
        state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
        continue;
      }
      let len: number;
      if (this.bit(this.isRep, state) !== 0) {
        if (o === dictStart) corrupt('repeat match at the start of the dictionary', this.inPos);
        if (this.bit(this.isRepG0, state) === 0) {
          if (this.bit(this.isRep0Long, (state << 4) | posState) === 0) {
            // Short rep: one byte at distance rep0.
            state = state < 7 ? 9 : 11;
            if (rep0 >= o - dictStart) corrupt('match distance beyond the dictionary', this.inPos);
            if (o >= buf.length) {
              out.length = o;
              out.consumed = this.inPos;
              out.reserve(1);
              buf = out.buf;
            }
            buf[o] = buf[o - rep0 - 1]!;
            o++;
            continue;
          }
        } else {
          let dist: number;
          if (this.bit(this.isRepG1, state) === 0) dist = rep1;
          else {
            if (this.bit(this.isRepG2, state) === 0) dist = rep2;
            else {
              dist = rep3;
              rep3 = rep2;
            }
            rep2 = rep1;
          }
          rep1 = rep0;
          rep0 = dist;
        }
        len = this.length(this.repLenCoder, posState);
        state = state < 7 ? 8 : 11;
      } else {
        rep3 = rep2;
        rep2 = rep1;
        rep1 = rep0;
        len = this.length(this.lenCoder, posState);
        state = state < 7 ? 7 : 10;
        const lenState = len < 3 ? len : 3;
        const slot = this.tree(this.posSlot, lenState << 6, 6);
        if (slot < 4) rep0 = slot;
        else {
          const numDirect = (slot >>> 1) - 1;
          let dist = ((2 | (slot & 1)) << numDirect) >>> 0;
          if (slot < 14) dist = (dist + this.reverseTree(this.posSpecial, dist - slot, numDirect)) >>> 0;
          else {
            dist = (dist + ((this.direct(numDirect - 4) << 4) >>> 0)) >>> 0;
            dist = (dist + this.reverseTree(this.align, 0, 4)) >>> 0;
          }
          rep0 = dist;
        }
        if (rep0 === 0xffffffff) {
          if (!allowEndMarker) corrupt('unexpected end marker', this.inPos);
          ended = true;
          break;
        }
      }
      len += 2;
      if (rep0 >= o - dictStart || rep0 >= this.dictSize) corrupt('match distance beyond the dictionary', this.inPos);
      if (o + len > stopAt) corrupt('match runs past the declared size', this.inPos);
      if (o + len > buf.length) {
        out.length = o;
        out.consumed = this.inPos;
        out.reserve(len);
        buf = out.buf;
      }
      let from = o - rep0 - 1;
      const end = o + len;
      while (o < end) buf[o++] = buf[from++]!;
    }
    out.length = o;
    out.consumed = this.inPos;
    out.check();
    this.state = state;
    this.rep0 = rep0;
    this.rep1 = rep1;
    this.rep2 = rep2;
    this.rep3 = rep3;
    if (this.inPos > this.inEnd) throw new DecompressionError(`lzma data is truncated at offset ${this.inEnd}`);
    return ended;
  }
}
