/**
 * `show` of a lossless value that carries calls the pickle made only for
 * their effect (see values/discarded.ts): one Python comment line per call,
 * after the value, so the output still reads as Python and hides nothing.
 */
import { containerChildren } from '../values/children.js';
import { discardedAfter, discardedBefore, hasDiscarded } from '../values/discarded.js';
import { PyObject } from '../values/py-object.js';
import { pyRepr } from './py-repr.js';

/** Longest repr of one discarded call in the note. */
const NOTE_REPR_LENGTH = 2000;
/** Most objects walked looking for discarded calls. */
const MAX_WALK = 1_000_000;

/**
 * The note lines for the discarded calls reachable from `value`, in the order
 * a dump writes them (calls before the root first), or '' when there are none.
 * @param value the value being shown.
 * @returns `\n# …` lines to append to the value's text, or ''.
 */
export function discardedNote(value: unknown): string {
  if (!hasDiscarded() || typeof value !== 'object' || value === null) return '';
  const lines: string[] = [];
  const add = (calls: readonly unknown[] | undefined): void => {
    if (calls === undefined) return;
    for (const call of calls) lines.push(`# called for its effect, result discarded: ${pyRepr(call, { maxLength: NOTE_REPR_LENGTH })}`);
  };
  add(discardedBefore(value));
  const seen = new Set<object>([value]);
  const todo: object[] = [value];
  while (todo.length > 0 && seen.size < MAX_WALK) {
    const v = todo.pop()!;
    add(discardedAfter(v));
    const children = containerChildren(v);
    const more: unknown[] = children === undefined ? [] : Array.from(children);
    if (v instanceof PyObject) more.push(v.callable);
    for (let i = more.length - 1; i >= 0; i--) {
      const c = more[i];
      if (typeof c === 'object' && c !== null && !seen.has(c)) {
        seen.add(c);
        todo.push(c);
      }
    }
  }
  return lines.length === 0 ? '' : '\n' + lines.join('\n');
}
