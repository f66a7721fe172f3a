/**
 * torch's `repr(tensor)` (torch/_tensor_str.py, default print options:
 * precision 4, threshold 1000 elements, 3 edge items, 80 columns), so that
 * `show` prints a checkpoint the way Python does, summarised with `...`
 * instead of megabytes of numbers.
 */
import type { Tensor } from './tensor.js';
import { bfloat16ToNumber, halfToNumber } from './half.js';

const PRECISION = 4;
const THRESHOLD = 1000;
const EDGE = 3;
const LINEWIDTH = 80;
/** Deeper tensors print as a summary line: the printer recurses once per dimension. */
const MAX_PRINTED_DIMS = 64;
/**
 * Summarising keeps 6 items per dimension, so a deep tensor still prints 6^ndim
 * values (torch would try); past this many it prints its size instead.
 */
const MAX_PRINTED_ELEMENTS = 100_000;

/** How many values the printer would format: Π min(size, 6) when summarising, else every element. */
function printedCount(shape: readonly number[], summarize: boolean): number {
  let n = 1;
  for (const s of shape) n *= summarize ? Math.min(s, 2 * EDGE) : s;
  return n;
}

type Scalar = number | bigint | boolean;

/** Python's `'{:.Nf}'.format(x)`: like `toFixed`, but exact ties round to even and -0 keeps its sign. */
function fixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  let s = x.toFixed(digits);
  const scaled = x * 10 ** digits;
  if (Math.abs(scaled) < 2 ** 52 && Math.abs(scaled - Math.trunc(scaled)) === 0.5) {
    const down = Math.trunc(scaled);
    const n = down % 2 === 0 ? down : down + Math.sign(scaled);
    const digitsText = Math.abs(n)
      .toString()
      .padStart(digits + 1, '0');
    s = (x < 0 ? '-' : '') + (digits ? `${digitsText.slice(0, -digits)}.${digitsText.slice(-digits)}` : digitsText);
  }
  if ((Object.is(x, -0) || (x < 0 && !s.startsWith('-'))) && !s.startsWith('-')) s = `-${s}`;
  return s;
}

/** Python's `'{:.Ne}'.format(x)`: a two-digit exponent at least. */
function sci(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const s = x.toExponential(digits);
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s)!;
  return `${Object.is(x, -0) ? '-' : ''}${m[1]}e${m[2]}${m[3]!.padStart(2, '0')}`;
}

/** torch's `_Formatter`: one width and mode for every printed value of a tensor (or of its real or imaginary parts). */
class Formatter {
  private intMode = true;
  private sciMode = false;
  private maxWidth = 1;

  constructor(
    private readonly floating: boolean,
    values: readonly Scalar[],
  ) {
    if (!floating) {
      for (const v of values) this.maxWidth = Math.max(this.maxWidth, pyStr(v).length);
      return;
    }
    const nz = (values as number[]).filter((v) => Number.isFinite(v) && v !== 0);
    if (nz.length === 0) return;
    let min = Infinity;
    let max = 0;
    for (const v of nz) {
      const a = Math.abs(v);
      if (a < min) min = a;
      if (a > max) max = a;
      if (v !== Math.ceil(v)) this.intMode = false;
    }
    const wide = max / min > 1000 || max > 1e8;
    if (this.intMode) {
      if (wide) {
        this.sciMode = true;
        for (const v of nz) this.maxWidth = Math.max(this.maxWidth, sci(v, PRECISION).length);
      } else for (const v of nz) this.maxWidth = Math.max(this.maxWidth, fixed(v, 0).length + 1);
    } else if (wide || min < 1e-4) {
      this.sciMode = true;
      for (const v of nz) this.maxWidth = Math.max(this.maxWidth, sci(v, PRECISION).length);
    } else for (const v of nz) this.maxWidth = Math.max(this.maxWidth, fixed(v, PRECISION).length);
  }

  width(): number {
    return this.maxWidth;
  }

  format(v: Scalar): string {
    let s: string;
    if (this.floating) {
      const x = v as number;
      if (this.sciMode) s = sci(x, PRECISION);
      else if (this.intMode) s = fixed(x, 0) + (Number.isFinite(x) ? '.' : '');
      else s = fixed(x, PRECISION);
    } else s = pyStr(v);
    return s.padStart(this.maxWidth, ' ');
  }
}

function pyStr(v: Scalar): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

interface View {
  readonly shape: readonly number[];
  readonly stride: readonly number[];
  readonly offset: number;
}

function sub(v: View, i: number): View {
  return { shape: v.shape.slice(1), stride: v.stride.slice(1), offset: v.offset + i * v.stride[0]! };
}

/** The indices of dimension 0 printed: all, or the edges around `...`. */
function printed(size: number, summarize: boolean): (number | undefined)[] {
  if (!summarize || size <= 2 * EDGE) return Array.from({ length: size }, (_, i) => i);
  return [0, 1, 2, undefined, size - 3, size - 2, size - 1];
}

/** The storage offsets of every printed element (torch's `get_summarized_data`). */
function printedOffsets(v: View, summarize: boolean, out: number[]): void {
  if (v.shape.length === 0) {
    out.push(v.offset);
    return;
  }
  for (const i of printed(v.shape[0]!, summarize)) if (i !== undefined) printedOffsets(sub(v, i), summarize, out);
}

/**
 * torch's `repr()` of `t`, e.g. `tensor([[1.5000, 2.0000]], dtype=torch.float64)`.
 * @throws never.
 */
export function tensorRepr(t: Tensor): string {
  const prefix = 'tensor(';
  const indent = prefix.length;
  const suffixes: string[] = [];
  const dtype = t.dtype;
  const defaultDtype = dtype === 'float32' || dtype === 'complex64' || dtype === 'int64' || dtype === 'bool';
  let body: string;
  const numel = t.numel;
  if (t.shape.length > MAX_PRINTED_DIMS || printedCount(t.shape, numel > THRESHOLD) > MAX_PRINTED_ELEMENTS) {
    body = '[...]';
    suffixes.push(`size=(${t.shape.join(', ')})`);
    if (!defaultDtype) suffixes.push(`dtype=torch.${dtype}`);
  } else if (numel === 0) {
    if (t.shape.length !== 1) suffixes.push(`size=(${t.shape.join(', ')})`);
    if (dtype !== 'float32') suffixes.push(`dtype=torch.${dtype}`);
    body = '[]';
  } else {
    if (!defaultDtype) suffixes.push(`dtype=torch.${dtype}`);
    body = tensorBody(t, indent);
  }
  if (t.requiresGrad) suffixes.push('requires_grad=True');
  let out = prefix + body;
  // As torch's _add_suffixes counts it (one more than the true length, and two without a newline).
  let lastLine = out.length - out.lastIndexOf('\n') + 1;
  for (const s of suffixes) {
    if (lastLine + s.length + 2 > LINEWIDTH) {
      out += `,\n${' '.repeat(indent)}${s}`;
      lastLine = indent + s.length;
    } else {
      out += `, ${s}`;
      lastLine += s.length + 2;
    }
  }
  out += ')';
  return t.isParameter ? `Parameter containing:\n${out}` : out;
}

function tensorBody(t: Tensor, indent: number): string {
  const summarize = t.numel > THRESHOLD;
  const view: View = { shape: t.shape, stride: t.stride, offset: t.storageOffset };
  const a = t.storage.typed();
  const dtype = t.dtype;
  const complex = dtype === 'complex64' || dtype === 'complex128';
  const floating = complex || dtype.startsWith('float') || dtype === 'bfloat16';
  const read = (at: number): Scalar => {
    switch (dtype) {
      case 'float16':
        return halfToNumber((a as Uint16Array)[at]!);
      case 'bfloat16':
        return bfloat16ToNumber((a as Uint16Array)[at]!);
      case 'bool':
        return (a as Uint8Array)[at] !== 0;
      default:
        return complex ? (a as Float64Array)[2 * at]! : (a as Float64Array)[at]!;
    }
  };
  const offsets: number[] = [];
  printedOffsets(view, summarize, offsets);
  const f1 = new Formatter(floating, offsets.map(read));
  const f2 = complex
    ? new Formatter(
        true,
        offsets.map((at) => (a as Float64Array)[2 * at + 1]!),
      )
    : undefined;
  const val = (at: number): string => {
    if (f2 === undefined) return f1.format(read(at));
    const re = f1.format((a as Float64Array)[2 * at]!);
    const im = `${f2.format((a as Float64Array)[2 * at + 1]!)}j`.trimStart();
    return im[0] === '+' || im[0] === '-' ? re + im : `${re}+${im}`;
  };
  const elementLength = f1.width() + 2 + (f2 ? f2.width() + 1 : 0);
  const render = (v: View, ind: number): string => {
    const dim = v.shape.length;
    if (dim === 0) return val(v.offset);
    if (dim === 1) {
      const perLine = Math.max(1, Math.floor((LINEWIDTH - ind) / elementLength));
      const data = printed(v.shape[0]!, summarize).map((i) => (i === undefined ? ' ...' : val(v.offset + i * v.stride[0]!)));
      const lines: string[] = [];
      for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
      return `[${lines.join(`,\n${' '.repeat(ind + 1)}`)}]`;
    }
    const parts = printed(v.shape[0]!, summarize).map((i) => (i === undefined ? '...' : render(sub(v, i), ind + 1)));
    return `[${parts.join(`,${'\n'.repeat(dim - 1)}${' '.repeat(ind + 1)}`)}]`;
  };
  return render(view, indent);
}
