import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { CliIo } from './cli-io.js';
import type { Progress } from './progress.js';
import { unwrapPickleBytes } from '../containers/open.js';
import { NATIVE_DECODERS } from './native-codecs.js';
import type { CodecName } from '../containers/magic.js';

/** Inputs at least this large are read in chunks so that the progress bar can move. */
const STREAM_FROM_BYTES = 1 << 20;

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
  return { name, data: await readStream(stream, progress) };
}

async function readStream(stream: NodeJS.ReadableStream, progress: Progress): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
      chunks.push(bytes);
      total += bytes.length;
      progress.update(total);
    }
  } catch (err) {
    throw new InputError(describeFsError(err));
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
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
export async function readPickleInput(arg: string, io: CliIo, progress: Progress): Promise<PickleInput> {
  const input = await readInput(arg, io, progress);
  const found = unwrapPickleBytes(input.data, undefined, NATIVE_DECODERS);
  return { name: input.name, data: found.data, raw: input.data, codec: found.codec, member: found.member };
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
