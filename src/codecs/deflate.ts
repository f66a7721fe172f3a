/**
 * Deflate, zlib and gzip. Inflation runs fflate's streaming inflater
 * (sync, browser-safe, no dependencies) in small steps so the limits are
 * checked as the output grows; the zlib and gzip framing (headers, Adler-32,
 * CRC-32 + ISIZE trailers, several gzip members) is read here, because
 * fflate's own wrappers accept truncated trailers and do not check them.
 */
import { Inflate, deflateSync, gzipSync, zlibSync } from 'fflate';
import { adler32 } from './adler32.js';
import { crc32 } from './crc32.js';
import { DecompressionError, type DecompressLimits } from './limits.js';
import { BoundedOutput } from './output.js';

/** The parts of fflate's streaming inflater's state this module reads (fflate 0.8). */
interface InflateInternals {
  ondata: (chunk: Uint8Array, final: boolean) => void;
  push(chunk: Uint8Array, final?: boolean): void;
  /** Unconsumed input; its first `s.p` bits are consumed. */
  p: Uint8Array;
  /** f: last block seen; l: a block is open; p: bit position in `p`. */
  s: { f?: number; l?: unknown; p?: number };
}

const MAX_DEFLATE_RATIO = 1032;

/**
 * Inflates the raw deflate stream that starts at `input[start]` into `out`.
 * @returns the offset just past the deflate stream.
 * @throws DecompressionError when corrupt, truncated or over a limit.
 */
export function inflateInto(input: Uint8Array, start: number, out: BoundedOutput): number {
  const inf = new Inflate() as unknown as InflateInternals;
  if (typeof inf.s !== 'object' || !(inf.p instanceof Uint8Array)) throw new DecompressionError('deflate: unsupported fflate version');
  const base = out.consumed;
  inf.ondata = (chunk) => {
    if (chunk.length > 0) out.write(chunk);
  };
  const done = (): boolean => !!inf.s.f && !inf.s.l;
  let at = start;
  try {
    while (at < input.length && !done()) {
      // Push only as much input as the remaining output budget allows at
      // deflate's maximum ratio, so a bomb is stopped before fflate allocates.
      const allowed = Math.min(out.limits.maxOutputBytes, Math.max(1 << 20, out.limits.maxRatio * (base + at - start + (1 << 18))));
      const step = Math.max(4096, Math.min(1 << 18, Math.floor((allowed - out.length) / MAX_DEFLATE_RATIO)));
      const end = Math.min(at + step, input.length);
      out.consumed = base + end - start;
      inf.push(input.subarray(at, end), false);
      at = end;
    }
    if (!done()) inf.push(new Uint8Array(0), true);
  } catch (e) {
    if (e instanceof DecompressionError) throw e;
    throw new DecompressionError(`deflate data at offset ${start} is corrupt: ${(e as Error)?.message ?? String(e)}`);
  }
  if (!done()) throw new DecompressionError(`deflate data at offset ${start} is truncated`);
  const bitPos = inf.s.p ?? 0;
  return at - inf.p.length + ((bitPos + 7) >> 3);
}

/**
 * Inflates raw deflate data (zip members, `DecompressionStream('deflate-raw')`).
 * Bytes after the end of the deflate stream are ignored.
 * @throws DecompressionError when the data is corrupt, truncated or over a limit.
 */
export function inflateRaw(input: Uint8Array, limits?: DecompressLimits): Uint8Array {
  const out = new BoundedOutput('deflate', limits, input.length * 4);
  inflateInto(input, 0, out);
  return out.result();
}

/**
 * Decompresses zlib data (RFC 1950: joblib's `.z` files), checking the
 * header and the Adler-32 trailer. Trailing bytes after the stream are
 * ignored, as Python's `zlib.decompress` does.
 * @throws DecompressionError when the data is corrupt, truncated or over a limit.
 */
export function unzlib(input: Uint8Array, limits?: DecompressLimits): Uint8Array {
  if (input.length < 2) throw new DecompressionError('zlib data is truncated in its header');
  const cmf = input[0]!;
  const flg = input[1]!;
  if ((cmf & 15) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0) throw new DecompressionError('zlib header is invalid at offset 0');
  if (flg & 0x20) throw new DecompressionError('zlib data needs a preset dictionary, which picklejar does not have');
  const out = new BoundedOutput('zlib', limits, input.length * 4);
  const end = inflateInto(input, 2, out);
  if (end + 4 > input.length) throw new DecompressionError(`zlib data is truncated in its Adler-32 trailer at offset ${end}`);
  const want = ((input[end]! << 24) | (input[end + 1]! << 16) | (input[end + 2]! << 8) | input[end + 3]!) >>> 0;
  const data = out.result();
  if (adler32(data) !== want) throw new DecompressionError(`zlib Adler-32 mismatch at offset ${end}: the data is corrupt`);
  return data;
}

/** Reads a gzip member header at `at`; returns where its deflate data starts. */
function gzipHeaderEnd(input: Uint8Array, at: number): number {
  if (at + 10 > input.length) throw new DecompressionError(`gzip header at offset ${at} is truncated`);
  if (input[at] !== 0x1f || input[at + 1] !== 0x8b) throw new DecompressionError(`not a gzip member at offset ${at}`);
  if (input[at + 2] !== 8) throw new DecompressionError(`gzip member at offset ${at} uses unknown method ${input[at + 2]}`);
  const flags = input[at + 3]!;
  if (flags & 0xe0) throw new DecompressionError(`gzip member at offset ${at} has reserved flags set`);
  let p = at + 10;
  if (flags & 4) {
    if (p + 2 > input.length) throw new DecompressionError(`gzip header at offset ${at} is truncated`);
    p += 2 + (input[p]! | (input[p + 1]! << 8));
  }
  for (const bit of [8, 16]) {
    if (flags & bit) {
      while (p < input.length && input[p] !== 0) p++;
      p++;
    }
  }
  if (flags & 2) {
    if (p + 2 <= input.length) {
      const want = input[p]! | (input[p + 1]! << 8);
      if ((crc32(input, 0, at, p) & 0xffff) !== want) throw new DecompressionError(`gzip header CRC mismatch at offset ${p}`);
    }
    p += 2;
  }
  if (p > input.length) throw new DecompressionError(`gzip header at offset ${at} is truncated`);
  return p;
}

/**
 * Decompresses gzip data (RFC 1952), every member of it as Python's
 * `gzip.decompress` does (members concatenated, zero padding between them
 * skipped), checking each member's CRC-32 and size trailer.
 * @throws DecompressionError when the data is corrupt, truncated or over a limit.
 */
export function gunzip(input: Uint8Array, limits?: DecompressLimits): Uint8Array {
  const out = new BoundedOutput('gzip', limits, input.length * 4);
  let at = 0;
  let members = 0;
  while (at < input.length || members === 0) {
    const dataStart = gzipHeaderEnd(input, at);
    const memberStart = out.length;
    out.consumed = dataStart;
    const end = inflateInto(input, dataStart, out);
    if (end + 8 > input.length) throw new DecompressionError(`gzip member at offset ${at} is truncated in its trailer`);
    const crc = (input[end]! | (input[end + 1]! << 8) | (input[end + 2]! << 16) | (input[end + 3]! << 24)) >>> 0;
    const size = (input[end + 4]! | (input[end + 5]! << 8) | (input[end + 6]! << 16) | (input[end + 7]! << 24)) >>> 0;
    if (crc32(out.buf, 0, memberStart, out.length) !== crc)
      throw new DecompressionError(`gzip CRC-32 mismatch in the member at offset ${at}: the data is corrupt`);
    if ((out.length - memberStart) % 0x100000000 !== size)
      throw new DecompressionError(`gzip size mismatch in the member at offset ${at}: the data is corrupt`);
    members++;
    at = end + 8;
    while (at < input.length && input[at] === 0) at++;
  }
  return out.result();
}

/** Raw deflate at `level` (0–9, default 6, as zlib). @throws never. */
export function deflateRaw(input: Uint8Array, level = 6): Uint8Array {
  return deflateSync(input, { level: level as 6 });
}

/** zlib (RFC 1950) at `level` (0–9, default 6). @throws never. */
export function zlib(input: Uint8Array, level = 6): Uint8Array {
  return zlibSync(input, { level: level as 6 });
}

/**
 * gzip (RFC 1952) at `level` (0–9, default 9 as Python's `gzip.compress`),
 * with the header Python's `gzip.compress(data, mtime=0)` writes: no name,
 * mtime 0, XFL 2 at level 9 (4 at levels 0-1, else 0, as zlib sets it), OS 3 (Python 3.11 writes
 * through zlib, which says Unix).
 * @throws never.
 */
export function gzip(input: Uint8Array, level = 9): Uint8Array {
  const out = gzipSync(input, { level: level as 9, mtime: 0 });
  out[8] = level === 9 ? 2 : level < 2 ? 4 : 0;
  out[9] = 3;
  return out;
}
