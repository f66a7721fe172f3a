import { formatOptions, parseArgs, UsageError } from './args.js';
import type { CliIo } from './cli-io.js';
import type { Command } from './commands/command.js';
import { HELP_OPTION, SHOW_HELP } from './commands/command.js';
import { convertCommand } from './commands/convert.js';
import { disCommand } from './commands/dis.js';
import { optimizeCommand } from './commands/optimize.js';
import { scanCommand } from './commands/scan.js';
import { showCommand } from './commands/show.js';
import { reportError } from './report.js';
import { packageVersion } from './version.js';

/** Every subcommand, in the order `picklejar --help` lists them. */
export const COMMANDS: readonly Command[] = [showCommand, disCommand, optimizeCommand, convertCommand, scanCommand];

/** The text of `picklejar --help`. */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'usage: picklejar COMMAND [options] [FILE...]',
    '       picklejar --version',
    '',
    "Python's pickle and pickletools in TypeScript: read, show, disassemble,",
    'optimize and convert pickles without Python, and without running them.',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    "Run 'picklejar COMMAND --help' for a command's options.",
    '',
    'Every command reads standard input when no FILE is given, and opens files by',
    'content: plain, gzip, zlib, bz2, xz, lzma, zstd and lz4 compressed pickles,',
    'pandas zips, PyTorch checkpoints, numpy and joblib files.',
    '',
    'environment:',
    '  PICKLEJAR_PROGRESS  always: draw the progress bar on stderr even when it is',
    '                      not a terminal; never: not even on a terminal (default:',
    '                      on a terminal, for inputs over 4 MiB or slow to read)',
    '  NO_COLOR            set: no colours',
    '',
  ].join('\n');
}

/** The text of `picklejar COMMAND --help`. */
export function commandHelp(command: Command): string {
  const lines = [`usage: picklejar ${command.name} ${command.usage}`, '', command.description, '', 'options:', formatOptions(command.options)];
  if (command.examples && command.examples.length > 0) {
    lines.push('', 'examples:', ...command.examples.map((e) => `  ${e}`));
  }
  return lines.join('\n') + '\n';
}

/**
 * Runs the picklejar command line with `argv` (without `node` and the script)
 * and resolves to the exit status: 0 on success, 1 when an input failed, 2 for
 * a usage mistake. Every error is written to `io.stderr` as one line.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    const topic = first === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    if (topic?.raw) return await topic.run({ options: {}, positionals: ['--help'] }, io);
    // A bare `picklejar` is a usage mistake: the help goes to standard error with status 2.
    (first === undefined ? io.stderr : io.stdout).write(topic ? commandHelp(topic) : mainHelp());
    return first === undefined ? 2 : 0;
  }
  if (first === '-V' || first === '--version' || first === 'version') {
    io.stdout.write(`picklejar ${packageVersion()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (command === undefined) {
    const hint = first.startsWith('-') ? `unknown option ${first}` : `unknown command '${first}'`;
    io.stderr.write(`picklejar: ${hint} (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see picklejar --help)\n`);
    return 2;
  }
  try {
    if (command.raw) return await command.run({ options: {}, positionals: rest }, io);
    const args = parseArgs(rest, [...command.options, ...(command.options.includes(HELP_OPTION) ? [] : [HELP_OPTION])]);
    if (args.options.help === true) {
      io.stdout.write(commandHelp(command));
      return 0;
    }
    const status = await command.run(args, io);
    if (status === SHOW_HELP) {
      io.stdout.write(commandHelp(command));
      return 0;
    }
    return status;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`picklejar ${command.name}: ${err.message} (see picklejar ${command.name} --help)\n`);
      return 2;
    }
    reportError(io.stderr, command.name, err);
    return 1;
  }
}
