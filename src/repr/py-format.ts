/**
 * A width-aware pretty printer in the manner of Python's `pprint.pp`
 * (`sort_dicts=False`): a value whose repr fits in the remaining width prints
 * on one line; otherwise its items go one per line, aligned after the opening
 * bracket. No recursion on depth.
 */

import { discardedNote } from './discarded-note.js';
import { ByteArray } from '../values/byte-array.js';
import { DEFAULT_MAX_REPR_LENGTH, reprShape, reprWithin, type ReprShape } from './py-repr.js';
import { pyLength, wrapBytes, wrapStr } from './wrap-text.js';

/** Options of `pyFormat`. */
export interface PyFormatOptions {
  /** Columns to fit in; default 80 (pprint's default). */
  readonly width?: number;
  /** Extra columns per nesting level; default 1 (pprint's default). */
  readonly indent?: number;
  /** Stop after this many characters of output and end with `...`; default 2^27. */
  readonly maxLength?: number;
}

const enum Task {
  Text,
  Format,
  Leave,
}

interface FormatJob {
  readonly value: unknown;
  /** Column where the value starts. */
  readonly indent: number;
  /** Columns that must stay free after it on its last line (closing brackets, commas). */
  readonly allowance: number;
  /** pprint's nesting level for the value's own layout: 1 at the top. */
  readonly level: number;
  /** Break the container even if it fits (pprint calls the layout directly, not through `_format`). */
  readonly force?: boolean;
}

function sortedForDisplay(shape: ReprShape): ReprShape {
  // pprint sorts set members; do it when Python's order is plain (all numbers or all strs).
  if (!shape.sorted) return shape;
  const values = shape.items!.map((parts) => parts[0]);
  const numeric = values.every((v) => (typeof v === 'number' && !Number.isNaN(v)) || typeof v === 'bigint');
  const textual = values.every((v) => typeof v === 'string');
  if (!numeric && !textual) return shape;
  const sorted = [...values].sort((a, b) => {
    if (textual) return compareCodePoints(a as string, b as string);
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  });
  return { ...shape, items: sorted.map((v) => [v]) };
}

/** The openings of the containers pprint lays out itself even when empty (list, tuple, dict). */
const BRACKETS: ReadonlySet<string> = new Set(['[', '(', '{']);

function isEmptyContainer(value: unknown): boolean {
  const items = reprShape(value).items;
  return items === undefined || items.length === 0;
}

function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/**
 * Formats `value` like Python's `pprint.pp(value, width=…, indent=…)`: the
 * same layout for lists, tuples, dicts, sets and frozensets (sets sorted when
 * their members are all numbers or all strings), for `OrderedDict`,
 * `defaultdict`, `Counter` and `deque` (and any `[PY_REPR]` call marked
 * `pretty: 'wrapper'`), and for strs and bytes too long for their line, which
 * are cut into implicitly concatenated pieces (at whitespace, in 4-byte
 * groups). Dicts keep insertion order (`sort_dicts=False`). Other objects
 * (datetime, Decimal, namedtuples, …) stay on one line, as pprint keeps them.
 * `PyObject`s break like tuples after `module.Class(`. Values print as
 * `pyRepr` prints them. Calls a lossless load kept only for their effect
 * (their result discarded by the pickle) follow as `# …` comment lines.
 * @param value the value.
 * @param options width, indent per level, output limit.
 * @returns the text, without a trailing newline.
 */
export function pyFormat(value: unknown, options: PyFormatOptions = {}): string {
  const width = options.width ?? 80;
  const perLevel = options.indent ?? 1;
  const limit = options.maxLength ?? DEFAULT_MAX_REPR_LENGTH;
  const out: string[] = [];
  let length = 0;
  const kinds: Task[] = [Task.Format];
  const payloads: unknown[] = [{ value, indent: 0, allowance: 0, level: 1 } satisfies FormatJob];
  const open = new Set<object>();
  while (kinds.length > 0 && length <= limit) {
    const kind = kinds.pop()!;
    const payload = payloads.pop();
    if (kind === Task.Text) {
      out.push(payload as string);
      length += (payload as string).length;
      continue;
    }
    if (kind === Task.Leave) {
      open.delete(payload as object);
      continue;
    }
    const job = payload as FormatJob;
    const maxWidth = width - job.indent - job.allowance;
    const shape = reprShape(job.value);
    if (shape.identity !== undefined && open.has(shape.identity)) {
      out.push(shape.recursive!);
      length += shape.recursive!.length;
      continue;
    }
    const forced = job.force === true && shape.items !== undefined && shape.items.length > 0;
    const oneLine = shape.text ?? (forced ? undefined : reprWithin(job.value, Math.max(0, maxWidth), false, open));
    if (oneLine !== undefined && pyLength(oneLine) > maxWidth) {
      // Too long for the line: strs and bytes are cut into pieces as pprint cuts them.
      const v = job.value;
      let text: string | undefined;
      if (typeof v === 'string') text = wrapStr(v, width, job.indent, job.allowance, job.level);
      else if (v instanceof ByteArray) {
        text = `bytearray(${wrapBytes(v, width, job.indent + 10, job.allowance + 1, job.level + 1)})`;
      } else if (v instanceof Uint8Array) text = wrapBytes(v, width, job.indent, job.allowance, job.level);
      if (text !== undefined) {
        out.push(text);
        length += text.length;
        continue;
      }
    }
    const wrapper = oneLine === undefined ? shape.wrapper : undefined;
    if (wrapper !== undefined && !isEmptyContainer(wrapper.container)) {
      // pprint's layout for OrderedDict, defaultdict, Counter and deque.
      const inner = job.indent + wrapper.call.length + 1;
      const newline = ',\n' + ' '.repeat(inner);
      open.add(shape.identity!);
      kinds.push(Task.Leave);
      payloads.push(shape.identity!);
      kinds.push(Task.Text);
      let after = '';
      for (const [k, v] of wrapper.tail) after += `${newline}${k}=${reprWithin(v, limit, true, open)!}`;
      payloads.push(after + ')');
      kinds.push(Task.Format);
      payloads.push({
        value: wrapper.container,
        indent: inner,
        allowance: wrapper.tail.length > 0 ? 1 : job.allowance + 1,
        level: job.level,
        force: true,
      } satisfies FormatJob);
      let before = wrapper.call + '(';
      if (wrapper.lead.length > 0) before += wrapper.lead.map((v) => reprWithin(v, limit, true, open)!).join(', ') + newline;
      kinds.push(Task.Text);
      payloads.push(before);
      continue;
    }
    if (oneLine === undefined && shape.items!.length === 0 && shape.head === undefined && BRACKETS.has(shape.open!)) {
      // pprint pads the brackets of an empty list, tuple or dict it had to break: `[   ]` at indent 4.
      const text = shape.open! + ' '.repeat(perLevel - 1) + shape.close!;
      out.push(text);
      length += text.length;
      continue;
    }
    if (oneLine !== undefined || shape.items!.length === 0 || shape.atomic || shape.wrapper !== undefined) {
      const text = oneLine ?? reprWithin(job.value, limit - length + 1, true, open)!;
      out.push(text);
      length += text.length;
      continue;
    }
    const display = sortedForDisplay(shape);
    open.add(shape.identity!);
    const opening = display.open!;
    const closing = (display.trailer ?? '') + display.close!;
    const itemIndent = job.indent + opening.length - 1 + perLevel;
    // Tasks run last-pushed first: push the closing, then the items backwards.
    kinds.push(Task.Leave);
    payloads.push(shape.identity!);
    kinds.push(Task.Text);
    payloads.push(closing);
    const items = display.items!;
    const literal = display.literal ?? items.map((parts) => parts.map(() => false));
    const last = items.length - 1;
    for (let i = last; i >= 0; i--) {
      const parts = items[i]!;
      const flags = literal[i] ?? parts.map(() => false);
      // Everything before an item's last part (a dict key and ': ', 'name=') prints on one line.
      let prefix = '';
      for (let j = 0; j < parts.length - 1; j++) {
        prefix += flags[j] ? (parts[j] as string) : reprWithin(parts[j], limit, true, open)!;
      }
      const tail = parts[parts.length - 1];
      const allowance = i === last ? job.allowance + closing.length : 1;
      if (flags[parts.length - 1]) {
        kinds.push(Task.Text);
        payloads.push(tail as string);
      } else {
        kinds.push(Task.Format);
        payloads.push({ value: tail, indent: itemIndent + prefix.length, allowance, level: job.level + 1 } satisfies FormatJob);
      }
      if (prefix) {
        kinds.push(Task.Text);
        payloads.push(prefix);
      }
      if (i > 0) {
        kinds.push(Task.Text);
        payloads.push(',\n' + ' '.repeat(itemIndent));
      }
    }
    kinds.push(Task.Text);
    payloads.push(opening + ' '.repeat(perLevel - 1));
    if (display.head !== undefined) {
      kinds.push(Task.Text);
      payloads.push(reprWithin(display.head, limit, true, open)!);
    }
  }
  const text = out.join('');
  if (length > limit) return text.slice(0, Math.max(0, limit - 3)) + '...';
  return text + discardedNote(value);
}
