/**
 * Byte builders for hand-written pickles in the unpickler's fast-path tests.
 */

/** BINFLOAT `x`: the opcode and its 8 big-endian bytes. */
export function binfloat(x: number): number[] {
  const b = new Uint8Array(9);
  b[0] = 0x47;
  new DataView(b.buffer).setFloat64(1, x);
  return [...b];
}

/** A FRAME opcode announcing `length` bytes (below 2^24). */
export function frame(length: number): number[] {
  return [0x95, length & 0xff, (length >> 8) & 0xff, (length >> 16) & 0xff, 0, 0, 0, 0, 0];
}
