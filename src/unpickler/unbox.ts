/**
 * Default mode keeps integral floats (`Float`) and numpy scalars
 * (`TypedValue`) boxed while they sit on the stack; whatever takes them off
 * it unboxes them and records where they went (float-slots.ts), so that
 * `dumps` writes them back as floats. Lossless mode keeps the boxes.
 */
import { Float } from '../values/float.js';
import { nanFloat, readNanBits } from '../values/float-bits.js';
import { floatAt, floatKeyAt, floatValueAt, typedAt, typedKeyAt, typedKeyOf, typedValueAt } from '../values/float-slots.js';
import { PyObject } from '../values/py-object.js';
import { Tuple, tupleOfArray } from '../values/tuple.js';
import { TypedValue } from '../values/typed-value.js';
import { SeparateStrBox } from '../values/separate-strs.js';

/**
 * A BINFLOAT in lossless mode: integral floats and -0.0 as `Float`, NaNs other than JS's one with their bits.
 * @param at offset of the 8 argument bytes.
 * @throws never.
 */
export function losslessFloat(f: number, data: Uint8Array, at: number): unknown {
  if (Number.isInteger(f) || Object.is(f, -0)) return new Float(f);
  if (f !== f) {
    const bits = readNanBits(data, at);
    if (bits !== undefined) return nanFloat(bits);
  }
  return f;
}

/**
 * Replaces the boxes in `stack[from..to)` by their plain values, recording
 * where they go in `target`: a list (items), a dict (key/value pairs), an
 * inert object's list items, or with `pairs` its dict items; elsewhere (sets,
 * list index assignment) they are only unboxed.
 * @param base index in the list of `stack[from]` (default: its length).
 * @throws never.
 */
export function unboxInto(target: unknown, stack: unknown[], from: number, to: number, pairs = false, base?: number): void {
  // A dict: a Map, or (dictType 'object') a null-prototype object; slots are recorded by identity.
  if (target instanceof Map || (pairs && typeof target === 'object' && target !== null && Object.getPrototypeOf(target) === null)) {
    const dict = target as Map<unknown, unknown>;
    for (let i = from; i + 1 < to; i += 2) {
      let k = stack[i];
      if (k instanceof Float) {
        stack[i] = k = k.value;
        floatKeyAt(dict, k);
      } else if (k instanceof TypedValue) {
        // Lossless: a dict key that was a separate str object (separate-strs.ts).
        if (k instanceof SeparateStrBox) typedKeyOf(dict, k.value, k);
        stack[i] = k = k.value;
      }
      const x = stack[i + 1];
      if (x instanceof Float) {
        stack[i + 1] = x.value;
        floatValueAt(dict, k, x.value);
      } else if (x instanceof TypedValue) {
        stack[i + 1] = x.value;
        typedValueAt(dict, k, x);
      }
    }
    return;
  }
  let slots: object | undefined;
  let at = 0;
  if (target instanceof PyObject) {
    slots = pairs ? target.dictItems : target.listItems;
    at = slots === target.dictItems ? target.dictItems.length : target.listItems.length;
  } else if (!pairs && Array.isArray(target) && !(target instanceof Tuple)) {
    slots = target;
    at = base ?? target.length;
  }
  for (let i = from; i < to; i++) {
    const x = stack[i];
    if (!(x instanceof Float || x instanceof TypedValue)) continue;
    stack[i] = x.value;
    if (slots === undefined) continue;
    // Dict items: values (odd offsets) only, at their pair's index; keys only when separate strs.
    if (pairs && (i - from) % 2 === 0) {
      if (x instanceof SeparateStrBox) typedKeyAt(slots, at + ((i - from) >> 1), x);
      continue;
    }
    const index = pairs ? at + ((i - from) >> 1) : at + (i - from);
    if (x instanceof Float) floatAt(slots, index, x.value);
    else typedAt(slots, index, x);
  }
}

/**
 * A tuple with its boxes replaced by plain values, their indices recorded.
 * @throws never.
 */
export function unboxTuple(t: Tuple): Tuple {
  let found = false;
  for (let i = 0; i < t.length; i++) if (t[i] instanceof Float || t[i] instanceof TypedValue) found = true;
  if (!found) return t;
  const items = t.map(unboxed);
  const out = tupleOfArray(items);
  for (let i = 0; i < t.length; i++) {
    const x = t[i];
    if (x instanceof Float) floatAt(out, i, x.value);
    else if (x instanceof TypedValue) typedAt(out, i, x);
  }
  return out;
}

/**
 * The plain value of a box, or `x` itself.
 * @throws never.
 */
export function unboxed(x: unknown): unknown {
  return x instanceof Float || x instanceof TypedValue ? x.value : x;
}
