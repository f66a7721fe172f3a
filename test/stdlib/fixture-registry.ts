/**
 * JS twins of test/stdlib/fixture_types.py, registered under `fixture_types`
 * on top of the standard types.
 */
import { FrozenSet, Registry, Tuple, defineEnum, namedTuple, pickleGetNewArgsEx, pickleNew, standardTypes } from '../../src/index.js';

export const Point = namedTuple('Point', ['x', 'y']);
export const Color = defineEnum('Color', { RED: 1, GREEN: 2, BLUE: 'blue' });
export class MyList<T = unknown> extends Array<T> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}
export class MyDict extends Map<unknown, unknown> {}
export class MySet extends Set<unknown> {}
export class MyFrozenSet extends FrozenSet<unknown> {}
export class MyTuple extends Tuple<unknown> {}
export class Plain {
  [key: string]: unknown;
}
export class WithArgs {
  constructor(
    public a: unknown,
    public b: unknown,
  ) {}

  static [pickleNew](args: readonly unknown[], kwargs: ReadonlyMap<unknown, unknown> | undefined): WithArgs {
    return new WithArgs(args[0], kwargs?.get('b'));
  }

  [pickleGetNewArgsEx](): [unknown[], Map<string, unknown>] {
    return [[this.a], new Map([['b', this.b]])];
  }
}

/** Standard types plus the fixture classes. */
export const fixtureRegistry = new Registry([standardTypes])
  .registerClass(Point, 'fixture_types', 'Point')
  .registerClass(Color, 'fixture_types', 'Color')
  .registerClass(MyList, 'fixture_types', 'MyList')
  .registerClass(MyDict, 'fixture_types', 'MyDict')
  .registerClass(MySet, 'fixture_types', 'MySet')
  .registerClass(MyFrozenSet, 'fixture_types', 'MyFrozenSet')
  .registerClass(MyTuple, 'fixture_types', 'MyTuple')
  .registerClass(Plain, 'fixture_types', 'Plain')
  .registerClass(WithArgs, 'fixture_types', 'WithArgs');
