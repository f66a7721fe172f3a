/**
 * The parts of the web streams API that picklejar's public signatures name,
 * declared structurally so that the published `.d.ts` compile without the DOM
 * lib (a Node-only or worker TypeScript project). A real `ReadableStream`,
 * `Blob` or `Response` satisfies them.
 */

/** One step of a stream reader, as `ReadableStreamDefaultReader.read()` resolves. */
export type ByteReadResult = { readonly done: false; readonly value: Uint8Array } | { readonly done: true; readonly value?: Uint8Array };

/** What picklejar uses of a `ReadableStreamDefaultReader<Uint8Array>`. */
export interface ByteStreamReader {
  read(): Promise<ByteReadResult>;
  cancel(reason?: unknown): Promise<void>;
  releaseLock(): void;
}

/** What picklejar uses of a `ReadableStream<Uint8Array>`. */
export interface ByteStream {
  getReader(): ByteStreamReader;
}

/** What picklejar uses of a `Blob` / `File`. */
export interface BlobLike {
  readonly size: number;
  stream(): ByteStream;
}

/** What picklejar uses of a fetch `Response`. */
export interface ResponseLike {
  readonly body: ByteStream | null;
}
