/** The options and results of the stream readers (load-stream.ts, pickle-reader.ts). */
import type { DecompressLimits } from '../codecs/limits.js';
import type { Decoders } from '../codecs/decompress.js';
import type { UnpicklerOptions } from '../unpickler/index.js';
import type { CodecName } from '../containers/magic.js';

/** Options of the stream readers: the unpickler's options, and the stream's own. */
export interface StreamLoadOptions extends UnpicklerOptions {
  /** Called after each chunk with the number of (compressed, as read) bytes so far. */
  readonly onProgress?: (bytesRead: number) => void;
  /** The most bytes one pickle may take; the walk refuses longer ones before buffering them. Default 1 GiB. */
  readonly maxPickleBytes?: number;
  /** Recognise gzip/zlib/… by magic bytes and decompress (bounded). Default true. */
  readonly decompress?: boolean;
  /** Limits on decompressed size. Default: `DEFAULT_DECOMPRESS_LIMITS`. */
  readonly decompressLimits?: DecompressLimits;
  /** Decoders to use instead of picklejar's own, by codec (`picklejar/node` passes native ones). */
  readonly decoders?: Decoders;
  /** Told the codec once the first bytes are seen (undefined when not compressed). */
  readonly onCodec?: (codec: CodecName | undefined) => void;
}

/** One pickle read from a stream. */
export interface StreamedPickle {
  readonly value: unknown;
  /** Byte offset where the pickle starts (in the decompressed stream, when compressed). */
  readonly offset: number;
}
