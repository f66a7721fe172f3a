/**
 * Compressed streams of pickles: gzip and zlib are inflated as they arrive
 * through the platform's `DecompressionStream` where it exists, zstd and bz2
 * by picklejar's incremental decoders; anything else
 * (or a runtime without it) is read whole and decompressed by the container
 * layer. Output is bounded by the same limits as whole-buffer decompression.
 */
import { DecompressionError, checkDecompressed, resolveDecompressLimits, type DecompressLimits } from '../codecs/limits.js';
import { PickleError } from '../errors.js';
import type { Decoders } from '../codecs/decompress.js';
import { ZstdStreamDecoder } from '../codecs/zstd-stream.js';
import { Bz2StreamDecoder } from '../codecs/bz2-decode.js';
import { decompressBuffer } from '../containers/codec-bridge.js';
import { sniffCompression, type CodecName } from '../containers/magic.js';

/** The first bytes of a stream, and the rest of it. */
export interface Peeked {
  readonly head: Uint8Array;
  readonly rest: AsyncIterator<Uint8Array>;
}

/**
 * Reads chunks until at least `n` bytes are in hand (or the stream ends); `head` holds them and
 * `rest` the chunks after them. @throws whatever the source throws.
 */
export async function peek(chunks: AsyncIterator<Uint8Array>, n: number): Promise<Peeked> {
  const parts: Uint8Array[] = [];
  let total = 0;
  while (total < n) {
    const step = await chunks.next();
    if (step.done) break;
    parts.push(step.value);
    total += step.value.length;
  }
  return { head: concat(parts, total), rest: chunks };
}

/** Joins chunks into one array. @throws never. */
export function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** `head` followed by the rest of the chunks, counting bytes into `counter.n`. @throws whatever the source throws. */
export async function* prepend(head: Uint8Array, rest: AsyncIterator<Uint8Array>, counter: { n: number }): AsyncGenerator<Uint8Array> {
  if (head.length > 0) {
    counter.n += head.length;
    yield head;
  }
  for (;;) {
    const step = await rest.next();
    if (step.done) return;
    counter.n += step.value.length;
    yield step.value;
  }
}

/** What `maybeDecompress` found. */
export interface Decompressed {
  readonly codec: CodecName | undefined;
  readonly chunks: AsyncGenerator<Uint8Array>;
}

/**
 * Looks at the first bytes of `chunks`; when they are compressed, returns the decompressed chunks.
 * @throws DecompressionError (while iterating) for corrupt, truncated or over-limit data.
 */
export async function maybeDecompress(chunks: AsyncIterator<Uint8Array>, limits: DecompressLimits | undefined, decoders?: Decoders): Promise<Decompressed> {
  const { head, rest } = await peek(chunks, 16);
  const codec = sniffCompression(head);
  const counter = { n: 0 };
  const raw = prepend(head, rest, counter);
  if (codec === undefined) return { codec, chunks: raw };
  const resolved = resolveDecompressLimits(limits);
  if ((codec === 'gzip' || codec === 'zlib') && typeof DecompressionStream !== 'undefined') {
    return { codec, chunks: platformInflate(raw, codec, counter, resolved) };
  }
  // zstd streams decode as they arrive even where a faster whole-buffer decoder is given: memory first.
  if (codec === 'zstd') return { codec, chunks: streamDecode(raw, (onData) => new ZstdStreamDecoder(limits, onData)) };
  // bz2 blocks are decoded as they arrive too (bz2-decode.ts), holding about one block.
  if (codec === 'bz2') return { codec, chunks: streamDecode(raw, (onData) => new Bz2StreamDecoder(limits, onData)) };
  return { codec, chunks: wholeBuffer(raw, codec, limits, decoders) };
}

/** An incremental decoder: `push` compressed chunks, `finish` at the end. */
interface PushDecoder {
  push(chunk: Uint8Array): void;
  finish(): void;
}

/** Compressed chunks decoded as they arrive, so a long stream of pickles is never held whole. */
async function* streamDecode(raw: AsyncGenerator<Uint8Array>, make: (onData: (chunk: Uint8Array) => void) => PushDecoder): AsyncGenerator<Uint8Array> {
  let out: Uint8Array[] = [];
  const decoder = make((chunk) => out.push(chunk));
  for await (const c of raw) {
    decoder.push(c);
    if (out.length > 0) {
      const ready = out;
      out = [];
      yield* ready;
    }
  }
  decoder.finish();
  yield* out;
}

async function* wholeBuffer(
  raw: AsyncGenerator<Uint8Array>,
  codec: CodecName,
  limits: DecompressLimits | undefined,
  decoders: Decoders | undefined,
): AsyncGenerator<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const c of raw) {
    parts.push(c);
    total += c.length;
  }
  yield decompressBuffer(concat(parts, total), codec, limits, decoders);
}

async function* platformInflate(
  raw: AsyncGenerator<Uint8Array>,
  codec: 'gzip' | 'zlib',
  counter: { n: number },
  limits: ReturnType<typeof resolveDecompressLimits>,
): AsyncGenerator<Uint8Array> {
  const ds = new DecompressionStream(codec === 'gzip' ? 'gzip' : 'deflate');
  const writer = ds.writable.getWriter();
  // Feed the compressed bytes in the background; errors surface through the reader.
  const feeding = (async () => {
    try {
      for await (const c of raw) await writer.write(c as Uint8Array<ArrayBuffer>);
      await writer.close();
    } catch (err) {
      await writer.abort(err).catch(() => undefined);
    }
  })();
  const reader = ds.readable.getReader();
  let produced = 0;
  let finished = false;
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch (err) {
        if (err instanceof PickleError) throw err;
        const why = err instanceof Error ? err.message : String(err);
        throw new DecompressionError(`${codec} data is corrupt or truncated: ${why}`);
      }
      if (step.done) break;
      produced += step.value.length;
      checkDecompressed(produced, counter.n, limits, codec);
      yield step.value;
    }
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    await feeding;
  }
}
