/**
 * Lossless loads: a call result that a pickle memoized and then popped is
 * still reachable through the memo, so it is not yet an effect (a later GET
 * may use it). When a PUT then overwrites its memo entry before any fetch,
 * nothing can reach it any more: CPython made it for its effect, so it is
 * kept as a discarded call (discarded.ts) after the object it followed.
 */
import { addDiscardedAfter } from './discarded.js';

/** Objects popped while memoized, with the object below them (null: none). */
export class PoppedWhileMemoized {
  private readonly popped = new Map<object, object | null>();

  /**
   * Records `v`, popped while the memo holds it.
   * @param anchor the object below it on the stack, or null when nothing was.
   */
  add(v: object, anchor: object | null): void {
    this.popped.set(v, anchor);
  }

  /** A memo fetch of `v`: it is used after all. */
  fetched(v: unknown): void {
    if (this.popped.size > 0 && typeof v === 'object' && v !== null) this.popped.delete(v);
  }

  /**
   * A PUT is about to overwrite the memo entry holding `old`.
   * @param leading the load's effects before its root, for a popped object that had nothing below it.
   */
  overwritten(old: unknown, leading: unknown[]): void {
    if (this.popped.size === 0 || typeof old !== 'object' || old === null) return;
    const anchor = this.popped.get(old);
    if (anchor === undefined) return;
    this.popped.delete(old);
    if (anchor === null) leading.push(old);
    else addDiscardedAfter(anchor, old);
  }
}
