/**
 * `standardTypes`: the frozen registry of Python's standard types that
 * `loads`/`dumps` use by default. Combine it with your own classes:
 * `new Registry([standardTypes]).registerClass(User, 'app.models', 'User')`.
 */
import { Registry } from '../registry/registry.js';
import { PyGlobal } from '../values/py-global.js';
import { arity, bigintArg, describe, strArg } from './args.js';
import { Ellipsis, NotImplemented, PyRange, PySlice } from './builtins.js';
import { registerCollections } from './collections-bindings.js';
import { registerDatetime } from './datetime-bindings.js';
import { Decimal } from './decimal.js';
import { BUILTIN_EXCEPTIONS, PyException, exceptionClassFor } from './exceptions.js';
import { Fraction } from './fraction.js';
import { PosixPath, PurePosixPath, PureWindowsPath, WindowsPath } from './pathlib.js';
import { UUID } from './uuid.js';

/** Registers every standard type into `reg` (which must not be frozen). */
export function registerStandardTypes(reg: Registry): Registry {
  registerDatetime(reg);
  registerCollections(reg);
  const decimal = (args: readonly unknown[]): Decimal => {
    arity(args, 0, 2, 'Decimal()');
    const v = args[0] ?? '0';
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'bigint') throw new TypeError(`Decimal(): cannot convert ${describe(v)}`);
    return new Decimal(v);
  };
  reg.registerClass(Decimal, 'decimal', 'Decimal', { call: decimal, create: decimal, reduce: (v, _p, g) => ({ callable: g, args: [v.toString()] }) });
  const fraction = (args: readonly unknown[]): Fraction => {
    arity(args, 0, 2, 'Fraction()');
    if (typeof args[0] === 'string' && args.length === 1) return new Fraction(args[0]);
    return new Fraction(bigintArg(args[0] ?? 0, 'numerator'), bigintArg(args[1] ?? 1, 'denominator'));
  };
  reg.registerClass(Fraction, 'fractions', 'Fraction', {
    call: fraction,
    create: fraction,
    reduce: (v, _p, g) => ({ callable: g, args: [smallInt(v.numerator), smallInt(v.denominator)] }),
  });
  reg.registerClass(UUID, 'uuid', 'UUID');
  const range = (args: readonly unknown[]): PyRange => {
    arity(args, 1, 3, 'range()');
    const [a, b, c] = args.map((x) => smallInt(bigintArg(x, 'range() argument')));
    return new PyRange(a!, b, c);
  };
  reg.registerClass(PyRange, 'builtins', 'range', {
    call: range,
    create: range,
    reduce: (v, _p, g) => ({ callable: g, args: [v.start, v.stop, v.step] }),
  });
  const slice = (args: readonly unknown[]): PySlice => {
    arity(args, 1, 3, 'slice()');
    return args.length === 1 ? new PySlice(null, args[0], null) : new PySlice(args[0], args[1], args[2] ?? null);
  };
  reg.registerClass(PySlice, 'builtins', 'slice', {
    call: slice,
    create: slice,
    reduce: (v, _p, g) => ({ callable: g, args: [v.start, v.stop, v.step] }),
  });
  reg.registerValue('builtins', 'Ellipsis', Ellipsis);
  reg.registerValue('builtins', 'NotImplemented', NotImplemented);
  for (const [cls, name] of [
    [PurePosixPath, 'PurePosixPath'],
    [PureWindowsPath, 'PureWindowsPath'],
    [PosixPath, 'PosixPath'],
    [WindowsPath, 'WindowsPath'],
  ] as const) {
    const make = (args: readonly unknown[]): PurePosixPath | PureWindowsPath =>
      new (cls as new (...s: string[]) => PurePosixPath | PureWindowsPath)(...args.map((a) => strArg(a, 'path segment')));
    reg.registerClass(cls as typeof PurePosixPath, 'pathlib', name, {
      call: make,
      create: make,
      reduce: (v, _p, g) => ({ callable: g, args: [...v.parts] }),
    });
  }
  registerExceptions(reg);
  return reg;
}

function registerExceptions(reg: Registry): void {
  const globals = new Map<string, PyGlobal>();
  for (const name of BUILTIN_EXCEPTIONS) {
    globals.set(name, new PyGlobal('builtins', name));
    const make = (args: readonly unknown[]): PyException => new PyException(exceptionClassFor(name, args), args);
    reg.registerBinding('builtins', name, { call: make, create: make });
  }
  reg.registerReducer(
    PyException,
    (e) => {
      let g = globals.get(e.pyName);
      if (g === undefined) globals.set(e.pyName, (g = new PyGlobal('builtins', e.pyName)));
      // BaseException.__reduce__: (type, args) or (type, args, __dict__) when the dict is not empty.
      const state = e.state instanceof Map && e.state.size === 0 ? undefined : (e.state ?? undefined);
      return state === undefined || state === null ? { callable: g, args: e.args } : { callable: g, args: e.args, state };
    },
    (e, state) => {
      e.state = state;
    },
  );
}

function smallInt(v: bigint): number | bigint {
  return v >= -BigInt(Number.MAX_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/**
 * The standard types, frozen: `datetime` (date, time, datetime, timedelta,
 * timezone; JS `Date` dumps as an aware datetime), `decimal.Decimal`,
 * `fractions.Fraction`, `uuid.UUID`, `collections` (OrderedDict, defaultdict,
 * Counter, deque), `range`, `slice`, `Ellipsis`, `NotImplemented`, `pathlib`
 * paths and the built-in exceptions.
 */
export const standardTypes: Registry = registerStandardTypes(new Registry()).freeze();
