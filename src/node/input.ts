import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { CliIo } from './cli-io.js';
import type { Progress } from './progress.js';
import { unwrapPickleBytes } from '../containers/open.js';
import { NATIVE_DECODERS } from './native-codecs.js';
import type { CodecName } from '../containers/magic.js';
import { loadTorchByRandomAccess, RANDOM_ACCESS_FROM, readTorchDataPkl } from './torch-file.js';
import type { ReadTorchOptions } from '../containers/torch.js';
import { findPickleEnd, pendingPayload, type PickleEndScan } from '../stream/pickle-end.js';

/** Inputs at least this large are read in chunks so that the progress bar can move. */
const STREAM_FROM_BYTES = 1 << 20;
/** Payloads at least this large are placed on an ALIGN boundary (as the streaming reader does). */
const BULK_PAYLOAD = 64 * 1024;
/** numpy's alignment: a multiple of every dtype's element size. */
const ALIGN = 64;

/** A file (or standard input) read whole. */
export interface Input {
  /** The name to show: the path as given, or `<stdin>` for `-`. */
  readonly name: string;
  readonly data: Uint8Array;
}

/** A file that could not be read or written; the message is one short line (the caller names the file). */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** The display name of an input argument: `-` is standard input. */
export function inputName(arg: string): string {
  return arg === '-' ? '<stdin>' : arg;
}

/**
 * Reads a whole input: a file path, or `-` for standard input.
 * @throws {InputError} when the file is missing, a directory, or unreadable (the message does not repeat the name).
 */
export async function readInput(arg: string, io: CliIo, progress: Progress): Promise<Input> {
  const name = inputName(arg);
  if (arg === '-') {
    progress.start(`reading ${name}`, 0);
    return { name, data: await readStream(io.stdin, progress) };
  }
  let size: number;
  try {
    const info = await stat(arg);
    if (info.isDirectory()) throw new InputError('is a directory');
    size = info.size;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(describeFsError(err));
  }
  progress.start(`reading ${name}`, size);
  // Small files and special files (size 0: pipes, /dev/stdin) are simply streamed; the bar stays hidden for small ones.
  const stream = createReadStream(arg, { highWaterMark: size >= STREAM_FROM_BYTES ? 1 << 20 : 64 * 1024 });
  return { name, data: await readStream(stream, progress, size >= STREAM_FROM_BYTES ? size : 0) };
}

/**
 * Reads a stream whole. With `expected` (a large regular file's size), the
 * chunks go straight into one buffer of that size (no second copy of the file
 * held at once), placed so that the large payload the first chunk starts (a
 * numpy array's data, say) sits on a 64-byte boundary (see `alignmentPad`).
 * A file that turns out longer than `expected` falls back to collecting chunks.
 */
async function readStream(stream: NodeJS.ReadableStream, progress: Progress, expected = 0): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let whole: Uint8Array | undefined;
  let pad = 0;
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
      if (total === 0 && expected > 0) {
        pad = alignmentPad(bytes);
        whole = new Uint8Array(pad + expected);
      }
      if (whole !== undefined && pad + total + bytes.length <= whole.length) whole.set(bytes, pad + total);
      else {
        if (whole !== undefined) chunks.push(whole.subarray(pad, pad + total));
        whole = undefined;
        chunks.push(bytes);
      }
      total += bytes.length;
      progress.update(total);
    }
  } catch (err) {
    throw new InputError(describeFsError(err));
  }
  if (whole !== undefined) return whole.subarray(pad, pad + total);
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * How far into a fresh buffer to place a file whose first bytes are `head`,
 * so that the first large payload of the pickle it starts (found by walking
 * the opcodes in `head`: the payload the walk stops in) lands on a 64-byte
 * boundary: loaded with `bytesViews`, a numpy array then views the file's
 * bytes instead of deferring a copy. 0 for anything else (other formats, no
 * large payload in the head, a malformed head).
 * @throws never
 */
export function alignmentPad(head: Uint8Array): number {
  if (head.length < 2 || head[0] !== 0x80) return 0;
  let scan: PickleEndScan;
  try {
    scan = findPickleEnd(head, 0, Number.MAX_SAFE_INTEGER, 0, 0);
  } catch {
    return 0;
  }
  if (scan.end >= 0) return 0;
  const payload = pendingPayload(head, scan.resume);
  if (payload === undefined || payload.end - payload.start < BULK_PAYLOAD) return 0;
  return (ALIGN - (payload.start % ALIGN)) % ALIGN;
}

/** A big zip torch checkpoint loaded by random access rather than read whole. */
export interface BigTorchInput {
  /** The path as given. */
  readonly name: string;
  readonly value: unknown;
  /** The file's size. */
  readonly size: number;
  /** The bytes actually read: the zip directory, data.pkl and the storages it names. */
  readonly bytesRead: number;
}

/**
 * Loads a zip torch checkpoint of at least `threshold` bytes by random access, as `load(path)`
 * does (torch-file.ts): the CLI then never holds the whole file (a 2.4 GB checkpoint read whole
 * took 4.7 GB). Anything else (standard input, a smaller file, another format) is left to
 * {@link readInput}.
 * @param options the unpickler options (the torch reader supplies its own persistent_load).
 * @returns the value, or undefined when the input is not such a file.
 * @throws {InputError} when the file cannot be opened or read.
 * @throws UnpicklingError / ZipError (PickleErrors) as `readTorch` does for a broken checkpoint.
 */
export async function readBigTorchInput(
  arg: string,
  options: ReadTorchOptions & { readonly persistentLoad?: unknown; readonly firstOnly?: boolean; readonly decoders?: unknown },
  progress: Progress,
  threshold = RANDOM_ACCESS_FROM,
): Promise<BigTorchInput | undefined> {
  const size = await bigFileSize(arg, threshold);
  if (size === undefined) return undefined;
  const { persistentLoad: _p, firstOnly: _f, decoders: _d, ...torchOptions } = options;
  progress.start(`reading ${arg}`, size);
  let r: { value: unknown; bytesRead: number } | undefined;
  try {
    r = loadTorchByRandomAccess(arg, torchOptions, threshold);
  } catch (err) {
    // Node's errors (open, read) become InputErrors; the library's own errors pass as they are.
    if (err instanceof Error && typeof (err as { code?: unknown }).code === 'string') throw new InputError(describeFsError(err));
    throw err;
  }
  if (r === undefined) return undefined;
  progress.update(size);
  return { name: arg, value: r.value, size, bytesRead: r.bytesRead };
}

/** The size of `arg` when it is a regular file of `threshold` bytes or more; undefined otherwise (readInput then reports a missing or unreadable file). */
async function bigFileSize(arg: string, threshold: number): Promise<number | undefined> {
  if (arg === '-') return undefined;
  try {
    const info = await stat(arg);
    return info.isFile() && info.size >= threshold ? info.size : undefined;
  } catch {
    return undefined;
  }
}

/** An input whose pickle stream has been found: decompressed, or taken out of a zip. */
export interface PickleInput extends Input {
  /** The bytes as read, before decompression. */
  readonly raw: Uint8Array;
  readonly codec?: CodecName;
  /** The zip member that holds the pickle (pandas zip, PyTorch checkpoint's data.pkl). */
  readonly member?: string;
}

/**
 * Reads an input and finds the pickle stream in it: compressed files (gzip, zlib, and the codecs
 * this build has) are decompressed, a pandas zip's member or a PyTorch checkpoint's data.pkl is
 * taken out. Content decides, not the file name.
 * @throws {InputError} when the file cannot be read.
 * @throws NotAPickleError / DecompressionError (PickleErrors) for files without a pickle stream.
 */
export async function readPickleInput(arg: string, io: CliIo, progress: Progress, threshold = RANDOM_ACCESS_FROM): Promise<PickleInput> {
  // A big zip torch checkpoint: only its directory and data.pkl are read (torch-file.ts).
  const big = await readBigDataPkl(arg, progress, threshold);
  if (big !== undefined) return big;
  const input = await readInput(arg, io, progress);
  const found = unwrapPickleBytes(input.data, undefined, NATIVE_DECODERS);
  return { name: input.name, data: found.data, raw: input.data, codec: found.codec, member: found.member };
}

async function readBigDataPkl(arg: string, progress: Progress, threshold: number): Promise<PickleInput | undefined> {
  const size = await bigFileSize(arg, threshold);
  if (size === undefined) return undefined;
  progress.start(`reading ${arg}`, size);
  let r: ReturnType<typeof readTorchDataPkl>;
  try {
    r = readTorchDataPkl(arg, threshold);
  } catch (err) {
    if (err instanceof Error && typeof (err as { code?: unknown }).code === 'string') throw new InputError(describeFsError(err));
    throw err;
  }
  if (r === undefined) return undefined;
  progress.update(size);
  // What was read is data.pkl: it stands for the raw bytes too.
  return { name: arg, data: r.data, raw: r.data, member: r.member };
}

/** Turns a Node file-system error into the short phrase `ls` or `cat` would print. */
export function describeFsError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    case 'EMFILE':
      return 'too many open files';
    default:
      return err instanceof Error ? err.message.split('\n')[0] : String(err);
  }
}
