import type { OptionSpec, ParsedArgs } from '../args.js';
import type { CliIo } from '../cli-io.js';

/** One `picklejar` subcommand. */
export interface Command {
  /** The word after `picklejar`, e.g. `dis`. */
  readonly name: string;
  /** One line for the overview in `picklejar --help`. */
  readonly summary: string;
  /** The usage line after `picklejar NAME `, e.g. `[options] FILE...`. */
  readonly usage: string;
  /** A paragraph (or a few) shown by `--help` between the usage and the options. */
  readonly description: string;
  readonly options: readonly OptionSpec[];
  /** Examples shown at the end of `--help`. */
  readonly examples?: readonly string[];
  /**
   * Runs the command with arguments already parsed; resolves to the exit status.
   * Commands that parse their own arguments set `raw` and receive them unparsed.
   */
  run(args: ParsedArgs, io: CliIo): Promise<number>;
  /** When true, `run` receives every argument as a positional and parses (and documents) them itself. */
  readonly raw?: boolean;
}

/** The `-h/--help` option every command accepts. */
export const HELP_OPTION: OptionSpec = { key: 'help', long: 'help', short: 'h', help: 'show this help and exit' };

/** What `run` returns to have the CLI print the command's help on standard output and exit 0. */
export const SHOW_HELP = -1;
