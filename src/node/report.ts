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

/** Writes `picklejar CMD: [NAME: ]MESSAGE` on standard error. */
export function reportError(stderr: CliOutput, command: string, err: unknown, name?: string): void {
  const prefix = command ? `picklejar ${command}: ` : 'picklejar: ';
  stderr.write(prefix + (name ? `${name}: ` : '') + describeError(err) + '\n');
}
