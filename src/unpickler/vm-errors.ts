/**
 * How the unpickler fails: the cheap `Fault` the opcode loop throws for the
 * common malformed-input cases, the limit errors, and the one translation of
 * anything thrown inside the loop into an `UnpicklingError` that carries the
 * byte offset and opcode name.
 */
import { PickleError, UnpicklingError } from '../errors.js';
import { OPCODES_BY_CODE } from '../opcodes.js';
import type { PyGlobal } from '../values/py-global.js';
import { TextArgumentError } from '../wire/text-arguments.js';
import { Utf8Error } from '../wire/utf8.js';
import { limitMessage } from './limits.js';

/**
 * A failure inside the opcode loop, turned into an UnpicklingError with the
 * position by {@link translateError}. Not an Error: no stack trace is captured
 * for the common failures (truncation, underflow), which keeps rejecting
 * garbage cheap.
 */
export class Fault {
  constructor(readonly message: string) {}
}

/** @throws Fault always: a pop below the stack bottom or the top mark. */
export function underflow(nmarks: number): never {
  throw new Fault(nmarks > 0 ? 'unexpected MARK found' : 'unpickling stack underflow');
}

/** @throws Fault always: an opcode needing a MARK found none. */
export function noMark(): never {
  throw new Fault('could not find MARK');
}

/** @throws Fault always: the error CPython gives when an argument runs past the input. */
export function truncated(): never {
  throw new Fault('pickle data was truncated');
}

/** @throws UnpicklingError always: `limits.maxItems` exceeded. */
export function overItems(maxItems: number): never {
  throw new UnpicklingError(limitMessage('maxItems', maxItems, 'the number of container items'));
}

/** @throws UnpicklingError always: `limits.maxWork` exceeded through a shared reference. */
export function overShared(maxWork: number): never {
  throw new UnpicklingError(limitMessage('maxWork', maxWork, 'the work of this load (a shared reference counts what walking it costs)'));
}

/** @throws UnpicklingError always: `limits.maxWork` exceeded. */
export function overWork(maxWork: number): never {
  throw new UnpicklingError(limitMessage('maxWork', maxWork, 'the work of this load'));
}

/** @throws UnpicklingError always: `limits.maxDepth` exceeded. */
export function overDepth(maxDepth: number): never {
  throw new UnpicklingError(limitMessage('maxDepth', maxDepth, 'the stack depth'));
}

/**
 * Checks a string or bytes length against `limits.maxStringBytes`.
 * @throws UnpicklingError when `n` exceeds `maxString`.
 */
export function checkString(maxString: number, n: number): void {
  if (n > maxString) throw new UnpicklingError(limitMessage('maxStringBytes', maxString, `a string of ${n} bytes`));
}

/**
 * `invalid load key` as CPython formats the offending byte.
 * @throws never.
 */
export function invalidLoadKey(code: number): string {
  const printable = code >= 0x20 && code <= 0x7e && code !== 0x27 && code !== 0x5c;
  return `invalid load key, '${printable ? String.fromCharCode(code) : '\\x' + code.toString(16).padStart(2, '0')}'.`;
}

/**
 * A throwable as text for a message, never throwing itself.
 * @throws never.
 */
export function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  try {
    return String(e);
  } catch {
    return 'an exception';
  }
}

/**
 * Wraps a foreign throwable (including stack overflows and user errors) as an UnpicklingError.
 * @param offset byte offset of the opcode, or -1 to let the loop add it.
 * @throws never (returns the error to throw).
 */
export function wrapForeign(e: unknown, message: string | undefined, offset: number, opcode: string): UnpicklingError {
  const out = new UnpicklingError(message ?? errorText(e), offset >= 0 ? { offset, opcode } : {});
  (out as { cause?: unknown }).cause = e;
  return out;
}

/**
 * Calls a user hook, turning anything it throws into an UnpicklingError.
 * @throws UnpicklingError for whatever `fn` throws, with `message` (default: the throwable's text).
 */
export function callHook<T>(fn: () => T, message?: string): T {
  try {
    return fn();
  } catch (e) {
    throw wrapForeign(e, message, -1, '');
  }
}

/**
 * Calls a binding, turning anything it throws into an UnpicklingError naming the global.
 * @throws UnpicklingError for whatever the binding throws.
 */
export function callBinding(fn: () => unknown, g: PyGlobal): unknown {
  try {
    return fn();
  } catch (e) {
    if (e instanceof UnpicklingError) throw e;
    throw wrapForeign(e, `${g.module}.${g.name} raised: ${errorText(e)}`, -1, '');
  }
}

/**
 * What escapes the opcode loop for `e`, thrown at opcode `code` at byte `op`:
 * always an UnpicklingError with the position (one that already has one passes through).
 * @throws never (returns the error to throw).
 */
export function translateError(e: unknown, op: number, code: number): UnpicklingError {
  const name = code >= 0 ? (OPCODES_BY_CODE[code]?.name ?? '') : '';
  if (e instanceof Fault || e instanceof TextArgumentError) return new UnpicklingError(e.message, { offset: op, opcode: name });
  if (e instanceof UnpicklingError && e.offset >= 0) return e;
  if (e instanceof PickleError && !(e instanceof UnpicklingError)) return wrapForeign(e, e.message, op, name);
  if (e instanceof UnpicklingError) {
    const out = new UnpicklingError(e.message, { offset: op, opcode: name });
    (out as { cause?: unknown }).cause = e.cause;
    return out;
  }
  if (e instanceof Utf8Error) return wrapForeign(e, `'utf-8' codec can't decode bytes: ${e.message}`, op, name);
  return wrapForeign(e, undefined, op, name);
}
