/**
 * `picklejar scan FILE...`: scans files with `scanAsync` and prints one JSON
 * document. Exit status: 0 every file is safe, 1 something dangerous was
 * found, 2 a file could not be scanned (malformed, over budget, unreadable)
 * or the command line is wrong, 3 something suspicious (a class outside the
 * allowlist rebuilt from its state, a parser divergence, a denial of
 * service) and nothing worse. Dangerous wins over could-not-scan, which wins
 * over suspicious: a definite finding is the more urgent news.
 */
import { readFile } from 'node:fs/promises';
import { scanAsync } from '../safety/scan.js';
import { NUMPY_GLOBALS, TORCH_GLOBALS, type GlobalPair } from '../safety/allowlist.js';
import type { ScanOptions, ScanReport, Verdict } from '../safety/report.js';

/** The streams the command writes to (a subset of the CLI's `CliIo`). */
export interface ScanCommandIo {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
  readonly stdin?: AsyncIterable<Uint8Array | string>;
}

const HELP = `usage: picklejar scan [options] FILE...

Tells what each file would make Python do if it were unpickled (pickle.load,
torch.load, numpy.load(allow_pickle=True)), without running anything: every
import, call and attribute change, with byte offsets. Reads pickles (several
in one stream too), zip archives (PyTorch checkpoints, .npz) and .npy files.
Prints one JSON document; FILE '-' is standard input.

What numpy, PyTorch, pandas, scikit-learn and joblib write themselves is
allowed by default; the report's "allowed" list says what was seen and why
it was judged benign.

options:
  --allow SET           also allow 'numpy', 'torch', or one global as MODULE:NAME (repeatable)
  --no-ml               allow only the standard library (not numpy, torch, pandas, sklearn, joblib)
  --allow-persistent-ids
                        report persistent ids as low instead of high (PyTorch checkpoints)
  --max-ops N           opcodes to execute in total (default 50000000)
  --max-bytes N         bytes to read in total, inflated zip members included (default 2 GiB)
  --max-nesting N       depth of pickles nested in containers and bytes (default 8)
  --compact             print the JSON on one line
  -h, --help            show this help

exit status: 0 all safe, 1 dangerous, 2 could not scan (or bad usage), 3 suspicious

examples:
  picklejar scan model.pt
  picklejar scan --allow torch --allow-persistent-ids pytorch_model.bin
  picklejar scan --allow mylib.models:Model data.pkl
`;

/** The documented exit status of each verdict. */
const EXIT_CODES: Readonly<Record<Verdict, number>> = { safe: 0, dangerous: 1, error: 2, suspicious: 3 };

class Usage extends Error {}

interface Parsed {
  readonly files: string[];
  readonly options: ScanOptions;
  readonly compact: boolean;
  readonly help: boolean;
}

function parse(argv: readonly string[]): Parsed {
  const files: string[] = [];
  const allow: GlobalPair[] = [];
  let allowPersistentIds = false;
  let ml = true;
  let compact = false;
  let help = false;
  const limits: { maxOps?: number; maxBytes?: number; maxNesting?: number } = {};
  const number = (flag: string, value: string | undefined): number => {
    if (value === undefined || !/^\d+$/.test(value)) throw new Usage(`${flag} needs a non-negative integer`);
    return Number(value);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '-h':
      case '--help':
        help = true;
        break;
      case '--allow': {
        const v = value();
        if (v === 'numpy') allow.push(...NUMPY_GLOBALS);
        else if (v === 'torch') allow.push(...TORCH_GLOBALS);
        else if (v !== undefined && v.includes(':') && v.indexOf(':') > 0 && v.indexOf(':') < v.length - 1) {
          allow.push([v.slice(0, v.indexOf(':')), v.slice(v.indexOf(':') + 1)]);
        } else throw new Usage(`--allow takes numpy, torch or MODULE:NAME, not ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
        break;
      }
      case '--allow-persistent-ids':
        allowPersistentIds = true;
        break;
      case '--no-ml':
        ml = false;
        break;
      case '--max-ops':
        limits.maxOps = number(flag, value());
        break;
      case '--max-bytes':
        limits.maxBytes = number(flag, value());
        break;
      case '--max-nesting':
        limits.maxNesting = number(flag, value());
        break;
      case '--compact':
        compact = true;
        break;
      case '--':
        files.push(...argv.slice(i + 1));
        i = argv.length;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new Usage(`unknown option ${arg}`);
        files.push(arg);
    }
  }
  return { files, options: { ...limits, allow, allowPersistentIds, ml }, compact, help };
}

async function readStdin(io: ScanCommandIo): Promise<Uint8Array> {
  if (io.stdin === undefined) throw new Error('no standard input');
  const chunks: Uint8Array[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** One file's entry in the JSON output. */
type FileResult = { readonly file: string } & (ScanReport | { readonly verdict: 'error'; readonly error: string });

/**
 * Runs `picklejar scan` with `argv` (the arguments after `scan`).
 * @param argv options and file names; `-` reads standard input.
 * @param io where to write the JSON (stdout) and usage errors (stderr).
 * @returns the exit status: 0 safe, 1 dangerous, 2 could not scan or bad usage, 3 suspicious.
 * @throws never: unreadable files are reported in the JSON with verdict "error".
 */
export async function runScanCommand(argv: string[], io: ScanCommandIo): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parse(argv);
  } catch (e) {
    if (!(e instanceof Usage)) throw e;
    io.stderr.write(`picklejar scan: ${e.message} (see picklejar scan --help)\n`);
    return 2;
  }
  if (parsed.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (parsed.files.length === 0) {
    io.stderr.write('picklejar scan: no FILE given (see picklejar scan --help)\n');
    return 2;
  }
  const results: FileResult[] = [];
  for (const file of parsed.files) {
    let data: Uint8Array;
    try {
      data = file === '-' ? await readStdin(io) : new Uint8Array(await readFile(file));
    } catch (e) {
      const code = (e as { code?: string }).code;
      results.push({ file, verdict: 'error', error: `cannot read the file${code ? ` (${code})` : ''}: ${(e as Error).message}` });
      continue;
    }
    try {
      results.push({ file, ...(await scanAsync(data, parsed.options)) });
    } catch (e) {
      results.push({ file, verdict: 'error', error: String((e as Error)?.message ?? e) });
    }
  }
  const verdicts = new Set<Verdict>(results.map((r) => r.verdict));
  const verdict: Verdict = verdicts.has('dangerous') ? 'dangerous' : verdicts.has('error') ? 'error' : verdicts.has('suspicious') ? 'suspicious' : 'safe';
  const doc = { verdict, files: results };
  io.stdout.write(JSON.stringify(doc, null, parsed.compact ? undefined : 2) + '\n');
  return EXIT_CODES[verdict];
}
