/**
 * How `collections` types load and dump, as CPython 3.11's C implementations
 * reduce them: `OrderedDict()` + dict items (+ `__dict__` state),
 * `defaultdict(factory)` + dict items, `Counter(dict)`, `deque()` or
 * `deque((), maxlen)` + list items (+ state).
 */
import type { Registry } from '../registry/registry.js';
import { applyDefaultState, defaultState } from '../registry/object-state.js';
import { Tuple } from '../values/tuple.js';
import { copySlots } from '../values/float-slots.js';
import { arity, describe, intArg } from './args.js';
import { Counter, DefaultDict, Deque, OrderedDict } from './collections.js';

/** Registers `collections.OrderedDict`, `defaultdict`, `Counter` and `deque`. */
export function registerCollections(reg: Registry): void {
  reg.registerClass(OrderedDict, 'collections', 'OrderedDict', {
    call: loadOrderedDict,
    create: loadOrderedDict,
    reduce: (v, _p, g) => withState({ callable: g, args: [], dictItems: Map.prototype.entries.call(v) }, defaultState(v, 'dict')),
  });
  reg.registerClass(DefaultDict, 'collections', 'defaultdict', {
    call: loadDefaultDict,
    create: loadDefaultDict,
    reduce: (v, _p, g) => ({
      callable: g,
      args: v.defaultFactory === null || v.defaultFactory === undefined ? [] : [v.defaultFactory],
      dictItems: Map.prototype.entries.call(v),
    }),
  });
  reg.registerClass(Counter, 'collections', 'Counter', {
    call: loadCounter,
    create: loadCounter,
    reduce: (v, _p, g) => ({ callable: g, args: [withSlots(v, new Map(Map.prototype.entries.call(v)))] }),
  });
  reg.registerClass(Deque, 'collections', 'deque', {
    call: loadDeque,
    create: loadDeque,
    reduce: (v, _p, g) => {
      const state = defaultState(v, 'list');
      state?.delete('maxlen');
      return withState(
        { callable: g, args: v.maxlen === null ? [] : [new Tuple([]), v.maxlen], listItems: Array.prototype.values.call(v) },
        state !== undefined && state.size > 0 ? state : undefined,
      );
    },
    setState: (v, state) => applyDefaultState(v, state),
  });
}

/** `to`, given what a load recorded on `from` (float-slots.ts: separate strs, integral floats). */
function withSlots<T extends object>(from: object, to: T): T {
  copySlots(from, to);
  return to;
}

function withState<T extends object>(out: T, state: unknown): T {
  return state === undefined ? out : { ...out, state };
}

function entriesOf(arg: unknown, what: string): Iterable<readonly [unknown, unknown]> {
  if (arg === undefined) return [];
  if (arg instanceof Map) return arg;
  if (Array.isArray(arg)) {
    return arg.map((pair) => {
      if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError(`${what}: items must be pairs`);
      return [pair[0], pair[1]] as const;
    });
  }
  throw new TypeError(`${what}: cannot build from ${describe(arg)}`);
}

function loadOrderedDict(args: readonly unknown[]): OrderedDict {
  arity(args, 0, 1, 'OrderedDict()');
  return new OrderedDict(entriesOf(args[0], 'OrderedDict()'));
}

function loadDefaultDict(args: readonly unknown[]): DefaultDict {
  arity(args, 0, 2, 'defaultdict()');
  return new DefaultDict(args.length > 0 ? args[0] : null, entriesOf(args[1], 'defaultdict()'));
}

function loadCounter(args: readonly unknown[]): Counter {
  arity(args, 0, 1, 'Counter()');
  const c = new Counter();
  const arg = args[0];
  if (arg instanceof Map) {
    for (const [k, n] of arg) c.set(k, n as number);
    copySlots(arg, c);
  } else if (arg !== undefined && arg !== null) c.addAll(arg as Iterable<unknown>);
  return c;
}

function loadDeque(args: readonly unknown[]): Deque {
  arity(args, 0, 2, 'deque()');
  const maxlen = args[1] === undefined || args[1] === null ? null : intArg(args[1], 'maxlen');
  if (maxlen !== null && maxlen < 0) throw new RangeError('maxlen must be non-negative');
  const items = args[0];
  if (items !== undefined && items !== null && !(Array.isArray(items) || items instanceof Set)) {
    throw new TypeError(`deque(): cannot build from ${describe(items)}`);
  }
  return Deque.make((items ?? []) as Iterable<unknown>, maxlen);
}
