/**
 * Named readers and writers of the fixed-width numbers pickles hold: opcode
 * arguments (`uint2`, `int4`, `uint4`, `uint8`), length prefixes and BINFLOAT's
 * big-endian double. Readers take the position of the first byte and do not
 * check bounds: the caller checks `at + width <= data.length` once, with its
 * own error message. Writers likewise assume the room is there.
 */

// One shared scratch view for f64 conversions: reads and writes copy through it
// so that the caller's buffer needs no DataView of its own (and no alignment).
const F64 = new DataView(new ArrayBuffer(8));

/**
 * A 2-byte little-endian unsigned integer (`uint2`).
 * @throws never.
 */
export function u16le(data: Uint8Array, at: number): number {
  return data[at]! | (data[at + 1]! << 8);
}

/**
 * A 4-byte little-endian signed integer (`int4`).
 * @throws never.
 */
export function i32le(data: Uint8Array, at: number): number {
  return data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16) | (data[at + 3]! << 24);
}

/**
 * A 4-byte little-endian unsigned integer (`uint4`).
 * @throws never.
 */
export function u32le(data: Uint8Array, at: number): number {
  return (data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16) | (data[at + 3]! << 24)) >>> 0;
}

/**
 * An 8-byte little-endian unsigned integer (`uint8`): a `number` up to 2^53 - 1,
 * a `bigint` beyond, so that a length no buffer can have is still reported exactly.
 * @throws never.
 */
export function u64le(data: Uint8Array, at: number): number | bigint {
  const low = u32le(data, at);
  const high = u32le(data, at + 4);
  if (high < 0x200000) return high * 0x100000000 + low;
  return (BigInt(high) << 32n) | BigInt(low);
}

/**
 * An 8-byte big-endian IEEE 754 double (`float8`, BINFLOAT's argument).
 * @throws never.
 */
export function f64be(data: Uint8Array, at: number): number {
  for (let i = 0; i < 8; i++) F64.setUint8(i, data[at + i]!);
  return F64.getFloat64(0, false);
}

/**
 * An unsigned little-endian length prefix of 1, 2, 4 or 8 bytes, as the counted
 * opcodes (`SHORT_BINBYTES` … `BINBYTES8`) write it.
 * @throws never.
 */
export function lengthPrefix(data: Uint8Array, at: number, width: 1 | 2 | 4 | 8): number | bigint {
  switch (width) {
    case 1:
      return data[at]!;
    case 2:
      return u16le(data, at);
    case 4:
      return u32le(data, at);
    default:
      return u64le(data, at);
  }
}

/**
 * The payload of a length-prefixed field at `at` (prefix of `width` bytes,
 * then that many bytes), as a view; `undefined` when the data end first.
 * @throws never.
 */
export function prefixedBytes(data: Uint8Array, at: number, width: 1 | 2 | 4 | 8): Uint8Array | undefined {
  if (at + width > data.length) return undefined;
  const n = lengthPrefix(data, at, width);
  const start = at + width;
  if (typeof n === 'bigint' || n > data.length - start) return undefined;
  return data.subarray(start, start + n);
}

/**
 * Writes `value` as 2 little-endian bytes.
 * @throws never.
 */
export function writeU16le(buf: Uint8Array, at: number, value: number): void {
  buf[at] = value & 0xff;
  buf[at + 1] = (value >>> 8) & 0xff;
}

/**
 * Writes `value` (signed or unsigned 32-bit) as 4 little-endian bytes.
 * @throws never.
 */
export function writeU32le(buf: Uint8Array, at: number, value: number): void {
  buf[at] = value & 0xff;
  buf[at + 1] = (value >>> 8) & 0xff;
  buf[at + 2] = (value >>> 16) & 0xff;
  buf[at + 3] = (value >>> 24) & 0xff;
}

/** {@link writeU32le}, named for signed values (`int4`). @throws never. */
export const writeI32le = writeU32le;

/**
 * Writes a non-negative integer below 2^64 as 8 little-endian bytes.
 * @throws never.
 */
export function writeU64le(buf: Uint8Array, at: number, value: number | bigint): void {
  if (typeof value === 'number') {
    writeU32le(buf, at, value >>> 0);
    writeU32le(buf, at + 4, Math.floor(value / 0x100000000) >>> 0);
    return;
  }
  writeU32le(buf, at, Number(value & 0xffffffffn));
  writeU32le(buf, at + 4, Number((value >> 32n) & 0xffffffffn));
}

/**
 * Writes `value` as an 8-byte big-endian IEEE 754 double.
 * @throws never.
 */
export function writeF64be(buf: Uint8Array, at: number, value: number): void {
  F64.setFloat64(0, value, false);
  for (let i = 0; i < 8; i++) buf[at + i] = F64.getUint8(i);
}

/**
 * Writes a length prefix of `width` bytes followed by `payload`; the caller
 * made room for `width + payload.length` bytes.
 * @returns the position after the payload.
 * @throws never.
 */
export function writePrefixedBytes(buf: Uint8Array, at: number, width: 1 | 2 | 4 | 8, payload: Uint8Array): number {
  const n = payload.length;
  if (width === 1) buf[at] = n;
  else if (width === 2) writeU16le(buf, at, n);
  else if (width === 4) writeU32le(buf, at, n);
  else writeU64le(buf, at, n);
  buf.set(payload, at + width);
  return at + width + n;
}
