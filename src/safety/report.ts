/**
 * What `scan` returns: findings with severities, and a verdict that is never
 * "safe" when the scan did not finish.
 */
import type { GlobalPair } from './allowlist.js';
import type { CodeSummary } from './code-objects/code-summary.js';

/**
 * - `critical`: a known code-execution primitive (the denylist names why), a call of a
 *   callable the scanner cannot name, BUILD or a mutation on a class or module object,
 *   type(name, bases, dict), a nested unpickler on data the scanner cannot read.
 * - `high`: a callable outside the allowlist called with arguments the pickle chooses,
 *   an import outside the allowlist, a dynamic global, an extension code, a persistent id.
 * - `medium`: a class outside the allowlist rebuilt from its state (NEWOBJ with no
 *   arguments, copyreg); parser divergences; denial of service through allowlisted
 *   constructors fed huge arguments; anomalies (frames that lie, trailing data, odd zip entries).
 * - `low`: resource notes (deep nesting, big constants, shared references).
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** What a finding is about. */
export type FindingKind =
  | 'call'
  | 'setstate'
  | 'global-mutation'
  | 'import'
  | 'dynamic-global'
  | 'extension'
  | 'persistent-id'
  | 'frame'
  | 'trailing-data'
  | 'protocol'
  | 'container'
  | 'nested-pickle'
  | 'not-callable'
  | 'resource'
  | 'divergence';

/** A Python global, as written in the pickle and as CPython resolves it. */
export interface GlobalNames {
  /** Module and name as the bytes spell them. */
  readonly written: { readonly module: string; readonly name: string };
  /** After CPython's Python 2 mapping (protocol < 3) — the name the allowlist is checked against. */
  readonly mapped: { readonly module: string; readonly name: string };
}

/** One thing the pickle would do, or one oddity of it. */
export interface Finding {
  readonly severity: Severity;
  readonly kind: FindingKind;
  /** A sentence saying what CPython would do. */
  readonly message: string;
  /** The global concerned, when there is one. */
  readonly global?: GlobalNames;
  /**
   * Byte offset of the opcode that imported the global, or of the finding itself, counted
   * in the bytes `path` names: the file, the zip member, or the nested bytes constant.
   */
  readonly importOffset?: number;
  /** Byte offset of the opcode that calls it (REDUCE, NEWOBJ, BUILD, …). */
  readonly callOffset?: number;
  /**
   * The calls that produced the callable (or object) this finding is about, outermost
   * first: `['functools.partial(posix.system, str)', 'the call at byte 40']`.
   */
  readonly chain?: readonly string[];
  /** A code object the call creates or runs (dill, cloudpickle, types.CodeType), decoded. */
  readonly code?: CodeSummary;
  /** Index of the pickle in its stream: 0 for the first, 1 for one following its STOP, … */
  readonly stream: number;
  /**
   * Where the pickle lives: [] for the input itself; else zip member names, `npy`
   * for the pickle after a .npy header, `bytes@N` for a pickle nested in the bytes
   * constant whose opcode is at offset N of the enclosing pickle.
   */
  readonly path: readonly string[];
}

/**
 * - `safe`: the scan finished, every global is allowlisted and every use explained,
 *   and nothing suspicious was seen.
 * - `dangerous`: at least one critical or high finding (also when the scan did not finish).
 * - `error` (could not scan): the scan did not finish (malformed input, budget exhausted,
 *   unsupported container) and found nothing critical or high: never to be trusted as safe.
 * - `suspicious`: the scan finished with medium findings that are not mere notes (a class
 *   outside the allowlist rebuilt from its state, a parser divergence, a denial of service).
 */
export type Verdict = 'safe' | 'suspicious' | 'dangerous' | 'error';

/** A global the allowlist explained: what was seen and why it was judged benign. */
export interface AllowedGlobal {
  readonly module: string;
  readonly name: string;
  /** `stdlib`, `numpy`, `torch`, `pandas`, `scikit-learn`, `joblib` or `user`. */
  readonly library: string;
  /** Why it is benign, and which uses of it are explained. */
  readonly why: string;
}

/** Why a scan did not finish. */
export interface ScanFailure {
  /** `malformed`: CPython would raise too; `budget`: a scan limit was hit; `unsupported`: e.g. a deflated zip member in the synchronous scan. */
  readonly reason: 'malformed' | 'budget' | 'unsupported';
  readonly message: string;
  readonly path: readonly string[];
  readonly stream: number;
  /** Byte offset where it stopped, when known. */
  readonly offset?: number;
}

/** The result of a scan. */
export interface ScanReport {
  readonly verdict: Verdict;
  /** Every finding, most severe first, then by path, stream and offset. */
  readonly findings: readonly Finding[];
  /** Why the scan did not finish, if it did not; `findings` still holds what it saw. */
  readonly failures: readonly ScanFailure[];
  /** What was read: `pickle`, `zip`, `npy`, `tar` (legacy torch.save), or the compression of the whole file. */
  readonly container: 'pickle' | 'zip' | 'npy' | 'tar' | 'zlib' | 'gzip' | 'bz2' | 'xz' | 'lzma' | 'lz4' | 'zstd';
  /** Number of pickles scanned (streams, zip members, nested pickles). */
  readonly pickles: number;
  /** Opcodes executed symbolically. */
  readonly ops: number;
  /** True when a limit (opcodes, bytes, nesting) cut the scan short: the verdict covers only what was read. */
  readonly cutShort: boolean;
  /** Distinct globals seen, as mapped, sorted. */
  readonly globals: readonly GlobalPair[];
  /** The allowlisted globals among them (sorted like `globals`), with the library and the reason they are benign. */
  readonly allowed: readonly AllowedGlobal[];
}

/** Limits and allowlist of a scan. Every limit counts work, not time, so a scan gives the same answer everywhere. */
export interface ScanOptions {
  /** Opcodes to execute in total (all streams, members, nested pickles). Default 50,000,000. */
  readonly maxOps?: number;
  /** Bytes to read in total, including inflated zip members. Default 2 GiB. */
  readonly maxBytes?: number;
  /** How deep pickles may nest (zip → pickle → bytes constant → pickle …). Default 8. */
  readonly maxNesting?: number;
  /** Findings kept; more are counted in one `resource` finding. The verdict still sees all. Default 10,000. */
  readonly maxFindings?: number;
  /** Globals allowed (with the `plain` rule) in addition to the default sets. Default none. */
  readonly allow?: Iterable<GlobalPair>;
  /**
   * Include what numpy, PyTorch, pandas, scikit-learn and joblib write themselves
   * (array and tensor reconstructors, dtypes, storages, frames, estimators restored
   * by state). Default true; false leaves only the standard library.
   */
  readonly ml?: boolean;
  /**
   * Treat persistent ids as `low` instead of `high` (for PyTorch checkpoints, whose
   * tensors refer to storages by persistent id). Default false.
   */
  readonly allowPersistentIds?: boolean;
}
