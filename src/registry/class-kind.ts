/**
 * Which Python builtin a registered JS class derives from. Python's default
 * pickling differs by base (`list` subclasses append items, `dict` subclasses
 * set items, `tuple` subclasses pass their items to `__new__`, `set` and
 * `frozenset` have their own `__reduce__`), and so does building an instance
 * without running the JS constructor.
 */
import { Tuple } from '../values/tuple.js';
import { FrozenSet } from '../values/frozen-set.js';

/** The builtin base of a registered class. */
export type ClassKind = 'object' | 'list' | 'dict' | 'tuple' | 'set' | 'frozenset';

/** The kind of `cls` by its prototype chain (most derived builtin first). */
export function classKind(cls: { readonly prototype: object }): ClassKind {
  const proto = cls.prototype;
  if (proto instanceof Tuple) return 'tuple';
  if (proto instanceof Array) return 'list';
  if (proto instanceof Map) return 'dict';
  if (proto instanceof FrozenSet) return 'frozenset';
  if (proto instanceof Set) return 'set';
  return 'object';
}

/**
 * A new instance of `cls` without running its constructor (Python's
 * `base.__new__(cls)`): `Object.create` for plain classes, and the builtin's
 * own constructor with `cls` as `new.target` for exotic bases, so arrays keep
 * a live `length` and maps and sets their internal slots.
 * @param items the initial items for tuple/set/frozenset kinds (ignored otherwise).
 * @throws TypeError when `items` is not iterable for those kinds.
 */
export function blankInstance(cls: { readonly prototype: object }, kind: ClassKind, items?: Iterable<unknown>): object {
  switch (kind) {
    case 'object':
      return Object.create(cls.prototype) as object;
    case 'list':
      return Reflect.construct(Array, [], cls as never) as object;
    case 'dict':
      return Reflect.construct(Map, [], cls as never) as object;
    case 'tuple':
      return Reflect.construct(Tuple, [Array.from(items ?? [])], cls as never) as object;
    case 'set':
      return Reflect.construct(Set, [items ?? []], cls as never) as object;
    case 'frozenset':
      return Reflect.construct(FrozenSet, [items ?? []], cls as never) as object;
  }
}
