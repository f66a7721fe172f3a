/**
 * Lossless loads: a call result that a pickle memoized and then popped is
 * still reachable through the memo, so it is not yet an effect (a later GET
 * may use it). When a PUT then overwrites its memo entry before any fetch,
 * nothing can reach it any more: CPython made it for its effect, so it is
 * kept as a discarded call (discarded.ts) after the object it followed.
 *
 * The effect is kept, the bytes are not: `dumps` of such a load differs from
 * its input in three ways, and then is a fixed point (loading and dumping it
 * again gives the same bytes, with the same calls in the same order):
 * - the call is written after the object it followed is complete (the
 *   anchor's items come first), as `callable args REDUCE POP`, not memoized;
 * - the value whose PUT overwrote the entry is not written when nothing else
 *   uses it (an int pushed, PUT, POP is no effect);
 * - memo indices are the pickler's own, 0, 1, 2... in write order: the
 *   pickler never writes a PUT to an index already used, so an overwrite is
 *   not replayed, and later indices shift.
 * Replaying the overwrite would mean recording, per load, which memo index
 * each object had and where each overwrite came in the opcode stream, and
 * making the pickler's memo follow that record instead of its own counter;
 * CPython's pickler never writes an overwrite within one pickle (its memo
 * indices are `len(memo)`), so only hand-made or foreign pickles have one,
 * and their bytes are not kept.
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
