/**
 * `scan` / `scanAsync`: what a pickle, a zip archive of pickles (a PyTorch
 * checkpoint, an .npz) or an .npy file would make CPython do if loaded.
 *
 * The work is a queue of jobs (the input, zip members, the pickle after an
 * .npy header, pickles nested in bytes constants), so nesting never recurses.
 * Every limit counts work (opcodes, bytes, nesting), never time, so a scan's
 * answer does not depend on the machine. A scan that cannot finish says so in
 * `failures` and its verdict is never `safe`.
 *
 * Sync or async: `scan` is synchronous and reads stored zip members; a
 * deflated member makes it fail closed (`unsupported`). `scanAsync` first
 * inflates deflated members with `DecompressionStream('deflate-raw')` (Node 20,
 * browsers), then runs the same scan.
 */
import { asBytes, type BytesLike } from '../wire/bytes-input.js';
import { PickleError } from '../errors.js';
import { buildAllowlist, DEFAULT_ALLOWLIST, STANDARD_ALLOWLIST, type AllowEntry, type Allowlist, type GlobalPair } from './allowlist.js';
import { crc32 } from './crc32.js';
import { runMachine, type FindingDraft } from './machine.js';
import { isNpy, readNpyHeader } from './npy-header.js';
import type { AllowedGlobal, Finding, FindingKind, ScanFailure, ScanOptions, ScanReport, Severity, Verdict } from './report.js';
import { inflate } from './inflate.js';
import { decompress, sniffCodec } from './compressed.js';
import { isTar, readTar } from './tar-reader.js';
import { hasLegacyTorchHeader, legacyTorchStorages } from './torch-legacy.js';
import { findEocd, readZipDirectory, walkLocalHeaders, type ZipMember } from './zip-reader.js';

const DEFAULTS = { maxOps: 50_000_000, maxBytes: 2 * 1024 * 1024 * 1024, maxNesting: 8, maxFindings: 10_000 };

/** Thrown inside a scan when a limit is hit; never escapes `scan`. */
class ScanBudgetError extends Error {}

interface Job {
  kind: 'pickle' | 'npy' | 'zip' | 'compressed' | 'tar';
  readonly data: Uint8Array;
  readonly path: readonly string[];
  readonly depth: number;
  /**
   * Bytes that may or may not be a pickle (a bytes constant, a zip member not
   * named *.pkl): if they do not parse, only critical findings are kept, so
   * random binary data cannot raise false alarms or fail the scan.
   */
  speculative: boolean;
  /** The bytes start with a PROTO opcode: a parse failure is worth a medium note. */
  readonly likely?: boolean;
}

/**
 * A bytes constant a loader (torch.storage._load_from_bytes, pickle.loads) unpickles: queued to
 * be scanned for real, once per constant; `certain` makes an already queued one non-speculative.
 */
function queueBytesPickle(nested: Job[], job: Job, bytes: Uint8Array, offset: number, likely: boolean | undefined, certain: boolean | undefined): void {
  const existing = nested.find((n) => n.data.byteOffset === bytes.byteOffset && n.data.length === bytes.length);
  if (existing !== undefined) {
    if (certain === true) existing.speculative = false;
    return;
  }
  nested.push({ kind: 'pickle', data: bytes, path: [...job.path, `bytes@${offset}`], depth: job.depth + 1, speculative: certain !== true, likely });
}

/** The other file reader's stream: if it does not parse, that reader raises; what it runs before still counts. */
function queueFileReaderPickle(nested: Job[], job: Job, data: Uint8Array, offset: number): void {
  nested.push({ kind: 'pickle', data, path: [...job.path, `file-reader@${offset}`], depth: job.depth + 1, speculative: true, likely: true });
}

/** Medium findings that are notes about the file, not reasons to distrust it (PyTorch's legacy format has trailing data). */
const NOTE_KINDS: ReadonlySet<FindingKind> = new Set<FindingKind>(['trailing-data', 'nested-pickle', 'not-callable', 'container', 'protocol']);

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Inflated members by local header offset, for the async scan. */
type Inflated = ReadonlyMap<number, Uint8Array | string>;

class Scan {
  private readonly allow: Allowlist;
  private readonly allowPersistentIds: boolean;
  private readonly maxOps: number;
  private readonly maxBytes: number;
  private readonly maxNesting: number;
  private readonly maxFindings: number;
  private ops = 0;
  private bytes = 0;
  private pickles = 0;
  private omitted = 0;
  private dangerous = false;
  private suspicious = false;
  private readonly allowed = new Map<string, AllowedGlobal>();
  private readonly findings: Finding[] = [];
  private readonly failures: ScanFailure[] = [];
  private readonly globals = new Map<string, GlobalPair>();
  private readonly queue: Job[] = [];

  constructor(
    options: ScanOptions,
    private readonly inflated: Inflated,
  ) {
    const ml = options.ml !== false;
    this.allow = options.allow === undefined ? (ml ? DEFAULT_ALLOWLIST : STANDARD_ALLOWLIST) : buildAllowlist(options.allow, ml);
    this.allowPersistentIds = options.allowPersistentIds === true;
    this.maxOps = limit(options.maxOps, DEFAULTS.maxOps, 'maxOps');
    this.maxBytes = limit(options.maxBytes, DEFAULTS.maxBytes, 'maxBytes');
    this.maxNesting = limit(options.maxNesting, DEFAULTS.maxNesting, 'maxNesting');
    this.maxFindings = limit(options.maxFindings, DEFAULTS.maxFindings, 'maxFindings');
  }

  run(data: Uint8Array): ScanReport {
    const codec = isZip(data) || isNpy(data) ? undefined : sniffCodec(data);
    const container: ScanReport['container'] = isZip(data) ? 'zip' : isNpy(data) ? 'npy' : (codec ?? (isTar(data) ? 'tar' : 'pickle'));
    this.queue.push({ kind: codec !== undefined ? 'compressed' : (container as Job['kind']), data, path: [], depth: 0, speculative: false });
    // A pickle that is also a zip (a polyglot): loaders that test for zip by the end record read the archive.
    if (container === 'pickle' && findEocd(data) >= 0) this.queue.push({ kind: 'zip', data, path: [], depth: 0, speculative: true });
    try {
      this.countBytes(data.length, []);
      for (let job = this.queue.shift(); job !== undefined; job = this.queue.shift()) this.runJob(job);
    } catch (e) {
      if (e instanceof ScanBudgetError) {
        this.failures.push({ reason: 'budget', message: e.message, path: [], stream: 0 });
      } else {
        // A bug in the scanner must not turn into "safe": fail closed with what it saw.
        this.failures.push({ reason: 'malformed', message: `internal scanner error: ${String((e as Error)?.message ?? e)}`, path: [], stream: 0 });
      }
    }
    if (this.omitted > 0) {
      this.findings.push({
        severity: 'low',
        kind: 'resource',
        message: `${this.omitted} more finding(s) omitted (maxFindings ${this.maxFindings})`,
        stream: 0,
        path: [],
      });
    }
    this.findings.sort(compareFindings);
    const verdict: Verdict = this.dangerous ? 'dangerous' : this.failures.length > 0 ? 'error' : this.suspicious ? 'suspicious' : 'safe';
    const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    const globals = [...this.globals.values()].sort((a, b) => order(a[0] + '\0' + a[1], b[0] + '\0' + b[1]));
    const allowed = [...this.allowed.values()].sort((a, b) => order(a.module + '\0' + a.name, b.module + '\0' + b.name));
    const cutShort = this.failures.some((f) => f.reason === 'budget');
    return { verdict, findings: this.findings, failures: this.failures, container, pickles: this.pickles, ops: this.ops, cutShort, globals, allowed };
  }

  private countBytes(n: number, path: readonly string[]): void {
    this.bytes += n;
    if (this.bytes > this.maxBytes) {
      throw new ScanBudgetError(
        `maxBytes exceeded: more than ${this.maxBytes} bytes to scan${path.length ? ` (at ${path.join(' › ')})` : ''}; raise options.maxBytes`,
      );
    }
  }

  private add(finding: Finding): void {
    if (finding.severity === 'critical' || finding.severity === 'high') this.dangerous = true;
    if (finding.severity === 'medium' && !NOTE_KINDS.has(finding.kind)) this.suspicious = true;
    if (this.findings.length < this.maxFindings) this.findings.push(finding);
    else this.omitted++;
  }

  private runJob(job: Job): void {
    if (job.kind === 'zip') return this.runZip(job);
    if (job.kind === 'npy') return this.runNpy(job);
    if (job.kind === 'compressed') return this.runCompressed(job);
    if (job.kind === 'tar') return this.runTar(job);
    this.runPickle(job);
  }

  private runPickle(job: Job): void {
    if (!job.speculative && hasLegacyTorchHeader(job.data) && this.runLegacyTorch(job)) return;
    const local: Finding[] = [];
    const nested: Job[] = [];
    const path = job.path;
    // Findings of a speculative job wait until it parses; the others go straight to the report.
    let localDangerous = false;
    let localOmitted = 0;
    const merge = (onlyCritical: boolean): void => {
      for (const f of local) if (!onlyCritical || f.severity === 'critical') this.add(f);
      local.length = 0;
      if (localDangerous && !onlyCritical) this.dangerous = true;
      if (!onlyCritical) this.omitted += localOmitted;
    };
    let result: ReturnType<typeof runMachine>;
    try {
      result = runMachine(job.data, {
        allow: this.allow,
        allowPersistentIds: this.allowPersistentIds,
        tick: () => this.tick(path),
        emit: (f: FindingDraft) => {
          if (!job.speculative) return this.add({ ...f, path });
          if (f.severity === 'high') localDangerous = true;
          // Criticals are never dropped, so they are never capped away here either.
          if (f.severity === 'critical') this.dangerous = true;
          if (local.length < this.maxFindings || f.severity === 'critical') local.push({ ...f, path });
          else localOmitted++;
        },
        nested: (bytes, offset, likely, certain) => queueBytesPickle(nested, job, bytes, offset, likely, certain),
        noteGlobal: (module, name, entry) => this.noteGlobal(module, name, entry),
        divergent: (data, offset) => queueFileReaderPickle(nested, job, data, offset),
      });
    } catch (e) {
      // Out of budget: what was seen so far is kept (fail closed keeps its findings).
      merge(false);
      throw e;
    }
    const failed = result.error !== undefined;
    merge(job.speculative && failed);
    if (!failed || !job.speculative) this.pickles += result.pickles;
    if (result.error !== undefined) {
      const e = result.error;
      if (job.speculative) {
        // Something would have to unpickle these bytes first; a call before the error still counts.
        if (job.likely)
          this.add({ severity: 'medium', kind: 'nested-pickle', message: `bytes that start like a pickle do not parse: ${e.message}`, stream: 0, path });
      } else {
        this.failures.push({ reason: 'malformed', message: e.message, path, stream: 0, ...(e.offset >= 0 ? { offset: e.offset } : {}) });
      }
    }
    for (const n of nested) this.enqueue(n);
  }

  /**
   * A legacy torch.save file read as torch.load reads it: its five pickles,
   * then the raw storages, skipped by their declared sizes. The pickles are
   * read first with everything held back; only when the file fits the layout
   * exactly is the reading kept (and the pickles following one another are
   * not noted as trailing data). Otherwise the file is scanned as any stream.
   * @returns whether the file fit the layout (and was scanned).
   */
  private runLegacyTorch(job: Job): boolean {
    const found: Finding[] = [];
    const nested: Job[] = [];
    const globals: [string, string, AllowEntry | undefined][] = [];
    const storages = new Map<string, string>();
    const { path, data } = job;
    let result: ReturnType<typeof runMachine>;
    try {
      result = runMachine(data, {
        allow: this.allow,
        allowPersistentIds: this.allowPersistentIds,
        pickleLimit: 5,
        tick: () => this.tick(path),
        emit: (f: FindingDraft) => void found.push({ ...f, path }),
        nested: (bytes, offset, likely, certain) => queueBytesPickle(nested, job, bytes, offset, likely, certain),
        noteGlobal: (module, name, entry) => void globals.push([module, name, entry]),
        divergent: (data, offset) => queueFileReaderPickle(nested, job, data, offset),
        storage: (type, key) => void (storages.has(key) || storages.set(key, type)),
      });
    } catch (e) {
      // Out of budget: what was seen so far is kept, as for any pickle.
      for (const g of globals) this.noteGlobal(...g);
      for (const f of found) this.add(f);
      throw e;
    }
    const end = result.error === undefined ? legacyTorchStorages(job.data, result.ends, storages) : undefined;
    if (end !== data.length) {
      // Bytes after the last storage: torch.load never reads them, but whatever reads on would; the
      // whole file is scanned as any stream below, and the rest on its own, since the raw storages
      // before it need not parse as a pickle.
      if (end !== undefined)
        this.enqueue({
          kind: 'pickle',
          data: data.subarray(end),
          path: [...path, `after-storages@${end}`],
          depth: job.depth + 1,
          speculative: true,
          likely: true,
        });
      return false;
    }
    for (const g of globals) this.noteGlobal(...g);
    for (const f of found) this.add(f);
    this.pickles += result.pickles;
    for (const n of nested) this.enqueue(n);
    return true;
  }

  /** Counts one opcode against `maxOps` (the machine's `tick`). */
  private tick(path: readonly string[]): void {
    if (++this.ops > this.maxOps) {
      throw new ScanBudgetError(`maxOps exceeded: more than ${this.maxOps} opcodes${path.length ? ` (at ${path.join(' › ')})` : ''}; raise options.maxOps`);
    }
  }

  private noteGlobal(module: string, name: string, entry: AllowEntry | undefined): void {
    const key = module + '\0' + name;
    if (entry !== undefined && !this.allowed.has(key)) this.allowed.set(key, { module, name, library: entry.library, why: entry.why });
    if (!this.globals.has(key) && !module.startsWith('(')) this.globals.set(key, [module, name]);
  }

  private enqueue(job: Job): void {
    if (job.depth > this.maxNesting) {
      // Bytes that merely end like a pickle are not worth failing for; ones that start with PROTO are.
      if (job.speculative && !job.likely) return;
      throw new ScanBudgetError(`maxNesting exceeded: pickles nested more than ${this.maxNesting} deep (at ${job.path.join(' › ')}); raise options.maxNesting`);
    }
    this.queue.push(job);
  }

  /** A compressed file (joblib compress=, pandas compression=): scan what it decompresses to, as any file. */
  private runCompressed(job: Job): void {
    const codec = sniffCodec(job.data)!;
    const out = decompress(codec, job.data, Math.max(0, this.maxBytes - this.bytes));
    if (typeof out === 'string') {
      if (job.speculative) return;
      // Not really compressed after all, or corrupt: read it as the pickle it may also be (fails closed if not).
      this.failures.push({
        reason: out.includes('not supported') ? 'unsupported' : out.includes('limit') ? 'budget' : 'malformed',
        message: out,
        path: job.path,
        stream: 0,
      });
      this.enqueue({ kind: 'pickle', data: job.data, path: job.path, depth: job.depth, speculative: true, likely: false });
      return;
    }
    const path = [...job.path, codec];
    this.countBytes(out.length, path);
    const kind: Job['kind'] = isZip(out) ? 'zip' : isNpy(out) ? 'npy' : sniffCodec(out) !== undefined ? 'compressed' : isTar(out) ? 'tar' : 'pickle';
    this.enqueue({ kind, data: out, path, depth: job.depth + 1, speculative: job.speculative });
  }

  /**
   * The legacy torch.save tar: `sys_info` and `pickle` are pickles; `storages`
   * and `tensors` are pickles interleaved with raw bytes. Every member is read
   * as a stream of pickles; the ones torch unpickles by name fail closed.
   */
  private runTar(job: Job): void {
    const members = readTar(job.data, 4096);
    if (typeof members === 'string') {
      this.failures.push({ reason: 'malformed', message: `tar archive: ${members}`, path: job.path, stream: 0 });
      return;
    }
    for (const m of members) {
      if (++this.ops > this.maxOps) throw new ScanBudgetError('maxOps exceeded while listing tar members; raise options.maxOps');
      const base = m.name.split('/').pop()!;
      const certain = base === 'pickle' || base === 'sys_info' || wantedMember(m.name) === 'pickle';
      const path = [...job.path, m.name];
      const likely = m.data.length >= 2 && m.data[0] === 0x80 && m.data[1]! <= 5;
      this.enqueue({ kind: isNpy(m.data) ? 'npy' : 'pickle', data: m.data, path, depth: job.depth + 1, speculative: !certain, likely: certain || likely });
    }
  }

  private runNpy(job: Job): void {
    const header = readNpyHeader(job.data);
    if (!header.ok) {
      this.failures.push({ reason: 'malformed', message: header.message, path: job.path, stream: 0 });
      return;
    }
    const rest = job.data.subarray(header.dataOffset);
    const looksPickled = rest.length >= 2 && rest[0] === 0x80 && rest[1]! <= 5;
    if (header.objectDtype || looksPickled) {
      if (!header.objectDtype) {
        this.add({ severity: 'medium', kind: 'container', message: 'the data after a non-object .npy header looks like a pickle', stream: 0, path: job.path });
      }
      this.enqueue({ kind: 'pickle', data: rest, path: [...job.path, 'npy'], depth: job.depth + 1, speculative: false });
    }
  }

  private runZip(job: Job): void {
    const dir = readZipDirectory(job.data);
    if (!dir.ok) {
      if (!job.speculative) this.failures.push({ reason: 'malformed', message: `zip archive: ${dir.message}`, path: job.path, stream: 0 });
      return;
    }
    if (job.speculative) {
      this.add({
        severity: 'medium',
        kind: 'container',
        message: 'the pickle is also a zip archive (polyglot); its members are scanned too',
        stream: 0,
        path: job.path,
      });
    }
    const note = (message: string, member: string): void => {
      this.add({ severity: 'medium', kind: 'container', message, stream: 0, path: [...job.path, member] });
    };
    if (dir.prefix > 0) note(`${dir.prefix} byte(s) precede the zip archive`, '');
    const seen = new Set<string>();
    for (const m of dir.members) {
      if (++this.ops > this.maxOps) throw new ScanBudgetError(`maxOps exceeded while listing zip members; raise options.maxOps`);
      if (seen.has(m.name)) note(`duplicate member name ${JSON.stringify(m.name)}: readers disagree on which one they load`, m.name);
      seen.add(m.name);
      const wanted = wantedMember(m.name);
      if (m.dataOffset < 0) {
        if (wanted !== undefined)
          this.failures.push({
            reason: 'malformed',
            message: `zip member ${JSON.stringify(m.name)}: unreadable local header`,
            path: [...job.path, m.name],
            stream: 0,
          });
        continue;
      }
      if (m.localName !== m.name)
        note(`local header names ${JSON.stringify(m.localName)}, the central directory ${JSON.stringify(m.name)}; PyTorch uses the central directory`, m.name);
      if (m.flags & 1) note('flag bits say "encrypted"; PyTorch ignores them and reads the member as stored', m.name);
      const content = this.memberContent(job, m);
      if (typeof content === 'string') {
        if (wanted !== undefined)
          this.failures.push({
            reason: content.includes('maxBytes') ? 'budget' : 'unsupported',
            message: `zip member ${JSON.stringify(m.name)}: ${content}`,
            path: [...job.path, m.name],
            stream: 0,
          });
        continue;
      }
      if (crc32(content) !== m.crc) note("stored CRC-32 does not match the data; PyTorch does not check it, Python's zipfile refuses", m.name);
      this.enqueueMember(job, m.name, content, wanted);
    }
    // A streaming reader walks local headers instead: members the central directory hides (decoys) are scanned too.
    const known = new Set(dir.members.map((m) => m.localOffset));
    for (const m of walkLocalHeaders(job.data, 4096)) {
      if (known.has(m.localOffset)) continue;
      if (++this.ops > this.maxOps) throw new ScanBudgetError(`maxOps exceeded while listing zip members; raise options.maxOps`);
      note(
        `member ${JSON.stringify(m.name)} at byte ${m.localOffset} has a local header but no central directory entry: streaming readers see it, zipfile and PyTorch do not`,
        m.name,
      );
      let content: Uint8Array | string;
      if (m.method === 0) content = job.data.subarray(m.dataOffset, Math.min(job.data.length, m.dataOffset + m.compressedSize));
      else if (m.method === 8)
        content = decompress(
          'deflate',
          job.data.subarray(m.dataOffset, Math.min(job.data.length, m.dataOffset + m.compressedSize)),
          Math.max(0, this.maxBytes - this.bytes),
        );
      else continue;
      if (typeof content === 'string') continue;
      if (m.method === 8) this.countBytes(content.length, [...job.path, m.name]);
      this.enqueueMember(job, `${m.name}@${m.localOffset}`, content, wantedMember(m.name));
    }
  }

  /**
   * A zip member some loader may unpickle. Loaders pick members by name (torch:
   * `data.pkl`; numpy: any member starting with the .npy magic; custom loaders:
   * `config.json`), so every member is read: by name or magic for certain, the
   * rest speculatively (findings kept when it parses as a pickle, only critical
   * ones when it does not), so raw tensor bytes never raise false alarms.
   */
  private enqueueMember(job: Job, name: string, content: Uint8Array, wanted: 'pickle' | 'npy' | undefined): void {
    const path = [...job.path, name];
    if (wanted === undefined && isNpy(content)) {
      if (!name.toLowerCase().endsWith('.npy'))
        this.add({
          severity: 'medium',
          kind: 'container',
          message: 'a member with the .npy magic but not the .npy suffix: numpy.load of an .npz reads it as an array',
          stream: 0,
          path,
        });
      wanted = 'npy';
    }
    if (wanted === undefined) {
      const codec = sniffCodec(content);
      if (codec !== undefined && codec !== 'lzma') {
        this.enqueue({ kind: 'compressed', data: content, path, depth: job.depth + 1, speculative: true });
        return;
      }
    }
    const likely = content.length >= 2 && content[0] === 0x80 && content[1]! <= 5;
    this.enqueue({
      kind: wanted ?? 'pickle',
      data: content,
      path,
      depth: job.depth + 1,
      speculative: wanted === undefined,
      likely: wanted !== undefined || likely,
    });
  }

  /** A member's bytes, or why they are not available. */
  private memberContent(job: Job, m: ZipMember): Uint8Array | string {
    if (m.method === 0) {
      const end = m.dataOffset + m.compressedSize;
      if (end > job.data.length) return `stored data runs past the end of the archive`;
      return job.data.subarray(m.dataOffset, end);
    }
    if (m.method === 8) {
      const inflated = job.depth === 0 ? this.inflated.get(m.localOffset) : undefined;
      if (inflated === undefined) return 'deflated member: the synchronous scan reads stored members only; use scanAsync';
      if (typeof inflated === 'string') return inflated;
      this.countBytes(inflated.length, [...job.path, m.name]);
      return inflated;
    }
    return `compression method ${m.method} is not supported`;
  }
}

/** The members PyTorch, numpy and joblib-style loaders unpickle, by name. */
function wantedMember(name: string): 'pickle' | 'npy' | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.pkl') || lower.endsWith('.pickle')) return 'pickle';
  if (lower.endsWith('.npy')) return 'npy';
  return undefined;
}

function isZip(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && ((data[2] === 3 && data[3] === 4) || (data[2] === 5 && data[3] === 6));
}

function limit(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0)) throw new PickleError(`scan option ${name} must be a non-negative number, got ${String(value)}`);
  return value;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (a.path.join('\0') < b.path.join('\0') ? -1 : a.path.join('\0') > b.path.join('\0') ? 1 : 0) ||
    a.stream - b.stream ||
    (a.callOffset ?? a.importOffset ?? 0) - (b.callOffset ?? b.importOffset ?? 0)
  );
}

function checkInput(input: unknown): Uint8Array {
  const data = asBytes(input);
  if (data === undefined) throw new PickleError('scan() expects the bytes as a Uint8Array, ArrayBuffer, DataView or typed array');
  return data;
}

/**
 * Tells what loading `data` with CPython would do, without running anything:
 * a pickle (or several in one stream), a zip archive of pickles (PyTorch
 * checkpoints, .npz) or a numpy .npy file. Synchronous: deflated zip members
 * make the scan fail closed; use {@link scanAsync} for them.
 * @param input the file's bytes (any {@link BytesLike}).
 * @param options limits and extra allowed globals.
 * @returns the report; malformed input, exhausted limits and scanner bugs are
 *   reported in `failures` (verdict `error`, or `dangerous` if something was found), never thrown.
 * @throws PickleError only for programmer errors: `input` not binary, a negative limit.
 */
export function scan(input: BytesLike, options: ScanOptions = {}): ScanReport {
  const data = checkInput(input);
  return new Scan(options, new Map()).run(data);
}

/**
 * {@link scan}, plus deflated members of the outermost zip archive, inflated
 * with `DecompressionStream('deflate-raw')` within `maxBytes` (members of
 * archives nested deeper still fail closed).
 * @throws PickleError only for programmer errors, as `scan`.
 */
export async function scanAsync(input: BytesLike, options: ScanOptions = {}): Promise<ScanReport> {
  const data = checkInput(input);
  const inflated = new Map<number, Uint8Array | string>();
  if (isZip(data) || findEocd(data) >= 0) {
    const dir = readZipDirectory(data);
    let budget = limit(options.maxBytes, DEFAULTS.maxBytes, 'maxBytes') - data.length;
    // Each member costs at least one unit of the opcode budget, as in the scan itself.
    let members = limit(options.maxOps, DEFAULTS.maxOps, 'maxOps');
    if (dir.ok) {
      for (const m of dir.members) {
        if (--members < 0) break;
        if (m.method !== 8 || m.dataOffset < 0) continue;
        const out = await inflate(data.subarray(m.dataOffset, Math.min(data.length, m.dataOffset + m.compressedSize)), Math.max(0, budget));
        if (out instanceof Uint8Array) budget -= out.length;
        inflated.set(m.localOffset, out);
      }
    }
  }
  return new Scan(options, inflated).run(data);
}
