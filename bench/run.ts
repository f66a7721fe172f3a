/**
 * `npm run bench`: picklejar's loads/dumps beside CPython's C pickle module on
 * the same bytes, in the same run (issue 11's benchmark).
 *
 * CPython (bench/cpython_bench.py, one long-lived `python3` process, gc on)
 * writes each workload at protocol 5 and times pickle.loads / pickle.dumps on
 * it, isolated and interleaved; a second Python with numpy
 * (PICKLEJAR_ML_PYTHON, default /usr/bin/python3) does the same for the numpy
 * array when it can. Then picklejar is timed two ways on those very files:
 * - fresh: each workload in a Node process of its own (no heap left by others);
 * - mixed: every workload in one long-lived Node process, loads and dumps
 *   interleaved round after round, as a server would run them.
 * Each is best of REPEAT after warm-up, with the GC time (perf_hooks `gc`
 * entries) and minor page faults of the best run. It checks that `dumps`
 * wrote CPython's bytes for every workload, and reports the memory a loads
 * needs (growth without collecting) and retains beside CPython's tracemalloc
 * peak and retained figures. Results are saved to bench/last-results.json.
 *
 * Dumps are also timed streaming (`dumps→sink` rows): picklejar's
 * `dumpChunks` handing every chunk (a view of one reused buffer) to a sink
 * that discards it, against CPython's `pickle.Pickler(sink,
 * protocol=5).dump(value)` into an object whose `write` discards, so neither
 * pays for a fresh output buffer per call.
 *
 * `npm run bench -- --views` loads bytes with `bytesViews: true`;
 * `npm run bench -- --trees` dumps with `sharedReferences: false` (the
 * trees-only mode: no identity table; a workload with a shared object then
 * reports the PicklingError).
 * The dicts and records rows load with the default `dictType` ('object': str-keyed
 * dicts as null-prototype objects); they also run with `dictType: 'map'` (rows
 * `dicts:map`, `records:map`, beside the same CPython figures); `--no-maps`
 * (or its old name `--no-objects`) leaves those rows out. `--only=floats,dicts:map` times only the named rows
 * (CPython still writes every workload; the numpy Python runs only when a
 * numpy row is named).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const REPEAT = 7;
const WARMUP = 2;
/** Extra runs of an operation whose best run took under 1 ms (both sides). */
const SHORT_EXTRA = 200;
const OPS = ['loads', 'dumps', 'stream'] as const;
/** How each op is named in the table: `stream` is a streaming dump into a sink that discards. */
const OP_LABEL: Record<(typeof OPS)[number], string> = { loads: 'loads', dumps: 'dumps', stream: 'dumps→sink' };

type Loads = (data: Uint8Array, options?: { lossless?: boolean; bytesViews?: boolean; dictType?: 'map' | 'object' }) => unknown;
type Dumps = (value: unknown, options?: { protocol?: number; sharedReferences?: boolean }) => Uint8Array;
type DumpChunks = (value: unknown, options?: { protocol?: number; sharedReferences?: boolean }) => Iterable<Uint8Array>;

interface Timing {
  loads: number;
  dumps: number;
  /** `pickle.Pickler(sink, protocol=5).dump(value)` with a sink whose `write` discards. */
  stream?: number;
}

interface PyResult {
  workload: string;
  /** Set on the extra rows that load dicts as Maps. */
  dictType?: 'map';
  title: string;
  lossless: boolean;
  file: string;
  size: number;
  isolated?: Timing;
  mixed?: Timing;
  loadsPeak?: number;
  loadsRetained?: number;
  python?: string;
}

/** One operation's figures on the JS side: seconds, GC seconds and page faults of the best run. */
interface OpFigures {
  time: number;
  gc: number;
  faults: number;
}

interface JsResult {
  loads?: OpFigures;
  /** numpy only: `loads` then a first read of the array's `data` (see `timeLoadsThenData`). */
  loadsData?: OpFigures;
  dumps?: OpFigures;
  /** `dumpChunks` into a sink that only counts the bytes. */
  stream?: OpFigures;
  peak?: number;
  retained?: number;
  identical?: boolean;
  error?: string;
}

interface Job {
  workload: string;
  file: string;
  lossless: boolean;
  dictType?: 'map';
}

const here = dirname(fileURLToPath(import.meta.url));
// Compiled to build/bench/run.js; the sources (and the Python script) live in bench/.
const root = resolve(here, '..', '..');
const benchDir = join(root, 'bench');
const tmpDir = join(root, '.bench-tmp');
const views = process.argv.includes('--views');
const trees = process.argv.includes('--trees');
/** The options of every timed `dumps`. */
const dumpOptions = trees ? { protocol: 5, sharedReferences: false } : { protocol: 5 };
const mapRows = !process.argv.includes('--no-maps') && !process.argv.includes('--no-objects');
/** `--only=a,b`: the workload rows to time (all when absent). */
const only = ((): Set<string> | undefined => {
  const arg = process.argv.find((a) => a.startsWith('--only='));
  return arg === undefined
    ? undefined
    : new Set(
        arg
          .slice('--only='.length)
          .split(',')
          .filter((w) => w !== ''),
      );
})();
const wanted = (workload: string): boolean => only === undefined || only.has(workload);
/** The workloads that also run with `dictType: 'map'`. */
const MAP_WORKLOADS = new Set(['dicts', 'records']);

function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  return typeof gc === 'function' ? gc : () => {};
}

/** Collects the `gc` performance entries, to charge each to the timed run it fell in. */
class GcClock {
  private readonly entries: { start: number; duration: number }[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) this.entries.push({ start: e.startTime, duration: e.duration });
  });
  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }
  /** GC milliseconds that started within `[t0, t1]` (call after a tick, entries arrive asynchronously). */
  within(t0: number, t1: number): number {
    let sum = 0;
    for (const e of this.entries) if (e.start >= t0 && e.start <= t1) sum += e.duration;
    return sum;
  }
  stop(): void {
    this.observer.disconnect();
  }
}

interface Run {
  t0: number;
  t1: number;
  faults: number;
}

function timed(fn: () => unknown): Run {
  const f0 = process.resourceUsage().minorPageFault;
  const t0 = performance.now();
  fn();
  const t1 = performance.now();
  return { t0, t1, faults: process.resourceUsage().minorPageFault - f0 };
}

function bestOf(runs: Run[], clock: GcClock): OpFigures {
  let best = runs[0]!;
  for (const r of runs) if (r.t1 - r.t0 < best.t1 - best.t0) best = r;
  return { time: (best.t1 - best.t0) / 1000, gc: clock.within(best.t0, best.t1) / 1000, faults: best.faults };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Holds the measured value across the second collection, so that it is counted (a property: a sink that is never read). */
const keep: { value: unknown } = { value: undefined };

function used(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Collects until memory stops shrinking: array buffers are freed lazily. */
async function settle(gc: () => void): Promise<number> {
  let last = used();
  for (let i = 0; i < 5; i++) {
    gc();
    await tick();
    const now = used();
    if (now >= last) return now;
    last = now;
  }
  return last;
}

/** Growth during one `make` without collecting (an upper bound of its peak), then what its value retains. */
async function memory(gc: () => void, make: () => unknown): Promise<{ peak: number; retained: number }> {
  const before = await settle(gc);
  keep.value = make();
  const peak = Math.max(0, used() - before);
  const after = await settle(gc);
  keep.value = undefined;
  return { peak, retained: Math.max(0, after - before) };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether the chunks, concatenated, are `data`. */
function sameStream(chunks: Iterable<Uint8Array>, data: Uint8Array): boolean {
  let at = 0;
  for (const chunk of chunks) {
    if (at + chunk.length > data.length) return false;
    for (let i = 0; i < chunk.length; i++) if (chunk[i] !== data[at + i]) return false;
    at += chunk.length;
  }
  return at === data.length;
}

async function library(): Promise<{ loads: Loads; dumps: Dumps; dumpChunks: DumpChunks }> {
  const spec = '../src/index.js';
  const mod = (await import(spec)) as { loads: Loads; dumps: Dumps; dumpChunks: DumpChunks };
  return { loads: mod.loads, dumps: mod.dumps, dumpChunks: mod.dumpChunks };
}

/**
 * The streaming dump timed as `dumps→sink`: every chunk handed to a sink that
 * discards it (counting its bytes), as CPython's row writes to a file object
 * whose `write` does nothing. The chunks are views of one reused buffer.
 * @returns the byte count.
 */
function streamDump(dumpChunks: DumpChunks, value: unknown): number {
  let written = 0;
  for (const chunk of dumpChunks(value, dumpOptions)) written += chunk.length;
  return written;
}

function message(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** The child side: times `jobs` fresh (one job) or mixed (all, interleaved), prints JSON results. */
async function measure(jobs: Job[]): Promise<void> {
  const gc = exposeGc();
  const { loads, dumps, dumpChunks } = await library();
  const clock = new GcClock();
  // The library's default dictType unless the row asks for Maps.
  const opts = (job: Job): { lossless: boolean; bytesViews: boolean; dictType?: 'map' } => ({
    lossless: job.lossless,
    bytesViews: views,
    ...(job.dictType !== undefined ? { dictType: job.dictType } : {}),
  });
  const state = jobs.map((job) => {
    const data = new Uint8Array(readFileSync(job.file));
    const result: JsResult = {};
    let value: unknown;
    try {
      value = loads(data, opts(job));
      result.identical = sameBytes(dumps(value, dumpOptions), data) && sameStream(dumpChunks(value, dumpOptions), data);
    } catch (err) {
      result.error = message(err);
    }
    return { job, data, value, result, runs: { loads: [] as Run[], dumps: [] as Run[], stream: [] as Run[] } };
  });
  const live = state.filter((s) => s.result.error === undefined);
  const dataRuns = new Map<(typeof state)[number], Run[]>();
  for (let round = 0; round < WARMUP + REPEAT; round++) {
    for (const s of live) {
      for (const op of OPS) {
        try {
          const run =
            op === 'loads'
              ? timed(() => loads(s.data, opts(s.job)))
              : op === 'dumps'
                ? timed(() => dumps(s.value, dumpOptions))
                : timed(() => streamDump(dumpChunks, s.value));
          if (round >= WARMUP) s.runs[op].push(run);
        } catch (err) {
          s.result.error = message(err);
        }
      }
      const extra = timeLoadsThenData(s.job, () => loads(s.data, opts(s.job)));
      if (extra !== undefined && round >= WARMUP) dataRuns.set(s, [...(dataRuns.get(s) ?? []), extra]);
    }
  }
  // An operation that took under a millisecond (a zero-copy load or streamed
  // payload) is still cold after REPEAT runs; as in a server, it gets SHORT_EXTRA
  // more (cpython_bench.py does the same for its side).
  for (const s of live) {
    if (s.result.error !== undefined) continue;
    for (const op of OPS) {
      const runs = s.runs[op];
      if (runs.length === 0 || Math.min(...runs.map((r) => r.t1 - r.t0)) >= 1) continue;
      const fn = op === 'loads' ? () => loads(s.data, opts(s.job)) : op === 'dumps' ? () => dumps(s.value, dumpOptions) : () => streamDump(dumpChunks, s.value);
      for (let i = 0; i < SHORT_EXTRA; i++) runs.push(timed(fn));
    }
  }
  await tick();
  await tick();
  for (const s of live) {
    if (s.runs.loads.length > 0) s.result.loads = bestOf(s.runs.loads, clock);
    if (s.runs.dumps.length > 0) s.result.dumps = bestOf(s.runs.dumps, clock);
    if (s.runs.stream.length > 0) s.result.stream = bestOf(s.runs.stream, clock);
    const extra = dataRuns.get(s);
    if (extra !== undefined) s.result.loadsData = bestOf(extra, clock);
  }
  clock.stop();
  for (const s of live) {
    s.value = undefined;
  }
  for (const s of live) {
    const m = await memory(gc, () => loads(s.data, opts(s.job)));
    s.result.peak = m.peak;
    s.result.retained = m.retained;
  }
  process.stdout.write(JSON.stringify(state.map((s) => s.result)));
}

/**
 * The numpy workload's honest loads figure: with `bytesViews: true` an array
 * whose payload is not aligned for its dtype returns before its typed `data`
 * is made (NDArray.fromPayload), so `loads` alone would hide the copy a first
 * read of `data` then pays. This times `loads` plus that first read (row
 * `loads+data`, beside CPython's loads, which makes its array at once).
 * Undefined for the other workloads.
 */
function timeLoadsThenData(job: Job, load: () => unknown): Run | undefined {
  if (job.workload !== 'numpy') return undefined;
  return timed(() => {
    const a = load() as { data?: ArrayLike<unknown> };
    return a.data?.length;
  });
}

function child(jobs: Job[]): JsResult[] {
  const args = [fileURLToPath(import.meta.url), '--child', JSON.stringify(jobs)];
  if (views) args.push('--views');
  if (trees) args.push('--trees');
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 22 });
  if (run.status !== 0) {
    const error = `worker failed: ${(run.stderr || '').trim().split('\n').pop() ?? ''}`;
    return jobs.map(() => ({ error }));
  }
  return JSON.parse(run.stdout) as JsResult[];
}

function runPython(python: string, extra: string[]): { python: string; results: PyResult[] } | string {
  const script = join(benchDir, 'cpython_bench.py');
  const run = spawnSync(python, [script, tmpDir, String(REPEAT), ...extra], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (run.error) return `${python} could not be run (${(run.error as NodeJS.ErrnoException).code ?? run.error.message})`;
  if (run.status !== 0) return `${python} ${script} ${extra.join(' ')} failed: ${(run.stderr || '').trim().split('\n').pop() ?? ''}`;
  return JSON.parse(run.stdout) as { python: string; results: PyResult[] };
}

/** Without python3 the workloads are built in JS and written by picklejar's own dumps. */
async function jsWorkloads(): Promise<PyResult[]> {
  const { dumps } = await library();
  let seed = 20240521;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const values: [string, string, () => unknown][] = [
    [
      'dicts',
      '100k small dicts',
      () =>
        Array.from(
          { length: 100_000 },
          (_, i) =>
            new Map<string, unknown>([
              ['id', i],
              ['name', `user${i}`],
              ['score', random() * 100],
              ['active', i % 3 === 0],
              ['group', null],
            ]),
        ),
    ],
    ['floats', '1M floats', () => Array.from({ length: 1_000_000 }, () => random() * 1e6)],
    [
      'strings',
      '200k short strings, 1/4 non-ASCII',
      () => Array.from({ length: 200_000 }, (_, i) => (i % 4 === 0 ? `café-${i}-€` : `item-${i}-${'xyz'[i % 3]}`)),
    ],
    ['bytes', 'one 32 MiB bytes', () => new Uint8Array(32 << 20).map(() => (random() * 256) | 0)],
  ];
  mkdirSync(tmpDir, { recursive: true });
  return values.map(([workload, title, make]) => {
    const file = join(tmpDir, `${workload}.pkl`);
    const data = dumps(make(), { protocol: 5 });
    writeFileSync(file, data);
    return { workload, title, lossless: false, file, size: data.length };
  });
}

function ms(seconds: number | undefined): string {
  if (seconds === undefined || Number.isNaN(seconds)) return '—';
  // Zero-copy rows take microseconds: three decimals keep them from printing as 0.0.
  const m = seconds * 1000;
  return m < 1 ? m.toFixed(3) : m.toFixed(1);
}

function mib(bytes: number | undefined): string {
  return bytes === undefined || Number.isNaN(bytes) ? '—' : `${(bytes / 1048576).toFixed(1)}`;
}

/** CPython time / picklejar time: above 1, picklejar is faster. */
function ratio(py: number | undefined, js: number | undefined): string {
  if (js === undefined || py === undefined || Number.isNaN(py) || js <= 0) return '—';
  const r = py / js;
  return r >= 100 ? r.toFixed(0) : r.toFixed(2);
}

function table(header: string[], rows: string[][], left: number): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i < left ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `picklejar bench: best of ${REPEAT} after warm-up, protocol 5; node ${process.version}${views ? '; bytesViews: true' : ''}${trees ? '; dumps with sharedReferences: false' : ''}`,
  );
  console.log('timing CPython (python3 bench/cpython_bench.py, one process, gc on)…');
  const py = runPython('python3', []);
  let pyResults: PyResult[];
  let pythonVersion: string | undefined;
  if (typeof py === 'string') {
    console.log(`${py}: CPython columns omitted, JS numbers only.`);
    pyResults = await jsWorkloads();
  } else {
    pyResults = py.results;
    pythonVersion = py.python;
    const mlPython = process.env['PICKLEJAR_ML_PYTHON'] || '/usr/bin/python3';
    if (wanted('numpy')) {
      const np = runPython(mlPython, ['numpy']);
      if (typeof np === 'string') console.log(`numpy workload skipped: ${np}`);
      else pyResults.push(...np.results.map((r) => ({ ...r, python: `${np.python} (numpy)` })));
    }
  }
  if (mapRows) {
    for (const r of [...pyResults]) {
      if (MAP_WORKLOADS.has(r.workload)) pyResults.push({ ...r, workload: `${r.workload}:map`, title: `${r.title} (dictType map)`, dictType: 'map' });
    }
  }
  pyResults = pyResults.filter((r) => wanted(r.workload));
  const jobs: Job[] = pyResults.map((r) => ({ workload: r.workload, file: r.file, lossless: r.lossless, ...(r.dictType ? { dictType: r.dictType } : {}) }));
  console.log(`timing picklejar: ${jobs.length} fresh processes, then one mixed process…`);
  const fresh = jobs.map((job) => child([job])[0]!);
  const mixed = child(jobs);

  const rows: string[][] = [];
  pyResults.forEach((r, i) => {
    for (const [mode, js, cp] of [
      ['fresh', fresh[i]!, r.isolated],
      ['mixed', mixed[i]!, r.mixed],
    ] as const) {
      for (const op of OPS) {
        const f = js[op];
        const note = js.error
          ? js.error.slice(0, 70)
          : op !== 'loads' && js.identical !== undefined
            ? js.identical
              ? `same bytes as CPython${r.lossless ? ' (lossless load)' : ''}`
              : 'BYTES DIFFER from CPython'
            : (r.python ?? '');
        rows.push([r.workload, mode, OP_LABEL[op], ms(cp?.[op]), ms(f?.time), ratio(cp?.[op], f?.time), ms(f?.gc), f ? String(f.faults) : '—', note]);
      }
      const d = js.loadsData;
      if (d !== undefined) {
        rows.push([
          r.workload,
          mode,
          'loads+data',
          ms(cp?.loads),
          ms(d.time),
          ratio(cp?.loads, d.time),
          ms(d.gc),
          String(d.faults),
          'loads, then a first read of .data',
        ]);
      }
    }
  });
  console.log('');
  console.log(table(['workload', 'process', 'op', 'CPython ms', 'picklejar ms', 'Py/JS', 'GC ms', 'faults', 'notes'], rows, 3));
  console.log('');
  console.log('Py/JS is CPython time / picklejar time: above 1, picklejar is faster. CPython: one process, gc on');
  console.log('("fresh" rows compare with it timing each workload alone, "mixed" rows with it interleaving all).');
  console.log("GC ms and faults (minor page faults) are those of picklejar's best run.");
  console.log('dumps→sink: a streaming dump into a sink that discards each chunk (picklejar dumpChunks; CPython');
  console.log('pickle.Pickler(sink, protocol=5).dump, its sink.write a no-op): no fresh output buffer per call.');

  const memRows = pyResults.map((r, i) => [
    r.workload,
    r.title,
    mib(r.size),
    mib(r.loadsPeak),
    mib(r.loadsRetained),
    mib(fresh[i]!.peak),
    mib(fresh[i]!.retained),
    mib(mixed[i]!.retained),
  ]);
  console.log('');
  console.log(table(['workload', 'title', 'pickle MiB', 'CPython peak', 'CPython kept', 'JS peak', 'JS kept', 'JS kept (mixed)'], memRows, 2));
  console.log('');
  console.log('Memory of one loads in MiB: CPython by tracemalloc (peak, retained by the value); picklejar by');
  console.log('heapUsed + arrayBuffers: "peak" is the growth before any collection (an upper bound), "kept" after collecting.');
  const identical = [...fresh, ...mixed].every((j) => j.identical === true);
  console.log(identical ? "dumps wrote CPython's exact bytes for every workload." : "dumps did NOT write CPython's bytes for every workload (see notes).");

  const resultsPath = join(benchDir, 'last-results.json');
  const saved = {
    date: new Date().toISOString(),
    node: process.version,
    python: pythonVersion ?? null,
    repeat: REPEAT,
    warmup: WARMUP,
    bytesViews: views,
    sharedReferences: !trees,
    unit: 'seconds (best of repeat); memory in bytes',
    results: pyResults.map((r, i) => ({ ...r, picklejar: { fresh: fresh[i], mixed: mixed[i] } })),
  };
  writeFileSync(resultsPath, JSON.stringify(saved, null, 2) + '\n');
  console.log(`results saved to bench/last-results.json (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

(process.argv[2] === '--child' ? measure(JSON.parse(process.argv[3]!) as Job[]) : main()).catch((err: unknown) => {
  console.error(`bench failed: ${message(err)}`);
  process.exitCode = 1;
});
