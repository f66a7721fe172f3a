/**
 * pandas-like text for frames and series (what `repr(df)` prints): aligned
 * columns, the index on the left, its name on its own line, and for more
 * than 60 rows the first and last 5 with a `..` row and a size footer.
 */
import { NDArray } from '../numpy/ndarray.js';
import { type ColumnValues } from './decode.js';
import type { DataFrame, Series } from './frame.js';

const MAX_ROWS = 60;
const EDGE_ROWS = 5;

interface Formatted {
  readonly cells: string[];
  /** pandas puts a space before every value except datetimes (room for a sign). */
  readonly lead: boolean;
  readonly dtypeName: string;
}

/** numpy datetime64 counts as pandas prints them: a date when every value is midnight, else date and time. */
function formatDatetimes(values: unknown[], unit: string | undefined): string[] {
  const perMs: Record<string, number> = { ns: 1e6, us: 1e3, ms: 1, s: 1e-3, m: 1 / 60000, h: 1 / 3600000, D: 1 / 86400000 };
  const div = perMs[unit ?? 'ns'] ?? 1e6;
  const NAT = -(2n ** 63n);
  const dates = values.map((v) => (v === null || (typeof v === 'bigint' && v === NAT) ? undefined : new Date(Number(v) / div)));
  const dateOnly = dates.every((d) => d === undefined || d.getTime() % 86400000 === 0);
  return dates.map((d) => {
    if (d === undefined || Number.isNaN(d.getTime())) return 'NaT';
    const iso = d.toISOString();
    return dateOnly ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  });
}

/** pandas' float column format: 6 decimals with common trailing zeros trimmed, or scientific for wide ranges. */
function formatFloats(values: number[]): string[] {
  const finite = values.filter((v) => Number.isFinite(v));
  const abs = finite.map(Math.abs);
  const fixed = values.map((v) => (Number.isNaN(v) ? 'NaN' : !Number.isFinite(v) ? (v > 0 ? 'inf' : '-inf') : v.toFixed(6)));
  const tooLong = Math.max(0, ...fixed.map((s) => s.length)) > 12;
  const small = abs.some((v) => v > 0 && v < 1e-6);
  const large = abs.some((v) => v > 1e6);
  if (small || (tooLong && large)) {
    return values.map((v, i) => (Number.isFinite(v) ? v.toExponential(6).replace(/e([+-])(\d)$/, 'e$10$2') : fixed[i]!));
  }
  // Trim the zeros every finite value has at its end, keeping one decimal.
  let trim = 5;
  for (const s of fixed) {
    if (s === 'NaN' || s.endsWith('inf')) continue;
    let z = 0;
    while (z < 5 && s[s.length - 1 - z] === '0') z++;
    trim = Math.min(trim, z);
  }
  return fixed.map((s) => (s === 'NaN' || s.endsWith('inf') ? s : s.slice(0, s.length - trim)));
}

function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isNaN(v) ? 'nan' : String(v);
  return String(v);
}

function formatColumn(values: ColumnValues | undefined, rows: number): Formatted {
  if (values === undefined) return { cells: new Array<string>(rows).fill('?'), lead: true, dtypeName: 'object' };
  if (!(values instanceof NDArray)) {
    // Categoricals: missing values print as NaN.
    return { cells: values.map((v) => (v === null ? 'NaN' : pyStr(v))), lead: true, dtypeName: 'category' };
  }
  const d = values.descriptor;
  const list = values.tolist() as unknown[];
  switch (d.kind) {
    case 'f':
      return { cells: formatFloats(list as number[]), lead: true, dtypeName: `float${d.itemsize * 8}` };
    case 'i':
    case 'u':
      return { cells: list.map(String), lead: true, dtypeName: `${d.kind === 'u' ? 'u' : ''}int${d.itemsize * 8}` };
    case 'b':
      return { cells: list.map(pyStr), lead: true, dtypeName: 'bool' };
    case 'M':
      return { cells: formatDatetimes(list, d.unit), lead: false, dtypeName: `datetime64[${d.unit ?? 'ns'}]` };
    default:
      return { cells: list.map(pyStr), lead: true, dtypeName: 'object' };
  }
}

/** pandas' sign slot: a space before every value but negative numbers (and none for datetimes). */
function lead(f: Formatted, cell: string): string {
  return f.lead && !(f.dtypeName !== 'object' && f.dtypeName !== 'category' && cell.startsWith('-')) ? ` ${cell}` : cell;
}

/** Which rows show: all, or the first and last five around a `..` marker (-1). */
function shownRows(n: number): number[] {
  if (n <= MAX_ROWS) return Array.from({ length: n }, (_, i) => i);
  return [...Array.from({ length: EDGE_ROWS }, (_, i) => i), -1, ...Array.from({ length: EDGE_ROWS }, (_, i) => n - EDGE_ROWS + i)];
}

function indexCells(labels: ColumnValues | undefined, n: number, rows: number[]): string[] {
  const isDates = labels instanceof NDArray && labels.descriptor.kind === 'M';
  const all =
    isDates || labels === undefined ? formatColumn(labels, n).cells : (labels instanceof NDArray ? (labels.tolist() as unknown[]) : labels).map(pyStr);
  return rows.map((r) => (r < 0 ? '..' : all[r]!));
}

/**
 * A DataFrame as pandas' `repr` prints it (head and tail rows past 60, aligned columns).
 * @throws never.
 */
export function formatDataFrame(df: DataFrame): string {
  const labels = df.index;
  const n = labels.length;
  const rows = shownRows(n);
  const index = indexCells(df.indexValues, n, rows);
  const indexName = df.indexName === null || df.indexName === undefined ? '' : pyStr(df.indexName);
  const iw = Math.max(indexName.length, ...index.map((s) => s.length));
  const cols = df.columns.map((name) => {
    const f = formatColumn(df.column(name), n);
    const cells = rows.map((r) => (r < 0 ? undefined : lead(f, f.cells[r]!)));
    const header = pyStr(name);
    const w = Math.max(header.length, ...cells.map((c) => c?.length ?? 0));
    return { header, w, cells: cells.map((c) => c ?? (w > 3 ? '...' : '..')) };
  });
  const lines: string[] = [];
  lines.push(''.padEnd(iw) + cols.map((c) => ' ' + c.header.padStart(c.w)).join(''));
  if (indexName !== '') lines.push(indexName.padEnd(iw + cols.reduce((s, c) => s + 1 + c.w, 0)));
  rows.forEach((_, i) => lines.push(index[i]!.padEnd(iw) + cols.map((c) => ' ' + c.cells[i]!.padStart(c.w)).join('')));
  let out = lines.join('\n');
  if (n > MAX_ROWS) out += `\n\n[${n} rows x ${cols.length} columns]`;
  return out;
}

/**
 * A Series as pandas' `repr` prints it, with its `Name:` / `dtype:` footer.
 * @throws never.
 */
export function formatSeries(s: Series): string {
  const labels = s.index;
  const n = labels.length;
  const rows = shownRows(n);
  const index = indexCells(s.indexValues, n, rows);
  const f = formatColumn(s.values, n);
  const cells = rows.map((r) => (r < 0 ? '..' : lead(f, f.cells[r]!)));
  const iw = Math.max(0, ...index.map((x) => x.length));
  const vw = Math.max(0, ...cells.map((x) => x.length));
  const lines: string[] = [];
  if (s.indexName !== null && s.indexName !== undefined) lines.push(pyStr(s.indexName));
  rows.forEach((_, i) => lines.push(`${index[i]!.padEnd(iw)}   ${cells[i]!.padStart(vw)}`));
  const footer = [
    s.name === null || s.name === undefined ? undefined : `Name: ${pyStr(s.name)}`,
    n > MAX_ROWS ? `Length: ${n}` : undefined,
    `dtype: ${f.dtypeName}`,
  ];
  lines.push(footer.filter((x) => x !== undefined).join(', '));
  return lines.join('\n');
}
