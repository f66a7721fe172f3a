/**
 * Python's built-in exceptions as one JS `Error` subclass, `PyException`,
 * carrying the Python class name, `args` and any attribute state. Pickles as
 * CPython does: `builtins.ValueError('x')` (REDUCE), plus `BUILD` with the
 * instance dict when it has one.
 */
import { Tuple } from '../values/tuple.js';
import { PY_REPR, type PyReprResult } from '../repr/py-repr.js';

/** Every built-in exception class of CPython 3.11 (`builtins`). */
export const BUILTIN_EXCEPTIONS: readonly string[] = Object.freeze([
  'ArithmeticError',
  'AssertionError',
  'AttributeError',
  'BaseException',
  'BaseExceptionGroup',
  'BlockingIOError',
  'BrokenPipeError',
  'BufferError',
  'BytesWarning',
  'ChildProcessError',
  'ConnectionAbortedError',
  'ConnectionError',
  'ConnectionRefusedError',
  'ConnectionResetError',
  'DeprecationWarning',
  'EOFError',
  'EncodingWarning',
  'EnvironmentError',
  'Exception',
  'ExceptionGroup',
  'FileExistsError',
  'FileNotFoundError',
  'FloatingPointError',
  'FutureWarning',
  'GeneratorExit',
  'IOError',
  'ImportError',
  'ImportWarning',
  'IndentationError',
  'IndexError',
  'InterruptedError',
  'IsADirectoryError',
  'KeyError',
  'KeyboardInterrupt',
  'LookupError',
  'MemoryError',
  'ModuleNotFoundError',
  'NameError',
  'NotADirectoryError',
  'NotImplementedError',
  'OSError',
  'OverflowError',
  'PendingDeprecationWarning',
  'PermissionError',
  'ProcessLookupError',
  'RecursionError',
  'ReferenceError',
  'ResourceWarning',
  'RuntimeError',
  'RuntimeWarning',
  'StopAsyncIteration',
  'StopIteration',
  'SyntaxError',
  'SyntaxWarning',
  'SystemError',
  'SystemExit',
  'TabError',
  'TimeoutError',
  'TypeError',
  'UnboundLocalError',
  'UnicodeDecodeError',
  'UnicodeEncodeError',
  'UnicodeError',
  'UnicodeTranslateError',
  'UnicodeWarning',
  'UserWarning',
  'ValueError',
  'Warning',
  'ZeroDivisionError',
]);

/**
 * `OSError(errno, strerror, ...)` builds the subclass for `errno`, as CPython
 * does on construction (Linux errno values, as CPython on Linux writes them).
 */
const OSERROR_BY_ERRNO: ReadonlyMap<number, string> = new Map([
  [1, 'PermissionError'],
  [13, 'PermissionError'],
  [2, 'FileNotFoundError'],
  [3, 'ProcessLookupError'],
  [4, 'InterruptedError'],
  [10, 'ChildProcessError'],
  [11, 'BlockingIOError'],
  [114, 'BlockingIOError'],
  [115, 'BlockingIOError'],
  [17, 'FileExistsError'],
  [20, 'NotADirectoryError'],
  [21, 'IsADirectoryError'],
  [32, 'BrokenPipeError'],
  [108, 'BrokenPipeError'],
  [103, 'ConnectionAbortedError'],
  [104, 'ConnectionResetError'],
  [110, 'TimeoutError'],
  [111, 'ConnectionRefusedError'],
]);

/** The class CPython instantiates for `name(*args)`: `OSError` with a known errno becomes its subclass. */
export function exceptionClassFor(name: string, args: readonly unknown[]): string {
  if ((name === 'OSError' || name === 'IOError' || name === 'EnvironmentError') && args.length >= 2 && args.length <= 5) {
    const errno = args[0];
    const sub = typeof errno === 'number' ? OSERROR_BY_ERRNO.get(errno) : undefined;
    if (sub !== undefined) return sub;
  }
  return name === 'IOError' || name === 'EnvironmentError' ? 'OSError' : name;
}

/** A Python built-in exception, throwable in JS. */
export class PyException extends Error {
  /** The exception's arguments (Python's `e.args`). */
  readonly args: Tuple;
  /** Attribute state from the pickle (Python's `e.__dict__`), or undefined. */
  state: unknown = undefined;

  /**
   * @param pyName the Python class name, e.g. `ValueError`.
   * @param args the arguments; the message is `str(args[0])` for one argument.
   */
  constructor(
    readonly pyName: string,
    args: readonly unknown[] = [],
  ) {
    super(args.length === 1 ? String(args[0]) : args.length === 0 ? '' : `(${args.map((a) => String(a)).join(', ')})`);
    this.name = pyName;
    this.args = args instanceof Tuple ? args : new Tuple(args);
  }

  /**
   * Python's repr: `ValueError('x')`, `Exception(1, 'two')`, `Exception()`.
   * An `OSError` built with a filename keeps only `(errno, strerror)` in its
   * args, so its repr shows those two, as CPython's.
   */
  [PY_REPR](): PyReprResult {
    let args: readonly unknown[] = this.args;
    const n = args.length;
    if (n >= 3 && n <= 5 && OSERROR_FAMILY.has(this.pyName) && args[2] !== null && args[2] !== undefined) {
      const written = this.pyName === 'BlockingIOError' && (typeof args[2] === 'number' || typeof args[2] === 'bigint');
      if (!written) args = args.slice(0, 2);
    }
    return { call: this.pyName, args };
  }
}

/** `OSError` and its subclasses: their constructor moves a filename out of `args`. */
const OSERROR_FAMILY: ReadonlySet<string> = new Set([
  'OSError',
  'BlockingIOError',
  'ChildProcessError',
  'ConnectionError',
  'BrokenPipeError',
  'ConnectionAbortedError',
  'ConnectionRefusedError',
  'ConnectionResetError',
  'FileExistsError',
  'FileNotFoundError',
  'InterruptedError',
  'IsADirectoryError',
  'NotADirectoryError',
  'PermissionError',
  'ProcessLookupError',
  'TimeoutError',
]);
