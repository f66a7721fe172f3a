import type { ParsedArgs } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { runScanCommand } from '../scan-command.js';
import type { Command } from './command.js';

/** `picklejar scan`: the scanner's own command, which parses and documents its arguments. */
export const scanCommand: Command = {
  name: 'scan',
  summary: 'report what a pickle would import and call if Python loaded it (text or JSON)',
  usage: '[options] [FILE...]',
  description: 'See `picklejar scan --help`.',
  options: [],
  raw: true,
  run: (args: ParsedArgs, io: CliIo): Promise<number> => runScanCommand(args.positionals, io, { text: true }),
};
