import { parseIntOption, UsageError, type ParsedArgs } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { highlight, wantColor } from '../highlight.js';
import { readBigTorchInput, readInput } from '../input.js';
import { stringifyTypedJson, writeTypedJson } from '../../typed-json/index.js';
import { pyFormat } from '../../repr/index.js';
import { UnpicklingError } from '../../errors.js';
import { openPickleFile } from '../../containers/open.js';
import { sniff } from '../../containers/magic.js';
import { loadAllFromStream } from '../../stream/load-stream.js';
import { isPy2StringErrors, PY2_STRING_ERRORS, type UnpicklerOptions } from '../../unpickler/index.js';
import { progressFor } from '../progress.js';
import { NATIVE_DECODERS } from '../native-codecs.js';
import type { Decoders } from '../../codecs/decompress.js';
import { reportError } from '../report.js';
import { summarize } from '../summarize.js';
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
    'Files are opened by content: compressed pickles (gzip, zlib, …) and pandas',
    'zips too. Floats print as floats (1.0), as Python shows them. Large lists,',
    'dicts, sets, bytes and strings are summarised numpy-style ([1, 2, 3, ..., 8, 9, 10]).',
  ].join('\n'),
  options: [
    { key: 'json', long: 'json', help: 'print typed JSON (lossless, reversible with `picklejar convert`) instead of a repr' },
    { key: 'lossless', long: 'lossless', help: 'load in lossless mode: persistent ids and out-of-band buffers show unresolved instead of failing' },
    { key: 'encoding', long: 'encoding', value: 'ENC', help: `how Python 2 str is decoded: ${ENCODINGS.join(', ')} (default ASCII)` },
    { key: 'errors', long: 'errors', value: 'MODE', help: 'error handler for --encoding, as in Python (default strict)' },
    {
      key: 'all',
      long: 'all',
      help: 'show every pickle stored one after another in the input, each as it is read; a failure is reported with its byte position',
    },
    { key: 'width', long: 'width', short: 'w', value: 'N', help: 'wrap at N columns (default: terminal width, or 80)' },
    { key: 'maxItems', long: 'max-items', value: 'N', help: 'summarise containers, bytes and strings longer than N items (default 1000, 0 for never)' },
    { key: 'depth', long: 'depth', value: 'N', help: 'print containers nested deeper than N as [...] (default: no limit)' },
    { key: 'color', long: 'color', value: 'WHEN', help: 'auto (default), always or never; NO_COLOR disables auto' },
    HELP_OPTION,
  ],
  examples: [
    'picklejar show examples/records.pkl',
    'picklejar show data.pkl.gz',
    'picklejar show --all --max-items 10 log.pkl',
    'picklejar show --json data.pkl > data.json',
    'python3 -c "import pickle,sys; sys.stdout.buffer.write(pickle.dumps({1: 2}))" | picklejar show -',
  ],
  run: runShow,
};

function refusePersistentId(): never {
  throw new UnpicklingError('A load persistent id instruction was encountered, but no persistent_load function was specified.');
}

async function runShow(args: ParsedArgs, io: CliIo): Promise<number> {
  const o = args.options;
  const color = typeof o.color === 'string' ? o.color : 'auto';
  if (!['auto', 'always', 'never'].includes(color)) throw new UsageError(`--color must be auto, always or never, not '${color}'`);
  const width = typeof o.width === 'string' ? parseIntOption(o.width, '--width') : undefined;
  if (width !== undefined && width < 1) throw new UsageError('--width must be at least 1');
  const maxItems = typeof o.maxItems === 'string' ? parseIntOption(o.maxItems, '--max-items') : 1000;
  if (maxItems < 0) throw new UsageError('--max-items must be 0 or more');
  const depth = typeof o.depth === 'string' ? parseIntOption(o.depth, '--depth') : 0;
  if (depth < 0) throw new UsageError('--depth must be 0 or more');
  const json = o.json === true;
  const lossless = o.lossless === true;
  const encoding = typeof o.encoding === 'string' ? o.encoding : undefined;
  const errors = typeof o.errors === 'string' ? o.errors : undefined;
  if (errors !== undefined && !isPy2StringErrors(errors)) {
    throw new UsageError(`--errors must be one of ${PY2_STRING_ERRORS.join(', ')}, not '${errors}'`);
  }
  // A repr is printed from a lossless load, so that floats stay floats (`1.0`) as Python shows them;
  // persistent ids and out-of-band buffers still fail unless --lossless asks to show them unresolved.
  // bytesViews: the command only reads the file's bytes, so bytes and numpy data view them instead
  // of doubling the memory of a big array.
  const loadOptions: UnpicklerOptions & { decoders: Decoders } =
    json || lossless
      ? { lossless: lossless || undefined, encoding, errors, bytesViews: true, decoders: NATIVE_DECODERS }
      : { lossless: true, encoding, errors, persistentLoad: refusePersistentId, buffers: [], bytesViews: true, decoders: NATIVE_DECODERS };
  const files = inputsOrStdin(args.positionals, io);
  const useColor = wantColor(color, io.stdout.isTTY, io.env);
  const lineWidth = width ?? (io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 80);
  const render = (value: unknown): string => {
    const text = json ? stringifyTypedJson(value, { indent: 2 }) : pyFormat(summarize(value, { maxItems, depth }), { width: lineWidth });
    return useColor ? highlight(text) : text;
  };
  // Uncoloured typed JSON goes out as it is produced, so a big pickle's text never exists as one string.
  const streamJson = json && !useColor;
  const print = (value: unknown): void => {
    if (streamJson) writeTypedJson(value, (text) => io.stdout.write(text), { indent: 2 });
    else io.stdout.write(render(value));
    io.stdout.write('\n');
  };
  const progress = progressFor(io);
  let status = 0;
  for (const file of files) {
    const name = file === '-' ? '<stdin>' : file;
    try {
      // A big zip torch checkpoint is loaded by random access, never read whole (input.ts).
      const big = await readBigTorchInput(file, loadOptions, progress);
      if (big !== undefined) {
        if (files.length > 1) io.stdout.write(`==> ${big.name} <==\n`);
        progress.phase(`formatting ${big.name}`, true);
        if (streamJson && io.stdout.isTTY === true) progress.finish();
        if (streamJson) print(big.value);
        else {
          const text = render(big.value);
          progress.finish();
          io.stdout.write(text + '\n');
        }
        progress.finish();
        continue;
      }
      const input = await readInput(file, io, progress);
      progress.phase(`decoding ${input.name}`, input.data.length >= LARGE_INPUT);
      if (files.length > 1) io.stdout.write(`==> ${input.name} <==\n`);
      if (o.all === true && sniff(input.data).kind !== 'zip') {
        // Each pickle is printed as soon as it is read, so a failure later on hides nothing before it.
        for await (const { value } of loadAllFromStream(input.data, loadOptions)) {
          progress.finish();
          print(value);
        }
      } else {
        const opened = openPickleFile(input.data, { ...loadOptions, firstOnly: true });
        progress.phase(`formatting ${input.name}`, input.data.length >= LARGE_INPUT);
        if (streamJson) {
          if (io.stdout.isTTY === true) progress.finish();
          print(opened.value);
        } else {
          const text = render(opened.value);
          progress.finish();
          io.stdout.write(text + '\n');
        }
      }
      progress.finish();
    } catch (err) {
      progress.finish();
      reportError(io.stderr, 'show', err, name);
      status = 1;
    }
  }
  return status;
}
