/**
 * Bindings for the globals CPython's own pickler writes for standard types at
 * protocols 0–3: `builtins.set/frozenset/bytearray/bytes/complex` via REDUCE,
 * `_codecs.encode(str, 'latin1')` for bytes, and (default mode only) the
 * `builtins.list/dict/tuple/str/int/float/bool` constructors.
 *
 * The unpickler consults the caller's `findClass` and `registry`, then
 * `standardTypes` (unless turned off), then these, so a caller can override any of them. `copyreg._reconstructor` and
 * `copyreg.__newobj__` are not bindings: they stay inert `PyObject`s (whose
 * `.cls` is the class) unless the caller registered the class itself.
 */
import { listStrsToSet, SeparateStrBox } from '../values/separate-strs.js';
import { floatSlotsOf } from '../values/float-slots.js';
import { markLatin1Shared } from '../values/latin1-singletons.js';
import { UnpicklingError } from '../errors.js';
import type { LoadBinding, LoadRegistry } from '../registry/contract.js';
import { ByteArray } from '../values/byte-array.js';
import { Complex } from '../values/complex.js';
import { floatBitsOf, setComplexBits } from '../values/float-bits.js';
import { Float } from '../values/float.js';
import { FrozenSet } from '../values/frozen-set.js';
import { Tuple } from '../values/tuple.js';
import { floatRepr } from '../wire/float-repr.js';
import { encodeUtf8 } from '../wire/utf8.js';
import { checkHashable, pyTypeName } from './py-type-name.js';

/** What a built-in binding returns when it declines an argument shape it does not model: the object stays inert. */
export const DECLINE: unique symbol = Symbol('decline');

/** Globals the built-in bindings handle, as `[module, name]`; spread into `allowGlobals` for strict mode. */
export const BUILTIN_GLOBALS: readonly (readonly [string, string])[] = Object.freeze(
  [
    ['builtins', 'set'],
    ['builtins', 'frozenset'],
    ['builtins', 'bytearray'],
    ['builtins', 'bytes'],
    ['builtins', 'complex'],
    ['_codecs', 'encode'],
    ['builtins', 'list'],
    ['builtins', 'dict'],
    ['builtins', 'tuple'],
    ['builtins', 'str'],
    ['builtins', 'int'],
    ['builtins', 'float'],
    ['builtins', 'bool'],
    ['builtins', 'object'],
    ['copyreg', '_reconstructor'],
    ['copyreg', '__newobj__'],
  ].map((pair) => Object.freeze(pair) as readonly [string, string]),
);

/** Items of a Python iterable, or undefined when `v` is not one picklejar models. */
function iterate(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return Array.from(v);
  if (v instanceof Set) return Array.from(v);
  if (v instanceof Map) return Array.from(v.keys());
  if (v instanceof Uint8Array) return Array.from(v);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === null) return Object.keys(v);
  return undefined;
}

function arity(name: string, args: readonly unknown[], max: number): void {
  if (args.length > max) {
    throw new UnpicklingError(`${name} expected at most ${max} argument${max === 1 ? '' : 's'}, got ${args.length}`);
  }
}

const LATIN1 = new Set(['latin1', 'latin-1', 'iso-8859-1', 'iso8859-1', 'l1', 'latin']);

/** str.encode(encoding) for the encodings pickles use. */
function encodeText(s: string, encoding: unknown): Uint8Array {
  const enc = typeof encoding === 'string' ? encoding.toLowerCase().replace(/_/g, '-') : '';
  if (LATIN1.has(enc) || enc === 'ascii') {
    const limit = enc === 'ascii' ? 0x80 : 0x100;
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= limit) {
        throw new UnpicklingError(
          `'${enc === 'ascii' ? 'ascii' : 'latin-1'}' codec can't encode character '\\u${c.toString(16).padStart(4, '0')}' in position ${i}: ordinal not in range(${limit})`,
        );
      }
      out[i] = c;
    }
    return out;
  }
  if (enc === 'utf-8' || enc === 'utf8') return encodeUtf8(s);
  throw new UnpicklingError(`picklejar cannot encode with ${String(encoding)}`);
}

/** bytes(...) / bytearray(...) contents. */
function bytesFrom(name: string, args: readonly unknown[], maxBytes: number): Uint8Array | typeof DECLINE {
  arity(name, args, 3);
  if (args.length === 0) return new Uint8Array(0);
  const [source, encoding] = args;
  if (typeof source === 'string') {
    if (args.length < 2) throw new UnpicklingError('string argument without an encoding');
    return encodeText(source, encoding);
  }
  if (args.length > 1) throw new UnpicklingError('encoding without a string argument');
  if (source instanceof Uint8Array) return source.slice();
  if (typeof source === 'number' && Number.isInteger(source)) {
    if (source < 0) throw new UnpicklingError('negative count');
    if (source > maxBytes)
      throw new UnpicklingError(`${name}(${source}) exceeds the maxStringBytes limit of ${maxBytes}; pass { limits: { maxStringBytes: … } } to raise it`);
    return new Uint8Array(source);
  }
  const items = iterate(source);
  if (items === undefined) return DECLINE;
  const out = new Uint8Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const b = items[i];
    if (typeof b !== 'number' || !Number.isInteger(b)) throw new UnpicklingError(`'${pyTypeName(b)}' object cannot be interpreted as an integer`);
    if (b < 0 || b > 255) throw new UnpicklingError('bytes must be in range(0, 256)');
    out[i] = b;
  }
  return out;
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Float) return v.value;
  return undefined;
}

/** Settings the built-in bindings depend on. */
export interface BuiltinBindingSettings {
  /** Lossless mode: only bindings whose result the pickler writes back to the same REDUCE. */
  readonly lossless: boolean;
  /** Largest bytes/bytearray a count argument may allocate. */
  readonly maxStringBytes: number;
}

/**
 * Builds the built-in bindings. In lossless mode only set, frozenset,
 * bytearray, bytes, complex and `_codecs.encode` are bound, since a faithful
 * pickler writes exactly those back as the same REDUCE at protocols < 3/4/5.
 * @throws never.
 */
export function createBuiltinBindings(settings: BuiltinBindingSettings): LoadRegistry {
  const { lossless, maxStringBytes } = settings;
  const table = new Map<string, LoadBinding>();
  const def = (name: string, binding: LoadBinding): void => {
    table.set(name, Object.freeze(binding));
  };

  def('set', {
    call(args) {
      arity('set', args, 1);
      const items = args.length === 0 ? [] : iterate(args[0]);
      if (items === undefined) return DECLINE;
      const out = new Set<unknown>();
      for (const item of items) {
        checkHashable(item);
        out.add(item);
      }
      if (args.length > 0) listStrsToSet(args[0], out);
      return out;
    },
    create: () => new Set(),
  });
  const frozen = (args: readonly unknown[]): unknown => {
    arity('frozenset', args, 1);
    const items = args.length === 0 ? [] : iterate(args[0]);
    if (items === undefined) return DECLINE;
    for (const item of items) checkHashable(item);
    const out = new FrozenSet(items);
    if (args.length > 0) listStrsToSet(args[0], out);
    return out;
  };
  def('frozenset', { call: frozen, create: frozen });
  def('bytearray', {
    call(args) {
      const bytes = bytesFrom('bytearray', args, maxStringBytes);
      return bytes === DECLINE ? DECLINE : ByteArray.fromBytes(bytes);
    },
    create: () => new ByteArray(0),
  });
  def('bytes', {
    call: (args) => bytesFrom('bytes', args, maxStringBytes),
  });
  def('complex', {
    call(args) {
      arity('complex', args, 2);
      const real = args.length > 0 ? asNumber(args[0]) : 0;
      const imag = args.length > 1 ? asNumber(args[1]) : 0;
      if (real === undefined || imag === undefined) return DECLINE;
      const c = new Complex(real, imag);
      // NaN parts keep their bits (lossless loads box such NaNs in a Float).
      if (args[0] instanceof Float || args[1] instanceof Float) {
        setComplexBits(c, args[0] instanceof Float ? floatBitsOf(args[0]) : undefined, args[1] instanceof Float ? floatBitsOf(args[1]) : undefined);
      }
      return c;
    },
  });

  if (!lossless) {
    def('list', {
      call(args) {
        arity('list', args, 1);
        const items = args.length === 0 ? [] : iterate(args[0]);
        return items === undefined ? DECLINE : items.slice();
      },
      create: () => [],
    });
    def('tuple', {
      call(args) {
        arity('tuple', args, 1);
        const items = args.length === 0 ? [] : iterate(args[0]);
        return items === undefined ? DECLINE : new Tuple(items);
      },
    });
    def('dict', {
      call(args) {
        arity('dict', args, 1);
        if (args.length === 0) return new Map();
        const src = args[0];
        if (src instanceof Map) return new Map(src);
        if (!Array.isArray(src)) return DECLINE;
        const out = new Map<unknown, unknown>();
        for (const pair of src) {
          if (!Array.isArray(pair) || pair.length !== 2) return DECLINE;
          checkHashable(pair[0]);
          out.set(pair[0], pair[1]);
        }
        return out;
      },
      create: () => new Map(),
    });
    def('str', {
      call(args) {
        arity('str', args, 1);
        if (args.length === 0) return '';
        const v = args[0];
        if (typeof v === 'string') return v;
        if (typeof v === 'boolean') return v ? 'True' : 'False';
        if (typeof v === 'bigint') return v.toString();
        if (typeof v === 'number') return Number.isInteger(v) ? String(v) : floatRepr(v);
        if (v instanceof Float) return floatRepr(v.value);
        if (v === null) return 'None';
        return DECLINE;
      },
    });
    def('int', {
      call(args) {
        if (args.length === 0) return 0;
        if (args.length > 1) return DECLINE;
        const v = args[0];
        if (typeof v === 'bigint') return v;
        if (typeof v === 'boolean') return v ? 1 : 0;
        const n = v instanceof Float ? v.value : v;
        if (typeof n === 'number') {
          if (!Number.isFinite(n))
            throw new UnpicklingError(Number.isNaN(n) ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer');
          const t = Math.trunc(n);
          return Number.isSafeInteger(t) ? (t === 0 ? 0 : t) : BigInt(t);
        }
        return DECLINE;
      },
    });
    def('float', {
      call(args) {
        arity('float', args, 1);
        if (args.length === 0) return 0;
        const n = asNumber(args[0]);
        return n === undefined ? DECLINE : n;
      },
    });
    def('bool', {
      call(args) {
        arity('bool', args, 1);
        if (args.length === 0) return false;
        const v = args[0];
        if (v === null || typeof v === 'boolean') return v === true;
        if (typeof v === 'number') return v !== 0;
        if (typeof v === 'bigint') return v !== 0n;
        if (typeof v === 'string') return v.length > 0;
        return DECLINE;
      },
    });
  }

  const encode: LoadBinding = Object.freeze({
    call(args: readonly unknown[]) {
      arity('encode', args, 3);
      const [text, encoding = 'utf-8'] = args;
      if (typeof text !== 'string') return DECLINE;
      const out = encodeText(text, encoding);
      // Lossless: a one-char text that is not a separate str is CPython's singleton, shared by value.
      if (lossless && out instanceof Uint8Array && out.length === 1 && !(floatSlotsOf(args)?.typedAt?.get(0) instanceof SeparateStrBox)) markLatin1Shared(out);
      return out;
    },
  });

  return Object.freeze({
    lookup(module: string, name: string): LoadBinding | undefined {
      if (module === 'builtins') return table.get(name);
      if (module === '_codecs' && name === 'encode') return encode;
      return undefined;
    },
  });
}
