/**
 * The Tables view: pandas DataFrames as paged tables. Frames come from
 * adapters (the core's DataFrame class once registered), like arrays.
 */
import type { Analysis } from '../analysis/analyze.js';
import { findTables, type TableItem } from '../analysis/tables.js';
import { clear, formatCount, h } from './dom.js';
import type { Navigator } from './navigator.js';

const PAGE = 50;

/** The Tables tab. */
export class TablesView {
  readonly element: HTMLElement;
  #items: TableItem[] = [];

  constructor(private readonly nav: Navigator) {
    this.element = h('div', { class: 'tables-view' });
  }

  /** Shows a new analysis. */
  show(analysis: Analysis): void {
    clear(this.element);
    this.#items = analysis.pickles.flatMap((p, i) => (p.error === undefined ? findTables(p.value, i) : []));
    if (this.#items.length === 0) {
      this.element.append(h('p', {}, 'No pandas DataFrames in this file.'));
      return;
    }
    for (const item of this.#items) this.element.append(this.#table(item));
  }

  /**
   * Scrolls to the frame at a tree path and focuses its pager.
   * @returns false when no frame lives there.
   */
  showByPath(pickle: number, path: readonly number[]): boolean {
    const i = this.#items.findIndex((t) => t.pickle === pickle && t.path.length === path.length && t.path.every((x, k) => x === path[k]));
    const box = this.element.querySelectorAll<HTMLElement>('section.frame')[i];
    if (!box) return false;
    box.scrollIntoView({ block: 'start' });
    box.querySelector<HTMLButtonElement>('.pager button:not([disabled])')?.focus();
    return true;
  }

  #table(item: TableItem): HTMLElement {
    const box = h('section', { class: 'frame' });
    let page = 0;
    const pages = Math.max(1, Math.ceil(item.rows / PAGE));
    const body = h('div', { class: 'table-wrap' });
    const status = h('span', { class: 'muted' });
    const prev = h('button', { type: 'button' }, '‹ Previous');
    const next = h('button', { type: 'button' }, 'Next ›');
    const render = (): void => {
      clear(body);
      const head = h('thead', {}, h('tr', {}, h('th', {}, ''), ...item.columns.map((c) => h('th', { scope: 'col' }, c))));
      const rows = h('tbody', {});
      const end = Math.min(item.rows, (page + 1) * PAGE);
      for (let r = page * PAGE; r < end; r++) {
        rows.append(h('tr', {}, h('th', { scope: 'row' }, item.index(r)), ...item.columns.map((_, c) => h('td', {}, item.cell(r, c)))));
      }
      body.append(h('table', { class: 'frame-table' }, head, rows));
      status.textContent = `rows ${formatCount(page * PAGE)}–${formatCount(Math.max(0, end - 1))} of ${formatCount(item.rows)} · page ${page + 1} of ${pages}`;
      prev.disabled = page === 0;
      next.disabled = page >= pages - 1;
    };
    prev.addEventListener('click', () => {
      page = Math.max(0, page - 1);
      render();
    });
    next.addEventListener('click', () => {
      page = Math.min(pages - 1, page + 1);
      render();
    });
    box.append(
      h('h3', {}, `${item.name}: DataFrame ${formatCount(item.rows)} × ${item.columns.length}`),
      h('button', { type: 'button', class: 'link', onclick: () => this.nav.revealNode(item.pickle, item.path) }, 'Show in the value tree'),
      h('div', { class: 'pager' }, prev, ' ', status, ' ', next),
      body,
    );
    render();
    return box;
  }
}
