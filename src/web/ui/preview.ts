/**
 * One-line previews in Python notation that stay fast on huge values: the
 * exact `pyRepr` when the value is small, else the same notation with long
 * bytes and strings cut and long containers elided. (Printing an 8 MB bytes
 * constant in full takes seconds; a preview needs its first bytes.)
 */
import { pyRepr } from '../../repr/py-repr.js';
import { bytesRepr } from '../../repr/bytes-repr.js';
import { strRepr } from '../../repr/str-repr.js';
import { ByteArray } from '../../values/byte-array.js';
import { Tuple } from '../../values/tuple.js';
import { childrenOf } from '../analysis/value-tree.js';

/** Leaves longer than this make a value "large". */
const BIG_LEAF = 4096;
/** Nodes looked at to decide. */
const PROBE = 2000;

function isLarge(value: unknown): boolean {
  const work: unknown[] = [value];
  const seen = new Set<object>();
  let n = 0;
  while (work.length > 0) {
    if (++n > PROBE) return true;
    const v = work.pop();
    if (typeof v === 'string' && v.length > BIG_LEAF) return true;
    if (v instanceof Uint8Array && v.length > BIG_LEAF) return true;
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    const children = childrenOf(v, undefined);
    for (let i = 0; i < children.length; i++) work.push(children[i]!.value);
  }
  return false;
}

function cutLeaf(v: unknown, max: number): string | undefined {
  if (typeof v === 'string' && v.length > max) return `${strRepr(v.slice(0, max))}…`;
  if (v instanceof Uint8Array && v.length > max) {
    const text = `${bytesRepr(v, 0, max, v instanceof ByteArray)}…`;
    return v instanceof ByteArray ? `bytearray(${text})` : text;
  }
  return undefined;
}

/**
 * A one-line repr of at most about `max` characters.
 * @param value the value.
 * @param max the length to cut at.
 * @returns the text, ending with `…` when cut.
 * @throws never.
 */
export function preview(value: unknown, max: number): string {
  const leaf = cutLeaf(value, max);
  if (leaf !== undefined) return leaf;
  if (!isLarge(value)) {
    const text = pyRepr(value, { maxLength: max });
    return text.length > max ? `${text.slice(0, max)}…` : text;
  }
  // Large: show the first few children, each previewed shallowly.
  if (Array.isArray(value)) {
    const parts: string[] = [];
    let length = 0;
    for (let i = 0; i < value.length && length < max; i++) {
      const v = value[i];
      const part = cutLeaf(v, 32) ?? (typeof v === 'object' && v !== null ? '…' : pyRepr(v, { maxLength: 40 }));
      parts.push(part);
      length += part.length + 2;
    }
    const more = parts.length < value.length ? ', …' : '';
    return value instanceof Tuple ? `(${parts.join(', ')}${more})` : `[${parts.join(', ')}${more}]`;
  }
  return '…';
}
