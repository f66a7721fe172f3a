/**
 * The Arrays view: every numpy array and torch tensor in the value, as a
 * table (name, shape, dtype, parameters, bytes, with totals: a state dict at
 * a glance), and for the selected one its min/max/mean, a histogram and, for
 * 2-D data, a small heatmap on a canvas.
 */
import type { Analysis } from '../analysis/analyze.js';
import { arrayStats, findArrays, type ArrayItem } from '../analysis/arrays.js';
import { clear, formatBytes, formatCount, h } from './dom.js';
import type { Navigator } from './navigator.js';

/** Most elements read for statistics (a checkpoint tensor can hold billions). */
const MAX_STAT_ELEMENTS = 16_000_000;

/** Formats a statistic compactly. */
function num(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-4 || a >= 1e6) ? x.toExponential(4) : x.toPrecision(6).replace(/\.?0+$/, '');
}

/** The Arrays tab. */
export class ArraysView {
  readonly element: HTMLElement;
  readonly #detail: HTMLElement;
  #items: ArrayItem[] = [];

  constructor(private readonly nav: Navigator) {
    this.#detail = h('div', { class: 'array-detail', 'aria-live': 'polite' });
    this.element = h('div', { class: 'arrays-view' });
  }

  /** The arrays found by the last `show`. */
  get items(): readonly ArrayItem[] {
    return this.#items;
  }

  /** Shows a new analysis. */
  show(analysis: Analysis): void {
    const el = this.element;
    clear(el);
    clear(this.#detail);
    this.#items = analysis.pickles.flatMap((p, i) =>
      p.error === undefined
        ? findArrays(p.value, i).map((a) =>
            p.containerValue === undefined ? a : { ...a, name: a.name === '(root)' ? p.containerValue : `${p.containerValue}${a.name}` },
          )
        : [],
    );
    if (this.#items.length === 0) {
      el.append(h('p', {}, 'No numpy arrays or torch tensors in this file.'));
      return;
    }
    let params = 0;
    let bytes = 0;
    const body = h('tbody', {});
    this.#items.forEach((item, i) => {
      const count = item.shape.reduce((a, b) => a * b, 1);
      params += count;
      bytes += item.nbytes;
      body.append(
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link', onclick: () => this.select(i) }, item.name)),
          h('td', {}, item.kind),
          h('td', {}, `(${item.shape.join(', ')}${item.shape.length === 1 ? ',' : ''})`),
          h('td', {}, item.dtype),
          h('td', { class: 'num' }, formatCount(count)),
          h('td', { class: 'num' }, formatBytes(item.nbytes)),
        ),
      );
    });
    const foot = h(
      'tfoot',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, `Total: ${this.#items.length} array${this.#items.length === 1 ? '' : 's'}`),
        h('td', {}),
        h('td', {}),
        h('td', {}),
        h('td', { class: 'num' }, formatCount(params)),
        h('td', { class: 'num' }, formatBytes(bytes)),
      ),
    );
    const head = h('thead', {}, h('tr', {}, ...['Name', 'Kind', 'Shape', 'Dtype', 'Parameters', 'Bytes'].map((t) => h('th', { scope: 'col' }, t))));
    el.append(h('div', { class: 'table-wrap' }, h('table', { class: 'arrays' }, head, body, foot)), this.#detail);
    this.select(0);
  }

  /**
   * Selects the array at a tree path and focuses its name.
   * @returns false when no array lives there.
   */
  selectByPath(pickle: number, path: readonly number[]): boolean {
    const i = this.#items.findIndex((a) => a.pickle === pickle && a.path.length === path.length && a.path.every((x, k) => x === path[k]));
    if (i < 0) return false;
    this.select(i);
    this.element.querySelector<HTMLButtonElement>(`tbody tr:nth-child(${i + 1}) button`)?.focus();
    return true;
  }

  /**
   * Shows the statistics, histogram and heatmap of array `i`.
   * @param i index in `items`.
   */
  select(i: number): void {
    const item = this.#items[i];
    const el = this.#detail;
    clear(el);
    if (!item) return;
    el.append(
      h('h3', {}, item.name),
      h('p', {}, `${item.kind}, shape (${item.shape.join(', ')}${item.shape.length === 1 ? ',' : ''}), dtype ${item.dtype}, ${formatBytes(item.nbytes)}`),
      h('button', { type: 'button', class: 'link', onclick: () => this.nav.revealNode(item.pickle, item.path) }, 'Show in the value tree'),
    );
    const count = item.shape.reduce((a, b) => a * b, 1);
    let values: ArrayLike<number> | undefined;
    try {
      values = count <= MAX_STAT_ELEMENTS ? item.values() : undefined;
    } catch {
      values = undefined;
    }
    if (values === undefined) {
      el.append(
        h(
          'p',
          { class: 'muted' },
          count > MAX_STAT_ELEMENTS ? `Too many elements (${formatCount(count)}) for statistics.` : 'The elements are not numeric or not in this file.',
        ),
      );
      return;
    }
    const stats = arrayStats(values);
    if (!stats) {
      el.append(h('p', { class: 'muted' }, 'No finite elements.'));
      return;
    }
    el.append(
      h(
        'dl',
        { class: 'stats' },
        h('dt', {}, 'min'),
        h('dd', {}, num(stats.min)),
        h('dt', {}, 'max'),
        h('dd', {}, num(stats.max)),
        h('dt', {}, 'mean'),
        h('dd', {}, num(stats.mean)),
        stats.nan > 0 ? h('dt', {}, 'NaN') : null,
        stats.nan > 0 ? h('dd', {}, formatCount(stats.nan)) : null,
      ),
      h(
        'figure',
        { class: 'chart' },
        histogramCanvas(stats.histogram, stats.min, stats.max),
        h('figcaption', {}, h('span', {}, num(stats.min)), h('span', {}, `histogram, ${stats.histogram.length} bins`), h('span', {}, num(stats.max))),
      ),
    );
    if (item.shape.length === 2 && count > 0) {
      const [rows, cols] = item.shape as [number, number];
      const note = rows > 128 || cols > 128 ? `, each cell the mean of a block` : '';
      el.append(
        h(
          'figure',
          { class: 'chart' },
          heatmapCanvas(values, rows, cols, stats.min, stats.max),
          h('figcaption', {}, h('span', {}, `heatmap ${rows}×${cols}${note}: dark = ${num(stats.min)}, yellow = ${num(stats.max)}`)),
        ),
      );
    }
  }
}

function cssColor(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

function histogramCanvas(bins: readonly number[], min: number, max: number): HTMLCanvasElement {
  const canvas = h('canvas', {
    width: 320,
    height: 100,
    class: 'histogram',
    role: 'img',
    'aria-label': `Histogram of ${bins.length} bins from ${num(min)} to ${num(max)}`,
  });
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  const peak = Math.max(...bins, 1);
  const w = canvas.width / bins.length;
  ctx.fillStyle = cssColor('--accent', '#2563eb');
  bins.forEach((b, i) => {
    const bh = (b / peak) * (canvas.height - 2);
    ctx.fillRect(i * w + 1, canvas.height - bh, Math.max(1, w - 2), bh);
  });
  return canvas;
}

/** A perceptually ordered ramp (dark blue → teal → yellow), from 0..1. */
function ramp(t: number): [number, number, number] {
  const stops: [number, number, number][] = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  const x = Math.min(0.9999, Math.max(0, t)) * (stops.length - 1);
  const i = Math.floor(x);
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

function heatmapCanvas(values: ArrayLike<number>, rows: number, cols: number, min: number, max: number): HTMLCanvasElement {
  // At most 128×128 cells: each cell averages the block of elements it covers.
  const h2 = Math.min(rows, 128);
  const w2 = Math.min(cols, 128);
  const canvas = h('canvas', { width: w2, height: h2, class: 'heatmap', role: 'img', 'aria-label': `Heatmap of ${rows}×${cols} values` });
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  const img = ctx.createImageData(w2, h2);
  const span = max - min || 1;
  for (let y = 0; y < h2; y++) {
    const r0 = Math.floor((y * rows) / h2);
    const r1 = Math.max(r0 + 1, Math.floor(((y + 1) * rows) / h2));
    for (let x = 0; x < w2; x++) {
      const c0 = Math.floor((x * cols) / w2);
      const c1 = Math.max(c0 + 1, Math.floor(((x + 1) * cols) / w2));
      let sum = 0;
      let n = 0;
      for (let r = r0; r < r1; r++) {
        for (let c = c0; c < c1; c++) {
          const v = values[r * cols + c]!;
          if (v === v) {
            sum += v;
            n++;
          }
        }
      }
      const [red, green, blue] = n === 0 ? [128, 128, 128] : ramp((sum / n - min) / span);
      const o = 4 * (y * w2 + x);
      img.data[o] = red;
      img.data[o + 1] = green;
      img.data[o + 2] = blue;
      img.data[o + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
}
