/**
 * The `.xz` container: stream header and footer, blocks (LZMA2 filter,
 * optionally after a delta filter), block padding and integrity checks
 * (none, CRC-32, CRC-64, SHA-256), the index, and several streams with
 * stream padding between them, as Python's `lzma.decompress` reads them.
 */
import { crc32 } from './crc32.js';
import { crc64 } from './crc64.js';
import { DecompressionError, type DecompressLimits } from './limits.js';
import { lzma2Decode, lzma2DictSize } from './lzma2-decode.js';
import { BoundedOutput } from './output.js';
import { sha256 } from './sha256.js';

const HEADER_MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const CHECK_SIZES: Record<number, number> = { 0: 0, 1: 4, 4: 8, 10: 32 };

function fail(message: string): never {
  throw new DecompressionError(`xz: ${message}`);
}

function u32le(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/** Reads a multibyte integer (7 bits per byte, up to 9 bytes); returns [value, next offset]. */
function varint(b: Uint8Array, at: number, end: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 9; i++) {
    if (at >= end) fail(`truncated integer at offset ${at}`);
    const byte = b[at++]!;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if (!(byte & 0x80)) {
      if (byte === 0 && i > 0) fail(`non-minimal integer at offset ${at - 1}`);
      return [value, at];
    }
  }
  return fail(`integer too long at offset ${at}`);
}

/** True when `input[at..]` starts with the xz magic. @throws never. */
export function isXzStart(input: Uint8Array, at = 0): boolean {
  if (at + 6 > input.length) return false;
  for (let i = 0; i < 6; i++) if (input[at + i] !== HEADER_MAGIC[i]) return false;
  return true;
}

function verifyCheck(type: number, data: Uint8Array, start: number, end: number, input: Uint8Array, at: number): void {
  let ok = true;
  if (type === 1) ok = crc32(data, 0, start, end) === u32le(input, at);
  else if (type === 4) {
    const c = crc64(data, start, end);
    ok = c.lo === u32le(input, at) && c.hi === u32le(input, at + 4);
  } else if (type === 10) {
    const d = sha256(data, start, end);
    for (let i = 0; i < 32; i++) if (d[i] !== input[at + i]) ok = false;
  }
  if (!ok) fail(`integrity check failed for the block ending at offset ${at}: the data is corrupt`);
}

/** Undoes the delta filter in place on `buf[start..end)`. */
function undoDelta(buf: Uint8Array, start: number, end: number, distance: number): void {
  for (let i = start + distance; i < end; i++) buf[i] = (buf[i]! + buf[i - distance]!) & 0xff;
}

/** Decodes one stream at `at`; returns the offset after its footer. */
function decodeStream(input: Uint8Array, at: number, out: BoundedOutput): number {
  if (!isXzStart(input, at)) fail(`no stream header at offset ${at}`);
  if (at + 12 > input.length) fail(`stream header at offset ${at} is truncated`);
  const flags0 = input[at + 6]!;
  const flags1 = input[at + 7]!;
  if (crc32(input, 0, at + 6, at + 8) !== u32le(input, at + 8)) fail(`stream header CRC mismatch at offset ${at + 8}`);
  if (flags0 !== 0 || flags1 > 15) fail(`unsupported stream flags at offset ${at + 6}`);
  const checkType = flags1;
  const checkSize = CHECK_SIZES[checkType];
  if (checkSize === undefined) fail(`unsupported integrity check type ${checkType} at offset ${at + 7}`);
  let p = at + 12;
  const records: [number, number][] = [];
  for (;;) {
    if (p >= input.length) fail(`data is truncated at offset ${p}`);
    const sizeByte = input[p]!;
    if (sizeByte === 0) break; // the index
    const blockAt = p;
    const headerSize = (sizeByte + 1) * 4;
    if (p + headerSize > input.length) fail(`block header at offset ${p} is truncated`);
    if (crc32(input, 0, p, p + headerSize - 4) !== u32le(input, p + headerSize - 4)) fail(`block header CRC mismatch at offset ${p}`);
    const bflags = input[p + 1]!;
    if (bflags & 0x3c) fail(`unsupported block flags at offset ${p + 1}`);
    const headerEnd = p + headerSize - 4;
    let q = p + 2;
    let compressedSize = -1;
    let uncompressedSize = -1;
    if (bflags & 0x40) [compressedSize, q] = varint(input, q, headerEnd);
    if (bflags & 0x80) [uncompressedSize, q] = varint(input, q, headerEnd);
    const nFilters = (bflags & 3) + 1;
    let dictSize = -1;
    let delta = 0;
    for (let f = 0; f < nFilters; f++) {
      let id: number;
      let propsSize: number;
      [id, q] = varint(input, q, headerEnd);
      [propsSize, q] = varint(input, q, headerEnd);
      if (q + propsSize > headerEnd) fail(`filter properties at offset ${q} run past the block header`);
      const last = f === nFilters - 1;
      if (id === 0x21 && last && propsSize === 1) dictSize = lzma2DictSize(input[q]!, q);
      else if (id === 0x03 && !last && propsSize === 1 && delta === 0) delta = input[q]! + 1;
      else fail(`unsupported filter 0x${id.toString(16)} in the block at offset ${blockAt} (picklejar reads LZMA2 and delta)`);
      q += propsSize;
    }
    for (; q < headerEnd; q++) if (input[q] !== 0) fail(`non-zero block header padding at offset ${q}`);
    const dataStart = p + headerSize;
    const outStart = out.length;
    const dataEnd = lzma2Decode(input, dataStart, compressedSize >= 0 ? Math.min(input.length, dataStart + compressedSize) : input.length, dictSize, out);
    if (compressedSize >= 0 && dataEnd - dataStart !== compressedSize) fail(`block at offset ${blockAt} has the wrong compressed size`);
    if (uncompressedSize >= 0 && out.length - outStart !== uncompressedSize) fail(`block at offset ${blockAt} has the wrong uncompressed size`);
    if (delta > 0) undoDelta(out.buf, outStart, out.length, delta);
    p = dataEnd;
    while ((p - dataStart) % 4 !== 0) {
      if (p >= input.length) fail(`data is truncated at offset ${p}`);
      if (input[p] !== 0) fail(`non-zero block padding at offset ${p}`);
      p++;
    }
    if (p + checkSize > input.length) fail(`data is truncated in the integrity check at offset ${p}`);
    verifyCheck(checkType, out.buf, outStart, out.length, input, p);
    p += checkSize;
    records.push([headerSize + (dataEnd - dataStart) + checkSize, out.length - outStart]);
  }
  // The index must list every block with its sizes.
  const indexAt = p;
  let q = p + 1;
  let count: number;
  [count, q] = varint(input, q, input.length);
  if (count !== records.length) fail(`index at offset ${indexAt} lists ${count} blocks, the stream has ${records.length}`);
  for (const [unpadded, uncompressed] of records) {
    let u: number;
    let v: number;
    [u, q] = varint(input, q, input.length);
    [v, q] = varint(input, q, input.length);
    if (u !== unpadded || v !== uncompressed) fail(`index record at offset ${q} does not match its block`);
  }
  while ((q - indexAt) % 4 !== 0) {
    if (q >= input.length) fail(`data is truncated at offset ${q}`);
    if (input[q] !== 0) fail(`non-zero index padding at offset ${q}`);
    q++;
  }
  if (q + 4 > input.length) fail(`data is truncated at offset ${q}`);
  if (crc32(input, 0, indexAt, q) !== u32le(input, q)) fail(`index CRC mismatch at offset ${q}`);
  q += 4;
  // Stream footer.
  if (q + 12 > input.length) fail(`stream footer at offset ${q} is truncated`);
  if (crc32(input, 0, q + 4, q + 10) !== u32le(input, q)) fail(`stream footer CRC mismatch at offset ${q}`);
  const backward = (u32le(input, q + 4) + 1) * 4;
  if (backward !== q - indexAt) fail(`stream footer at offset ${q} gives the wrong index size`);
  if (input[q + 8] !== flags0 || input[q + 9] !== flags1) fail(`stream footer flags at offset ${q + 8} differ from the header`);
  if (input[q + 10] !== 0x59 || input[q + 11] !== 0x5a) fail(`no footer magic at offset ${q + 10}`);
  return q + 12;
}

/**
 * Decompresses `.xz` data: every stream, skipping stream padding (zero
 * bytes in multiples of four) between and after them. Trailing bytes that
 * are neither padding nor another stream are ignored, as Python does.
 * @throws DecompressionError when corrupt, truncated or over a limit.
 */
export function unxz(input: Uint8Array, limits?: DecompressLimits): Uint8Array {
  const out = new BoundedOutput('xz', limits, Math.min(input.length * 4, 1 << 24));
  let at = decodeStream(input, 0, out);
  for (;;) {
    let pad = at;
    while (pad < input.length && input[pad] === 0) pad++;
    if (pad >= input.length || !isXzStart(input, pad) || (pad - at) % 4 !== 0) break;
    at = decodeStream(input, pad, out);
  }
  return out.result();
}
