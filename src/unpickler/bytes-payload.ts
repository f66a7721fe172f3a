/**
 * The value of a `bytes` opcode (SHORT_BINBYTES, BINBYTES, BINBYTES8): a
 * plain `Uint8Array` over `len` bytes of the input at `pos`, as a view or as
 * a copy (option `bytesViews`). Built with the `Uint8Array` constructor rather
 * than `slice` / `subarray`, which follow the input's class: a Node `Buffer`
 * input would give Buffers (and `Buffer#slice` is a view, unlike
 * `Uint8Array#slice`), so the result would depend on how the caller read it.
 */

/**
 * The payload at `[pos, pos + len)` of `data`, a view when `view` is true.
 * The caller has already checked the bounds.
 * @throws never
 */
export function bytesPayload(data: Uint8Array, pos: number, len: number, view: boolean): Uint8Array {
  if (view) return new Uint8Array(data.buffer, data.byteOffset + pos, len);
  const out = new Uint8Array(len);
  out.set(data.subarray(pos, pos + len));
  return out;
}
