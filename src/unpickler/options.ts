/**
 * The options of `loads` / `Unpickler`. All are read once, in the
 * constructor; the opcode loop only sees the resolved form.
 */
import type { ExtensionTable, LoadBinding, LoadRegistry } from '../registry/contract.js';
import type { UnpicklerLimits } from './limits.js';

/** A Python global as `module` + qualified `name`. */
export interface GlobalRef {
  readonly module: string;
  readonly name: string;
}

/**
 * The `encoding` option: the four names picklejar documents, or any other
 * codec name as CPython takes (see `UnpicklerOptions.encoding`).
 */
export type Py2StringEncoding = 'ASCII' | 'latin1' | 'utf-8' | 'bytes' | (string & {});

/** The error handlers the `errors` option takes, as Python spells them. */
export const PY2_STRING_ERRORS = ['strict', 'replace', 'ignore', 'surrogateescape', 'backslashreplace', 'surrogatepass'] as const;

/** One of {@link PY2_STRING_ERRORS}. */
export type Py2StringErrors = (typeof PY2_STRING_ERRORS)[number];

/**
 * Whether `value` is one of {@link PY2_STRING_ERRORS}, to narrow an error
 * handler name taken from user input (a command line option).
 * @throws never
 */
export function isPy2StringErrors(value: unknown): value is Py2StringErrors {
  return typeof value === 'string' && (PY2_STRING_ERRORS as readonly string[]).includes(value);
}

/** Options of {@link loads} and the {@link Unpickler} constructor. */
export interface UnpicklerOptions {
  /**
   * Return a form the pickler writes back to the same bytes: integral floats
   * and -0.0 as `Float`; unresolved persistent ids, extension codes and
   * out-of-band buffers as `PersistentRef` / `ExtensionRef` / `BufferRef`
   * instead of raising; REDUCE calls of `builtins.list/dict/tuple/str/int/float/bool`
   * stay inert `PyObject`s. Default `false`.
   */
  readonly lossless?: boolean;
  /** Map Python 2 global names to Python 3 ones at protocol < 3, as CPython. Default `true`. */
  readonly fixImports?: boolean;
  /**
   * How to decode Python 2 `str` (STRING/BINSTRING/SHORT_BINSTRING): `'ASCII'`,
   * `'latin1'`, `'utf-8'`, or `'bytes'` to keep them as `Uint8Array`. Default `'ASCII'`.
   * Any string is accepted by the type because CPython takes any codec name
   * here, and picklejar takes Python's spellings of these codecs (`'latin-1'`,
   * `'iso-8859-1'`, `'utf8'`, `'us-ascii'`, any case, `_` for `-`). An encoding it
   * does not know raises `UnpicklingError` when the first such string is read,
   * as CPython does for an unknown codec.
   */
  readonly encoding?: Py2StringEncoding;
  /**
   * Keep Python 2 `str`s as `Py2Str` (their bytes, whatever `encoding` says),
   * so that `dumps` writes them back as STRING/SHORT_BINSTRING/BINSTRING: a
   * byte-identical round trip of Python 2 pickles. Default `false` (decode
   * with `encoding`, as CPython). Meant for lossless loads.
   */
  readonly keepPython2Strings?: boolean;
  /**
   * Error handler for `encoding`: `'strict'`, `'replace'`, `'ignore'`,
   * `'surrogateescape'`, `'backslashreplace'` for ASCII; `'strict'`,
   * `'replace'` and `'surrogatepass'` for UTF-8 (the others raise
   * `UnpicklingError` when a str fails to decode); Latin-1 never fails.
   * Default `'strict'`. Only these names: CPython also takes handlers
   * registered with `codecs.register_error`, which have no JS counterpart.
   */
  readonly errors?: Py2StringErrors;
  /**
   * Resolves persistent ids (PERSID gives a string, BINPERSID any value).
   * Default: none — PERSID/BINPERSID raise, or become `PersistentRef` when lossless.
   */
  readonly persistentLoad?: (pid: unknown) => unknown;
  /**
   * Out-of-band buffers consumed in order by NEXT_BUFFER (protocol 5), through one
   * iterator for the Unpickler's lifetime (as CPython). NEXT_BUFFER pushes each
   * buffer as given; READONLY_BUFFER leaves it as given too (JS typed arrays cannot
   * be made read-only) but sets `readonly` on a lossless `BufferRef`. Default:
   * none — NEXT_BUFFER raises, or gives a `BufferRef` when lossless.
   */
  readonly buffers?: Iterable<Uint8Array>;
  /**
   * The copyreg extension registry for EXT1/EXT2/EXT4: an `ExtensionRegistry`
   * (any `ExtensionTable`) or a plain `Map` of code → global.
   * Default: empty — EXT raises, or gives an `ExtensionRef` when lossless.
   */
  readonly extensions?: ReadonlyMap<number, GlobalRef> | ExtensionTable;
  /**
   * Bindings for globals, consulted before the standard types and picklejar's
   * built-in bindings. A binding's `value` is what the global itself loads as
   * (a JS class, `Ellipsis`, …). Default: none.
   */
  readonly registry?: LoadRegistry;
  /**
   * Consult `standardTypes` (datetime, Decimal, Fraction, UUID, collections,
   * range, slice, Ellipsis, pathlib, exceptions, …) after `registry`: their
   * pickles load as picklejar's JS classes instead of inert `PyObject`s.
   * `false` keeps them inert. Default `true`.
   */
  readonly standardTypes?: boolean;
  /**
   * Consult `mlTypes` (numpy arrays, dtypes and scalars; pandas frames) after
   * `registry`: numpy arrays load as `NDArray`. `false` keeps them inert. Default `true`.
   */
  readonly mlTypes?: boolean;
  /**
   * Called after every BUILD with the built object, the input and the offset
   * after the BUILD opcode: return `{ value, end }` to replace the object on
   * the stack and continue reading at `end` (joblib's arrays are raw bytes
   * written into the stream right after their wrapper's BUILD), or undefined.
   * Default: none.
   */
  readonly afterBuild?: (built: unknown, input: Uint8Array, offset: number) => { value: unknown; end: number } | undefined;
  /**
   * Called for every global (after Python 2 mapping and the allowlist), first:
   * a `LoadBinding` to use for it, `null` to keep it inert (skipping every
   * registry), `undefined` to continue with `registry`, the standard types and
   * the built-ins.
   * Throw to refuse it. Default: none.
   */
  readonly findClass?: (module: string, name: string) => LoadBinding | null | undefined;
  /**
   * Strict mode: when given, any global (GLOBAL, STACK_GLOBAL, INST, EXT) whose
   * exact module + name (after Python 2 mapping) is not listed raises
   * `UnpicklingError`. Include `BUILTIN_GLOBALS` to keep sets, bytes, bytearrays
   * and complex numbers written by old protocols loading. Default: not strict.
   */
  readonly allowGlobals?: Iterable<GlobalRef | readonly [string, string]>;
  /**
   * How dicts load. `'object'` (the default): a dict whose keys are all str
   * is a null-prototype object built directly in fast mode (so `__proto__`,
   * `constructor` are plain own keys and no prototype is reachable; about
   * twice as fast to load and a third of the memory of a Map), except str
   * keys that are array indices (`'0'`, `'42'`: JS would list them first);
   * a dict with any other key is a `Map` (one that gets such a key after it
   * was shared becomes a Map everywhere it was put). `'map'` gives `Map`s
   * everywhere. Bindings (the standard and ML types, `registry`,
   * `findClass`) and `persistentLoad` are handed Maps either way, and a dict
   * handed to one stays a Map everywhere. Both forms dump back as the same
   * dicts, byte for byte, lossless loads included. Default `'object'`.
   */
  readonly dictType?: 'object' | 'map';
  /**
   * How `bytes` (SHORT_BINBYTES, BINBYTES, BINBYTES8) load: `true` gives
   * zero-copy `Uint8Array` views of the input, `false` independent copies.
   * Either way the result is a plain `Uint8Array`, whether the input is a
   * plain `Uint8Array` or a Node `Buffer`, and a `bytearray` (BYTEARRAY8) is
   * always a copy, being mutable in Python. Views skip copying bulk data into
   * fresh memory (a 32 MiB bytes loads in microseconds instead of tens of
   * milliseconds), but a view aliases the caller's buffer: a write to either
   * shows in the other, and a small view keeps the whole input alive. Copies
   * stay the default so that a loaded value never changes behind the
   * caller's back (the input is often a reused read buffer); pass `true`
   * when the input is not written to after the load. Default `false`.
   */
  readonly bytesViews?: boolean;
  /** Resource limits; see {@link UnpicklerLimits} for the defaults. */
  readonly limits?: UnpicklerLimits;
}
