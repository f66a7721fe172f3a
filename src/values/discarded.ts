/**
 * Calls whose result a pickle discarded (`POP`, `POP_MARK`): CPython performs
 * them for their effect (dill's `_setattr(cell, 'cell_contents', value)`), so
 * lossless loads keep them and `dumps` writes them back, each followed by POP.
 *
 * A side table keyed by the object the pickle had just finished on the stack
 * below the call (the anchor), not a wrapper around values: the value model
 * stays as it is, and a value built by JS code has no entry.
 */

const after = new WeakMap<object, unknown[]>();
const before = new WeakMap<object, unknown[]>();
let used = false;

/**
 * Records that `call` was made and discarded right after `anchor` was complete.
 * @param anchor the object below the call on the unpickler's stack.
 * @param call the discarded value (usually an inert `PyObject`).
 */
export function addDiscardedAfter(anchor: object, call: unknown): void {
  used = true;
  const list = after.get(anchor);
  if (list === undefined) after.set(anchor, [call]);
  else list.push(call);
}

/**
 * Records calls discarded before `root` was begun, with nothing below them
 * on the stack (a pickle that starts with effects).
 * @param root the pickle's result.
 * @param calls the discarded values, in pickle order.
 */
export function addDiscardedBefore(root: object, calls: readonly unknown[]): void {
  used = true;
  const list = before.get(root);
  if (list === undefined) before.set(root, calls.slice());
  else list.push(...calls);
}

/**
 * The calls discarded right after `anchor` was complete, in pickle order.
 * @returns the calls, or undefined (the common case, answered without a lookup until some load recorded one).
 */
export function discardedAfter(anchor: object): readonly unknown[] | undefined {
  return used ? after.get(anchor) : undefined;
}

/**
 * The calls discarded before `root` was begun, in pickle order.
 * @returns the calls, or undefined.
 */
export function discardedBefore(root: object): readonly unknown[] | undefined {
  return used ? before.get(root) : undefined;
}

/** True once any load recorded a discarded call (a cheap guard for hot paths). */
export function hasDiscarded(): boolean {
  return used;
}
