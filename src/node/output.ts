import { closeSync, openSync, writeSync } from 'node:fs';
import type { CliIo, CliOutput } from './cli-io.js';
import { describeFsError, InputError } from './input.js';

/** Where a command writes: standard output, or a file named by `-o`. */
export interface Sink extends CliOutput {
  /** Flushes and closes a file sink; a no-op for standard output. */
  close(): Promise<void>;
  /** True for a file written synchronously, which keeps no reference to the chunks it is given. */
  readonly isFile?: boolean;
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
  // Written synchronously through a descriptor: commands that stream a long output (dis of a
  // 200 MB pickle) produce it in a synchronous loop, and an async stream would buffer it all.
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (err) {
    throw new InputError(`${path}: ${describeFsError(err)}`);
  }
  const encoder = new TextEncoder();
  return {
    write: (chunk) => {
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      let at = 0;
      try {
        while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
      } catch (err) {
        throw new InputError(`${path}: ${describeFsError(err)}`);
      }
      return true;
    },
    isTTY: false,
    isFile: true,
    close: () => {
      closeSync(fd);
      return Promise.resolve();
    },
  };
}

/**
 * Refuses to dump binary pickle bytes onto a terminal, where they would only
 * garble the screen.
 * @throws {InputError} when `sink` is a terminal.
 */
export function refuseBinaryOnTerminal(sink: Sink, what: string): void {
  if (sink.isTTY) throw new InputError(`refusing to write ${what} to a terminal; use -o FILE or redirect standard output`);
}
