/**
 * Which str objects CPython's `save_global` writes for a global at protocol 4+
 * (`STACK_GLOBAL` takes the module and the qualified name as two saved strs,
 * memoized by identity). picklejar memoizes strs by value, so it must know
 * when CPython's two strs are *not* the ones an equal str elsewhere is:
 * - a C-implemented type or function makes its `__qualname__` fresh on each
 *   lookup, so it is never shared; a Python-defined one has an interned code
 *   constant, shared with equal str literals;
 * - `builtins` functions carry the builtins module's `__name__`, a different
 *   object from the interned `'builtins'` of builtin types (and of literals).
 */

/** Modules whose globals are implemented in C (besides any module named `_…`). */
const C_MODULES: ReadonlySet<string> = new Set([
  'builtins',
  'datetime',
  'itertools',
  'math',
  'cmath',
  'array',
  'zlib',
  'time',
  'decimal',
  'select',
  'binascii',
  'unicodedata',
  'pyexpat',
  'posix',
  'nt',
  'sys',
  'gc',
  'marshal',
  'errno',
  'atexit',
  'faulthandler',
  'fcntl',
  'grp',
  'pwd',
  'resource',
  'mmap',
  'termios',
  'syslog',
]);

/** C-implemented globals of otherwise Python modules. */
const C_GLOBALS: ReadonlySet<string> = new Set([
  'collections.OrderedDict',
  'collections.deque',
  'collections.defaultdict',
  'functools.partial',
  'functools.reduce',
  'functools.cmp_to_key',
]);

/** The functions (not types) of `builtins`. */
const BUILTIN_FUNCTIONS: ReadonlySet<string> = new Set([
  'abs',
  'aiter',
  'all',
  'anext',
  'any',
  'ascii',
  'bin',
  'breakpoint',
  'callable',
  'chr',
  'compile',
  'delattr',
  'dir',
  'divmod',
  'eval',
  'exec',
  'format',
  'getattr',
  'globals',
  'hasattr',
  'hash',
  'hex',
  'id',
  'input',
  'isinstance',
  'issubclass',
  'iter',
  'len',
  'locals',
  'max',
  'min',
  'next',
  'oct',
  'ord',
  'pow',
  'print',
  'repr',
  'round',
  'setattr',
  'sorted',
  'sum',
  'vars',
  '__import__',
  '__build_class__',
]);

/** True when CPython writes a fresh (unshared) str for this global's qualified name. */
export function hasFreshQualname(module: string, name: string): boolean {
  return module.startsWith('_') || C_MODULES.has(module) || C_GLOBALS.has(`${module}.${name}`);
}

/** True when the module str is the builtins module's own `__name__` (builtin functions). */
export function isBuiltinFunction(module: string, name: string): boolean {
  return module === 'builtins' && BUILTIN_FUNCTIONS.has(name);
}
