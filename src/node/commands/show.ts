import { parseIntOption, UsageError, type ParsedArgs } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { highlight, wantColor } from '../highlight.js';
import { readInput } from '../input.js';
import { stringifyTypedJson } from '../../typed-json/index.js';
import { pyFormat } from '../../repr/index.js';
import { loads, Unpickler, type UnpicklerOptions } from '../../unpickler/index.js';
import { Progress } from '../progress.js';
import { reportError } from '../report.js';
import { HELP_OPTION, type Command } from './command.js';
import { inputsOrStdin, LARGE_INPUT } from './common.js';

const ENCODINGS = ['ASCII', 'latin1', 'bytes', 'utf-8'];

/** `picklejar show`: print what a pickle holds, as Python would. */
export const showCommand: Command = {
  name: 'show',
  summary: "print a pickle's value as Python's repr (or typed JSON)",
  usage: '[options] [FILE...]',
  description: [
    "Prints the value stored in each pickle, the way Python's pprint shows it,",
    'wrapped to the terminal width and colored on a terminal. FILE may be - for',
    'standard input; with no FILE, standard input is read. With several files,',
    'each value is preceded by a "==> FILE <==" line. Loading is safe: nothing is',
    'imported or called; objects of unknown classes are shown inert.',
  ].join('\n'),
  options: [
    { key: 'json', long: 'json', help: 'print typed JSON (lossless, reversible with `picklejar convert`) instead of a repr' },
    { key: 'lossless', long: 'lossless', help: 'load in lossless mode (keeps float-vs-int, unresolved references)' },
    { key: 'encoding', long: 'encoding', value: 'ENC', help: `how Python 2 str is decoded: ${ENCODINGS.join(', ')} (default ASCII)` },
    { key: 'errors', long: 'errors', value: 'MODE', help: 'error handler for --encoding, as in Python (default strict)' },
    { key: 'all', long: 'all', help: 'show every pickle stored one after another in the input, not only the first' },
    { key: 'width', long: 'width', short: 'w', value: 'N', help: 'wrap at N columns (default: terminal width, or 80)' },
    { key: 'color', long: 'color', value: 'WHEN', help: 'auto (default), always or never; NO_COLOR disables auto' },
    HELP_OPTION,
  ],
  examples: [
    'picklejar show examples/records.pkl',
    'picklejar show --json data.pkl > data.json',
    'python3 -c "import pickle,sys; sys.stdout.buffer.write(pickle.dumps({1: 2}))" | picklejar show -',
  ],
  run: runShow,
};

async function runShow(args: ParsedArgs, io: CliIo): Promise<number> {
  const o = args.options;
  const color = typeof o.color === 'string' ? o.color : 'auto';
  if (!['auto', 'always', 'never'].includes(color)) throw new UsageError(`--color must be auto, always or never, not '${color}'`);
  const width = typeof o.width === 'string' ? parseIntOption(o.width, '--width') : undefined;
  if (width !== undefined && width < 1) throw new UsageError('--width must be at least 1');
  const loadOptions: UnpicklerOptions = {
    lossless: o.lossless === true || undefined,
    encoding: typeof o.encoding === 'string' ? o.encoding : undefined,
    errors: typeof o.errors === 'string' ? o.errors : undefined,
  };
  const files = inputsOrStdin(args.positionals, io);
  const useColor = wantColor(color, io.stdout.isTTY, io.env);
  const lineWidth = width ?? (io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 80);
  const render = renderer(o.json === true, lineWidth);
  const progress = new Progress(io.stderr, io.stderr.isTTY === true);
  let status = 0;
  for (const file of files) {
    try {
      const input = await readInput(file, io, progress);
      progress.phase(`decoding ${input.name}`, input.data.length >= LARGE_INPUT);
      const values = o.all === true ? loadAll(input.data, loadOptions) : [loads(input.data, loadOptions)];
      let text = values.map(render).join('\n');
      progress.finish();
      if (useColor) text = highlight(text);
      if (files.length > 1) io.stdout.write(`==> ${input.name} <==\n`);
      io.stdout.write(text + '\n');
    } catch (err) {
      progress.finish();
      reportError(io.stderr, 'show', err, file === '-' ? '<stdin>' : file);
      status = 1;
    }
  }
  return status;
}

function renderer(json: boolean, width: number): (value: unknown) => string {
  if (json) return (value) => stringifyTypedJson(value, { indent: 2 });
  return (value) => pyFormat(value, { width });
}

/** Loads every pickle in `data`, one after another, as repeated `pickle.load` calls on a file would. */
function loadAll(data: Uint8Array, options: UnpicklerOptions): unknown[] {
  const reader = new Unpickler(data, options);
  const values: unknown[] = [];
  do values.push(reader.load());
  while (!reader.atEnd);
  return values;
}
