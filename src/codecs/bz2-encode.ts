/**
 * bzip2 compression, written for picklejar: the initial run-length coding,
 * the Burrows–Wheeler transform (./bwt.ts), move-to-front with RUNA/RUNB
 * zero runs, and 2–6 Huffman tables refined over four passes as bzip2 does.
 * Output is a standard single-stream .bz2 that Python's `bz2` reads.
 */
import { MsbBitWriter } from './bit-writer.js';
import { bwt } from './bwt.js';
import { bz2CombineCrc, bz2Crc } from './bz2-crc.js';
import { huffmanLengths } from './huffman-lengths.js';
import { PickleError } from '../errors.js';

const GROUP_SIZE = 50;
const MAX_CODE_LEN = 17;
const ITERATIONS = 4;

/** Run-length codes `input[at..]` into `block` until it is full; returns [input end, block length]. */
function fillBlock(input: Uint8Array, at: number, block: Uint8Array, max: number): [number, number] {
  let bl = 0;
  const n = input.length;
  while (at < n && bl < max) {
    const b = input[at]!;
    let run = 1;
    while (run < 255 && at + run < n && input[at + run] === b) run++;
    if (run < 4) {
      for (let k = 0; k < run; k++) block[bl++] = b;
    } else {
      block[bl++] = b;
      block[bl++] = b;
      block[bl++] = b;
      block[bl++] = b;
      block[bl++] = run - 4;
    }
    at += run;
  }
  return [at, bl];
}

/** Move-to-front and zero-run coding of the BWT output; returns the symbols and nInUse. */
function mtfEncode(last: Uint8Array, symbols: Uint16Array, freq: Int32Array, inUse: Uint8Array): { count: number; nInUse: number } {
  const unseqToSeq = new Uint8Array(256);
  let nInUse = 0;
  for (let b = 0; b < 256; b++) if (inUse[b]) unseqToSeq[b] = nInUse++;
  const order = new Uint8Array(256);
  for (let i = 0; i < nInUse; i++) order[i] = i;
  const eob = nInUse + 1;
  freq.fill(0);
  let count = 0;
  let zPend = 0;
  const n = last.length;
  // The run flush is written out twice (in the loop and after it) rather
  // than as a closure: a closure over count/zPend is several times slower.
  for (let j = 0; j < n; j++) {
    const v = unseqToSeq[last[j]!]!;
    if (order[0] === v) {
      zPend++;
      continue;
    }
    if (zPend > 0) {
      zPend--;
      for (;;) {
        const s = zPend & 1;
        symbols[count++] = s;
        freq[s]++;
        if (zPend < 2) break;
        zPend = (zPend - 2) >> 1;
      }
      zPend = 0;
    }
    let k = 1;
    let prev = order[0]!;
    order[0] = v;
    // Shift the list down until v's old slot.
    for (;;) {
      const cur = order[k]!;
      order[k] = prev;
      if (cur === v) break;
      prev = cur;
      k++;
    }
    symbols[count++] = k + 1;
    freq[k + 1]++;
  }
  if (zPend > 0) {
    zPend--;
    for (;;) {
      const s = zPend & 1;
      symbols[count++] = s;
      freq[s]++;
      if (zPend < 2) break;
      zPend = (zPend - 2) >> 1;
    }
  }
  symbols[count++] = eob;
  freq[eob]++;
  return { count, nInUse };
}

function writeBlock(w: MsbBitWriter, block: Uint8Array, bl: number, blockCrc: number): void {
  const { last, origPtr } = bwt(block, bl);
  const inUse = new Uint8Array(256);
  for (let i = 0; i < bl; i++) inUse[block[i]!] = 1;
  const symbols = new Uint16Array(bl + 1);
  const mtfFreq = new Int32Array(258);
  const { count: nMtf, nInUse } = mtfEncode(last, symbols, mtfFreq, inUse);
  const alphaSize = nInUse + 2;

  const nGroups = nMtf < 200 ? 2 : nMtf < 600 ? 3 : nMtf < 1200 ? 4 : nMtf < 2400 ? 5 : 6;
  const lens: Uint8Array[] = [];
  for (let g = 0; g < nGroups; g++) lens.push(new Uint8Array(alphaSize));
  // Initial tables: split the alphabet into ranges of about equal frequency.
  {
    let nPart = nGroups;
    let remF = nMtf;
    let gs = 0;
    while (nPart > 0) {
      const tFreq = remF / nPart;
      let ge = gs - 1;
      let aFreq = 0;
      while (aFreq < tFreq && ge < alphaSize - 1) {
        ge++;
        aFreq += mtfFreq[ge]!;
      }
      if (ge > gs && nPart !== nGroups && nPart !== 1 && (nGroups - nPart) % 2 === 1) {
        aFreq -= mtfFreq[ge]!;
        ge--;
      }
      const l = lens[nPart - 1]!;
      for (let v = 0; v < alphaSize; v++) l[v] = v >= gs && v <= ge ? 0 : 15;
      nPart--;
      gs = ge + 1;
      remF -= aFreq;
    }
  }
  const nSelectors = Math.ceil(nMtf / GROUP_SIZE);
  const selectors = new Uint8Array(nSelectors);
  const freqs: Int32Array[] = lens.map(() => new Int32Array(alphaSize));
  // Code lengths of every symbol in every table, six per symbol, so the
  // cost of a group of 50 under each table is six running sums in registers.
  const packed = new Uint8Array(alphaSize * 6);
  for (let iter = 0; iter < ITERATIONS; iter++) {
    for (const f of freqs) f.fill(0);
    packed.fill(255);
    for (let g = 0; g < nGroups; g++) {
      const l = lens[g]!;
      for (let v = 0; v < alphaSize; v++) packed[v * 6 + g] = l[v]!;
    }
    for (let s = 0, gs = 0; gs < nMtf; s++, gs += GROUP_SIZE) {
      const ge = Math.min(gs + GROUP_SIZE, nMtf);
      let c0 = 0,
        c1 = 0,
        c2 = 0,
        c3 = 0,
        c4 = 0,
        c5 = 0;
      for (let i = gs; i < ge; i++) {
        const b = symbols[i]! * 6;
        c0 += packed[b]!;
        c1 += packed[b + 1]!;
        c2 += packed[b + 2]!;
        c3 += packed[b + 3]!;
        c4 += packed[b + 4]!;
        c5 += packed[b + 5]!;
      }
      // Unused tables have length 255 everywhere, so they never win.
      let best = 0;
      let bestCost = c0;
      if (c1 < bestCost) {
        best = 1;
        bestCost = c1;
      }
      if (c2 < bestCost) {
        best = 2;
        bestCost = c2;
      }
      if (c3 < bestCost) {
        best = 3;
        bestCost = c3;
      }
      if (c4 < bestCost) {
        best = 4;
        bestCost = c4;
      }
      if (c5 < bestCost) {
        best = 5;
        bestCost = c5;
      }
      selectors[s] = best;
      const f = freqs[best]!;
      for (let i = gs; i < ge; i++) f[symbols[i]!]++;
    }
    for (let g = 0; g < nGroups; g++) lens[g] = huffmanLengths(freqs[g]!, alphaSize, MAX_CODE_LEN);
  }
  // Canonical codes, as the decoder assigns them.
  const codes: Int32Array[] = lens.map((l) => {
    const c = new Int32Array(alphaSize);
    let code = 0;
    for (let len = 1; len <= MAX_CODE_LEN; len++) {
      for (let s = 0; s < alphaSize; s++) if (l[s] === len) c[s] = code++;
      code <<= 1;
    }
    return c;
  });

  w.ensure(64 + 32 + nSelectors + nGroups * alphaSize + nMtf * 3);
  w.bits(24, 0x314159);
  w.bits(24, 0x265359);
  w.u32(blockCrc);
  w.bits(1, 0);
  w.bits(24, origPtr);
  let used16 = 0;
  for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) if (inUse[i * 16 + j]) used16 |= 0x8000 >>> i;
  w.bits(16, used16);
  for (let i = 0; i < 16; i++) {
    if (!(used16 & (0x8000 >>> i))) continue;
    let bits = 0;
    for (let j = 0; j < 16; j++) if (inUse[i * 16 + j]) bits |= 0x8000 >>> j;
    w.bits(16, bits);
  }
  w.bits(3, nGroups);
  w.bits(15, nSelectors);
  const selMtf = [0, 1, 2, 3, 4, 5];
  for (let s = 0; s < nSelectors; s++) {
    const v = selectors[s]!;
    let j = selMtf.indexOf(v);
    for (let k = 0; k < j; k++) w.bits(1, 1);
    w.bits(1, 0);
    for (; j > 0; j--) selMtf[j] = selMtf[j - 1]!;
    selMtf[0] = v;
  }
  for (let g = 0; g < nGroups; g++) {
    const l = lens[g]!;
    let cur = l[0]!;
    w.bits(5, cur);
    for (let s = 0; s < alphaSize; s++) {
      while (cur < l[s]!) {
        w.bits(2, 2);
        cur++;
      }
      while (cur > l[s]!) {
        w.bits(2, 3);
        cur--;
      }
      w.bits(1, 0);
    }
  }
  for (let s = 0, gs = 0; gs < nMtf; s++, gs += GROUP_SIZE) {
    const ge = Math.min(gs + GROUP_SIZE, nMtf);
    const l = lens[selectors[s]!]!;
    const c = codes[selectors[s]!]!;
    for (let i = gs; i < ge; i++) {
      const sym = symbols[i]!;
      w.bits(l[sym]!, c[sym]!);
    }
  }
}

/**
 * Compresses to bzip2 at `level` 1–9 (block size level × 100 kB; default 9,
 * as Python's `bz2.compress`).
 * @throws PickleError for a level outside 1–9.
 */
export function bzip2(input: Uint8Array, level = 9): Uint8Array {
  if (!Number.isInteger(level) || level < 1 || level > 9) throw new PickleError(`bz2 compression level must be 1-9, not ${level}`);
  const w = new MsbBitWriter(Math.min(input.length, 1 << 24) + 64);
  w.bits(24, 0x425a68);
  w.bits(8, 0x30 + level);
  // bzip2 leaves 19 bytes of slack below the block size.
  const max = level * 100000 - 19;
  const block = new Uint8Array(max + 5);
  let combined = 0;
  let at = 0;
  while (at < input.length) {
    const [end, bl] = fillBlock(input, at, block, max);
    const crc = bz2Crc(input, at, end);
    combined = bz2CombineCrc(combined, crc);
    writeBlock(w, block, bl, crc);
    at = end;
  }
  w.ensure(16);
  w.bits(24, 0x177245);
  w.bits(24, 0x385090);
  w.u32(combined);
  return w.finish().slice();
}

/**
 * bzip2 compression as the bytes arrive, for writing a pickle as it is produced: blocks are
 * independent, so each is compressed once enough input is in hand to fill it, and its bytes are
 * handed on. The output is byte for byte what `bzip2(all input, level)` gives.
 */
export class Bz2StreamEncoder {
  private readonly w = new MsbBitWriter(1 << 16);
  private readonly max: number;
  private readonly block: Uint8Array;
  private readonly onData: (chunk: Uint8Array) => void;
  private pending: Uint8Array[] = [];
  private pendingLength = 0;
  /** Input to have in hand before the next try (runs can make a block take far more than its size). */
  private want: number;
  private combined = 0;
  private finished = false;

  /**
   * @param level block size in 100 kB (1-9), as `bzip2`'s.
   * @param onData receives the compressed bytes, in order (fresh arrays).
   * @throws PickleError for a level out of range.
   */
  constructor(level: number, onData: (chunk: Uint8Array) => void) {
    if (!Number.isInteger(level) || level < 1 || level > 9) throw new PickleError(`bz2 compression level must be 1-9, not ${level}`);
    this.max = level * 100000 - 19;
    this.block = new Uint8Array(this.max + 5);
    this.want = this.max + 1;
    this.onData = onData;
    this.w.bits(24, 0x425a68);
    this.w.bits(8, 0x30 + level);
  }

  /** Compresses the blocks `chunk` completes. @throws PickleError after `finish`. */
  push(chunk: Uint8Array): void {
    if (this.finished) throw new PickleError('bz2: push after finish');
    if (chunk.length === 0) return;
    this.pending.push(chunk.slice());
    this.pendingLength += chunk.length;
    if (this.pendingLength >= this.want) this.encode(false);
  }

  /** Compresses the rest and ends the stream. @throws never (a second call does nothing). */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.encode(true);
    const w = this.w;
    w.ensure(16);
    w.bits(24, 0x177245);
    w.bits(24, 0x385090);
    w.u32(this.combined);
    w.finish();
    this.onData(w.take());
  }

  private encode(final: boolean): void {
    const data = this.pending.length === 1 ? this.pending[0]! : flat(this.pending, this.pendingLength);
    let at = 0;
    while (at < data.length) {
      const [end, bl] = fillBlock(data, at, this.block, this.max);
      // A block that reached the end of the input may not be full, or may end inside a run: wait.
      if (end === data.length && !final) break;
      const crc = bz2Crc(data, at, end);
      this.combined = bz2CombineCrc(this.combined, crc);
      writeBlock(this.w, this.block, bl, crc);
      at = end;
      this.onData(this.w.take());
    }
    const rest = data.subarray(at);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingLength = rest.length;
    this.want = Math.max(this.max + 1, 2 * rest.length);
  }
}

function flat(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
