/**
 * The binary inputs the public entry points accept, and the one place that
 * turns them into the `Uint8Array` the readers work on (a view, never a copy).
 */

/**
 * Bytes in any of the forms JavaScript holds them: a `Uint8Array` (or Node
 * `Buffer`), an `ArrayBuffer` / `SharedArrayBuffer`, a `DataView`, or any other
 * typed array (its underlying bytes, in platform order).
 */
export type BytesLike = Uint8Array | ArrayBufferLike | ArrayBufferView;

/**
 * A `Uint8Array` view of `data`'s bytes, or `undefined` when `data` is not binary.
 * @param data anything; checked here so callers can report a precise error.
 * @returns `data` itself when it is a `Uint8Array`, else a view on the same memory.
 * @throws never.
 */
export function asBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  // SharedArrayBuffer is missing where cross-origin isolation is off (browsers).
  const Shared = (globalThis as { SharedArrayBuffer?: typeof SharedArrayBuffer }).SharedArrayBuffer;
  if (Shared !== undefined && data instanceof Shared) return new Uint8Array(data);
  return undefined;
}
