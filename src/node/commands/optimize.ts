import type { ParsedArgs } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { inputName, readPickleInput } from '../input.js';
import { optimize } from '../../tools/index.js';
import { openSink, refuseBinaryOnTerminal } from '../output.js';
import { progressFor } from '../progress.js';
import { reportError } from '../report.js';
import { HELP_OPTION, type Command } from './command.js';
import { LARGE_INPUT, singleInput } from './common.js';

/** `picklejar optimize`: `pickletools.optimize` on a file. */
export const optimizeCommand: Command = {
  name: 'optimize',
  summary: 'drop unused PUTs and rebuild frames, as pickletools.optimize does',
  usage: '[-o OUT] [IN]',
  description: [
    "Writes the pickle IN rewritten exactly as CPython 3.11's pickletools.optimize",
    'would: memo stores that nothing reads are removed, the memo is renumbered and',
    'frames are rebuilt for protocol 4 and up. IN may be - (or absent, when piped)',
    'for standard input; the result goes to OUT, or to standard output when it is',
    'not a terminal.',
  ].join('\n'),
  options: [{ key: 'output', long: 'output', short: 'o', value: 'OUT', help: 'write the optimized pickle to OUT (default: standard output)' }, HELP_OPTION],
  examples: ['picklejar optimize big.pkl -o big.opt.pkl', 'picklejar optimize - < in.pkl > out.pkl'],
  run: runOptimize,
};

async function runOptimize(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = singleInput(args.positionals, io);
  const progress = progressFor(io);
  let result: Uint8Array;
  try {
    const input = await readPickleInput(file, io, progress);
    progress.phase(`optimizing ${input.name}`, input.data.length >= LARGE_INPUT);
    result = optimize(input.data);
    progress.finish();
  } catch (err) {
    progress.finish();
    reportError(io.stderr, 'optimize', err, inputName(file));
    return 1;
  }
  const sink = await openSink(typeof args.options.output === 'string' ? args.options.output : undefined, io);
  try {
    refuseBinaryOnTerminal(sink, 'a pickle');
    sink.write(result);
  } finally {
    await sink.close();
  }
  return 0;
}
