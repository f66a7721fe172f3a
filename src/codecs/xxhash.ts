/**
 * xxHash32 (lz4 frame checksums) and xxHash64 (zstd content checksums).
 * xxHash64 runs on 32-bit halves so it needs no BigInt.
 */

const P32_1 = 2654435761;
const P32_2 = 2246822519;
const P32_3 = 3266489917;
const P32_4 = 668265263;
const P32_5 = 374761393;

function u32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}

function rotl32(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function round32(acc: number, lane: number): number {
  acc = (acc + Math.imul(lane, P32_2)) | 0;
  return Math.imul(rotl32(acc, 13), P32_1);
}

/**
 * xxHash32 of `data[start..end)` with `seed`.
 * @throws never.
 */
export function xxh32(data: Uint8Array, seed = 0, start = 0, end = data.length): number {
  const len = end - start;
  let i = start;
  let h: number;
  if (len >= 16) {
    let v1 = (seed + P32_1 + P32_2) | 0;
    let v2 = (seed + P32_2) | 0;
    let v3 = seed | 0;
    let v4 = (seed - P32_1) | 0;
    for (; i + 16 <= end; i += 16) {
      v1 = round32(v1, u32(data, i));
      v2 = round32(v2, u32(data, i + 4));
      v3 = round32(v3, u32(data, i + 8));
      v4 = round32(v4, u32(data, i + 12));
    }
    h = (rotl32(v1, 1) + rotl32(v2, 7) + rotl32(v3, 12) + rotl32(v4, 18)) | 0;
  } else h = (seed + P32_5) | 0;
  h = (h + len) | 0;
  for (; i + 4 <= end; i += 4) h = Math.imul(rotl32((h + Math.imul(u32(data, i), P32_3)) | 0, 17), P32_4);
  for (; i < end; i++) h = Math.imul(rotl32((h + Math.imul(data[i]!, P32_5)) | 0, 11), P32_1);
  h ^= h >>> 15;
  h = Math.imul(h, P32_2);
  h ^= h >>> 13;
  h = Math.imul(h, P32_3);
  h ^= h >>> 16;
  return h >>> 0;
}

// 64-bit arithmetic on (hi, lo) pairs; results land in RH/RL.
let RH = 0;
let RL = 0;

function add64(ah: number, al: number, bh: number, bl: number): void {
  const lo = al + bl;
  RL = lo >>> 0;
  RH = (ah + bh + (lo > 0xffffffff ? 1 : 0)) >>> 0;
}

function mul64(ah: number, al: number, bh: number, bl: number): void {
  const a0 = al & 0xffff;
  const a1 = al >>> 16;
  const b0 = bl & 0xffff;
  const b1 = bl >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  RL = (((mid & 0xffff) << 16) | (p00 & 0xffff)) >>> 0;
  RH = (p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(al, bh) + Math.imul(ah, bl)) >>> 0;
}

function rotl64(h: number, l: number, r: number): void {
  if (r >= 32) {
    const t = h;
    h = l;
    l = t;
    r -= 32;
  }
  if (r === 0) {
    RH = h >>> 0;
    RL = l >>> 0;
    return;
  }
  RH = ((h << r) | (l >>> (32 - r))) >>> 0;
  RL = ((l << r) | (h >>> (32 - r))) >>> 0;
}

const P1H = 0x9e3779b1,
  P1L = 0x85ebca87;
const P2H = 0xc2b2ae3d,
  P2L = 0x27d4eb4f;
const P3H = 0x165667b1,
  P3L = 0x9e3779f9;
const P4H = 0x85ebca77,
  P4L = 0xc2b2ae63;
const P5H = 0x27d4eb2f,
  P5L = 0x165667c5;

/** acc = rotl(acc + lane * P2, 31) * P1, into RH/RL. */
function round64(acch: number, accl: number, laneh: number, lanel: number): void {
  mul64(laneh, lanel, P2H, P2L);
  add64(acch, accl, RH, RL);
  rotl64(RH, RL, 31);
  mul64(RH, RL, P1H, P1L);
}

/**
 * acc[k] = round(acc[k], lane) with everything inlined: the stripe loop's
 * hot path (the generic helpers above cost 5x more there).
 */
function stripeRound(acc: Uint32Array, k: number, laneLo: number, laneHi: number): void {
  // m = lane * P2
  let a0 = laneLo & 0xffff,
    a1 = laneLo >>> 16;
  let p00 = a0 * (P2L & 0xffff),
    p01 = a0 * (P2L >>> 16),
    p10 = a1 * (P2L & 0xffff),
    p11 = a1 * (P2L >>> 16);
  let mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const ml = (((mid & 0xffff) << 16) | (p00 & 0xffff)) >>> 0;
  const mh = (p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(laneLo, P2H) + Math.imul(laneHi, P2L)) >>> 0;
  // acc += m
  const sum = acc[k]! + ml;
  let l = sum >>> 0;
  let h = (acc[k + 1]! + mh + (sum > 0xffffffff ? 1 : 0)) >>> 0;
  // rotl 31
  const rl = ((l << 31) | (h >>> 1)) >>> 0;
  const rh = ((h << 31) | (l >>> 1)) >>> 0;
  // * P1
  a0 = rl & 0xffff;
  a1 = rl >>> 16;
  p00 = a0 * (P1L & 0xffff);
  p01 = a0 * (P1L >>> 16);
  p10 = a1 * (P1L & 0xffff);
  p11 = a1 * (P1L >>> 16);
  mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  l = (((mid & 0xffff) << 16) | (p00 & 0xffff)) >>> 0;
  h = (p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(rl, P1H) + Math.imul(rh, P1L)) >>> 0;
  acc[k] = l;
  acc[k + 1] = h;
}

/** The 64-bit hash as two 32-bit halves. */
export interface Hash64 {
  readonly hi: number;
  readonly lo: number;
}

/** The four stripe accumulators' start values, as (lo, hi) pairs. */
function initialAccumulators(): Uint32Array {
  add64(P1H, P1L, P2H, P2L);
  // v4 = -P1 mod 2^64 (P1L is non-zero, so no borrow)
  return new Uint32Array([RL, RH, P2L, P2H, 0, 0, -P1L >>> 0, ~P1H >>> 0]);
}

/** Runs the stripe rounds over data[i..end) (a multiple of 32 bytes). */
function stripes(acc: Uint32Array, data: Uint8Array, i: number, end: number): void {
  for (; i + 32 <= end; i += 32) {
    stripeRound(acc, 0, u32(data, i), u32(data, i + 4));
    stripeRound(acc, 2, u32(data, i + 8), u32(data, i + 12));
    stripeRound(acc, 4, u32(data, i + 16), u32(data, i + 20));
    stripeRound(acc, 6, u32(data, i + 24), u32(data, i + 28));
  }
}

/** The hash from the accumulators (undefined under 32 bytes), the total length and the last (< 32) bytes. */
function finish(acc: Uint32Array | undefined, len: number, data: Uint8Array, i: number, end: number): Hash64 {
  let hh: number;
  let hl: number;
  if (acc !== undefined) {
    const v1l = acc[0]!,
      v1h = acc[1]!,
      v2l = acc[2]!,
      v2h = acc[3]!;
    const v3l = acc[4]!,
      v3h = acc[5]!,
      v4l = acc[6]!,
      v4h = acc[7]!;
    rotl64(v1h, v1l, 1);
    hh = RH;
    hl = RL;
    rotl64(v2h, v2l, 7);
    add64(hh, hl, RH, RL);
    hh = RH;
    hl = RL;
    rotl64(v3h, v3l, 12);
    add64(hh, hl, RH, RL);
    hh = RH;
    hl = RL;
    rotl64(v4h, v4l, 18);
    add64(hh, hl, RH, RL);
    hh = RH;
    hl = RL;
    for (const [vh, vl] of [
      [v1h, v1l],
      [v2h, v2l],
      [v3h, v3l],
      [v4h, v4l],
    ] as const) {
      round64(0, 0, vh, vl);
      hh = (hh ^ RH) >>> 0;
      hl = (hl ^ RL) >>> 0;
      mul64(hh, hl, P1H, P1L);
      add64(RH, RL, P4H, P4L);
      hh = RH;
      hl = RL;
    }
  } else {
    hh = P5H;
    hl = P5L;
  }
  add64(hh, hl, Math.floor(len / 0x100000000), len >>> 0);
  hh = RH;
  hl = RL;
  for (; i + 8 <= end; i += 8) {
    round64(0, 0, u32(data, i + 4), u32(data, i));
    hh = (hh ^ RH) >>> 0;
    hl = (hl ^ RL) >>> 0;
    rotl64(hh, hl, 27);
    mul64(RH, RL, P1H, P1L);
    add64(RH, RL, P4H, P4L);
    hh = RH;
    hl = RL;
  }
  if (i + 4 <= end) {
    mul64(0, u32(data, i), P1H, P1L);
    hh = (hh ^ RH) >>> 0;
    hl = (hl ^ RL) >>> 0;
    rotl64(hh, hl, 23);
    mul64(RH, RL, P2H, P2L);
    add64(RH, RL, P3H, P3L);
    hh = RH;
    hl = RL;
    i += 4;
  }
  for (; i < end; i++) {
    mul64(0, data[i]!, P5H, P5L);
    hh = (hh ^ RH) >>> 0;
    hl = (hl ^ RL) >>> 0;
    rotl64(hh, hl, 11);
    mul64(RH, RL, P1H, P1L);
    hh = RH;
    hl = RL;
  }
  // Avalanche: h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32.
  hl = (hl ^ (hh >>> 1)) >>> 0;
  mul64(hh, hl, P2H, P2L);
  hh = RH;
  hl = RL;
  const sl = ((hl >>> 29) | (hh << 3)) >>> 0;
  const sh = hh >>> 29;
  hl = (hl ^ sl) >>> 0;
  hh = (hh ^ sh) >>> 0;
  mul64(hh, hl, P3H, P3L);
  hh = RH;
  hl = RL;
  hl = (hl ^ hh) >>> 0;
  return { hi: hh, lo: hl };
}

/**
 * xxHash64 of `data[start..end)` with seed 0.
 * @throws never.
 */
export function xxh64(data: Uint8Array, start = 0, end = data.length): Hash64 {
  const len = end - start;
  if (len < 32) return finish(undefined, len, data, start, end);
  const acc = initialAccumulators();
  const full = start + (len - (len % 32));
  stripes(acc, data, start, full);
  return finish(acc, len, data, full, end);
}

/** xxHash64 (seed 0) of data given in pieces, for output that is never whole in memory (zstd streams). */
export class Xxh64 {
  private readonly acc = initialAccumulators();
  private readonly tail = new Uint8Array(32);
  private tailLength = 0;
  private length = 0;

  /** Adds `data[start..end)`. @throws never. */
  update(data: Uint8Array, start = 0, end = data.length): void {
    this.length += end - start;
    let i = start;
    if (this.tailLength > 0) {
      const take = Math.min(32 - this.tailLength, end - i);
      this.tail.set(data.subarray(i, i + take), this.tailLength);
      this.tailLength += take;
      i += take;
      if (this.tailLength < 32) return;
      stripes(this.acc, this.tail, 0, 32);
      this.tailLength = 0;
    }
    const full = i + (end - i - ((end - i) % 32));
    stripes(this.acc, data, i, full);
    this.tail.set(data.subarray(full, end));
    this.tailLength = end - full;
  }

  /** The hash of everything added. @throws never. */
  digest(): Hash64 {
    return finish(this.length >= 32 ? this.acc : undefined, this.length, this.tail, 0, this.tailLength);
  }
}
