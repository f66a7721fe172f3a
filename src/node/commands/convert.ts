import { DEFAULT_PROTOCOL, HIGHEST_PROTOCOL } from '../../opcodes.js';
import { isPickleProtocol, type PickleProtocol } from '../../pickler/options.js';
import { parseIntOption, UsageError, type ParsedArgs } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { InputError, inputName, readPickleInput } from '../input.js';
import { parseTypedJson, writeTypedJson } from '../../typed-json/index.js';
import { dumpChunks } from '../../ml/default-pickler.js';
import { loads } from '../../ml/default-unpickler.js';
import { openSink, refuseBinaryOnTerminal, type Sink } from '../output.js';
import { progressFor, type Progress } from '../progress.js';
import { reportError } from '../report.js';
import { HELP_OPTION, type Command } from './command.js';
import { LARGE_INPUT, singleInput } from './common.js';

type Format = 'json' | 'pickle';

/** `picklejar convert`: pickle ⇄ typed JSON, and pickle → pickle at another protocol. */
export const convertCommand: Command = {
  name: 'convert',
  summary: 'convert between pickle and typed JSON (both ways, losslessly)',
  usage: '[options] [IN]',
  description: [
    'Converts a pickle to typed JSON, or typed JSON back to a pickle. The input',
    'format is recognised from its first bytes (or set with --from); the output is',
    'the other format unless --to says otherwise (--to pickle on a pickle re-encodes',
    'it at --protocol). Pickles are loaded in lossless mode, so pickle -> JSON ->',
    'pickle at the original protocol gives back the bytes CPython wrote.',
    'IN may be - (or absent, when piped) for standard input.',
  ].join('\n'),
  options: [
    { key: 'to', long: 'to', value: 'FORMAT', help: 'json or pickle (default: the other format)' },
    { key: 'from', long: 'from', value: 'FORMAT', help: 'json or pickle (default: recognised from the input)' },
    {
      key: 'protocol',
      long: 'protocol',
      short: 'p',
      value: 'N',
      help: `pickle protocol to write, 0-${HIGHEST_PROTOCOL} or -1 for the highest (default ${DEFAULT_PROTOCOL})`,
    },
    { key: 'indent', long: 'indent', value: 'N', help: 'JSON indentation in spaces, 0 for one line (default 2)' },
    { key: 'output', long: 'output', short: 'o', value: 'OUT', help: 'write to OUT (default: standard output)' },
    HELP_OPTION,
  ],
  examples: [
    'picklejar convert data.pkl -o data.json',
    'picklejar convert data.json --protocol 2 -o data.pkl',
    'picklejar convert --to pickle --protocol 5 old.pkl -o new.pkl',
  ],
  run: runConvert,
};

function parseFormat(value: unknown, option: string): Format | undefined {
  if (value === undefined) return undefined;
  if (value === 'json' || value === 'pickle') return value;
  throw new UsageError(`${option} must be json or pickle, not '${String(value)}'`);
}

/** Recognises typed JSON by its first non-blank byte: no valid pickle can start with `{ [ " -`, a digit, `t`, `f` or `n`. */
export function sniffFormat(data: Uint8Array): Format {
  for (const b of data) {
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    if (b === 0xef) return 'json'; // a UTF-8 byte order mark
    const c = String.fromCharCode(b);
    return '{["-0123456789tfn'.includes(c) ? 'json' : 'pickle';
  }
  return 'pickle';
}

async function runConvert(args: ParsedArgs, io: CliIo): Promise<number> {
  const o = args.options;
  let to = parseFormat(o.to, '--to');
  const from = parseFormat(o.from, '--from');
  const asked = typeof o.protocol === 'string' ? parseIntOption(o.protocol, '--protocol') : DEFAULT_PROTOCOL;
  // Any negative number means the highest protocol, as Python's `-1` does.
  const protocol = asked < 0 ? HIGHEST_PROTOCOL : asked;
  if (!isPickleProtocol(protocol)) throw new UsageError(`--protocol must be between 0 and ${HIGHEST_PROTOCOL} (or -1), not ${protocol}`);
  const indent = typeof o.indent === 'string' ? parseIntOption(o.indent, '--indent') : 2;
  if (indent < 0 || indent > 10) throw new UsageError('--indent must be between 0 and 10');
  const file = singleInput(args.positionals, io);
  const progress = progressFor(io);
  let value: unknown;
  let name: string;
  let large = false;
  const output = typeof o.output === 'string' ? o.output : undefined;
  try {
    const input = await readPickleInput(file, io, progress);
    name = input.name;
    const source = from ?? sniffFormat(input.data);
    to ??= source === 'json' ? 'pickle' : 'json';
    progress.phase(`converting ${input.name}`, input.data.length >= LARGE_INPUT);
    if (source === 'pickle') {
      value = loads(input.data, { lossless: true, bytesViews: true }); // the input is only read: views, not copies
    } else {
      value = parseTypedJson(decodeJsonText(input.data));
    }
    large = input.data.length >= LARGE_INPUT;
  } catch (err) {
    progress.finish();
    reportError(io.stderr, 'convert', err, inputName(file));
    return 1;
  }
  const sink = await openSink(output, io);
  try {
    if (to === 'pickle') {
      try {
        refuseBinaryOnTerminal(sink, 'a pickle');
        writePickle(value, protocol, sink, progress, name);
      } catch (err) {
        progress.finish();
        reportError(io.stderr, 'convert', err, name);
        return 1;
      }
      progress.finish();
      return 0;
    }
    // The bar stays up while a big JSON text is written, unless that text goes to the same terminal.
    if (large && !sink.isTTY) progress.phase(`writing JSON for ${name}`, true);
    else progress.finish();
    try {
      // Written as it is produced: the text of a big pickle never exists as one string.
      writeTypedJson(value, (text) => sink.write(text), { indent });
      sink.write('\n');
    } catch (err) {
      progress.finish();
      reportError(io.stderr, 'convert', err, name);
      return 1;
    }
    progress.finish();
    return 0;
  } finally {
    await sink.close();
  }
}

/**
 * Writes the pickle of `value` frame by frame as the pickler produces it, so the pickle never
 * exists whole, with the bar showing the bytes written.
 * @throws PicklingError when the value cannot be pickled; InputError when the output fails.
 */
function writePickle(value: unknown, protocol: PickleProtocol, sink: Sink, progress: Progress, name: string): void {
  progress.start(`writing ${name}`, 0);
  let written = 0;
  for (const piece of dumpChunks(value, { protocol })) {
    // The pieces are views of a buffer the pickler reuses: a sink that may queue them gets a copy.
    sink.write(sink.isFile === true ? piece : piece.slice());
    written += piece.length;
    progress.update(written);
  }
}

function decodeJsonText(data: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    throw new InputError('invalid JSON: not UTF-8 text');
  }
}
