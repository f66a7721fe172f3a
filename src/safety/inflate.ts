/**
 * Raw deflate through the Compression Streams API
 * (`DecompressionStream('deflate-raw')`, in Node 20 and browsers): the only
 * asynchronous step of a scan, used by `scanAsync` for deflated zip members.
 */

/**
 * Inflates raw deflate data, stopping at `max` bytes.
 * @param input the compressed bytes.
 * @param max the most bytes to produce.
 * @param prefixOnly true to return the first bytes (at least `max` when there are that many) instead of failing at `max`.
 * @returns the inflated bytes, or a message saying why there are none.
 * @throws never.
 */
export async function inflate(input: Uint8Array, max: number, prefixOnly = false): Promise<Uint8Array | string> {
  const Stream = (globalThis as { DecompressionStream?: typeof DecompressionStream }).DecompressionStream;
  if (Stream === undefined) return 'deflated member: DecompressionStream is not available here';
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const ds = new Stream('deflate-raw' as CompressionFormat);
    const writer = ds.writable.getWriter();
    writer.write(input.slice()).catch(() => undefined);
    writer.close().catch(() => undefined);
    const reader = ds.readable.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > max) {
        await reader.cancel().catch(() => undefined);
        if (prefixOnly) {
          chunks.push(value);
          break;
        }
        return `inflated size exceeds maxBytes (${max} bytes left); raise options.maxBytes`;
      }
      chunks.push(value);
    }
  } catch (e) {
    if (prefixOnly && total > 0) return concat(chunks, total);
    return `deflate data is corrupt: ${String((e as Error)?.message ?? e)}`;
  }
  return concat(chunks, total);
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(
    Math.min(
      total,
      chunks.reduce((n, c) => n + c.length, 0),
    ),
  );
  let at = 0;
  for (const c of chunks) {
    out.set(c.subarray(0, out.length - at), at);
    at += Math.min(c.length, out.length - at);
  }
  return out;
}
