/**
 * Python's `pickle.PickleBuffer` (protocol 5): a zero-copy view of a byte
 * buffer that the pickler may hand to `bufferCallback` to send out of band
 * (`NEXT_BUFFER`, plus `READONLY_BUFFER` when read-only) instead of copying it
 * into the pickle.
 */
import { PickleError } from '../errors.js';
import { ByteArray } from '../values/byte-array.js';

/** Options of `new PickleBuffer`. */
export interface PickleBufferOptions {
  /**
   * Whether the buffer is read-only. Default: false for a `ByteArray`
   * (Python's `bytearray`), true for any other view (Python's `bytes`).
   */
  readonly readonly?: boolean;
}

/** A view of a buffer, pickled by reference at protocol 5. */
export class PickleBuffer {
  #view: Uint8Array | null;
  /** True when the consumer must not write through the view (Python's `memoryview.readonly`). */
  readonly readonly: boolean;

  /**
   * Wraps `data` without copying it.
   * @param data the bytes: any typed array, `DataView` or `ArrayBuffer`.
   * @param options see `PickleBufferOptions`.
   */
  constructor(data: ArrayBufferView | ArrayBuffer, options: PickleBufferOptions = {}) {
    this.#view =
      data instanceof Uint8Array ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
    this.readonly = options.readonly ?? !(data instanceof ByteArray);
  }

  /**
   * The bytes, as a `Uint8Array` view sharing memory with the wrapped buffer
   * (Python's `PickleBuffer.raw()`).
   * @throws PickleError once released.
   */
  raw(): Uint8Array {
    if (this.#view === null) throw new PickleError('operation forbidden on released PickleBuffer object');
    return this.#view;
  }

  /** The length in bytes (0 once released). */
  get byteLength(): number {
    return this.#view?.byteLength ?? 0;
  }

  /** Drops the reference to the buffer (Python's `PickleBuffer.release()`). */
  release(): void {
    this.#view = null;
  }
}
