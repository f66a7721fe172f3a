import { parseIntOption, type ParsedArgs } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { access, constants, stat } from 'node:fs/promises';
import { describeFsError, InputError, readPickleInput, inputName } from '../input.js';
import { dis, type DisMemo } from '../../tools/index.js';
import { openSink } from '../output.js';
import { progressFor } from '../progress.js';
import { reportError } from '../report.js';
import { HELP_OPTION, SHOW_HELP, type Command } from './command.js';
import { LARGE_INPUT } from './common.js';
import { formatPreamble } from './preamble.js';

/** `picklejar dis`: `python -m pickletools`, with the same flags and the same output. */
export const disCommand: Command = {
  name: 'dis',
  summary: 'disassemble pickles, exactly as `python -m pickletools` does',
  usage: '[options] [FILE...]',
  description: [
    'Disassembles one or more pickle files, printing the same text as',
    "CPython 3.11's `python -m pickletools` with the same flags. FILE may be -",
    'for standard input; with no FILE, standard input is read when it is not a',
    'terminal, otherwise this help is printed. Only the first pickle of each',
    'file is disassembled, as pickletools does. Compressed files (gzip, zlib, …),',
    'pandas zips and PyTorch checkpoints (their data.pkl) are opened by content.',
  ].join('\n'),
  options: [
    { key: 'output', long: 'output', short: 'o', value: 'OUTPUT', help: 'the file where the output should be written' },
    { key: 'memo', long: 'memo', short: 'm', help: 'preserve memo between disassemblies' },
    { key: 'indentlevel', long: 'indentlevel', short: 'l', value: 'INDENTLEVEL', help: 'the number of blanks by which to indent a new MARK level (default 4)' },
    { key: 'annotate', long: 'annotate', short: 'a', help: 'annotate each line with a short opcode description' },
    {
      key: 'preamble',
      long: 'preamble',
      short: 'p',
      value: 'PREAMBLE',
      help: 'if more than one pickle file is specified, print this before each disassembly (default "==> {name} <==")',
    },
    HELP_OPTION,
  ],
  examples: ['picklejar dis data.pkl', 'picklejar dis -a -l 2 a.pkl b.pkl', 'cat data.pkl | picklejar dis -'],
  run: runDis,
};

async function runDis(args: ParsedArgs, io: CliIo): Promise<number> {
  const o = args.options;
  const indentlevel = typeof o.indentlevel === 'string' ? parseIntOption(o.indentlevel, '-l/--indentlevel') : 4;
  const annotate = o.annotate === true ? 30 : 0;
  const preamble = typeof o.preamble === 'string' ? o.preamble : '==> {name} <==';
  let files = [...args.positionals];
  if (files.length === 0) {
    // pickletools prints its help when given no file; a pipe is read instead, which is more useful.
    if (io.stdin.isTTY) return SHOW_HELP;
    files = ['-'];
  }
  // Check the preamble before writing anything, so that a bad one is a usage error.
  if (files.length > 1) formatPreamble(preamble, 'x');
  // pickletools (argparse) opens every file before disassembling any: a missing one means no output at all.
  for (const file of files) {
    const problem = await unreadable(file);
    if (problem !== undefined) {
      reportError(io.stderr, 'dis', new InputError(problem), file);
      return 1;
    }
  }
  const sink = await openSink(typeof o.output === 'string' ? o.output : undefined, io);
  const memo = o.memo === true ? (new Map() as DisMemo) : undefined;
  const progress = progressFor(io);
  try {
    for (const file of files) {
      const name = inputName(file);
      try {
        const input = await readPickleInput(file, io, progress);
        progress.phase(`disassembling ${name}`, input.data.length >= LARGE_INPUT);
        if (files.length > 1) sink.write(formatPreamble(preamble, name) + '\n');
        let text: string;
        let started = false;
        try {
          // The text goes out in pieces as it is produced: memory stays proportional to the input.
          const write = (piece: string): void => {
            if (!started) progress.finish();
            started = true;
            sink.write(piece);
          };
          text = dis(input.data, { annotate, indentlevel, memo: files.length > 1 ? memo : undefined, write });
        } catch (err) {
          // pickletools has printed every line before the failing opcode by the time it raises.
          progress.finish();
          const partial = (err as { output?: unknown } | null)?.output;
          if (typeof partial === 'string') sink.write(partial);
          throw err;
        }
        progress.finish();
        sink.write(text);
      } catch (err) {
        progress.finish();
        // Like pickletools, stop at the first file that fails.
        reportError(io.stderr, 'dis', err, name);
        return 1;
      }
    }
  } finally {
    await sink.close();
  }
  return 0;
}

/** Why `file` cannot be read, or undefined when it can (standard input always can). */
async function unreadable(file: string): Promise<string | undefined> {
  if (file === '-') return undefined;
  try {
    await access(file, constants.R_OK);
    if ((await stat(file)).isDirectory()) return 'is a directory';
    return undefined;
  } catch (err) {
    return describeFsError(err);
  }
}
