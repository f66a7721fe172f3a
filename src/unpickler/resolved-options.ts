/**
 * The unpickler's options after defaults, resolved once per `Unpickler` so
 * that the opcode loop reads plain fields (as the pickler's `options.ts`).
 */
import type { ExtensionTable, LoadRegistry } from '../registry/contract.js';
import type { DefaultBindings } from '../registry/default-bindings.js';
import { createBuiltinBindings } from './builtin-bindings.js';
import { DEFAULT_UNPICKLER_LIMITS, resolveLimits, type UnpicklerLimits } from './limits.js';
import type { GlobalRef, UnpicklerOptions } from './options.js';
import { py2StringDecoder, type Py2StringDecoder } from './py2-strings.js';

/** The options after defaults, read once per Unpickler. */
export interface ResolvedOptions {
  readonly lossless: boolean;
  readonly keepPy2: boolean;
  readonly fixImports: boolean;
  readonly py2: Py2StringDecoder;
  readonly persistentLoad: ((pid: unknown) => unknown) | undefined;
  readonly extensions: ReadonlyMap<number, GlobalRef> | ExtensionTable | undefined;
  readonly registry: LoadRegistry | undefined;
  readonly standard: LoadRegistry | undefined;
  readonly afterBuild: UnpicklerOptions['afterBuild'];
  readonly builtins: LoadRegistry;
  readonly findClass: UnpicklerOptions['findClass'];
  /** `allowGlobals` as module → names; undefined when not strict. */
  readonly allow: Map<string, Set<string>> | undefined;
  readonly objectDicts: boolean;
  readonly bytesViews: boolean;
  readonly limits: Readonly<Required<UnpicklerLimits>>;
}

// Built-in bindings are immutable (never written after creation), so sharing
// them between Unpicklers, even re-entrant ones, is safe.
const builtinCache = new Map<string, LoadRegistry>();
const DEFAULT_BUILTINS = createBuiltinBindings({ lossless: false, maxStringBytes: DEFAULT_UNPICKLER_LIMITS.maxStringBytes });
const DEFAULT_LOSSLESS_BUILTINS = createBuiltinBindings({ lossless: true, maxStringBytes: DEFAULT_UNPICKLER_LIMITS.maxStringBytes });

/** The built-in bindings for a setting: instances share one per setting. */
function builtinsFor(lossless: boolean, maxStringBytes: number): LoadRegistry {
  if (maxStringBytes === DEFAULT_UNPICKLER_LIMITS.maxStringBytes) return lossless ? DEFAULT_LOSSLESS_BUILTINS : DEFAULT_BUILTINS;
  const key = `${lossless}:${maxStringBytes}`;
  let registry = builtinCache.get(key);
  if (registry === undefined) {
    registry = createBuiltinBindings({ lossless, maxStringBytes });
    if (builtinCache.size < 16) builtinCache.set(key, registry);
  }
  return registry;
}

/** `allowGlobals` entries (objects or pairs) as module → names. */
function allowTable(entries: Iterable<GlobalRef | readonly [string, string]>): Map<string, Set<string>> {
  const allow = new Map<string, Set<string>>();
  for (const entry of entries) {
    const module = Array.isArray(entry) ? (entry as readonly [string, string])[0] : (entry as GlobalRef).module;
    const name = Array.isArray(entry) ? (entry as readonly [string, string])[1] : (entry as GlobalRef).name;
    let names = allow.get(module);
    if (names === undefined) allow.set(module, (names = new Set()));
    names.add(name);
  }
  return allow;
}

/**
 * Applies the defaults to `options`.
 * @param options what the caller passed to `loads` / `new Unpickler`.
 * @param bindings the injected default bindings (standard and ML types), if any.
 * @returns the resolved form the opcode loop reads.
 * @throws UnpicklingError when a limit is malformed (see `resolveLimits`).
 */
export function resolveOptions(options: UnpicklerOptions, bindings: DefaultBindings | undefined): ResolvedOptions {
  const limits = resolveLimits(options.limits);
  const lossless = options.lossless === true;
  return {
    lossless,
    keepPy2: options.keepPython2Strings === true,
    fixImports: options.fixImports !== false,
    py2: py2StringDecoder(options.encoding ?? 'ASCII', options.errors ?? 'strict'),
    persistentLoad: options.persistentLoad,
    extensions: options.extensions,
    registry: options.registry,
    standard: bindings?.forLoad(options.standardTypes !== false, options.mlTypes !== false, lossless),
    afterBuild: options.afterBuild,
    builtins: builtinsFor(lossless, limits.maxStringBytes),
    findClass: options.findClass,
    allow: options.allowGlobals === undefined ? undefined : allowTable(options.allowGlobals),
    objectDicts: options.dictType !== 'map',
    bytesViews: options.bytesViews === true,
    limits,
  };
}
