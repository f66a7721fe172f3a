import { PickleError } from '../errors.js';
import type { CliOutput } from './cli-io.js';

/**
 * Turns any thrown value into one line of text: picklejar's own errors keep
 * their class name (`UnpicklingError: ...`), file and usage errors are shown as
 * they are, and anything unexpected is still one line, never a stack trace.
 */
export function describeError(err: unknown): string {
  let text: string;
  if (err instanceof PickleError) text = `${err.name}: ${err.message}`;
  else if (err instanceof Error) {
    const known = ['InputError', 'UsageError'];
    text = known.includes(err.name) ? err.message : `${err.name}: ${err.message}`;
  } else text = String(err);
  return oneLine(text);
}

/** Collapses line breaks so that an error always prints as a single line. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** Commands that accept --lossless and --encoding, so that a hint can point at them. */
const LOADING_COMMANDS = new Set(['show']);

/**
 * What to try on the command line after `err`, or '' when there is nothing to suggest:
 * `--lossless` for persistent ids and out-of-band buffers (shown unresolved instead of
 * failing), `--encoding latin1` for Python 2 strings that are not ASCII.
 * @throws never.
 */
export function errorHint(err: unknown, command: string): string {
  if (!(err instanceof PickleError) || !LOADING_COMMANDS.has(command)) return '';
  const m = err.message;
  if (/persistent id|persistent_load/.test(m)) return ' (hint: --lossless shows persistent ids unresolved instead of failing)';
  if (/out-of-band/.test(m)) return ' (hint: --lossless shows out-of-band buffers unresolved instead of failing)';
  if (/'ascii' codec can't decode/.test(m)) return ' (hint: this looks like a Python 2 pickle; try --encoding latin1, or --encoding bytes)';
  return '';
}

/** Writes `picklejar CMD: [NAME: ]MESSAGE[ (hint: …)]` on standard error. */
export function reportError(stderr: CliOutput, command: string, err: unknown, name?: string): void {
  const prefix = command ? `picklejar ${command}: ` : 'picklejar: ';
  stderr.write(prefix + (name ? `${name}: ` : '') + describeError(err) + errorHint(err, command) + '\n');
}
