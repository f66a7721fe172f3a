/**
 * Python's `bytearray`: a mutable byte sequence, distinct from `bytes`
 * (which picklejar represents as a plain `Uint8Array`).
 */
export class ByteArray extends Uint8Array {
  /**
   * Copies `bytes` into a new bytearray.
   * @param bytes the contents; copied.
   */
  static fromBytes(bytes: ArrayLike<number>): ByteArray {
    const out = new ByteArray(bytes.length);
    out.set(bytes);
    return out;
  }
}
