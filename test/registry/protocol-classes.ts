/** JS twins of test/registry/protocol_classes.py, registered as `protocol_classes.*`. */
import {
  PyGlobal,
  Registry,
  Tuple,
  applyDefaultState,
  pickleGetNewArgs,
  pickleGetState,
  pickleReduce,
  pickleSetState,
  type ReduceValue,
} from '../../src/index.js';

export class Plain {
  a = 1;
  b = 'x';
}

export class Empty {}

/** Python `__slots__ = ('x', 'y')`: state `(None, {'x': 1, 'y': 2})`. */
export class Slotted {
  x = 1;
  y = 2;
  [pickleGetState](): Tuple {
    return new Tuple([
      null,
      new Map<string, unknown>([
        ['x', this.x],
        ['y', this.y],
      ]),
    ]);
  }
}

/** A `__dict__` field and a slot: state `({'d': ...}, {'s': ...})`. */
export class DictAndSlots {
  s = 'slot';
  d = 'dict';
  [pickleGetState](): Tuple {
    return new Tuple([new Map([['d', this.d]]), new Map([['s', this.s]])]);
  }
}

/** Python `__getnewargs__`: NEWOBJ carries the constructor arguments. */
export class NewArgs {
  args: Tuple;
  constructor(...args: unknown[]) {
    this.args = new Tuple(args);
  }
  [pickleGetNewArgs](): unknown[] {
    return [...this.args];
  }
}

export const MAKE_CUSTOM = new PyGlobal('protocol_classes', 'make_custom');

/** Python `__reduce__` returning `(make_custom, (x, y))`. */
export class Custom {
  constructor(
    public x = 0,
    public y = 0,
  ) {}
  [pickleReduce](): ReduceValue {
    return { callable: MAKE_CUSTOM, args: [this.x, this.y] };
  }
}

export const SET_STATE = new PyGlobal('protocol_classes', 'set_state');

/** `__reduce__` with a state setter (the 6th element). */
export class WithSetter {
  v = 5;
  [pickleReduce](_p: number, cls: PyGlobal): ReduceValue {
    return { callable: cls, args: [], state: new Map([['v', this.v]]), stateSetter: SET_STATE };
  }
}

/** `__reduce__` with list items and dict items. */
export class Bag {
  items: unknown[] = [1, 2];
  table = new Map<unknown, unknown>([['k', 'v']]);
  [pickleReduce](_p: number, cls: PyGlobal): ReduceValue {
    return { callable: cls, args: [], listItems: this.items, dictItems: this.table };
  }
  [pickleSetState](state: unknown): void {
    applyDefaultState(this, state);
  }
}

export function makeCustom(x: unknown, y: unknown): Custom {
  return new Custom(x as number, y as number);
}

export const protocolRegistry = new Registry()
  .registerClass(Plain, 'protocol_classes', 'Plain')
  .registerClass(Empty, 'protocol_classes', 'Empty')
  .registerClass(Slotted, 'protocol_classes', 'Slotted')
  .registerClass(DictAndSlots, 'protocol_classes', 'DictAndSlots')
  .registerClass(NewArgs, 'protocol_classes', 'NewArgs', { construct: true })
  .registerClass(Custom, 'protocol_classes', 'Custom')
  .registerClass(WithSetter, 'protocol_classes', 'WithSetter', { call: () => new WithSetter() })
  .registerClass(Bag, 'protocol_classes', 'Bag', { call: () => Object.assign(new Bag(), { items: [], table: new Map() }) })
  .registerFunction('protocol_classes', 'make_custom', makeCustom)
  .registerFunction('protocol_classes', 'set_state', (obj: WithSetter, state: Map<string, number>) => {
    obj.v = state.get('v') ?? 0;
  });

/** The JS value of each protocol fixture case. */
export const MAKE: Readonly<Record<string, () => unknown>> = {
  plain: () => new Plain(),
  empty: () => new Empty(),
  slotted: () => new Slotted(),
  dict_and_slots: () => new DictAndSlots(),
  new_args: () => new NewArgs(1, 'a'),
  custom: () => new Custom(3, 4),
  with_setter: () => new WithSetter(),
  bag: () => new Bag(),
  shared: () => {
    const p = new Plain();
    return [p, p];
  },
};
