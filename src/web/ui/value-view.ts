/**
 * The Value view: a collapsible tree in Python notation. Children are built
 * when a node is first expanded, and long containers show in chunks, so a
 * value with millions of items opens at once. Shared and recursive references
 * point at the object's first occurrence; Enter or a click goes there.
 * Keyboard: the WAI-ARIA tree pattern (arrows, Home/End, Enter).
 */
import type { Analysis } from '../analysis/analyze.js';
import {
  childrenOf,
  hasChildren,
  indexTree,
  lengthOf,
  pathKey,
  referenceKind,
  typeNameOf,
  type Child,
  type TreeIndex,
  type TreePath,
} from '../analysis/value-tree.js';
import { accessPath } from '../analysis/arrays.js';
import { tokenIndex, type Slot } from '../analysis/op-slots.js';
import { clear, formatCount, h } from './dom.js';
import { preview } from './preview.js';
import { NDArray } from '../../ml/numpy/ndarray.js';
import { Tensor } from '../../ml/torch/tensor.js';
import { DataFrame } from '../../ml/pandas/frame.js';
import type { Navigator } from './navigator.js';

/** Children rendered per chunk of a long container. */
const CHUNK = 200;
/** Longest one-line preview. */
const PREVIEW = 160;

interface NodeData {
  readonly pickle: number;
  readonly path: TreePath;
  readonly labels: readonly string[];
  readonly value: unknown;
  readonly slot: Slot | undefined;
  children?: Child[];
  rendered: number;
}

/** The Value tab. */
export class ValueView {
  readonly element: HTMLElement;
  readonly #tree: HTMLElement;
  readonly #details: HTMLElement;
  readonly #results: HTMLElement;
  readonly #search: HTMLInputElement;
  readonly #nodes = new WeakMap<HTMLElement, NodeData>();
  #analysis: Analysis | undefined;
  #indexes: TreeIndex[] = [];
  #selected: HTMLElement | undefined;

  constructor(private readonly nav: Navigator) {
    this.#search = h('input', { type: 'search', placeholder: 'Search keys and values', 'aria-label': 'Search keys and values', class: 'search' });
    this.#search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.search(this.#search.value);
    });
    const button = h('button', { type: 'button', onclick: () => this.search(this.#search.value) }, 'Search');
    this.#results = h('div', { class: 'results', role: 'region', 'aria-label': 'Search results', 'aria-live': 'polite' });
    this.#tree = h('ul', { class: 'tree', role: 'tree', 'aria-label': 'Value' });
    this.#tree.addEventListener('keydown', (e) => this.#onKey(e));
    this.#tree.addEventListener('click', (e) => this.#onClick(e));
    this.#details = h('div', { class: 'details', 'aria-live': 'polite' });
    this.element = h('div', { class: 'value-view' }, h('div', { class: 'toolbar' }, this.#search, button), this.#results, this.#tree, this.#details);
  }

  /** Shows a new analysis. */
  show(analysis: Analysis): void {
    this.#analysis = analysis;
    this.#indexes = analysis.pickles.map((p) => indexTree(p.value, p.replay.root));
    clear(this.#tree);
    clear(this.#results);
    clear(this.#details);
    this.#selected = undefined;
    const several = analysis.pickles.length > 1;
    analysis.pickles.forEach((p, i) => {
      if (p.error !== undefined) {
        this.#tree.append(h('li', { role: 'none', class: 'load-error' }, `${several ? `pickle #${i}: ` : ''}UnpicklingError: ${p.error}`));
        return;
      }
      const label = p.containerValue ?? (several ? `pickle #${i}` : '');
      const item = this.#item({ pickle: i, path: [], labels: [], value: p.value, slot: p.replay.root, rendered: 0 }, label);
      this.#tree.append(item);
      if (i < 3 || p.stream === p.source.valueAt) this.#expand(item);
    });
    const first = this.#tree.querySelector<HTMLElement>('[role=treeitem]');
    if (first) this.#select(first, false);
  }

  /** The tree item for a node, collapsed. */
  #item(data: NodeData, label: string): HTMLElement {
    const index = this.#indexes[data.pickle]!;
    const ref = referenceKind(index, data.value, data.path);
    const expandable = ref === undefined && hasChildren(data.value);
    const li = h('li', {
      role: 'treeitem',
      id: `n-${data.pickle}-${pathKey(data.path)}`,
      tabindex: -1,
      'aria-expanded': expandable ? 'false' : undefined,
      'aria-level': data.path.length + 1,
    });
    const row = h('div', { class: 'row' });
    row.append(h('span', { class: 'twisty', 'aria-hidden': 'true' }, expandable ? '▸' : ' '));
    if (label) row.append(h('span', { class: 'key' }, label), ' ');
    row.append(h('span', { class: 'type' }, typeNameOf(data.value)));
    const len = lengthOf(data.value);
    if (len !== undefined) row.append(' ', h('span', { class: 'len' }, `len ${formatCount(len)}`));
    const count = typeof data.value === 'object' && data.value !== null ? index.occurrences.get(data.value) : undefined;
    if (ref !== undefined) {
      const first = index.firstPath(data.value as object)!;
      li.dataset.ref = ref;
      row.append(
        ' ',
        h('span', { class: `ref ${ref}` }, `${ref === 'recursive' ? '↻ recursive' : '⇄ shared'} reference to ${this.#pathText(data.pickle, first)}`),
      );
    } else {
      if (count !== undefined) row.append(' ', h('span', { class: 'ref shared' }, `shared ×${count}`));
      row.append(' ', h('span', { class: 'repr' }, previewText(data.value)));
    }
    li.append(row);
    this.#nodes.set(li, data);
    return li;
  }

  #pathText(pickle: number, path: TreePath): string {
    const labels: string[] = [];
    let value = this.#analysis!.pickles[pickle]!.value;
    for (const i of path) {
      const c = childrenOf(value, undefined)[i];
      if (!c) break;
      labels.push(c.label);
      value = c.value;
    }
    return accessPath(labels);
  }

  #expand(li: HTMLElement): void {
    const data = this.#nodes.get(li);
    if (!data || li.getAttribute('aria-expanded') !== 'false') return;
    li.setAttribute('aria-expanded', 'true');
    li.querySelector(':scope > .row > .twisty')!.textContent = '▾';
    let group = li.querySelector<HTMLElement>(':scope > ul');
    if (group) {
      group.hidden = false;
      return;
    }
    data.children = childrenOf(data.value, data.slot);
    group = h('ul', { role: 'group' });
    li.append(group);
    this.#renderMore(li);
  }

  #renderMore(li: HTMLElement): void {
    const data = this.#nodes.get(li)!;
    const group = li.querySelector<HTMLElement>(':scope > ul')!;
    group.querySelector(':scope > .more')?.remove();
    const children = data.children!;
    const end = Math.min(children.length, data.rendered + CHUNK);
    for (let i = data.rendered; i < end; i++) {
      const c = children[i]!;
      group.append(
        this.#item({ pickle: data.pickle, path: [...data.path, i], labels: [...data.labels, c.label], value: c.value, slot: c.slot, rendered: 0 }, c.label),
      );
    }
    data.rendered = end;
    if (end < children.length) {
      const more = h(
        'li',
        { role: 'treeitem', class: 'more', tabindex: -1, 'aria-level': data.path.length + 2 },
        `… ${formatCount(children.length - end)} more (Enter to show ${Math.min(CHUNK, children.length - end)})`,
      );
      group.append(more);
    }
  }

  #collapse(li: HTMLElement): void {
    if (li.getAttribute('aria-expanded') !== 'true') return;
    li.setAttribute('aria-expanded', 'false');
    li.querySelector(':scope > .row > .twisty')!.textContent = '▸';
    const group = li.querySelector<HTMLElement>(':scope > ul');
    if (group) group.hidden = true;
  }

  #select(li: HTMLElement, focus = true): void {
    if (this.#selected) {
      this.#selected.tabIndex = -1;
      this.#selected.removeAttribute('aria-selected');
    }
    this.#selected = li;
    li.tabIndex = 0;
    li.setAttribute('aria-selected', 'true');
    if (focus) li.focus();
    li.scrollIntoView({ block: 'nearest' });
    this.#showDetails(li);
  }

  #showDetails(li: HTMLElement): void {
    clear(this.#details);
    const data = this.#nodes.get(li);
    if (!data) return;
    const pickle = this.#analysis!.pickles[data.pickle]!;
    this.#details.append(h('div', {}, h('strong', {}, 'Path: '), h('code', {}, accessPath(data.labels))));
    if (data.value instanceof NDArray || data.value instanceof Tensor) {
      this.#details.append(
        h(
          'div',
          {},
          h(
            'button',
            { type: 'button', class: 'link', onclick: () => this.nav.revealArray(data.pickle, data.path) },
            'Statistics, histogram and heatmap in the Arrays tab',
          ),
        ),
      );
    } else if (data.value instanceof DataFrame) {
      this.#details.append(
        h('div', {}, h('button', { type: 'button', class: 'link', onclick: () => this.nav.revealTable(data.pickle, data.path) }, 'Rows in the Tables tab')),
      );
    }
    if (data.slot !== undefined) {
      const token = pickle.tokens[tokenIndex(pickle.tokens, data.slot.offset)];
      const go = h(
        'button',
        { type: 'button', class: 'link', onclick: () => this.nav.revealOffset(data.pickle, data.slot!.offset) },
        `${token?.op.name ?? 'opcode'} at byte ${data.slot.offset}`,
      );
      this.#details.append(h('div', {}, h('strong', {}, 'Built by: '), go));
      if (data.slot.ops.length > 0) {
        const more = h('div', {}, h('strong', {}, 'Also: '));
        for (const off of data.slot.ops.slice(0, 12)) {
          const t = pickle.tokens[tokenIndex(pickle.tokens, off)];
          more.append(
            h('button', { type: 'button', class: 'link', onclick: () => this.nav.revealOffset(data.pickle, off) }, `${t?.op.name ?? '?'} @${off}`),
            ' ',
          );
        }
        if (data.slot.ops.length > 12) more.append(`and ${data.slot.ops.length - 12} more`);
        this.#details.append(more);
      }
    }
    this.#details.append(h('pre', { class: 'full-repr' }, preview(data.value, 4000)));
  }

  #onClick(e: MouseEvent): void {
    const li = (e.target as HTMLElement).closest<HTMLElement>('[role=treeitem]');
    if (!li) return;
    if (li.classList.contains('more')) {
      this.#renderMore(li.parentElement!.closest<HTMLElement>('[role=treeitem]')!);
      return;
    }
    const onTwisty = (e.target as HTMLElement).classList.contains('twisty');
    if ((e.target as HTMLElement).classList.contains('ref')) {
      this.#followRef(li);
      return;
    }
    this.#select(li);
    if (onTwisty || e.detail === 2) this.#toggle(li);
  }

  #toggle(li: HTMLElement): void {
    if (li.getAttribute('aria-expanded') === 'true') this.#collapse(li);
    else this.#expand(li);
  }

  #followRef(li: HTMLElement): void {
    const data = this.#nodes.get(li);
    if (!data || typeof data.value !== 'object' || data.value === null) return;
    const first = this.#indexes[data.pickle]!.firstPath(data.value);
    if (first) this.reveal(data.pickle, first);
  }

  #visibleItems(): HTMLElement[] {
    return Array.from(this.#tree.querySelectorAll<HTMLElement>('[role=treeitem]')).filter((el) => !el.closest('ul[hidden]'));
  }

  #onKey(e: KeyboardEvent): void {
    const li = this.#selected;
    if (!li) return;
    const items = (): HTMLElement[] => this.#visibleItems();
    let handled = true;
    switch (e.key) {
      case 'ArrowDown': {
        const all = items();
        const next = all[all.indexOf(li) + 1];
        if (next) this.#select(next);
        break;
      }
      case 'ArrowUp': {
        const all = items();
        const prev = all[all.indexOf(li) - 1];
        if (prev) this.#select(prev);
        break;
      }
      case 'ArrowRight':
        if (li.getAttribute('aria-expanded') === 'false') this.#expand(li);
        else if (li.getAttribute('aria-expanded') === 'true') {
          const child = li.querySelector<HTMLElement>(':scope > ul > [role=treeitem]');
          if (child) this.#select(child);
        }
        break;
      case 'ArrowLeft': {
        if (li.getAttribute('aria-expanded') === 'true') this.#collapse(li);
        else {
          const parent = li.parentElement?.closest<HTMLElement>('[role=treeitem]');
          if (parent) this.#select(parent);
        }
        break;
      }
      case 'Home': {
        const first = items()[0];
        if (first) this.#select(first);
        break;
      }
      case 'End': {
        const all = items();
        const last = all[all.length - 1];
        if (last) this.#select(last);
        break;
      }
      case 'Enter':
      case ' ':
        if (li.classList.contains('more')) {
          const owner = li.parentElement!.closest<HTMLElement>('[role=treeitem]')!;
          const prev = li.previousElementSibling as HTMLElement | null;
          this.#renderMore(owner);
          const next = prev?.nextElementSibling as HTMLElement | null;
          if (next) this.#select(next);
        } else if (li.dataset.ref !== undefined) {
          this.#followRef(li);
        } else this.#toggle(li);
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  }

  /**
   * Expands the ancestors of a node, selects and focuses it.
   * @param pickle the pickle's index.
   * @param path the node's path.
   */
  reveal(pickle: number, path: TreePath): void {
    let li = document.getElementById(`n-${pickle}-`) as HTMLElement | null;
    if (!li) return;
    for (let depth = 0; depth < path.length; depth++) {
      this.#expand(li);
      const data = this.#nodes.get(li)!;
      const index = path[depth]!;
      while (data.rendered <= index && data.children && data.rendered < data.children.length) this.#renderMore(li);
      const id = `n-${pickle}-${pathKey(path.slice(0, depth + 1))}`;
      const next = document.getElementById(id) as HTMLElement | null;
      if (!next) break;
      li = next;
    }
    this.#select(li);
  }

  /** The node at `path`, if the value has one (for the search). */
  search(query: string): void {
    clear(this.#results);
    const q = query.trim().toLowerCase();
    if (!q || !this.#analysis) return;
    const hits: { pickle: number; path: number[]; labels: string[]; text: string }[] = [];
    let visited = 0;
    const LIMIT = 300_000;
    this.#analysis.pickles.forEach((p, pickle) => {
      if (p.error !== undefined) return;
      const seen = new Set<object>();
      const work: { value: unknown; path: number[]; labels: string[] }[] = [{ value: p.value, path: [], labels: [] }];
      while (work.length > 0 && visited < LIMIT && hits.length < 100) {
        const { value, path, labels } = work.pop()!;
        visited++;
        const label = labels[labels.length - 1] ?? '';
        const isObj = typeof value === 'object' && value !== null;
        const text = isObj && hasChildren(value) ? '' : previewText(value);
        if (label.toLowerCase().includes(q) || text.toLowerCase().includes(q) || (typeof value === 'string' && value.toLowerCase().includes(q))) {
          hits.push({ pickle, path, labels, text });
        }
        if (!isObj || seen.has(value)) continue;
        seen.add(value);
        const children = childrenOf(value, undefined);
        for (let i = children.length - 1; i >= 0; i--) work.push({ value: children[i]!.value, path: [...path, i], labels: [...labels, children[i]!.label] });
      }
    });
    const partial = visited >= LIMIT ? ` (searched the first ${formatCount(LIMIT)} nodes)` : '';
    this.#results.append(
      h(
        'p',
        {},
        hits.length === 0
          ? `No match for “${query}”${partial}.`
          : `${hits.length}${hits.length === 100 ? '+' : ''} match${hits.length === 1 ? '' : 'es'} for “${query}”${partial}:`,
      ),
    );
    const list = h('ul', { class: 'hits' });
    for (const hit of hits) {
      list.append(
        h(
          'li',
          {},
          h('button', { type: 'button', class: 'link', onclick: () => this.reveal(hit.pickle, hit.path) }, accessPath(hit.labels)),
          ' ',
          h('span', { class: 'repr' }, hit.text),
        ),
      );
    }
    this.#results.append(list);
  }
}

/** A one-line repr, cut to PREVIEW characters. */
function previewText(v: unknown): string {
  return preview(v, PREVIEW);
}
