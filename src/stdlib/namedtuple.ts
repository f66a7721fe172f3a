/**
 * Python's `collections.namedtuple` classes in JS: a `Tuple` subclass with a
 * getter per field. Like in Python, each namedtuple is a user class; register
 * it under its Python name: `registry.registerClass(Point, '__main__', 'Point')`.
 * It pickles as CPython does: `NEWOBJ` with the items at protocol 2+,
 * `copyreg._reconstructor(cls, tuple, items)` at 0–1.
 */
import { Tuple } from '../values/tuple.js';
import { pickleCall, pickleGetNewArgs, pickleNew } from '../registry/protocol.js';
import { PY_REPR, type PyReprResult } from '../repr/py-repr.js';
import { reprClassName } from '../repr/type-name.js';

/** An instance of a namedtuple class: a tuple with named read-only fields. */
export type NamedTuple<F extends string> = Tuple & { readonly [K in F]: unknown };

/** A class made by `namedTuple`. */
export interface NamedTupleClass<F extends string> {
  /** Builds a namedtuple from its values, in field order. @throws TypeError for a wrong count. */
  new (...values: unknown[]): NamedTuple<F>;
  readonly prototype: NamedTuple<F>;
  /** The field names, in order (Python's `_fields`). */
  readonly fields: readonly F[];
  /** Builds one from a record of field values (Python's `_make`/keyword call). @throws TypeError for a missing field. */
  fromRecord(record: Readonly<Record<F, unknown>>): NamedTuple<F>;
}

/**
 * Defines a namedtuple class named `typename` with `fields`.
 * @throws TypeError when a field name is not an identifier, is repeated, or
 *   would hide an array member (`length`, `map`, …).
 */
export function namedTuple<F extends string>(typename: string, fields: readonly F[]): NamedTupleClass<F> {
  const seen = new Set<string>();
  for (const f of fields) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(f) || seen.has(f) || f in Tuple.prototype) {
      throw new TypeError(`namedTuple(${typename}): bad field name ${JSON.stringify(f)}`);
    }
    seen.add(f);
  }
  const n = fields.length;
  const cls = class extends Tuple {
    static readonly fields = Object.freeze([...fields]);

    constructor(...values: unknown[]) {
      if (values.length !== n) throw new TypeError(`${typename}() takes ${n} arguments (${values.length} given)`);
      super(values);
    }

    static fromRecord(record: Readonly<Record<string, unknown>>): Tuple {
      return new cls(
        ...fields.map((f) => {
          if (!Object.prototype.hasOwnProperty.call(record, f)) throw new TypeError(`${typename}: missing field ${f}`);
          return record[f];
        }),
      );
    }

    static [pickleNew](args: readonly unknown[]): Tuple {
      return new cls(...args);
    }

    static [pickleCall](args: readonly unknown[]): Tuple {
      return new cls(...args);
    }

    [pickleGetNewArgs](): unknown[] {
      return Array.from(this);
    }

    /** Python's repr: `Point(x=1, y=2)`. */
    [PY_REPR](): PyReprResult {
      return { call: reprClassName(this, cls, typename), kwargs: fields.map((f, i) => [f, this[i]] as const) };
    }
  };
  Object.defineProperty(cls, 'name', { value: typename });
  fields.forEach((f, i) => {
    Object.defineProperty(cls.prototype, f, {
      get(this: Tuple) {
        return this[i];
      },
      enumerable: false,
      configurable: true,
    });
  });
  return cls as unknown as NamedTupleClass<F>;
}
