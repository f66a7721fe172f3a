import { UsageError } from '../args.js';
import type { CliIo } from '../cli-io.js';

/** Inputs at least this large ("a few MiB") announce the (blocking) decoding step on the progress bar. */
export const LARGE_INPUT = 4 << 20;

/**
 * The inputs to read: the FILE arguments, or standard input when there are
 * none and standard input is not a terminal.
 * @throws {UsageError} when there is no FILE and standard input is a terminal.
 */
export function inputsOrStdin(positionals: readonly string[], io: CliIo): string[] {
  if (positionals.length > 0) return [...positionals];
  if (io.stdin.isTTY) throw new UsageError('no input: give a FILE, or pipe a pickle to standard input');
  return ['-'];
}

/**
 * Exactly one input (FILE or `-`; standard input when absent and piped).
 * @throws {UsageError} when there are several, or none on a terminal.
 */
export function singleInput(positionals: readonly string[], io: CliIo): string {
  const inputs = inputsOrStdin(positionals, io);
  if (inputs.length > 1) throw new UsageError(`expected one input, got ${inputs.length}`);
  return inputs[0];
}
