/**
 * `npm run bench`: picklejar's loads/dumps beside CPython's C pickle module on
 * the same bytes, in the same run.
 *
 * CPython (bench/cpython_bench.py, in a python3 subprocess) writes each
 * workload at protocols 4 and 5 and times pickle.loads / pickle.dumps on it
 * (best of REPEAT, after a warm-up). This script then loads those very files
 * with picklejar, timing loads and dumps the same way in a fresh child process
 * per workload, checks that dumps wrote CPython's bytes, and prints a table of
 * ratios. The last results
 * are saved to bench/last-results.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const REPEAT = 7;
const WARMUP = 2;

type Loads = (data: Uint8Array) => unknown;
type Dumps = (value: unknown, options?: { protocol?: number }) => Uint8Array;

interface PyResult {
  workload: string;
  title: string;
  protocol: number;
  file: string;
  size: number;
  loads: number;
  dumps: number;
  loadsMemory: number;
}

interface Row {
  workload: string;
  title: string;
  protocol: number;
  size: number;
  cpython?: { loads: number; dumps: number; loadsMemory: number };
  picklejar: { loads?: number; dumps?: number; loadsMemory?: number; dumpsIdentical?: boolean; error?: string };
}

const here = dirname(fileURLToPath(import.meta.url));
// Compiled to build/bench/run.js; the sources (and the Python script) live in bench/.
const root = resolve(here, '..', '..');
const benchDir = join(root, 'bench');
const tmpDir = join(root, '.bench-tmp');

function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  return typeof gc === 'function' ? gc : () => {};
}

function best(fn: () => unknown): number {
  for (let i = 0; i < WARMUP; i++) fn();
  let min = Infinity;
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min / 1000;
}

/** Holds the measured value across the second collection, so that it is counted. */
let kept: unknown;

/** Collects until memory stops shrinking: array buffers of earlier rows are freed lazily. */
async function settle(gc: () => void): Promise<NodeJS.MemoryUsage> {
  let last = process.memoryUsage();
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    const now = process.memoryUsage();
    if (now.heapUsed + now.arrayBuffers >= last.heapUsed + last.arrayBuffers) return now;
    last = now;
  }
  return last;
}

/** Bytes (JS heap plus array buffers) that the value `make` returns keeps alive. */
async function retained(gc: () => void, make: () => unknown): Promise<number> {
  const before = await settle(gc);
  kept = make();
  const after = await settle(gc);
  kept = undefined;
  return Math.max(0, after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

async function library(): Promise<{ loads?: Loads; dumps?: Dumps }> {
  const spec = '../src/index.js';
  const mod = (await import(spec)) as Record<string, unknown>;
  return {
    loads: typeof mod.loads === 'function' ? (mod.loads as Loads) : undefined,
    dumps: typeof mod.dumps === 'function' ? (mod.dumps as Dumps) : undefined,
  };
}

function runCpython(): { python: string; results: PyResult[] } | string {
  const script = join(benchDir, 'cpython_bench.py');
  const run = spawnSync('python3', [script, tmpDir, String(REPEAT)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (run.error) return `python3 could not be run (${(run.error as NodeJS.ErrnoException).code ?? run.error.message})`;
  if (run.status !== 0) return `python3 ${script} exited with status ${run.status}`;
  return JSON.parse(run.stdout) as { python: string; results: PyResult[] };
}

/** Without python3 the workloads are built in JS and written by picklejar's own dumps. */
function jsWorkloads(dumps: Dumps): PyResult[] {
  let seed = 20240521;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const values: [string, string, () => unknown][] = [
    ['dicts', 'list of 100,000 small dicts', () =>
      Array.from({ length: 100_000 }, (_, i) => new Map<string, unknown>([['id', i], ['name', `user${i}`], ['score', random() * 100], ['active', i % 3 === 0], ['group', null]]))],
    ['floats', 'list of 1,000,000 floats', () => Array.from({ length: 1_000_000 }, () => random() * 1e6)],
    ['strings', 'list of 200,000 short strings', () => Array.from({ length: 200_000 }, (_, i) => `item-${i}-${'xyz'[i % 3]}`)],
    ['blob', 'one 32 MiB bytes object', () => new Uint8Array(32 << 20).map(() => (random() * 256) | 0)],
  ];
  mkdirSync(tmpDir, { recursive: true });
  const out: PyResult[] = [];
  for (const [workload, title, make] of values) {
    const value = make();
    for (const protocol of [4, 5]) {
      const file = join(tmpDir, `${workload}-p${protocol}.pkl`);
      const data = dumps(value, { protocol });
      writeFileSync(file, data);
      out.push({ workload, title, protocol, file, size: data.length, loads: NaN, dumps: NaN, loadsMemory: NaN });
    }
  }
  return out;
}

function ms(seconds: number | undefined): string {
  return seconds === undefined || Number.isNaN(seconds) ? '—' : `${(seconds * 1000).toFixed(1)} ms`;
}

function mib(bytes: number | undefined): string {
  return bytes === undefined || Number.isNaN(bytes) ? '—' : `${(bytes / 1048576).toFixed(1)} MiB`;
}

function verdict(js: number | undefined, py: number | undefined): [string, string] {
  if (js === undefined || py === undefined || Number.isNaN(js) || Number.isNaN(py) || py <= 0) return ['—', ''];
  const ratio = js / py;
  const words = ratio <= 1 ? `${(1 / ratio).toFixed(2)}x faster` : `${ratio.toFixed(2)}x slower`;
  return [ratio.toFixed(2), words];
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * Times picklejar on one workload in a child process of its own, so that no
 * workload pays for the heap that earlier ones left behind (V8's collector
 * walks what is live; CPython frees by reference counting as it goes).
 */
function measureInFreshProcess(file: string, protocol: number): Row['picklejar'] {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--row', file, String(protocol)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) return { error: `worker failed: ${(child.stderr || '').trim().split('\n').pop() ?? ''}` };
  return JSON.parse(child.stdout) as Row['picklejar'];
}

/** The child side of `measureInFreshProcess`: measures one file and prints the result as JSON. */
async function measureRow(file: string, protocol: number): Promise<void> {
  const gc = exposeGc();
  const { loads, dumps } = await library();
  const data = new Uint8Array(readFileSync(file));
  const result: Row['picklejar'] = {};
  try {
    if (loads) {
      result.loads = best(() => loads(data));
      result.loadsMemory = await retained(gc, () => loads(data));
      if (dumps) {
        const value = loads(data);
        result.dumpsIdentical = sameBytes(dumps(value, { protocol }), data);
        result.dumps = best(() => dumps(value, { protocol }));
      }
    }
  } catch (err) {
    result.error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
  process.stdout.write(JSON.stringify(result));
}

async function main(): Promise<void> {
  const { loads, dumps } = await library();
  console.log(`picklejar bench: best of ${REPEAT} after ${WARMUP} warm-up runs; node ${process.version}`);
  if (!loads) console.log('note: loads() is not in this build yet; its columns are empty.');
  if (!dumps) console.log('note: dumps() is not in this build yet; its columns are empty.');
  console.log('timing CPython (python3 bench/cpython_bench.py)…');
  const py = runCpython();
  let pyResults: PyResult[];
  let pythonVersion: string | undefined;
  if (typeof py === 'string') {
    console.log(`${py}: CPython columns omitted, JS numbers only.`);
    if (!dumps) {
      console.log('without python3 the workloads are written by dumps(), which this build lacks: nothing to measure.');
      return;
    }
    pyResults = jsWorkloads(dumps);
  } else {
    pyResults = py.results;
    pythonVersion = py.python;
    console.log(`CPython ${py.python} done; timing picklejar…`);
  }

  const rows: Row[] = [];
  for (const r of pyResults) {
    rows.push({
      workload: r.workload,
      title: r.title,
      protocol: r.protocol,
      size: r.size,
      cpython: pythonVersion ? { loads: r.loads, dumps: r.dumps, loadsMemory: r.loadsMemory } : undefined,
      picklejar: measureInFreshProcess(r.file, r.protocol),
    });
  }

  const printed: string[][] = [];
  for (const row of rows) {
    for (const op of ['loads', 'dumps'] as const) {
      const js = row.picklejar[op];
      const cp = row.cpython?.[op];
      const [ratio, words] = verdict(js, cp);
      const note = row.picklejar.error
        ? row.picklejar.error.slice(0, 60)
        : op === 'dumps' && row.picklejar.dumpsIdentical !== undefined
          ? `${row.picklejar.dumpsIdentical ? 'same bytes as' : 'bytes differ from'} ${pythonVersion ? 'CPython' : 'the input'}`
          : op === 'loads' && row.picklejar.loadsMemory !== undefined
            ? `heap +${mib(row.picklejar.loadsMemory)}` + (row.cpython ? ` (CPython ${mib(row.cpython.loadsMemory)})` : '')
            : '';
      printed.push([row.title, String(row.protocol), op, mib(row.size), ms(cp), ms(js), ratio, words, note]);
    }
  }
  console.log('');
  console.log(table(['workload', 'proto', 'op', 'pickle size', 'CPython', 'picklejar', 'JS/Py', 'verdict', 'notes'], printed));
  console.log('');
  console.log('JS/Py is picklejar time divided by CPython time: below 1 means picklejar is faster.');

  const resultsPath = join(benchDir, 'last-results.json');
  const saved = {
    date: new Date().toISOString(),
    node: process.version,
    python: pythonVersion ?? null,
    repeat: REPEAT,
    warmup: WARMUP,
    unit: 'seconds (best of repeat); memory in bytes',
    results: rows,
  };
  writeFileSync(resultsPath, JSON.stringify(saved, null, 2) + '\n');
  console.log(`results saved to ${existsSync(resultsPath) ? 'bench/last-results.json' : resultsPath}`);
}

(process.argv[2] === '--row' ? measureRow(process.argv[3]!, Number(process.argv[4])) : main()).catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
