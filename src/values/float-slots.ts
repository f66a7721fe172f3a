/**
 * Where a default-mode load found integral floats (`C=1.0` in a scikit-learn
 * model): plain JS numbers cannot say they were floats, so the containers
 * `loads` built remember the positions, by identity, and `dumps` writes the
 * number there as a float again.
 *
 * Exactly when a number dumps as a float:
 * - a non-integral number, NaN, ±Infinity and -0 always;
 * - a `Float` always;
 * - an integral number only where a default-mode `loads` read a float into
 *   this very container (list or tuple index, dict value under this key, dict
 *   key, an inert object's list items or dict item values) and the number
 *   there is still the one that was loaded: change it, or move it elsewhere,
 *   and it dumps as an int (as any integral JS number does).
 * Not remembered: a float that is the whole pickle, set and frozenset
 * members, and BUILD states or persistent ids that are a bare float.
 * Lossless loads return integral floats as `Float` and need none of this.
 *
 * The same positions also remember values that default mode loads as plain
 * JS values but Python wrote as another type (numpy scalars: `np.float64`,
 * `np.int64`, `np.bool_` ...; see typed-value.ts). Exactly when such a value
 * dumps as the numpy scalar again: at a list or tuple index, a dict value
 * under its key, or an inert object's list item or dict item value, where a
 * default-mode `loads` put it, while the value there is still the one loaded
 * (the same primitive by `Object.is`, or the same object). Anywhere else,
 * or once changed, it dumps as the plain JS value does. Not remembered: a
 * scalar that is the whole pickle, a dict key, a set member, a bare BUILD
 * state or persistent id.
 */
import type { TypedValue } from './typed-value.js';

/** The recorded float positions of one container. */
export interface FloatSlots {
  /** By index (lists, tuples, an inert object's list items and dict items): the number loaded there. */
  at?: Map<number, number>;
  /** By dict key (Maps): the number loaded as the value. */
  byKey?: Map<unknown, number>;
  /** Dict keys that were floats (Maps). */
  keys?: Set<unknown>;
  /** By index: the boxes of typed values (numpy scalars) loaded there. */
  typedAt?: Map<number, TypedValue>;
  /** By dict key (Maps): the box of the typed value loaded as the value. */
  typedByKey?: Map<unknown, TypedValue>;
  /** Dict keys (Maps), by key: the box loaded as that key (lossless: separate strs, see separate-strs.ts). */
  typedKeys?: Map<unknown, TypedValue>;
  /** Keys of an inert object's dict items, by pair index: the box loaded as that key. */
  typedKeyAt?: Map<number, TypedValue>;
}

const table = new WeakMap<object, FloatSlots>();
let used = false;

function slots(container: object): FloatSlots {
  used = true;
  let s = table.get(container);
  if (s === undefined) table.set(container, (s = {}));
  return s;
}

/**
 * Records that index `index` of `container` held the integral float `value`.
 * @param container a list, tuple, or an inert object's `listItems`/`dictItems` array.
 */
export function floatAt(container: object, index: number, value: number): void {
  const s = slots(container);
  (s.at ??= new Map()).set(index, value);
}

/**
 * Records that dict `dict` held the integral float `value` under `key`.
 * @param dict the dict (a Map).
 */
export function floatValueAt(dict: Map<unknown, unknown>, key: unknown, value: number): void {
  const s = slots(dict);
  (s.byKey ??= new Map()).set(key, value);
}

/**
 * Records that `key`, a dict key of `dict`, was an integral float.
 * @param dict the dict (a Map).
 */
export function floatKeyAt(dict: Map<unknown, unknown>, key: unknown): void {
  (slots(dict).keys ??= new Set()).add(key);
}

/**
 * Records that index `index` of `container` held the typed value `box` (default mode).
 * @param container a list, tuple, or an inert object's `listItems`/`dictItems` array.
 */
export function typedAt(container: object, index: number, box: TypedValue): void {
  const s = slots(container);
  (s.typedAt ??= new Map()).set(index, box);
}

/**
 * Records that dict `dict` held the typed value `box` under `key` (default mode).
 * @param dict the dict (a Map).
 */
export function typedValueAt(dict: Map<unknown, unknown>, key: unknown, box: TypedValue): void {
  const s = slots(dict);
  (s.typedByKey ??= new Map()).set(key, box);
}

/**
 * Records that dict `dict` got the key `key` from the box `box` (a separate str, lossless).
 * @param dict the dict (a Map).
 */
export function typedKeyOf(dict: Map<unknown, unknown>, key: unknown, box: TypedValue): void {
  (slots(dict).typedKeys ??= new Map()).set(key, box);
}

/**
 * Records that the key of pair `index` of an inert object's `dictItems` came from the box `box`.
 * @param pairs the object's `dictItems` array.
 */
export function typedKeyAt(pairs: object, index: number, box: TypedValue): void {
  (slots(pairs).typedKeyAt ??= new Map()).set(index, box);
}

/**
 * The recorded float positions of `container`.
 * @returns the record, or undefined (answered without a lookup until some load recorded one).
 */
export function floatSlotsOf(container: unknown): FloatSlots | undefined {
  return used && typeof container === 'object' && container !== null ? table.get(container) : undefined;
}

/** True once any load recorded an integral float (a cheap guard for hot paths). */
export function hasFloatSlots(): boolean {
  return used;
}

/**
 * Gives `to` the recorded positions of `from` (a registered class's load
 * copying a loaded dict into a new one, or its reduction copying it out):
 * both must hold the same keys or indices, and each record still applies
 * only while the value there is the one loaded.
 * @param from the container a load recorded positions on.
 * @param to the container that takes its place.
 */
export function copySlots(from: object, to: object): void {
  const s = used ? table.get(from) : undefined;
  if (s !== undefined && !table.has(to)) table.set(to, s);
}

/**
 * Positions recorded on a dict (by key) re-keyed by index onto `pairs`, the
 * dict's items as a reduction lists them (`OrderedDict`, `defaultdict`), so
 * that `dumps` finds them while writing those items.
 * @param from the dict (a Map) a load recorded positions on.
 * @param pairs its items, as `[key, value]` pairs.
 */
export function slotsToPairs(from: unknown, pairs: readonly unknown[]): void {
  const s = floatSlotsOf(from);
  if (s === undefined || table.has(pairs)) return;
  const out: FloatSlots = {};
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i];
    if (!Array.isArray(pair)) continue;
    const k: unknown = pair[0];
    const f = s.byKey?.get(k);
    if (f !== undefined) (out.at ??= new Map()).set(i, f);
    const t = s.typedByKey?.get(k);
    if (t !== undefined) (out.typedAt ??= new Map()).set(i, t);
    const kt = s.typedKeys?.get(k);
    if (kt !== undefined) (out.typedKeyAt ??= new Map()).set(i, kt);
  }
  table.set(pairs, out);
}
