/**
 * numpy-style text for arrays (`repr(ndarray)`): nested brackets, elements
 * aligned per array, large arrays (over 1000 elements) summarised with
 * `...` keeping three items at each end of every axis, as numpy prints them.
 * An approximation of numpy's printer: integers, bools, strs and floats in
 * the common cases match it; exotic dtypes print their values plainly.
 */
import { pyRepr } from '../../repr/py-repr.js';
import { Complex } from '../../values/complex.js';
import { floatRepr } from '../../wire/float-repr.js';
import { numberToHalf } from '../../wire/float16.js';
import type { NDArray } from './ndarray.js';

const THRESHOLD = 1000;
const EDGE = 3;
const LINE_WIDTH = 75;

/** numpy's name for a dtype in `dtype=` (undefined where numpy prints none). */
function dtypeSuffix(a: NDArray): string | undefined {
  const d = a.descriptor;
  if (d.fields !== undefined) return `dtype=${pyRepr(a.descr.map((e) => e))}`;
  const size = d.itemsize;
  switch (d.kind) {
    case 'b':
      return undefined;
    case 'i':
      return size === 8 ? undefined : `dtype=int${size * 8}`;
    case 'u':
      return `dtype=uint${size * 8}`;
    case 'f':
      return size === 8 ? undefined : `dtype=float${size * 8}`;
    case 'c':
      return size === 16 ? undefined : `dtype=complex${size * 8}`;
    case 'O':
      return 'dtype=object';
    case 'M':
    case 'm': {
      const unit = d.unit === undefined || d.unit === 'generic' ? '' : `[${d.unitCount === 1 ? '' : d.unitCount}${d.unit}]`;
      return `dtype='${d.kind === 'M' ? 'datetime64' : 'timedelta64'}${unit}'`;
    }
    default:
      return `dtype='${a.dtype}'`;
  }
}

/** Formats floats as numpy does in the common cases: shared decimals, or scientific for wide ranges. */
function formatFloats(values: number[], itemsize = 8): string[] {
  const finite = values.filter((v) => Number.isFinite(v));
  const abs = finite.map(Math.abs).filter((v) => v !== 0);
  const max = abs.length > 0 ? Math.max(...abs) : 0;
  const min = abs.length > 0 ? Math.min(...abs) : 0;
  const scientific = max >= 1e8 || (min > 0 && min < 1e-4) || (min > 0 && max / min > 1e3);
  const parts = values.map((v) => {
    if (Number.isNaN(v)) return { special: 'nan' };
    if (!Number.isFinite(v)) return { special: v > 0 ? 'inf' : '-inf' };
    if (scientific) {
      // numpy prints at most 8 fractional digits (its default precision).
      let [m, e] = shortest(v, itemsize, true).split('e') as [string, string];
      if ((m.split('.')[1] ?? '').length > 8)
        [m, e] = v
          .toExponential(8)
          .replace(/\.?0+e/, 'e')
          .split('e') as [string, string];
      const [ip, fp = ''] = m.split('.');
      const exp = Number(e);
      return { ip: ip!, fp, exp: `e${exp < 0 ? '-' : '+'}`, digits: String(Math.abs(exp)) };
    }
    let r = itemsize === 8 ? floatRepr(v) : shortest(v, itemsize, false);
    if (!r.includes('e') && (r.split('.')[1] ?? '').length > 8) r = v.toFixed(8).replace(/0+$/, '');
    const [ip, fp = ''] = (r.includes('e') ? v.toFixed(8).replace(/0+$/, '') : r.replace(/\.0$/, '.')).split('.');
    return { ip: ip!, fp: fp === '0' ? '' : fp, exp: '', digits: '' };
  });
  // Exponents share one width (at least two digits), as numpy pads them.
  const ew = Math.max(2, ...parts.map((p) => ('digits' in p ? p.digits!.length : 0)));
  const fw = Math.max(0, ...parts.map((p) => ('fp' in p ? p.fp!.length : 0)));
  return parts.map((p, i) => {
    if ('special' in p) return p.special!;
    if (!scientific) return `${p.ip}.${p.fp!.padEnd(fw, ' ')}`;
    // Scientific: every mantissa is printed again with the longest one's digits.
    const [m, e] = values[i]!.toExponential(fw).split('e') as [string, string];
    const exp = Number(e);
    return `${fw === 0 ? `${m}.` : m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(ew, '0')}`;
  });
}

const NAT = -(2n ** 63n);
/** Sub-second digits and seconds per unit, for the units numpy prints with a time. */
const TIME_UNITS: Record<string, { perSecond: bigint; digits: number; cut: number }> = {
  h: { perSecond: 0n, digits: 0, cut: 13 },
  m: { perSecond: 0n, digits: 0, cut: 16 },
  s: { perSecond: 1n, digits: 0, cut: 19 },
  ms: { perSecond: 1000n, digits: 3, cut: 19 },
  us: { perSecond: 1000000n, digits: 6, cut: 19 },
  ns: { perSecond: 1000000000n, digits: 9, cut: 19 },
};
const SECONDS: Record<string, bigint> = { W: 604800n, D: 86400n, h: 3600n, m: 60n, s: 1n };

/** A datetime64 value as numpy prints it (ISO 8601 cut to the unit; 'NaT'). */
function datetimeText(v: bigint, unit: string, count: number): string {
  if (v === NAT) return 'NaT';
  const n = v * BigInt(count);
  if (unit === 'Y') return String(1970n + n);
  if (unit === 'M') {
    const y = 1970n + (n >= 0n ? n / 12n : -((-n + 11n) / 12n));
    const m = n - (y - 1970n) * 12n + 1n;
    return `${y}-${String(m).padStart(2, '0')}`;
  }
  const t = TIME_UNITS[unit];
  let seconds: bigint;
  let frac = 0n;
  if (t !== undefined && t.perSecond > 1n) {
    seconds = n / t.perSecond;
    frac = n % t.perSecond;
    if (frac < 0n) {
      frac += t.perSecond;
      seconds -= 1n;
    }
  } else seconds = n * (SECONDS[unit] ?? 1n);
  const iso = new Date(Number(seconds) * 1000).toISOString();
  if (t === undefined) return iso.slice(0, 10);
  const base = iso.slice(0, t.cut);
  return t.digits > 0 ? `${base}.${String(frac).padStart(t.digits, '0')}` : base;
}

/** The shortest decimal that reads back as the same float of `itemsize` bytes (numpy's unique repr). */
function shortest(v: number, itemsize: number, exponential: boolean): string {
  if (itemsize === 8) return exponential ? v.toExponential() : floatRepr(v);
  const same = (s: string): boolean => (itemsize === 4 ? Math.fround(Number(s)) === v : numberToHalf(Number(s)) === numberToHalf(v));
  for (let p = 1; p <= 17; p++) {
    const s = exponential ? v.toExponential(p - 1) : v.toPrecision(p);
    if (same(s)) return exponential ? s : String(Number(s)).includes('e') ? s : fixedText(Number(s));
  }
  return exponential ? v.toExponential() : floatRepr(v);
}

function fixedText(x: number): string {
  const r = floatRepr(x);
  return r;
}

function formatItems(a: NDArray, items: unknown[]): string[] {
  const k = a.descriptor.kind;
  if (k === 'f') return formatFloats(items as number[], a.itemsize);
  if (k === 'c') {
    const re = formatFloats(items.map((c) => (c as Complex).real));
    const im = formatFloats(items.map((c) => Math.abs((c as Complex).imag)));
    return items.map((c, i) => `${re[i]}${(c as Complex).imag < 0 || Object.is((c as Complex).imag, -0) ? '-' : '+'}${im[i]!.trim()}j`);
  }
  if (k === 'b') return items.map((b) => (b ? 'True' : 'False'));
  if (k === 'M') return items.map((v) => `'${datetimeText(BigInt(v as number | bigint), a.descriptor.unit ?? 'generic', a.descriptor.unitCount)}'`);
  if (k === 'i' || k === 'u' || k === 'm') return items.map((v) => String(v));
  return items.map((v) => pyRepr(v));
}

/**
 * numpy's `repr(a)`: `array([...], dtype=...)`.
 * @throws never for arrays NDArray accepts.
 */
export function formatNDArray(a: NDArray): string {
  const summarise = a.size > THRESHOLD;
  // The shown elements (in index order) and the shape of the shown block.
  const flat = a.tolist();
  const shown: unknown[] = [];
  const walk = (v: unknown, depth: number): unknown => {
    if (depth === a.ndim) {
      shown.push(v);
      return shown.length - 1;
    }
    const arr = v as unknown[];
    if (summarise && arr.length > 2 * EDGE) {
      return [...arr.slice(0, EDGE).map((x) => walk(x, depth + 1)), '...', ...arr.slice(-EDGE).map((x) => walk(x, depth + 1))];
    }
    return arr.map((x) => walk(x, depth + 1));
  };
  const tree = walk(flat, 0);
  const texts = formatItems(a, shown);
  // numpy pads numbers to one width; strs, bytes and objects print as they are.
  const pad = 'biufcMm'.includes(a.descriptor.kind) && a.descriptor.fields === undefined;
  const width = pad ? Math.max(0, ...texts.map((t) => t.length)) : 0;
  const cell = (i: number): string => texts[i]!.padStart(width);
  const prefix = 'array(';
  const suffix = dtypeSuffix(a) ?? (a.size === 0 ? `dtype=${numpyName(a)}` : undefined);
  if (a.ndim === 0) return `${prefix}${texts[0]}${suffix === undefined ? '' : `, ${suffix}`})`;
  const render = (node: unknown, depth: number, indent: string): string => {
    const items = node as unknown[];
    if (depth === a.ndim - 1) {
      const lines: string[] = [];
      let line = '';
      for (const it of items) {
        const t = it === '...' ? '...' : cell(it as number);
        const add = line === '' ? t : `${line}, ${t}`;
        // '[' before, ',' after, and numpy keeps one column for the closing ']'.
        if (line !== '' && indent.length + add.length + 3 > LINE_WIDTH) {
          lines.push(line + ',');
          line = t;
        } else line = add;
      }
      lines.push(line);
      return `[${lines.join(`\n${indent} `)}]`;
    }
    const sep = `,${'\n'.repeat(a.ndim - 1 - depth)}${indent} `;
    return `[${items.map((x) => (x === '...' ? '...' : render(x, depth + 1, indent + ' '))).join(sep)}]`;
  };
  const close = (body: string): string => {
    if (suffix === undefined) return `${prefix}${body})`;
    const last = body.slice(body.lastIndexOf('\n') + 1);
    // numpy moves dtype= to its own line when it would pass the line width.
    const lastLen = body.includes('\n') ? last.length : prefix.length + last.length;
    return lastLen + suffix.length + 3 > LINE_WIDTH ? `${prefix}${body},\n${' '.repeat(prefix.length)}${suffix})` : `${prefix}${body}, ${suffix})`;
  };
  const body = a.size === 0 ? `[]${a.ndim > 1 ? `, shape=(${a.shape.join(', ')})` : ''}` : render(tree, 0, ' '.repeat(prefix.length));
  return close(body);
}

/** numpy's scalar type name of a dtype (`float64`, `int64`, `bool`). */
function numpyName(a: NDArray): string {
  const d = a.descriptor;
  const bits = d.itemsize * 8;
  switch (d.kind) {
    case 'b':
      return 'bool';
    case 'i':
      return `int${bits}`;
    case 'u':
      return `uint${bits}`;
    case 'f':
      return `float${bits}`;
    case 'c':
      return `complex${bits}`;
    default:
      return `'${a.dtype}'`;
  }
}
