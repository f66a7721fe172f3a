/**
 * The sixth element of a reduce value (`state_setter`): instead of BUILD,
 * CPython's `save_reduce` writes `state_setter(obj, state)` and POP, with the
 * `(obj, state)` tuple written bare (never memoized). A lossless load sees a
 * call whose result is discarded; when it has exactly that shape, right
 * after the object and before anything else was done to it, it is the
 * object's state and state setter (`PyObject.state`/`stateSetter`), which
 * `dumps` writes back the same way.
 */
import { addDiscardedAfter, discardedAfter } from './discarded.js';
import { PyGlobal } from './py-global.js';
import { PyObject } from './py-object.js';
import { Tuple } from './tuple.js';

/**
 * Takes `call`, a discarded call right after `anchor`, as `anchor`'s state
 * setter when it is one.
 * @param anchor the object the call follows.
 * @param call the discarded value.
 * @param memoized objects the pickle memoized (a memoized tuple is not the bare one CPython writes).
 * @returns true when `anchor` took it (it is then no discarded call).
 * @throws never.
 */
export function takeStateSetter(anchor: object, call: unknown, memoized: ReadonlySet<object>): boolean {
  if (!(anchor instanceof PyObject) || !(call instanceof PyObject) || call.creation !== 'REDUCE') return false;
  if (anchor.state !== undefined || anchor.stateSetter !== undefined || discardedAfter(anchor) !== undefined) return false;
  if (call.state !== undefined || call.listItems.length > 0 || call.dictItems.length > 0 || discardedAfter(call) !== undefined) return false;
  const args = call.args;
  // CPython writes the state only when it is not None.
  if (!(args instanceof Tuple) || args.length !== 2 || args[0] !== anchor || memoized.has(args) || args[1] === null || args[1] === undefined) return false;
  anchor.state = args[1];
  anchor.stateSetter = call.callable;
  return true;
}

const NONE_MEMOIZED: ReadonlySet<object> = new Set();

/** REDUCE, and the opcodes whose last argument byte could look like it. */
const REDUCE = 0x52;
const BINGET = 0x68;
const BINPUT = 0x71;
const LONG_BINGET = 0x6a;
const LONG_BINPUT = 0x72;
const FRAME = 0x95;
const GET = 0x67;

/**
 * Default mode's POP at `op` of `stack[at]`: a call made right there by
 * REDUCE and discarded (never memoized) was made for its effect, like dill's
 * `_setattr(cell, 'cell_contents', value)`; it is kept after the nearest
 * object below it (discarded.ts), or taken as that object's state setter,
 * so that `dumps` writes it back. Lossless loads do this with their memo
 * bookkeeping instead.
 * @param stack the unpickler's stack; `stack[at]` was just popped.
 * @param data the input; `data[op]` is the POP.
 * @param memo the unpickler's memo.
 * @throws never.
 */
export function keepDiscardedCall(stack: readonly unknown[], at: number, data: Uint8Array, op: number, memo: { get(index: number): unknown }): void {
  const call = stack[at];
  if (!(call instanceof PyObject) || call.creation !== 'REDUCE' || op < 1 || data[op - 1] !== REDUCE) return;
  // The byte before POP may be an argument (BINGET 82, BINPUT 82, …), not REDUCE itself: then leave it.
  if (op >= 2 && (data[op - 2] === BINGET || data[op - 2] === BINPUT)) return;
  if (op >= 5 && (data[op - 5] === LONG_BINGET || data[op - 5] === LONG_BINPUT)) return;
  if (op >= 9 && data[op - 9] === FRAME) return;
  // POP then a fetch of an object made the same way: CPython's recursive reduce dropping a duplicate, not an effect.
  const next = data[op + 1];
  if (next === GET) return;
  if (next === BINGET || next === LONG_BINGET) {
    if (op + (next === BINGET ? 3 : 6) > data.length) return;
    const index = next === BINGET ? data[op + 2]! : (data[op + 2]! | (data[op + 3]! << 8) | (data[op + 4]! << 16) | (data[op + 5]! << 24)) >>> 0;
    const fetched = memo.get(index);
    if (fetched instanceof PyObject && fetched.callable === call.callable) return;
  }
  for (let j = at - 1; j >= 0 && j >= at - 64; j--) {
    const a = stack[j];
    if (typeof a !== 'object' || a === null || a instanceof PyGlobal) continue;
    if (!takeStateSetter(a, call, NONE_MEMOIZED)) addDiscardedAfter(a, call);
    return;
  }
}
