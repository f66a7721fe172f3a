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
import type { CliIo } from './cli-io.js';
import { progressFor } from './progress.js';
import { LARGE_INPUT } from './commands/common.js';
import { scanAsync } from '../safety/scan.js';
import { NUMPY_GLOBALS, TORCH_GLOBALS, type GlobalPair } from '../safety/allowlist.js';
import type { Finding, ScanOptions, ScanReport, Verdict } from '../safety/report.js';

/** The streams the command writes to (a subset of the CLI's `CliIo`). */
export interface ScanCommandIo {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
  readonly stdin?: AsyncIterable<Uint8Array | string> & { readonly isTTY?: boolean };
}

const HELP = `usage: picklejar scan [options] [FILE...]

Tells what each file would make Python do if it were unpickled (pickle.load,
torch.load, numpy.load(allow_pickle=True)), without running anything: every
import, call and attribute change, with byte offsets. Reads pickles (several
in one stream too), compressed pickles (gzip, zlib, ...: by content, and the
offsets are in the decompressed data), zip archives (PyTorch checkpoints, .npz)
and .npy files. Prints the verdict, then each finding with its offsets; --json
prints one JSON document instead. FILE '-' is standard input; with no FILE,
standard input is read when it is not a terminal.

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
  --json                print one JSON document (verdict, files, findings)
  --compact             print the JSON on one line (implies --json)
  -h, --help            show this help

exit status: 0 all safe, 1 dangerous, 2 could not scan (or bad usage), 3 suspicious

examples:
  picklejar scan model.pt
  picklejar scan --json data.pkl.gz
  curl -s https://example.org/model.pkl | picklejar scan
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
  readonly json: boolean;
  readonly help: boolean;
}

function parse(argv: readonly string[]): Parsed {
  const files: string[] = [];
  const allow: GlobalPair[] = [];
  let allowPersistentIds = false;
  let ml = true;
  let compact = false;
  let json = false;
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
      case '--json':
        json = true;
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
  return { files, options: { ...limits, allow, allowPersistentIds, ml }, compact, json, help };
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
 * @param io where to write the report (stdout) and usage errors (stderr).
 * @param defaults `text: true` (the CLI) prints the readable report unless `--json` is given;
 *   otherwise (programmatic callers, as before) JSON is the default.
 * @returns the exit status: 0 safe, 1 dangerous, 2 could not scan or bad usage, 3 suspicious.
 * @throws never: unreadable files are reported in the JSON with verdict "error".
 */
export async function runScanCommand(argv: string[], io: ScanCommandIo, defaults: { readonly text?: boolean } = {}): Promise<number> {
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
    if (io.stdin === undefined || io.stdin.isTTY) {
      io.stderr.write('picklejar scan: no FILE given, and standard input is a terminal (see picklejar scan --help)\n');
      return 2;
    }
    parsed.files.push('-');
  }
  const results: FileResult[] = [];
  // The CLI passes its whole CliIo (with env): then a big input shows what is being done.
  const progress = 'env' in io && io.stderr !== undefined ? progressFor(io as unknown as CliIo) : undefined;
  for (const file of parsed.files) {
    let data: Uint8Array;
    try {
      data = file === '-' ? await readStdin(io) : new Uint8Array(await readFile(file));
    } catch (e) {
      const code = (e as { code?: string }).code;
      results.push({ file, verdict: 'error', error: `cannot read the file${code ? ` (${code})` : ''}: ${(e as Error).message}` });
      continue;
    }
    // Compressed files are decompressed by the scanner itself (bounded by --max-bytes); offsets are in the decompressed data.
    progress?.start(`scanning ${displayName(file)}`, data.length);
    progress?.phase(`scanning ${displayName(file)}`, data.length >= LARGE_INPUT);
    try {
      results.push({ file, ...(await scanAsync(data, parsed.options)) });
    } catch (e) {
      results.push({ file, verdict: 'error', error: String((e as Error)?.message ?? e) });
    }
    progress?.finish();
  }
  const verdicts = new Set<Verdict>(results.map((r) => r.verdict));
  const verdict: Verdict = verdicts.has('dangerous') ? 'dangerous' : verdicts.has('error') ? 'error' : verdicts.has('suspicious') ? 'suspicious' : 'safe';
  const doc = { verdict, files: results };
  // --compact only makes sense for JSON, so it implies --json.
  const asJson = parsed.json || parsed.compact || defaults.text !== true;
  if (asJson) io.stdout.write(JSON.stringify(doc, null, parsed.compact ? undefined : 2) + '\n');
  else io.stdout.write(formatSummary(results, verdict));
  return EXIT_CODES[verdict];
}

function displayName(file: string): string {
  return file === '-' ? '<stdin>' : file;
}

const VERDICT_WORDS: Readonly<Record<Verdict, string>> = {
  safe: 'safe: loading it imports and calls only what is allowed',
  dangerous: 'DANGEROUS: loading it would import or call something that can run code',
  error: 'could not be scanned to the end: do not trust it as safe',
  suspicious: 'suspicious: it calls something outside the allowlists that may be harmless; check the findings',
};

/** Where a finding is: byte offsets, and the stream / member / nested pickle when not the first pickle of the file. */
function where(f: Finding): string {
  const at: string[] = [];
  if (f.importOffset !== undefined) at.push(f.global !== undefined ? `imported at byte ${f.importOffset}` : `byte ${f.importOffset}`);
  if (f.callOffset !== undefined && f.callOffset !== f.importOffset) at.push(`called at byte ${f.callOffset}`);
  if (f.path.length > 0) at.push(`in ${f.path.join(' > ')}`);
  if (f.stream > 0) at.push(`pickle #${f.stream + 1}`);
  return at.length > 0 ? ` (${at.join(', ')})` : '';
}

/**
 * The readable report: one verdict line per file, then its findings, most severe first.
 * @throws never.
 */
export function formatSummary(results: readonly FileResult[], verdict: Verdict): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${displayName(r.file)}: ${VERDICT_WORDS[r.verdict]}`);
    if ('error' in r) {
      lines.push(`  error: ${r.error}`);
      continue;
    }
    const libraries = [...new Set(r.allowed.map((a) => a.library))].sort();
    const allowed = r.allowed.length > 0 ? ` (${r.allowed.length} allowed: ${libraries.join(', ')})` : '';
    const facts = [r.container, `${r.pickles} pickle${r.pickles === 1 ? '' : 's'}`, `${r.globals.length} global${r.globals.length === 1 ? '' : 's'}${allowed}`];
    if (r.cutShort) facts.push('cut short by a limit');
    lines.push(`  ${facts.join(', ')}`);
    for (const f of r.findings) lines.push(`  ${f.severity.padEnd(8)} ${f.message}${where(f)}`);
    for (const f of r.failures) {
      const offset = f.offset !== undefined && !f.message.includes(`byte ${f.offset}`) ? ` (byte ${f.offset})` : '';
      lines.push(`  stopped  ${f.message}${offset}${f.path.length > 0 ? ` in ${f.path.join(' > ')}` : ''}`);
    }
  }
  if (results.length > 1) lines.push(`overall: ${verdict}`);
  return lines.join('\n') + '\n';
}
