/**
 * Deflate, zlib and gzip through fflate (sync, browser-safe, no dependencies),
 * with picklejar's decompression limits. fflate's one-shot functions cannot
 * stop early, so inflation goes through its streaming class and is checked
 * chunk by chunk.
 */
import { Inflate, Gunzip, Unzlib, deflateSync, gzipSync, zlibSync } from 'fflate';
import { DecompressionError, checkDecompressed, resolveDecompressLimits, type DecompressLimits } from './limits.js';

type StreamDecoder = { ondata: (chunk: Uint8Array, final: boolean) => void; push(chunk: Uint8Array, final?: boolean): void };

function inflateWith(decoder: StreamDecoder, input: Uint8Array, codec: string, limits: DecompressLimits | undefined): Uint8Array {
  const resolved = resolveDecompressLimits(limits);
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  let consumed = 0;
  decoder.ondata = (chunk, final) => {
    total += chunk.length;
    checkDecompressed(total, consumed, resolved, codec);
    chunks.push(chunk);
    if (final) ended = true;
  };
  const STEP = 1 << 16;
  try {
    for (let at = 0; at < input.length; at += STEP) {
      const end = Math.min(at + STEP, input.length);
      consumed = end;
      decoder.push(input.subarray(at, end), end === input.length);
    }
    if (input.length === 0) decoder.push(input, true);
  } catch (e) {
    if (e instanceof DecompressionError) throw e;
    throw new DecompressionError(`${codec} data is corrupt: ${(e as Error)?.message ?? String(e)}`);
  }
  if (!ended) throw new DecompressionError(`${codec} data is truncated`);
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Inflates raw deflate data (zip members, `DecompressionStream('deflate-raw')`).
 * @throws DecompressionError when the data is corrupt, truncated or over a limit.
 */
export function inflateRaw(input: Uint8Array, limits?: DecompressLimits): Uint8Array {
  return inflateWith(new Inflate() as unknown as StreamDecoder, input, 'deflate', limits);
}

/**
 * Decompresses zlib data (RFC 1950: joblib's `.z` files).
 * @throws DecompressionError when the data is corrupt, truncated or over a limit.
 */
export function unzlib(input: Uint8Array, limits?: DecompressLimits): Uint8Array {
  return inflateWith(new Unzlib() as unknown as StreamDecoder, input, 'zlib', limits);
}

/**
 * Decompresses gzip data (RFC 1952). Only the first member is read here; the
 * codec layer handles files of several members.
 * @throws DecompressionError when the data is corrupt, truncated or over a limit.
 */
export function gunzip(input: Uint8Array, limits?: DecompressLimits): Uint8Array {
  return inflateWith(new Gunzip() as unknown as StreamDecoder, input, 'gzip', limits);
}

/** Raw deflate at `level` (0–9, default 6, as zlib). @throws never. */
export function deflateRaw(input: Uint8Array, level = 6): Uint8Array {
  return deflateSync(input, { level: level as 6 });
}

/** zlib (RFC 1950) at `level` (0–9, default 6). @throws never. */
export function zlib(input: Uint8Array, level = 6): Uint8Array {
  return zlibSync(input, { level: level as 6 });
}

/** gzip (RFC 1952) at `level` (0–9, default 9 as Python's `gzip.compress`), mtime 0. @throws never. */
export function gzip(input: Uint8Array, level = 9): Uint8Array {
  return gzipSync(input, { level: level as 9, mtime: 0 });
}
