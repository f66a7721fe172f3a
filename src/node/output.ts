import { createWriteStream, type WriteStream } from 'node:fs';
import type { CliIo, CliOutput } from './cli-io.js';
import { describeFsError, InputError } from './input.js';

/** Where a command writes: standard output, or a file named by `-o`. */
export interface Sink extends CliOutput {
  /** Flushes and closes a file sink; a no-op for standard output. */
  close(): Promise<void>;
}

/**
 * Opens the output named by `-o` (created or truncated at once, as Python's
 * argparse.FileType('w') does), or standard output when `path` is absent or `-`.
 * @throws {InputError} when the file cannot be created.
 */
export async function openSink(path: string | undefined, io: CliIo): Promise<Sink> {
  if (path === undefined || path === '-') {
    const out = io.stdout;
    return {
      write: (chunk) => out.write(chunk),
      isTTY: out.isTTY,
      columns: out.columns,
      close: () => Promise.resolve(),
    };
  }
  const stream = createWriteStream(path);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (err) => reject(new InputError(`${path}: ${describeFsError(err)}`)));
  });
  let failure: unknown;
  stream.on('error', (err) => (failure = err));
  return {
    write: (chunk) => stream.write(chunk),
    isTTY: false,
    close: () => closeStream(stream, path, () => failure),
  };
}

function closeStream(stream: WriteStream, path: string, failure: () => unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.end(() => {
      const err = failure();
      if (err) reject(new InputError(`${path}: ${describeFsError(err)}`));
      else resolve();
    });
  });
}

/**
 * Refuses to dump binary pickle bytes onto a terminal, where they would only
 * garble the screen.
 * @throws {InputError} when `sink` is a terminal.
 */
export function refuseBinaryOnTerminal(sink: Sink, what: string): void {
  if (sink.isTTY) throw new InputError(`refusing to write ${what} to a terminal; use -o FILE or redirect standard output`);
}
