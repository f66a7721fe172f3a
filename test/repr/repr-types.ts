// JS twins of test/repr/repr_types.py, registered under `repr_types` on top of the standard types.
import { Counter, Deque, FrozenSet, OrderedDict, Registry, Tuple, defineEnum, namedTuple, standardTypes } from '../../src/index.js';

export const Point = namedTuple('Point', ['x', 'y']);
export const Empty = namedTuple('Empty', []);
export const Color = defineEnum('Color', { RED: 1, GREEN: 2, BLUE: 'blue' });
export const Num = defineEnum('Num', { ONE: 1, TWO: 2 });
export const Pair = defineEnum('Pair', { AB: new Tuple(['a', 'b']) });
export class MyList<T = unknown> extends Array<T> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}
export class MyDict extends Map<unknown, unknown> {}
export class MySet extends Set<unknown> {}
export class MyFrozenSet extends FrozenSet<unknown> {}
export class MyTuple extends Tuple<unknown> {}
export class MyOrderedDict extends OrderedDict {}
export class MyCounter extends Counter {}
export class MyDeque extends Deque {}

/** Standard types plus the repr_types classes. */
export const reprRegistry = new Registry([standardTypes])
  .registerClass(Point, 'repr_types', 'Point')
  .registerClass(Empty, 'repr_types', 'Empty')
  .registerClass(Color, 'repr_types', 'Color')
  .registerClass(Num, 'repr_types', 'Num')
  .registerClass(Pair, 'repr_types', 'Pair')
  .registerClass(MyList, 'repr_types', 'MyList')
  .registerClass(MyDict, 'repr_types', 'MyDict')
  .registerClass(MySet, 'repr_types', 'MySet')
  .registerClass(MyFrozenSet, 'repr_types', 'MyFrozenSet')
  .registerClass(MyTuple, 'repr_types', 'MyTuple')
  // collections' subclasses reduce to `cls(...)`; build them as collections' own loaders do.
  .registerClass(MyOrderedDict, 'repr_types', 'MyOrderedDict', { call: () => new MyOrderedDict() })
  .registerClass(MyCounter, 'repr_types', 'MyCounter', {
    call: (args) => {
      const c = new MyCounter();
      for (const [k, n] of (args[0] as Map<unknown, number>) ?? []) c.set(k, n);
      return c;
    },
  })
  .registerClass(MyDeque, 'repr_types', 'MyDeque', {
    call: (args) => {
      const d = new MyDeque();
      d.maxlen = (args[1] as number | undefined) ?? null;
      return d;
    },
  });
