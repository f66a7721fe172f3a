/**
 * The globals the scanner treats as safe to import and call, each with the
 * rule that says which uses of it are explained, the library it belongs to
 * and why it is judged benign. The standard set is exactly what CPython 3.11
 * itself writes when pickling its standard types at protocols 0–5 (found by
 * pickling them all and listing the globals); the ML sets (`ml-allowlist.ts`)
 * are what numpy, PyTorch, pandas, scikit-learn and joblib write, read from
 * their sources. Names are Python 3 names: the scanner maps Python 2 names
 * (`__builtin__`, `copy_reg`) first, as CPython does at protocol < 3.
 */
import { BUILTIN_EXCEPTIONS } from '../stdlib/exceptions.js';
import { ML_ENTRIES, ML_PREFIXES, NUMPY_PAIRS, TORCH_PAIRS } from './ml-allowlist.js';

/** A global as `[module, qualified name]`, e.g. `['collections', 'OrderedDict']`. */
export type GlobalPair = readonly [module: string, name: string];

/**
 * What a use of an allowlisted global may do beyond building an inert value.
 * - `plain`: calling it with any arguments only builds a value.
 * - `state`: a class that is only rebuilt from its state (`cls.__new__` by NEWOBJ or
 *   copyreg, then BUILD); a call of it with arguments is not explained.
 * - `type1`: `type(x)` is harmless, `type(name, bases, dict)` creates a class.
 * - `getattr`: the result is the attribute of its first argument, checked as the dotted global it names.
 * - `reconstructor`: `copyreg._reconstructor(cls, base, state)`: creates an instance of `cls` without
 *   running its code, and calls `base.__init__`, so `base` must be allowlisted.
 * - `newobj`: `copyreg.__newobj__(cls, ...)` / `__newobj_ex__`: `cls.__new__`, so `cls` must be allowlisted.
 * - `factory`: a library reconstructor that instantiates (or calls) the class or
 *   function in its first argument (numpy's `_reconstruct`, pandas' `_new_Index`),
 *   so that argument must be allowlisted.
 * - `loads`: unpickles its bytes argument (`torch.storage._load_from_bytes`,
 *   `pickle.loads`): explained only when the argument is a bytes constant, whose
 *   inner pickle is then scanned like the outer one.
 * - `import2`: `f(module, name)` imports `module.name` (numpy's `_ufunc_reconstruct`):
 *   the result is that global, checked against the allowlist.
 */
export type CallRule = 'plain' | 'state' | 'type1' | 'getattr' | 'reconstructor' | 'newobj' | 'factory' | 'loads' | 'import2';

/** One allowlisted global: how it may be used, where it comes from, why it is benign. */
export interface AllowEntry {
  readonly rule: CallRule;
  /** `stdlib`, `numpy`, `torch`, `pandas`, `scikit-learn`, `joblib`, or `user` for `allow`. */
  readonly library: string;
  /** Why the scanner judges it benign. */
  readonly why: string;
}

/** An allowlist entry as a table row: module, name, rule, library, reason. */
export type EntryRow = readonly [module: string, name: string, rule: CallRule, library: string, why: string];

const BUILDS = 'builds a standard value from data';
const STANDARD: readonly EntryRow[] = [
  // builtins: the types and singletons CPython pickles by reference or rebuilds by calling
  ...['bool', 'bytearray', 'bytes', 'complex', 'dict', 'float', 'frozenset', 'int', 'list', 'object', 'range', 'set', 'slice', 'str', 'tuple'].map(
    (n): EntryRow => ['builtins', n, 'plain', 'stdlib', 'a built-in type: calling it builds a value from data'],
  ),
  ['builtins', 'Ellipsis', 'plain', 'stdlib', 'a singleton'],
  ['builtins', 'NotImplemented', 'plain', 'stdlib', 'a singleton'],
  ['builtins', 'type', 'type1', 'stdlib', 'type(x) returns the type of a value; type(name, bases, dict) is a finding'],
  ['builtins', 'getattr', 'getattr', 'stdlib', 'getattr(global, "name") is judged as the global it reaches'],
  // protocol 0-2 bytes, and copyreg's object factories
  ['_codecs', 'encode', 'plain', 'stdlib', 'protocols 0-2 write bytes as _codecs.encode(str, "latin1")'],
  ['copyreg', '_reconstructor', 'reconstructor', 'stdlib', 'object.__reduce_ex__(<2): rebuilds an instance of an allowlisted class'],
  ['copyreg', '__newobj__', 'newobj', 'stdlib', 'object.__reduce_ex__(2+): cls.__new__(cls) of an allowlisted class'],
  ['copyreg', '__newobj_ex__', 'newobj', 'stdlib', 'object.__reduce_ex__(2+): cls.__new__(cls, ...) of an allowlisted class'],
  // standard library value types
  ...(
    [
      ['array', 'array'],
      ['array', '_array_reconstructor'],
      ['collections', 'ChainMap'],
      ['collections', 'Counter'],
      ['collections', 'OrderedDict'],
      ['collections', 'defaultdict'],
      ['collections', 'deque'],
      ['datetime', 'date'],
      ['datetime', 'datetime'],
      ['datetime', 'time'],
      ['datetime', 'timedelta'],
      ['datetime', 'timezone'],
      ['datetime', 'tzinfo'],
      ['decimal', 'Decimal'],
      ['fractions', 'Fraction'],
      ['ipaddress', 'IPv4Address'],
      ['ipaddress', 'IPv4Interface'],
      ['ipaddress', 'IPv4Network'],
      ['ipaddress', 'IPv6Address'],
      ['ipaddress', 'IPv6Interface'],
      ['ipaddress', 'IPv6Network'],
      ['os', 'stat_result'],
      ['time', 'struct_time'],
      ['pathlib', 'PosixPath'],
      ['pathlib', 'PurePosixPath'],
      ['pathlib', 'PureWindowsPath'],
      ['pathlib', 'WindowsPath'],
      ['re', 'RegexFlag'],
      ['re', '_compile'],
      ['types', 'SimpleNamespace'],
      ['uuid', 'UUID'],
      ['uuid', 'SafeUUID'],
      ['zoneinfo', 'ZoneInfo'],
      ['zoneinfo', 'ZoneInfo._unpickle'],
    ] as const
  ).map(([m, n]): EntryRow => [m, n, 'plain', 'stdlib', BUILDS]),
  ...BUILTIN_EXCEPTIONS.map((n): EntryRow => ['builtins', n, 'plain', 'stdlib', 'a built-in exception class: CPython pickles exceptions as Class(*args)']),
];

/** What numpy writes for arrays, dtypes and scalars (numpy 1.x and 2.x module paths). Applied by default; kept for `allow`. */
export const NUMPY_GLOBALS: readonly GlobalPair[] = NUMPY_PAIRS;

/** What `torch.save` writes for tensors and state dicts. Applied by default; kept for `allow`. */
export const TORCH_GLOBALS: readonly GlobalPair[] = TORCH_PAIRS;

/** A module prefix whose classes are allowlisted with one rule (scikit-learn's estimators). */
export interface PrefixRule {
  readonly prefix: string;
  /** Which names under the prefix it covers. */
  readonly names: RegExp;
  readonly entry: AllowEntry;
}

/** An allowlist: exact entries by module and name, then module-prefix rules. */
export class Allowlist {
  constructor(
    private readonly table: ReadonlyMap<string, ReadonlyMap<string, AllowEntry>>,
    private readonly prefixes: readonly PrefixRule[],
  ) {}

  /**
   * The entry for `module.name`, or undefined when it is not allowlisted.
   * @throws never.
   */
  get(module: string, name: string): AllowEntry | undefined {
    const exact = this.table.get(module)?.get(name);
    if (exact !== undefined) return exact;
    for (const p of this.prefixes) if (module.startsWith(p.prefix) && p.names.test(name)) return p.entry;
    return undefined;
  }
}

/**
 * Builds the allowlist the scanner uses: the standard set, the ML libraries'
 * sets unless `ml` is false, plus `extra` (allowed with the `plain` rule).
 * @param extra more `[module, name]` pairs.
 * @param ml whether numpy, PyTorch, pandas, scikit-learn and joblib's own globals are included.
 * @throws never.
 */
export function buildAllowlist(extra: Iterable<GlobalPair> = [], ml = true): Allowlist {
  const table = new Map<string, Map<string, AllowEntry>>();
  const add = (module: string, name: string, entry: AllowEntry): void => {
    let inner = table.get(module);
    if (inner === undefined) table.set(module, (inner = new Map()));
    if (!inner.has(name)) inner.set(name, entry);
  };
  for (const [module, name, rule, library, why] of STANDARD) add(module, name, { rule, library, why });
  if (ml) for (const [module, name, rule, library, why] of ML_ENTRIES) add(module, name, { rule, library, why });
  for (const [module, name] of extra) add(module, name, { rule: 'plain', library: 'user', why: 'allowed by the caller (options.allow)' });
  return new Allowlist(table, ml ? ML_PREFIXES : []);
}

/** The default allowlist (standard + ML libraries), shared (it is never mutated). */
export const DEFAULT_ALLOWLIST: Allowlist = buildAllowlist();

/** The standard-library-only allowlist, shared. */
export const STANDARD_ALLOWLIST: Allowlist = buildAllowlist([], false);

/** The standard globals as pairs, for display and tests. */
export const STANDARD_GLOBALS: readonly GlobalPair[] = Object.freeze(STANDARD.map(([m, n]) => [m, n] as const));
