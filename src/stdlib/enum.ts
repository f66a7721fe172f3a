/**
 * Python `enum` classes in JS: `defineEnum('Color', { RED: 1, GREEN: 2 })`
 * makes a class whose members are its only instances. Register it under its
 * Python name (`registry.registerClass(Color, 'app', 'Color')`); members pickle
 * as CPython 3.11 writes them, `Color(1)` (REDUCE of the class with the value),
 * and load back to the very same member object.
 */
import { Tuple } from '../values/tuple.js';
import type { PyGlobal } from '../values/py-global.js';
import type { ReduceValue } from '../registry/contract.js';
import { pickleCall, pickleNew, pickleReduce } from '../registry/protocol.js';
import { PY_REPR, pyRepr } from '../repr/py-repr.js';

/** A member of an enum made by `defineEnum`. */
export class PyEnum {
  /** The member's name, e.g. `RED`. */
  declare readonly name: string;
  /** The member's value, e.g. `1`. */
  declare readonly value: unknown;

  /** `Color.RED`, as Python's `str(member)`. */
  toString(): string {
    return `${(this.constructor as { name: string }).name}.${this.name}`;
  }

  /**
   * Python's repr: `<Color.RED: 1>`. (The value is printed here, not by the
   * caller's pyRepr: member values come from the enum's definition, not from
   * pickle data, so this cannot nest deeply.)
   */
  [PY_REPR](): string {
    return `<${(this.constructor as { name: string }).name}.${this.name}: ${pyRepr(this.value)}>`;
  }

  /** Python's `Enum.__reduce_ex__`: the class called with the value. */
  [pickleReduce](_protocol: number, cls: PyGlobal): ReduceValue {
    return { callable: cls, args: [this.value] };
  }
}

/** A class made by `defineEnum`: its members as static fields, plus lookups. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EnumClass<K extends string> = (abstract new (...args: any[]) => PyEnum) & {
  readonly prototype: PyEnum;
  /** Every member by name, in definition order. */
  readonly members: ReadonlyMap<K, PyEnum>;
  /** The member whose value equals `value` (Python's `Color(value)`), or undefined. */
  fromValue(value: unknown): PyEnum | undefined;
} & { readonly [M in K]: PyEnum };

/**
 * Defines an enum class named `typename` with `members` (name → value).
 * @throws TypeError for a member name that clashes with the class's own statics.
 */
export function defineEnum<K extends string>(typename: string, members: Readonly<Record<K, unknown>>): EnumClass<K> {
  const byName = new Map<K, PyEnum>();
  const byValue = new Map<unknown, PyEnum>();
  const complex: PyEnum[] = [];
  const cls = class extends PyEnum {
    static get members(): ReadonlyMap<K, PyEnum> {
      return byName;
    }

    static fromValue(value: unknown): PyEnum | undefined {
      const key = valueKey(value);
      if (key !== undefined) return byValue.get(key);
      return complex.find((m) => sameValue(m.value, value));
    }

    static [pickleCall](args: readonly unknown[]): PyEnum {
      const member = cls.fromValue(args[0]);
      if (member === undefined) throw new TypeError(`${String(args[0])} is not a valid ${typename}`);
      return member;
    }

    static [pickleNew](args: readonly unknown[]): PyEnum {
      return cls[pickleCall](args);
    }
  };
  Object.defineProperty(cls, 'name', { value: typename });
  for (const name of Object.keys(members) as K[]) {
    if (name in cls) throw new TypeError(`defineEnum(${typename}): member name ${name} is reserved`);
    const value = members[name];
    const member = Object.create(cls.prototype) as PyEnum;
    Object.defineProperty(member, 'name', { value: name, enumerable: true });
    Object.defineProperty(member, 'value', { value, enumerable: true });
    Object.freeze(member);
    byName.set(name, member);
    const key = valueKey(value);
    if (key !== undefined) {
      if (!byValue.has(key)) byValue.set(key, member);
    } else {
      complex.push(member);
    }
    Object.defineProperty(cls, name, { value: member, enumerable: true });
  }
  return cls as unknown as EnumClass<K>;
}

/** A Map key for primitive values, with Python's `1 == 1n`; undefined for objects. */
function valueKey(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  if (typeof value === 'object' && value !== null) return undefined;
  return value;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (valueKey(a) !== undefined || valueKey(b) !== undefined) return valueKey(a) === valueKey(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    return a instanceof Tuple === b instanceof Tuple && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  return a === b;
}
