/**
 * Python ints as pickle's `LONG1`/`LONG4` hold them: little-endian two's
 * complement, as few bytes as CPython's `encode_long` uses.
 */

/** Largest byte count decoded with plain number arithmetic (6 bytes < 2^53). */
const NUMBER_BYTES = 6;

/**
 * Decodes `bytes[start, start+length)` as a little-endian two's-complement integer.
 * @returns a `number` when it is a safe integer, else a `bigint`; 0 for an empty slice.
 */
export function decodeLong(bytes: Uint8Array, start: number, length: number): number | bigint {
  if (length === 0) return 0;
  if (length <= NUMBER_BYTES) {
    let value = 0;
    for (let i = length - 1; i >= 0; i--) value = value * 256 + bytes[start + i]!;
    if (bytes[start + length - 1]! & 0x80) value -= 2 ** (8 * length);
    return value;
  }
  let hex = '';
  for (let i = length - 1; i >= 0; i--) {
    const b = bytes[start + i]!;
    hex += (b < 16 ? '0' : '') + b.toString(16);
  }
  let value = BigInt('0x' + hex);
  if (bytes[start + length - 1]! & 0x80) value -= 1n << BigInt(8 * length);
  return toIntValue(value);
}

/** A bigint as a `number` when it is a safe integer, else unchanged. */
export function toIntValue(value: bigint): number | bigint {
  return value >= -9007199254740991n && value <= 9007199254740991n ? Number(value) : value;
}

/**
 * Encodes `value` the way CPython's pickler does for `LONG1`/`LONG4`: zero is
 * empty, otherwise `bit_length // 8 + 1` bytes, one fewer for a negative value
 * whose top byte would be a redundant 0xff.
 */
export function encodeLong(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0);
  const magnitude = value < 0n ? -value : value;
  let nbytes = (magnitude.toString(2).length >> 3) + 1;
  const out = new Uint8Array(nbytes);
  let v = value < 0n ? (1n << BigInt(8 * nbytes)) + value : value;
  for (let i = 0; i < nbytes; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (value < 0n && nbytes > 1 && out[nbytes - 1] === 0xff && (out[nbytes - 2]! & 0x80) !== 0) nbytes--;
  return out.subarray(0, nbytes);
}
