/**
 * Known code-execution primitives: globals that run code, spawn processes,
 * open files, sockets or browsers, import modules, or call what they are
 * given. The verdict never depends on this list (anything outside the
 * allowlist is already a finding); it only raises a finding to `critical`
 * and says why, so a reader knows the scanner is sure.
 */

/** Modules every callable of which is treated as a code-execution primitive, with the reason. */
const MODULES: ReadonlyMap<string, string> = new Map([
  ['os', 'runs commands, opens and deletes files'],
  ['posix', 'runs commands, opens and deletes files'],
  ['nt', 'runs commands, opens and deletes files'],
  ['subprocess', 'spawns processes'],
  ['pty', 'spawns processes'],
  ['commands', 'runs commands'],
  ['popen2', 'runs commands'],
  ['timeit', 'executes a string of code'],
  ['cProfile', 'executes a string of code'],
  ['profile', 'executes a string of code'],
  ['trace', 'executes a string of code'],
  ['pdb', 'executes a string of code'],
  ['bdb', 'executes a string of code'],
  ['runpy', 'runs a module or file'],
  ['code', 'executes a string of code'],
  ['codeop', 'compiles code'],
  ['idlelib', 'executes code'],
  ['ctypes', 'calls native functions'],
  ['_ctypes', 'calls native functions'],
  ['multiprocessing', 'spawns processes'],
  ['webbrowser', 'opens a browser'],
  ['smtplib', 'opens network connections'],
  ['ftplib', 'opens network connections'],
  ['socket', 'opens network connections'],
  ['http', 'opens network connections'],
  ['urllib', 'opens network connections'],
  ['logging.config', 'listen() executes received configuration'],
  ['pydoc', 'imports modules, pipes to a pager'],
  ['importlib', 'imports modules'],
  ['pickle', 'unpickles data (a nested unpickler)'],
  ['_pickle', 'unpickles data (a nested unpickler)'],
  ['marshal', 'loads code objects'],
  ['shutil', 'moves and deletes files'],
  ['sys', 'changes the interpreter'],
  ['asyncio', 'spawns processes'],
  ['dill', 'unpickles data and rebuilds code'],
  ['dill._dill', 'rebuilds code objects and functions'],
  ['cloudpickle', 'rebuilds code objects and functions'],
  ['joblib', 'joblib.load unpickles files'],
  ['shelve', 'unpickles files'],
  ['tempfile', 'creates files'],
  ['glob', 'lists files'],
  ['zipimport', 'imports code'],
  ['imp', 'imports code'],
  ['pkgutil', 'imports modules'],
  ['venv', 'creates environments'],
  ['ensurepip', 'runs pip'],
  ['distutils', 'runs commands'],
  ['setuptools', 'runs commands'],
  ['pip', 'installs packages'],
  ['signal', 'changes process signals'],
  ['threading', 'starts threads running callables'],
  ['_thread', 'starts threads running callables'],
  ['gc', 'reaches every object'],
  ['operator', 'calls or fetches what it is given (methodcaller, attrgetter)'],
  ['functools', 'calls what it is given (partial, reduce)'],
]);

/** Single globals, `module.name` → reason. */
const NAMES: ReadonlyMap<string, string> = new Map([
  ['builtins.eval', 'evaluates a string of code'],
  ['builtins.exec', 'executes a string of code'],
  ['builtins.compile', 'compiles code'],
  ['builtins.__import__', 'imports a module'],
  ['builtins.open', 'opens files'],
  ['builtins.input', 'reads the terminal'],
  ['builtins.breakpoint', 'starts a debugger'],
  ['builtins.setattr', 'changes any object'],
  ['builtins.delattr', 'changes any object'],
  ['builtins.globals', 'reaches the interpreter state'],
  ['builtins.vars', 'reaches any namespace'],
  ['builtins.help', 'imports modules'],
  ['builtins.apply', 'calls what it is given'],
  ['builtins.map', 'calls what it is given'],
  ['builtins.filter', 'calls what it is given'],
  ['builtins.memoryview', 'exposes buffers'],
  ['builtins.super', 'reaches base class methods'],
  ['types.FunctionType', 'creates a function from a code object'],
  ['types.CodeType', 'creates a code object'],
  ['types.LambdaType', 'creates a function from a code object'],
  ['types.MethodType', 'binds a callable'],
  ['numpy.load', 'unpickles a file (allow_pickle)'],
  ['numpy.lib.npyio.load', 'unpickles a file'],
  ['numpy.fromfile', 'reads files'],
  ['numpy.testing._private.utils.runstring', 'executes a string of code'],
  ['numpy.f2py', 'compiles code'],
  ['torch.load', 'unpickles a file or buffer'],
  ['torch.serialization.load', 'unpickles a file or buffer'],
  ['torch.jit.load', 'loads TorchScript code'],
  ['torch.hub.load', 'downloads and runs code'],
  ['torch._C._jit_compile', 'compiles code'],
  ['pandas.read_pickle', 'unpickles a file'],
  ['pandas.io.pickle.read_pickle', 'unpickles a file'],
  ['copyreg._reconstructor', 'with a non-allowlisted base, calls its __init__'],
]);

/**
 * Why `module.name` is a known code-execution primitive, or undefined.
 * @throws never.
 */
export function dangerReason(module: string, name: string): string | undefined {
  const direct = moduleReason(module, name);
  if (direct !== undefined) return direct;
  // Dotted names walk attributes: `pathlib.os.getcwd` is os.getcwd; a dunder reaches interpreter internals.
  const parts = name.split('.');
  if (parts.length < 2) return undefined;
  if (parts.some((p) => DUNDERS.has(p))) return `reaches interpreter internals through ${parts.find((p) => DUNDERS.has(p))}`;
  for (let i = 1; i < parts.length; i++) {
    const r = moduleReason(parts.slice(0, i).join('.'), parts.slice(i).join('.'));
    if (r !== undefined) return r;
  }
  return undefined;
}

/** Attributes that lead from any object to code, globals or every class. */
const DUNDERS: ReadonlySet<string> = new Set([
  '__subclasses__',
  '__globals__',
  '__builtins__',
  '__code__',
  '__closure__',
  '__func__',
  '__self__',
  '__dict__',
  '__class__',
  '__bases__',
  '__mro__',
  '__base__',
  '__init__',
  '__new__',
  '__call__',
  '__getattribute__',
  '__getattr__',
  '__setattr__',
  '__reduce__',
  '__reduce_ex__',
  '__import__',
  '__loader__',
  '__spec__',
  '__module__',
  '__setstate__',
  '__init_subclass__',
]);

function moduleReason(module: string, name: string): string | undefined {
  const exact = NAMES.get(`${module}.${name}`);
  if (exact !== undefined) return exact;
  let m = module;
  for (;;) {
    const r = MODULES.get(m);
    if (r !== undefined) return r;
    const dot = m.lastIndexOf('.');
    if (dot < 0) return undefined;
    m = m.slice(0, dot);
  }
}
