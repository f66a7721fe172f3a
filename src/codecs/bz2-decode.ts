/**
 * bzip2 decompression, written for picklejar: Huffman groups, move-to-front,
 * RUNA/RUNB zero runs, inverse Burrows–Wheeler transform, the initial
 * run-length coding, block and stream CRCs, and files of several streams
 * (as Python's `bz2.decompress` reads them).
 */
import { bz2CombineCrc, BZ2_CRC_TABLE } from './bz2-crc.js';
import { DecompressionError, type DecompressLimits } from './limits.js';
import { BoundedOutput } from './output.js';

const BLOCK_MAGIC_HI = 0x314159;
const BLOCK_MAGIC_LO = 0x265359;
const END_MAGIC_HI = 0x177245;
const END_MAGIC_LO = 0x385090;
const MAX_GROUPS = 6;
const MAX_ALPHA = 258;
const MAX_CODE_LEN = 20;
const GROUP_SIZE = 50;
/** Codes of at most FAST_BITS bits are decoded with one table look-up. */
const FAST_BITS = 10;

/** MSB-first bit reader; reads zeros past the end and lets callers check `overrun`. */
class BitReader {
  pos: number;
  buf = 0;
  count = 0;
  constructor(
    public data: Uint8Array,
    start: number,
  ) {
    this.pos = start;
  }
  /** Reads `n` (≤ 24) bits. */
  bits(n: number): number {
    while (this.count < n) {
      this.buf = (this.buf << 8) | (this.pos < this.data.length ? this.data[this.pos]! : 0);
      this.pos++;
      this.count += 8;
    }
    this.count -= n;
    return (this.buf >>> this.count) & ((1 << n) - 1);
  }
  bit(): number {
    return this.bits(1);
  }
  /** Bits consumed, as a byte offset (for messages). */
  offset(): number {
    return this.pos - (this.count >> 3);
  }
  overrun(): boolean {
    return this.pos - (this.count >> 3) > this.data.length;
  }
  alignToByte(): void {
    this.count -= this.count & 7;
  }
}

/** One Huffman table: a fast table of FAST_BITS bits, and limit/base/perm for longer codes. */
interface HuffTable {
  fast: Int32Array;
  limit: Int32Array;
  base: Int32Array;
  perm: Int32Array;
  minLen: number;
  maxLen: number;
}

function buildTable(lengths: Uint8Array, alphaSize: number): HuffTable {
  let minLen = 32;
  let maxLen = 0;
  for (let i = 0; i < alphaSize; i++) {
    const l = lengths[i]!;
    if (l > maxLen) maxLen = l;
    if (l < minLen) minLen = l;
  }
  const perm = new Int32Array(MAX_ALPHA);
  let pp = 0;
  for (let l = minLen; l <= maxLen; l++) for (let s = 0; s < alphaSize; s++) if (lengths[s] === l) perm[pp++] = s;
  const count = new Int32Array(MAX_CODE_LEN + 2);
  for (let s = 0; s < alphaSize; s++) count[lengths[s]!]++;
  const limit = new Int32Array(MAX_CODE_LEN + 2).fill(-1);
  const base = new Int32Array(MAX_CODE_LEN + 2);
  const fast = new Int32Array(1 << FAST_BITS).fill(-1);
  // Canonical codes: within a length, in symbol order; lengths ascending.
  let code = 0;
  let index = 0;
  for (let l = minLen; l <= maxLen; l++) {
    base[l] = index - code; // symbol index = code + base
    for (let k = 0; k < count[l]!; k++) {
      if (l <= FAST_BITS) {
        const shift = FAST_BITS - l;
        const start = code << shift;
        const entry = (perm[index]! << 5) | l;
        for (let j = 0; j < 1 << shift; j++) fast[start + j] = entry;
      }
      code++;
      index++;
    }
    limit[l] = code - 1;
    code <<= 1;
  }
  return { fast, limit, base, perm, minLen, maxLen };
}

/** A larger tt (at least `need`, at most `max` entries), keeping its contents. */
function growTt(tt: Uint32Array, need: number, max: number): Uint32Array {
  let size = tt.length * 2;
  while (size < need) size *= 2;
  const next = new Uint32Array(Math.min(size, max));
  next.set(tt);
  return next;
}

/** What a stream's blocks share: the block size, the combined CRC and scratch tables. */
interface StreamState {
  readonly blockMax: number;
  tt: Uint32Array | undefined;
  combined: number;
  readonly lengths: Uint8Array;
  readonly selectors: Uint8Array;
  readonly seqToUnseq: Uint8Array;
  readonly mtf: Uint8Array;
  readonly unzftab: Int32Array;
  /** Stream offset of `r.data[0]` (non-zero once a streaming decoder has dropped consumed bytes). */
  base: number;
}

/** Reads a stream header ("BZh1".."BZh9") at the reader's position. */
function readStreamHeader(r: BitReader, base: number): StreamState {
  const start = base + r.offset();
  if (r.bits(8) !== 0x42 || r.bits(8) !== 0x5a || r.bits(8) !== 0x68) throw new DecompressionError(`bz2: no stream header at offset ${start}`);
  const level = r.bits(8) - 0x30;
  if (level < 1 || level > 9) throw new DecompressionError(`bz2: invalid block size at offset ${start + 3}`);
  return {
    blockMax: level * 100000,
    tt: undefined,
    combined: 0,
    lengths: new Uint8Array(MAX_ALPHA),
    selectors: new Uint8Array(32768),
    seqToUnseq: new Uint8Array(256),
    mtf: new Uint8Array(256),
    unzftab: new Int32Array(256),
    base,
  };
}

/** Decodes the stream starting at `start`; returns the offset after it. */
function decodeStream(input: Uint8Array, start: number, out: BoundedOutput): number {
  const r = new BitReader(input, start);
  const state = readStreamHeader(r, 0);
  while (decodeBlock(r, state, out)) {
    /* block by block */
  }
  return r.offset();
}

/**
 * Decodes the next block of a stream into `out`: true after a block, false after the end-of-stream
 * marker (the reader then sits on the next byte boundary).
 */
function decodeBlock(r: BitReader, state: StreamState, out: BoundedOutput): boolean {
  const input = r.data;
  const { blockMax, lengths, selectors, seqToUnseq, mtf, unzftab } = state;
  let tt = state.tt;
  {
    const blockAt = state.base + r.offset();
    const hi = r.bits(24);
    const lo = r.bits(24);
    if (hi === END_MAGIC_HI && lo === END_MAGIC_LO) {
      const want = ((r.bits(16) << 16) | r.bits(16)) >>> 0;
      if (r.overrun()) throw new DecompressionError(`bz2 data is truncated at offset ${state.base + input.length}`);
      if (want !== state.combined) throw new DecompressionError(`bz2 stream CRC mismatch at offset ${state.base + r.offset() - 4}: the data is corrupt`);
      r.alignToByte();
      return false;
    }
    if (hi !== BLOCK_MAGIC_HI || lo !== BLOCK_MAGIC_LO) {
      if (r.overrun()) throw new DecompressionError(`bz2 data is truncated at offset ${state.base + input.length}`);
      throw new DecompressionError(`bz2: bad block magic near offset ${blockAt}: the data is corrupt`);
    }
    const blockCrc = ((r.bits(16) << 16) | r.bits(16)) >>> 0;
    if (r.bit()) throw new DecompressionError(`bz2: randomised block near offset ${blockAt} (written by bzip2 before 0.9.5) is not supported`);
    const origPtr = r.bits(24);
    // Symbol map: which bytes occur in the block.
    const used16 = r.bits(16);
    let nInUse = 0;
    for (let i = 0; i < 16; i++) {
      if (used16 & (0x8000 >>> i)) {
        const bits = r.bits(16);
        for (let j = 0; j < 16; j++) if (bits & (0x8000 >>> j)) seqToUnseq[nInUse++] = i * 16 + j;
      }
    }
    if (nInUse === 0) throw new DecompressionError(`bz2: empty symbol map near offset ${blockAt}: the data is corrupt`);
    const alphaSize = nInUse + 2;
    const nGroups = r.bits(3);
    if (nGroups < 2 || nGroups > MAX_GROUPS) throw new DecompressionError(`bz2: invalid table count near offset ${blockAt}: the data is corrupt`);
    const nSelectors = r.bits(15);
    if (nSelectors < 1) throw new DecompressionError(`bz2: no selectors near offset ${blockAt}: the data is corrupt`);
    // Selectors are move-to-front coded, each as a unary number.
    const selMtf = [0, 1, 2, 3, 4, 5];
    for (let i = 0; i < nSelectors; i++) {
      let j = 0;
      while (r.bit()) {
        j++;
        if (j >= nGroups) throw new DecompressionError(`bz2: invalid selector near offset ${state.base + r.offset()}: the data is corrupt`);
      }
      const v = selMtf[j]!;
      for (; j > 0; j--) selMtf[j] = selMtf[j - 1]!;
      selMtf[0] = v;
      // libbzip2 1.0.8 ignores selectors past 18001; keep the same tolerance.
      selectors[i] = v;
    }
    if (r.overrun()) throw new DecompressionError(`bz2 data is truncated at offset ${state.base + input.length}`);
    const tables: HuffTable[] = [];
    for (let g = 0; g < nGroups; g++) {
      let len = r.bits(5);
      for (let s = 0; s < alphaSize; s++) {
        for (;;) {
          if (len < 1 || len > MAX_CODE_LEN)
            throw new DecompressionError(`bz2: invalid code length near offset ${state.base + r.offset()}: the data is corrupt`);
          if (!r.bit()) break;
          len += r.bit() ? -1 : 1;
        }
        lengths[s] = len;
      }
      tables.push(buildTable(lengths, alphaSize));
    }
    if (r.overrun()) throw new DecompressionError(`bz2 data is truncated at offset ${state.base + input.length}`);

    // Huffman → MTF/RUNA/RUNB → the BWT's last column, in tt (low 8 bits).
    // tt starts small and doubles up to the block size, so a short (or
    // corrupt) stream does not cost a 3.6 MB allocation.
    tt ??= new Uint32Array(Math.min(blockMax, 1 << 16));
    for (let i = 0; i < 256; i++) mtf[i] = i;
    unzftab.fill(0);
    const eob = nInUse + 1;
    let nblock = 0;
    let groupIndex = -1;
    let groupLeft = 0;
    let table = tables[0]!;
    let runLength = 0;
    let runBit = 1;
    const data = input;
    let pos = r.pos;
    let buf = r.buf;
    let count = r.count;
    for (;;) {
      if (groupLeft === 0) {
        groupIndex++;
        if (groupIndex >= nSelectors) throw new DecompressionError(`bz2: ran out of selectors near offset ${state.base + pos}: the data is corrupt`);
        table = tables[selectors[groupIndex]!]!;
        if (!table) throw new DecompressionError(`bz2: selector names a missing table near offset ${state.base + pos}: the data is corrupt`);
        groupLeft = GROUP_SIZE;
        if (pos > data.length + 4) throw new DecompressionError(`bz2 data is truncated at offset ${state.base + data.length}`);
      }
      groupLeft--;
      // Decode one symbol.
      while (count < 24) {
        buf = (buf << 8) | (pos < data.length ? data[pos]! : 0);
        pos++;
        count += 8;
      }
      let sym: number;
      const entry = table.fast[(buf >>> (count - FAST_BITS)) & ((1 << FAST_BITS) - 1)]!;
      if (entry >= 0) {
        count -= entry & 31;
        sym = entry >>> 5;
      } else {
        let len = FAST_BITS + 1;
        let code = (buf >>> (count - len)) & ((1 << len) - 1);
        while (len <= table.maxLen && code > table.limit[len]!) {
          len++;
          if (len > 24) break;
          code = (buf >>> (count - len)) & ((1 << len) - 1);
        }
        if (len > table.maxLen || len > 24) throw new DecompressionError(`bz2: invalid Huffman code near offset ${state.base + pos}: the data is corrupt`);
        count -= len;
        const idx = code + table.base[len]!;
        if (idx < 0 || idx >= MAX_ALPHA) throw new DecompressionError(`bz2: invalid Huffman code near offset ${state.base + pos}: the data is corrupt`);
        sym = table.perm[idx]!;
      }
      if (sym <= 1) {
        // RUNA (0) and RUNB (1): a bijective base-2 run length of the front byte.
        runLength += runBit << sym;
        runBit <<= 1;
        if (runLength > blockMax) throw new DecompressionError(`bz2: run longer than the block near offset ${state.base + pos}: the data is corrupt`);
        continue;
      }
      if (runLength > 0) {
        if (nblock + runLength > tt.length) {
          if (nblock + runLength > blockMax) throw new DecompressionError(`bz2: block overflows its size near offset ${state.base + pos}: the data is corrupt`);
          tt = growTt(tt, nblock + runLength, blockMax);
        }
        const b = seqToUnseq[mtf[0]!]!;
        unzftab[b] += runLength;
        tt.fill(b, nblock, nblock + runLength);
        nblock += runLength;
        runLength = 0;
        runBit = 1;
      }
      if (sym === eob) break;
      if (sym > eob) throw new DecompressionError(`bz2: invalid symbol near offset ${state.base + pos}: the data is corrupt`);
      // Move-to-front: symbol s means MTF index s - 1.
      const k = sym - 1;
      const v = mtf[k]!;
      // Most indices are small: a plain loop beats copyWithin's call cost there.
      if (k < 24) for (let j = k; j > 0; j--) mtf[j] = mtf[j - 1]!;
      else mtf.copyWithin(1, 0, k);
      mtf[0] = v;
      if (nblock >= tt.length) {
        if (nblock >= blockMax) throw new DecompressionError(`bz2: block overflows its size near offset ${state.base + pos}: the data is corrupt`);
        tt = growTt(tt, nblock + 1, blockMax);
      }
      const b = seqToUnseq[v]!;
      unzftab[b]++;
      tt[nblock++] = b;
    }
    r.pos = pos;
    r.buf = buf;
    r.count = count;
    if (r.overrun()) throw new DecompressionError(`bz2 data is truncated at offset ${state.base + input.length}`);
    if (origPtr >= nblock) throw new DecompressionError(`bz2: origin pointer out of range near offset ${blockAt}: the data is corrupt`);

    // Inverse BWT: link each position to the next, in the high 24 bits.
    const cftab = new Int32Array(256);
    for (let i = 0, sum = 0; i < 256; i++) {
      cftab[i] = sum;
      sum += unzftab[i]!;
    }
    for (let i = 0; i < nblock; i++) {
      const b = tt[i]! & 0xff;
      tt[cftab[b]!++]! |= i << 8;
    }

    // Walk the chain, undoing the initial run-length coding (4 equal bytes
    // then a count byte) and computing the block CRC on the way.
    state.tt = tt;
    out.consumed = state.base + r.offset();
    let outBuf = out.buf;
    let o = out.length;
    const crcT = BZ2_CRC_TABLE;
    let crc = -1;
    let tPos = tt[origPtr]! >>> 8;
    let last = -1;
    let same = 0;
    for (let i = 0; i < nblock; i++) {
      const t = tt[tPos]!;
      const b = t & 0xff;
      tPos = t >>> 8;
      if (same === 4) {
        // b is a repeat count for `last`. Room is asked for exactly, so a
        // file whose output is just at the limit passes.
        if (o + b > outBuf.length) {
          out.length = o;
          out.reserve(b);
          outBuf = out.buf;
        }
        for (let k = 0; k < b; k++) {
          outBuf[o++] = last;
          crc = (crc << 8) ^ crcT[((crc >>> 24) ^ last) & 0xff]!;
        }
        same = 0;
        last = -1;
        continue;
      }
      if (b === last) same++;
      else {
        same = 1;
        last = b;
      }
      if (o >= outBuf.length) {
        out.length = o;
        out.reserve(1);
        outBuf = out.buf;
      }
      outBuf[o++] = b;
      crc = (crc << 8) ^ crcT[((crc >>> 24) ^ b) & 0xff]!;
    }
    out.length = o;
    out.check();
    crc = ~crc >>> 0;
    if (crc !== blockCrc) throw new DecompressionError(`bz2 block CRC mismatch in the block near offset ${blockAt}: the data is corrupt`);
    state.combined = bz2CombineCrc(state.combined, crc);
    return true;
  }
}

/** True when `input[at..]` starts like a bzip2 stream ("BZh1".."BZh9"). */
function isStreamStart(input: Uint8Array, at: number): boolean {
  return at + 4 <= input.length && input[at] === 0x42 && input[at + 1] === 0x5a && input[at + 2] === 0x68 && input[at + 3]! >= 0x31 && input[at + 3]! <= 0x39;
}

/**
 * Decompresses bzip2 data: every stream of it, as Python's `bz2.decompress`
 * does. Trailing bytes that do not start another stream are ignored (as
 * Python does); a following stream that is corrupt raises.
 * @throws DecompressionError when the data is corrupt, truncated or over a limit.
 */
export function bunzip2(input: Uint8Array, limits?: DecompressLimits): Uint8Array {
  const out = new BoundedOutput('bz2', limits, Math.min(input.length * 6, 1 << 24));
  let at = 0;
  do {
    at = decodeStream(input, at, out);
  } while (isStreamStart(input, at));
  return out.result();
}

/** The most compressed bytes a block of `blockMax` bytes can take: 20-bit codes, plus its tables. */
function blockBound(blockMax: number): number {
  return Math.ceil((blockMax * 20) / 8) + (1 << 16);
}

/**
 * bzip2 decoded block by block as the bytes arrive, for streams of pickles: memory holds about one
 * block's input and output (at most ~2.3 MB of input for level 9), not the stream. Blocks are
 * bit-aligned, so a block is decoded once enough input is in hand: optimistically about twice the
 * last block's size; when that runs past the input, again with twice as much, up to the most a
 * block can take (or the end), where a failure is a real one. Every stream of a multi-stream file is read, as `bunzip2` does.
 */
export class Bz2StreamDecoder {
  private readonly out: BoundedOutput;
  private readonly onData: (chunk: Uint8Array) => void;
  private readonly r = new BitReader(new Uint8Array(0), 0);
  private state: StreamState | undefined;
  private pending: Uint8Array[] = [];
  private pendingLength = 0;
  /** Stream offset of `r.data[0]`. */
  private base = 0;
  private streams = 0;
  /** Input to have in hand before trying the next block: twice the last block, doubled after a miss. */
  private want = 1 << 16;
  private trailing = false;

  /**
   * @param limits output bounds, checked over the whole stream as the output grows.
   * @param onData receives each block's output, in order (a fresh array each time).
   * @throws DecompressionError for invalid limits.
   */
  constructor(limits: DecompressLimits | undefined, onData: (chunk: Uint8Array) => void) {
    this.out = new BoundedOutput('bz2', limits, 1 << 20);
    this.onData = onData;
  }

  /**
   * Decodes what `chunk` completes.
   * @throws DecompressionError for corrupt data or a limit hit.
   */
  push(chunk: Uint8Array): void {
    if (this.trailing || chunk.length === 0) return;
    this.pending.push(chunk);
    this.pendingLength += chunk.length;
    this.run(false);
  }

  /**
   * Decodes the rest, at the end of the input.
   * @throws DecompressionError for truncated or corrupt data.
   */
  finish(): void {
    if (this.trailing) return;
    this.run(true);
    if (this.state !== undefined || this.streams === 0) throw new DecompressionError(`bz2 data is truncated at offset ${this.base + this.r.data.length}`);
  }

  /** Bytes in hand from the reader's position on. */
  private available(): number {
    return this.r.data.length - this.r.offset() + this.pendingLength;
  }

  /** Joins the pending chunks onto the unread part of the window. */
  private flatten(): void {
    if (this.pendingLength === 0) return;
    const r = this.r;
    // Keep the bytes already loaded into the bit buffer, so offsets stay inside the window.
    const keep = Math.max(0, r.pos - ((r.count + 7) >> 3));
    const rest = r.data.length - keep;
    const next = new Uint8Array(rest + this.pendingLength);
    next.set(r.data.subarray(keep));
    let at = rest;
    for (const c of this.pending) {
      next.set(c, at);
      at += c.length;
    }
    this.pending = [];
    this.pendingLength = 0;
    r.data = next;
    r.pos -= keep;
    this.base += keep;
    if (this.state !== undefined) this.state.base = this.base;
  }

  private run(final: boolean): void {
    const r = this.r;
    for (;;) {
      if (this.state === undefined) {
        if (this.available() < 4 && !final) return;
        this.flatten();
        const at = r.offset();
        if (this.streams > 0 && !isStreamStart(r.data, at)) {
          // Bytes after the last stream that do not start another are ignored, as bunzip2 does.
          this.trailing = true;
          this.pending = [];
          this.pendingLength = 0;
          return;
        }
        if (this.streams === 0 && r.data.length - at === 0) return;
        this.state = readStreamHeader(r, this.base);
        continue;
      }
      const bound = blockBound(this.state.blockMax);
      const avail = this.available();
      if (!final && avail < Math.min(bound, this.want)) return;
      this.flatten();
      const { pos, buf, count } = r;
      const startOffset = r.offset();
      const length = this.out.length;
      let more: boolean;
      try {
        more = decodeBlock(r, this.state, this.out);
      } catch (err) {
        // Short of the most a block can take, a failure may only mean the block is not all here yet.
        if (final || avail >= bound || !(err instanceof DecompressionError)) throw err;
        r.pos = pos;
        r.buf = buf;
        r.count = count;
        this.out.length = length;
        this.want = 2 * avail;
        return;
      }
      if (!more) {
        this.state = undefined;
        this.streams++;
        continue;
      }
      this.want = Math.max(1 << 12, 2 * (r.offset() - startOffset));
      if (this.out.length > 0) this.onData(this.out.take());
    }
  }
}
