/**
 * `DType`: numpy's `dtype` as picklejar reads and writes it. A dtype pickles
 * as `numpy.dtype(spec, False, True)` followed by a BUILD whose state tuple
 * carries the byte order, sub-array, field names/offsets, element size,
 * alignment, flags and (version 4) datetime metadata. A loaded dtype keeps
 * the exact args and state it was built from, so it dumps back unchanged.
 */
import { Tuple } from '../../values/tuple.js';

/** Numpy's element kinds (`dtype.kind`), as the one-letter codes in `dtype.str`. */
export type DTypeKind = 'b' | 'i' | 'u' | 'f' | 'c' | 'U' | 'S' | 'V' | 'O' | 'M' | 'm';

/** One field of a structured dtype. */
export interface DTypeField {
  readonly name: string;
  readonly dtype: DType;
  readonly offset: number;
  /** The field's title (numpy's third tuple item), when it has one. */
  readonly title?: unknown;
}

/** One entry of numpy's `dtype.descr`: `[name, str]` or `[name, str, shape]`. */
export type DescrEntry = readonly [string, string | DescrEntry[]] | readonly [string, string | DescrEntry[], number[]];

const KIND_CODES = new Set<string>(['b', 'i', 'u', 'f', 'c', 'U', 'S', 'V', 'O', 'M', 'm']);
/** Numpy's byte order of one-byte and order-less kinds. */
const NO_ORDER = new Set<string>(['b', 'S', 'V', 'O']);
/** Host byte order as numpy spells native order. */
export const NATIVE_ORDER: '<' | '>' = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? '<' : '>';

/** Datetime units numpy accepts in `M8[unit]`. */
const UNITS = new Set(['Y', 'M', 'W', 'D', 'h', 'm', 's', 'ms', 'us', 'ns', 'ps', 'fs', 'as', 'generic']);

/** A numpy dtype. */
export class DType {
  /** `dtype.kind`. */
  readonly kind: DTypeKind;
  /** `dtype.itemsize` in bytes. */
  itemsize: number;
  /** `'<'`, `'>'` or `'|'` (not applicable), as `dtype.byteorder` would print it for `str`. */
  byteorder: '<' | '>' | '|';
  /** Datetime unit (`'ns'`, `'s'`, `'D'`, `'generic'`…) and multiplier, for kinds M and m. */
  unit: string | undefined;
  unitCount = 1;
  /** Structured dtypes: the fields in `names` order. */
  fields: DTypeField[] | undefined;
  /** Sub-array dtypes (`('>f8', (2,))`): the element dtype and shape. */
  subarray: { readonly base: DType; readonly shape: number[] } | undefined;
  /** The args and state this dtype was loaded from (or computed), written back as they are. */
  args: Tuple;
  state: Tuple | undefined;

  /**
   * A dtype from its pickled spec (`'f8'`, `'U20'`, `'V16'`, `'O8'`, `'M8'`):
   * the first argument numpy's `dtype.__reduce__` gives. BUILD state then sets the rest.
   * @throws TypeError for a spec numpy would not write.
   */
  constructor(spec: string) {
    const m = /^([biufcUSVOMm])(\d*)$/.exec(spec);
    if (m === null || !KIND_CODES.has(m[1]!)) throw new TypeError(`numpy.dtype: unsupported type spec ${JSON.stringify(spec)}`);
    this.kind = m[1] as DTypeKind;
    const n = m[2] === '' ? 0 : Number(m[2]);
    // 'U20' counts bytes in a pickle (4 per character); 'M8'/'m8' are always 8 bytes.
    this.itemsize = this.kind === 'M' || this.kind === 'm' ? 8 : n;
    this.byteorder = NO_ORDER.has(this.kind) || this.itemsize === 1 ? '|' : NATIVE_ORDER;
    this.unit = this.kind === 'M' || this.kind === 'm' ? 'generic' : undefined;
    this.fields = undefined;
    this.subarray = undefined;
    this.args = new Tuple([spec, false, true]);
    this.state = undefined;
  }

  /**
   * A dtype from numpy's `dtype.str` (`'<f4'`, `'|b1'`, `'<U5'`, `'<M8[ns]'`, `'|O'`):
   * only simple (non-structured) dtypes.
   * @throws TypeError for anything else.
   */
  static fromStr(str: string): DType {
    const m = /^([<>|=])([biufcUSVOMm])(\d*)(?:\[(\d*)([A-Za-z]+)\])?$/.exec(str);
    if (m === null) throw new TypeError(`not a numpy dtype string: ${JSON.stringify(str)}`);
    const kind = m[2]!;
    let size = m[3] === '' ? (kind === 'O' ? 8 : kind === 'M' || kind === 'm' ? 8 : kind === 'b' ? 1 : NaN) : Number(m[3]);
    if (Number.isNaN(size)) throw new TypeError(`numpy dtype ${JSON.stringify(str)} needs a size`);
    if (kind === 'U') size *= 4;
    // numpy's pickled spec counts characters for U ('U2'), while itemsize counts bytes.
    const d = new DType(`${kind}${kind === 'M' || kind === 'm' ? '8' : kind === 'U' ? size / 4 : size}`);
    d.itemsize = size;
    if (m[1] === '>' || m[1] === '<') d.byteorder = NO_ORDER.has(kind) || size === 1 ? '|' : m[1];
    if (m[5] !== undefined) {
      if (!UNITS.has(m[5])) throw new TypeError(`numpy dtype ${JSON.stringify(str)}: unknown unit`);
      d.unit = m[5];
      d.unitCount = m[4] === '' || m[4] === undefined ? 1 : Number(m[4]);
    }
    return d;
  }

  /** numpy's `dtype.str`. */
  get str(): string {
    if (this.kind === 'O') return '|O';
    if (this.fields !== undefined || this.subarray !== undefined) return `|V${this.itemsize}`;
    const size = this.kind === 'U' ? this.itemsize / 4 : this.itemsize;
    let s = `${this.byteorder}${this.kind}${size}`;
    if (this.unit !== undefined && this.unit !== 'generic') s += `[${this.unitCount === 1 ? '' : this.unitCount}${this.unit}]`;
    return s;
  }

  /** True when elements are Python objects anywhere inside (numpy's `hasobject`). */
  get hasObject(): boolean {
    if (this.kind === 'O') return true;
    if (this.subarray !== undefined) return this.subarray.base.hasObject;
    return this.fields?.some((f) => f.dtype.hasObject) ?? false;
  }

  /** numpy's `dtype.descr`: `[['', str]]` for simple dtypes, one entry per field (with padding) for structured ones. */
  get descr(): DescrEntry[] {
    if (this.fields === undefined) {
      if (this.subarray !== undefined) return [['', this.subarray.base.str, [...this.subarray.shape]]];
      return [['', this.str]];
    }
    const out: DescrEntry[] = [];
    const sorted = [...this.fields].sort((a, b) => a.offset - b.offset);
    let at = 0;
    for (const f of sorted) {
      if (f.offset > at) out.push(['', `|V${f.offset - at}`]);
      const inner = f.dtype;
      if (inner.subarray !== undefined) out.push([f.name, simpleOrNested(inner.subarray.base), [...inner.subarray.shape]]);
      else out.push([f.name, simpleOrNested(inner)]);
      at = f.offset + inner.itemsize;
    }
    if (at < this.itemsize) out.push(['', `|V${this.itemsize - at}`]);
    return out;
  }

  /** The BUILD state numpy writes for this dtype (version 3, or 4 with datetime metadata). */
  computeState(): Tuple {
    const flexible = this.kind === 'U' || this.kind === 'S' || this.kind === 'V';
    const elsize = flexible ? this.itemsize : -1;
    const alignment = flexible ? (this.kind === 'U' ? 4 : 1) : -1;
    let names: unknown = null;
    let fields: unknown = null;
    if (this.fields !== undefined) {
      names = new Tuple(this.fields.map((f) => f.name));
      const map = new Map<unknown, unknown>();
      for (const f of this.fields) map.set(f.name, new Tuple(f.title === undefined ? [f.dtype, f.offset] : [f.dtype, f.offset, f.title]));
      fields = map;
    }
    const sub = this.subarray === undefined ? null : new Tuple([this.subarray.base, new Tuple(this.subarray.shape)]);
    const items: unknown[] = [3, this.byteorder, sub, names, fields, elsize, alignment, this.flags()];
    if (this.kind === 'M' || this.kind === 'm') {
      items[0] = 4;
      items.push(new Tuple([new Map(), new Tuple([new TextEncoder().encode(this.unit ?? 'generic'), this.unitCount, 1, 1])]));
    }
    return new Tuple(items);
  }

  /** numpy's `dtype.flags` for the kinds picklejar builds itself. */
  flags(): number {
    if (this.kind === 'O') return 63;
    if (this.kind === 'U') return 8;
    // numpy's flags for a packed struct: NPY_FROM_FIELDS (16), plus the object bits when a field holds objects.
    if (this.fields !== undefined) return this.hasObject ? 27 : 16;
    return 0;
  }

  /**
   * Applies a pickled BUILD state (numpy's `dtype.__setstate__`).
   * @throws TypeError when the state is not a tuple numpy writes.
   */
  setState(state: unknown): void {
    if (!(state instanceof Tuple) || state.length < 5) throw new TypeError('numpy.dtype: state is not a tuple of at least 5 items');
    this.state = state;
    const version = state.length >= 8 ? state[0] : 0;
    const endian = state.length >= 8 ? state[1] : state[0];
    if (endian === '<' || endian === '>') this.byteorder = NO_ORDER.has(this.kind) || this.itemsize === 1 ? '|' : endian;
    else if (endian === '=') this.byteorder = NATIVE_ORDER;
    else if (endian === '|') this.byteorder = '|';
    else throw new TypeError(`numpy.dtype: bad byte order ${String(endian)}`);
    if (state.length < 8) return;
    const sub = state[2];
    if (sub instanceof Tuple && sub.length === 2 && sub[0] instanceof DType) {
      this.subarray = { base: sub[0], shape: intList(sub[1], 'sub-array shape') };
    }
    const names = state[3];
    const fields = state[4];
    if (names instanceof Tuple && fields instanceof Map) {
      this.fields = names.map((name) => {
        const f = fields.get(name);
        if (typeof name !== 'string' || !(f instanceof Tuple) || !(f[0] instanceof DType) || typeof f[1] !== 'number') {
          throw new TypeError(`numpy.dtype: bad field ${String(name)}`);
        }
        return f.length > 2 ? { name, dtype: f[0], offset: f[1], title: f[2] } : { name, dtype: f[0], offset: f[1] };
      });
    }
    const elsize = state[5];
    if (typeof elsize === 'number' && elsize >= 0) this.itemsize = elsize;
    if (version === 4 && state.length >= 9) {
      const meta = state[8];
      const unit = meta instanceof Tuple ? meta[1] : undefined;
      if (unit instanceof Tuple && unit[0] instanceof Uint8Array) {
        const name = new TextDecoder().decode(unit[0]);
        if (UNITS.has(name)) this.unit = name;
        if (typeof unit[1] === 'number') this.unitCount = unit[1];
      }
    }
  }
}

function simpleOrNested(d: DType): string | DescrEntry[] {
  return d.fields !== undefined ? d.descr : d.str;
}

/**
 * Reads a tuple/list of non-negative safe integers.
 * @throws TypeError when `v` is not a list of them.
 */
export function intList(v: unknown, what: string): number[] {
  if (!Array.isArray(v)) throw new TypeError(`numpy: ${what} is not a tuple`);
  return v.map((x) => {
    const n = typeof x === 'bigint' && x >= 0n && x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new TypeError(`numpy: ${what} holds ${String(x)}`);
    return n;
  });
}

const CANONICAL = new Map<string, DType>();

/**
 * The dtype for a simple `dtype.str`, shared for native-order numeric kinds as
 * numpy shares its builtin dtype singletons (so several arrays pickle one dtype,
 * memoized), fresh for the others (numpy builds a new one each time).
 * @throws TypeError for a malformed string.
 */
export function dtypeFor(str: string): DType {
  const cached = CANONICAL.get(str);
  if (cached !== undefined) return cached;
  const d = DType.fromStr(str);
  d.state = d.computeState();
  const shared = 'biufc'.includes(d.kind) || d.kind === 'O';
  if (shared && (d.byteorder === NATIVE_ORDER || d.byteorder === '|')) CANONICAL.set(str, d);
  return d;
}
