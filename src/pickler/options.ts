/**
 * The pickler's options, resolved once per `Pickler` so the hot loop reads
 * plain fields.
 */
import { PicklingError } from '../errors.js';
import { DEFAULT_PROTOCOL, HIGHEST_PROTOCOL } from '../opcodes.js';
import type { DumpRegistry, ExtensionTable } from '../registry/contract.js';
import type { PickleBuffer } from '../registry/pickle-buffer.js';

/** Options of `dumps` and `new Pickler(...)`. Every field is optional. */
export interface PicklerOptions {
  /**
   * Pickle protocol, 0 to 5. Default 4 (`DEFAULT_PROTOCOL`, as CPython 3.11).
   * A negative number means the highest protocol (5), as in Python.
   */
  readonly protocol?: number;
  /**
   * At protocol < 3, write Python 3 global names under their Python 2 names
   * (`builtins.set` → `__builtin__.set`), as CPython's `fix_imports`. Default true.
   */
  readonly fixImports?: boolean;
  /**
   * Python's `persistent_id`: called with every value about to be pickled
   * (the persistent id it returns excepted); a result other than `undefined`
   * or `null` is written as a persistent id (`BINPERSID`, or `PERSID` with its
   * string form at protocol 0) instead of the value. Default: none.
   */
  readonly persistentId?: (value: unknown) => unknown;
  /**
   * How to pickle objects the pickler has no built-in rule for (instances of
   * JS classes, functions): see `DumpRegistry`. Default: none, so such values
   * raise `PicklingError`.
   */
  readonly registry?: DumpRegistry;
  /**
   * The copyreg extension registry (`copyreg.add_extension`): at protocol 2+, a
   * global with a code is written as `EXT1`/`EXT2`/`EXT4` (never memoized), as
   * CPython's `save_global`. Default: none.
   */
  readonly extensions?: ExtensionTable;
  /**
   * Python's `buffer_callback` (protocol 5 only): called with each
   * `PickleBuffer`; a falsy result sends the buffer out of band (`NEXT_BUFFER`,
   * plus `READONLY_BUFFER` when read-only), a truthy one writes it in the
   * pickle. Default: none, so every `PickleBuffer` is written in band.
   */
  readonly bufferCallback?: (buffer: PickleBuffer) => unknown;
}

/** Options after defaults and validation. */
export interface ResolvedPicklerOptions {
  readonly protocol: number;
  readonly fixImports: boolean;
  readonly persistentId: ((value: unknown) => unknown) | undefined;
  readonly registry: DumpRegistry | undefined;
  readonly extensions: ExtensionTable | undefined;
  readonly bufferCallback: ((buffer: PickleBuffer) => unknown) | undefined;
}

/**
 * Applies defaults and checks the protocol the way CPython does.
 * @throws PicklingError when the protocol is not an integer or is above 5
 *   (CPython: `ValueError: pickle protocol must be <= 5`), or a
 *   `bufferCallback` comes with a protocol below 5.
 */
export function resolvePicklerOptions(options: PicklerOptions | undefined): ResolvedPicklerOptions {
  let protocol = options?.protocol ?? DEFAULT_PROTOCOL;
  if (typeof protocol !== 'number' || !Number.isInteger(protocol)) {
    throw new PicklingError(`pickle protocol must be an integer, not ${String(protocol)}`);
  }
  if (protocol < 0) protocol = HIGHEST_PROTOCOL;
  else if (protocol > HIGHEST_PROTOCOL) throw new PicklingError(`pickle protocol must be <= ${HIGHEST_PROTOCOL}`);
  const persistentId = options?.persistentId;
  if (persistentId !== undefined && typeof persistentId !== 'function') {
    throw new PicklingError('persistentId must be a function');
  }
  const bufferCallback = options?.bufferCallback;
  if (bufferCallback !== undefined && protocol < 5) throw new PicklingError('buffer_callback needs protocol >= 5');
  return {
    protocol,
    fixImports: options?.fixImports ?? true,
    persistentId,
    registry: options?.registry,
    extensions: options?.extensions,
    bufferCallback,
  };
}
