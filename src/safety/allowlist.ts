/**
 * The globals the scanner treats as safe to import and call: exactly what
 * CPython 3.11 itself writes when pickling its standard types at protocols
 * 0–5 (found by pickling them all and listing the globals), plus opt-in sets
 * for numpy arrays and PyTorch weights. Names are Python 3 names: the scanner
 * maps Python 2 names (`__builtin__`, `copy_reg`) first, as CPython does at
 * protocol < 3.
 */
import { BUILTIN_EXCEPTIONS } from '../stdlib/exceptions.js';

/** A global as `[module, qualified name]`, e.g. `['collections', 'OrderedDict']`. */
export type GlobalPair = readonly [module: string, name: string];

/**
 * What a call of an allowlisted global may do beyond building an inert value.
 * - `plain`: building a value; the arguments are data.
 * - `type1`: `type(x)` is harmless, `type(name, bases, dict)` creates a class.
 * - `getattr`: the result is the attribute of its first argument, checked as the dotted global it names.
 * - `reconstructor`: `copyreg._reconstructor(cls, base, state)`: creates an instance of `cls` without
 *   running its code, and calls `base.__init__`, so `base` must be allowlisted.
 * - `newobj`: `copyreg.__newobj__(cls, ...)` / `__newobj_ex__`: `cls.__new__`, so `cls` must be allowlisted.
 */
export type CallRule = 'plain' | 'type1' | 'getattr' | 'reconstructor' | 'newobj';

const STANDARD: readonly (readonly [string, string, CallRule?])[] = [
  // builtins: the types and singletons CPython pickles by reference or rebuilds by calling
  ['builtins', 'bool'], ['builtins', 'bytearray'], ['builtins', 'bytes'], ['builtins', 'complex'],
  ['builtins', 'dict'], ['builtins', 'float'], ['builtins', 'frozenset'], ['builtins', 'int'],
  ['builtins', 'list'], ['builtins', 'object'], ['builtins', 'range'], ['builtins', 'set'],
  ['builtins', 'slice'], ['builtins', 'str'], ['builtins', 'tuple'], ['builtins', 'Ellipsis'],
  ['builtins', 'NotImplemented'], ['builtins', 'type', 'type1'], ['builtins', 'getattr', 'getattr'],
  // protocol 0-2 bytes, and copyreg's object factories
  ['_codecs', 'encode'],
  ['copyreg', '_reconstructor', 'reconstructor'], ['copyreg', '__newobj__', 'newobj'], ['copyreg', '__newobj_ex__', 'newobj'],
  // standard library value types
  ['array', 'array'], ['array', '_array_reconstructor'],
  ['collections', 'ChainMap'], ['collections', 'Counter'], ['collections', 'OrderedDict'],
  ['collections', 'defaultdict'], ['collections', 'deque'],
  ['datetime', 'date'], ['datetime', 'datetime'], ['datetime', 'time'], ['datetime', 'timedelta'],
  ['datetime', 'timezone'], ['datetime', 'tzinfo'],
  ['decimal', 'Decimal'], ['fractions', 'Fraction'],
  ['ipaddress', 'IPv4Address'], ['ipaddress', 'IPv4Interface'], ['ipaddress', 'IPv4Network'],
  ['ipaddress', 'IPv6Address'], ['ipaddress', 'IPv6Interface'], ['ipaddress', 'IPv6Network'],
  ['os', 'stat_result'], ['time', 'struct_time'],
  ['pathlib', 'PosixPath'], ['pathlib', 'PurePosixPath'], ['pathlib', 'PureWindowsPath'], ['pathlib', 'WindowsPath'],
  ['re', 'RegexFlag'], ['re', '_compile'],
  ['types', 'SimpleNamespace'], ['uuid', 'UUID'], ['uuid', 'SafeUUID'],
  ['zoneinfo', 'ZoneInfo'], ['zoneinfo', 'ZoneInfo._unpickle'],
];

/** The built-in exception classes: CPython pickles exceptions as `builtins.<Class>(*args)` plus their `__dict__`. */
const EXCEPTIONS: readonly string[] = BUILTIN_EXCEPTIONS;

/** What numpy writes for arrays, dtypes and scalars (numpy 1.x and 2.x module paths). Opt in with `allow`. */
export const NUMPY_GLOBALS: readonly GlobalPair[] = Object.freeze([
  ['numpy', 'ndarray'], ['numpy', 'dtype'],
  ['numpy.core.multiarray', '_reconstruct'], ['numpy.core.multiarray', 'scalar'],
  ['numpy._core.multiarray', '_reconstruct'], ['numpy._core.multiarray', 'scalar'],
  ['numpy.dtypes', 'Float64DType'], ['numpy.dtypes', 'Float32DType'], ['numpy.dtypes', 'Int64DType'],
  ['numpy.dtypes', 'Int32DType'], ['numpy.dtypes', 'BoolDType'], ['numpy.dtypes', 'ObjectDType'],
] as const);

/**
 * What `torch.save` writes for tensors and state dicts, as PyTorch's own
 * `weights_only` unpickler accepts them. Opt in with `allow` (and
 * `allowPersistentIds`, since tensors refer to storages by persistent id).
 */
export const TORCH_GLOBALS: readonly GlobalPair[] = Object.freeze([
  ['torch._utils', '_rebuild_tensor'], ['torch._utils', '_rebuild_tensor_v2'], ['torch._utils', '_rebuild_parameter'],
  ['torch._utils', '_rebuild_parameter_with_state'], ['torch._utils', '_rebuild_qtensor'],
  ['torch._utils', '_rebuild_sparse_tensor'], ['torch', 'Size'], ['torch', 'device'], ['torch', 'dtype'],
  ['torch', 'float32'], ['torch', 'float16'], ['torch', 'bfloat16'], ['torch', 'float64'], ['torch', 'int64'],
  ['torch', 'int32'], ['torch', 'int8'], ['torch', 'uint8'], ['torch', 'bool'],
  ['torch', 'FloatStorage'], ['torch', 'DoubleStorage'], ['torch', 'HalfStorage'], ['torch', 'BFloat16Storage'],
  ['torch', 'LongStorage'], ['torch', 'IntStorage'], ['torch', 'ShortStorage'], ['torch', 'CharStorage'],
  ['torch', 'ByteStorage'], ['torch', 'BoolStorage'], ['torch', 'UntypedStorage'],
  ['torch.nn.parameter', 'Parameter'], ['collections', 'OrderedDict'],
] as const);

/** An allowlist: `module` → `name` → call rule. */
export type Allowlist = ReadonlyMap<string, ReadonlyMap<string, CallRule>>;

/**
 * Builds the allowlist the scanner uses: the standard set plus `extra`.
 * @param extra more `[module, name]` pairs (called with the `plain` rule).
 * @throws never.
 */
export function buildAllowlist(extra: Iterable<GlobalPair> = []): Allowlist {
  const table = new Map<string, Map<string, CallRule>>();
  const add = (module: string, name: string, rule: CallRule): void => {
    let inner = table.get(module);
    if (inner === undefined) table.set(module, (inner = new Map()));
    if (!inner.has(name)) inner.set(name, rule);
  };
  for (const [module, name, rule] of STANDARD) add(module, name, rule ?? 'plain');
  for (const name of EXCEPTIONS) add('builtins', name, 'plain');
  for (const [module, name] of extra) add(module, name, 'plain');
  return table;
}

/** The standard allowlist, shared (it is never mutated). */
export const STANDARD_ALLOWLIST: Allowlist = buildAllowlist();

/** The standard globals as pairs, for display and tests. */
export const STANDARD_GLOBALS: readonly GlobalPair[] = Object.freeze([
  ...STANDARD.map(([m, n]) => [m, n] as const),
  ...EXCEPTIONS.map((n) => ['builtins', n] as const),
]);
