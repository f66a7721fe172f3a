/**
 * The Disassembly view: pickletools.dis's text, one line per opcode, as a
 * listbox (arrow keys move, Enter shows the value node). The selected line's
 * bytes show in a hex dump. Lines render in chunks so huge pickles open fast.
 */
import type { Analysis, PickleAnalysis } from '../analysis/analyze.js';
import { pathOf, tokenIndex } from '../analysis/op-slots.js';
import { clear, h } from './dom.js';
import { hexDump } from './hex-view.js';
import type { Navigator } from './navigator.js';

const CHUNK = 2000;
/** Longest line rendered: a multi-megabyte bytes constant prints as one dis line. */
const MAX_LINE = 1000;

interface Section {
  readonly pickle: PickleAnalysis;
  readonly lines: string[];
  readonly list: HTMLElement;
  rendered: number;
}

/** The Disassembly tab. */
export class DisView {
  readonly element: HTMLElement;
  readonly #body: HTMLElement;
  readonly #side: HTMLElement;
  #sections: Section[] = [];
  #active: HTMLElement | undefined;
  #pending: Analysis | undefined;

  constructor(private readonly nav: Navigator) {
    this.#body = h('div', { class: 'dis-body' });
    this.#side = h('div', { class: 'dis-side', 'aria-live': 'polite' }, 'Select a line to see its bytes.');
    this.element = h('div', { class: 'dis-view' }, this.#body, this.#side);
  }

  /** Takes a new analysis; it is disassembled when the view is first shown. */
  show(analysis: Analysis): void {
    clear(this.#body);
    clear(this.#side);
    this.#sections = [];
    this.#pending = analysis;
  }

  /** Disassembles the pending analysis, if any (called when the tab is shown). */
  ensureRendered(): void {
    const analysis = this.#pending;
    if (analysis === undefined) return;
    this.#pending = undefined;
    clear(this.#body);
    clear(this.#side);
    this.#side.append('Select a line to see its bytes.');
    this.#active = undefined;
    if (analysis.pickles.every((p) => p.containerValue !== undefined)) {
      this.#body.append(h('p', {}, `This file holds no pickle (${analysis.opened.layers.join(' → ')}): there are no opcodes to show.`));
    }
    this.#sections = analysis.pickles.map((pickle, i) => {
      if (pickle.containerValue !== undefined) return { pickle, lines: [], list: h('div', {}), rendered: 0 };
      const { text, error } = pickle.disassemble();
      const lines = text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      const where = pickle.source.path.length > 0 ? ` in ${pickle.source.path.join(' / ')}` : '';
      const title = h('h3', {}, `Pickle #${i}${where}: bytes ${pickle.start}–${pickle.end - 1}`);
      const list = h('div', { class: 'dis', role: 'listbox', tabindex: 0, 'aria-label': `Disassembly of pickle #${i}` });
      list.addEventListener('keydown', (e) => this.#onKey(e, list));
      list.addEventListener('click', (e) => {
        const line = (e.target as HTMLElement).closest<HTMLElement>('[role=option]');
        if (line) this.#activate(line, true);
      });
      list.addEventListener('focus', () => {
        if (!this.#active || !list.contains(this.#active)) {
          const first = list.querySelector<HTMLElement>('[role=option]');
          if (first) this.#activate(first, false);
        }
      });
      this.#body.append(title, list);
      if (error !== undefined) this.#body.append(h('p', { class: 'error' }, `pickletools: ${error}`));
      const section: Section = { pickle, lines, list, rendered: 0 };
      this.#render(i, section);
      return section;
    });
  }

  #render(p: number, s: Section): void {
    s.list.querySelector(':scope > .more')?.remove();
    const end = Math.min(s.lines.length, s.rendered + CHUNK);
    const frag = document.createDocumentFragment();
    for (let i = s.rendered; i < end; i++) {
      const text = s.lines[i]!;
      const m = /^\s*(\d+):/.exec(text);
      const attrs: Record<string, string | number> = { role: 'option', class: 'dis-line', 'aria-selected': 'false' };
      if (m) {
        attrs.id = `d-${p}-${m[1]}`;
        attrs['data-offset'] = m[1]!;
      }
      attrs['data-pickle'] = p;
      frag.append(h('div', attrs, text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}… (${text.length - MAX_LINE} more characters)` : text));
    }
    s.list.append(frag);
    s.rendered = end;
    if (end < s.lines.length) {
      s.list.append(
        h(
          'button',
          { type: 'button', class: 'more', onclick: () => this.#render(p, s) },
          `Show ${Math.min(CHUNK, s.lines.length - end)} more lines of ${s.lines.length - end}`,
        ),
      );
    }
  }

  #activate(line: HTMLElement, focus: boolean): void {
    if (this.#active) this.#active.setAttribute('aria-selected', 'false');
    this.#active = line;
    line.setAttribute('aria-selected', 'true');
    const list = line.parentElement!;
    if (line.id) list.setAttribute('aria-activedescendant', line.id);
    if (focus) list.focus({ preventScroll: true });
    line.scrollIntoView({ block: 'nearest' });
    this.#showSide(line);
  }

  #showSide(line: HTMLElement): void {
    clear(this.#side);
    const p = Number(line.dataset.pickle);
    const section = this.#sections[p]!;
    if (line.dataset.offset === undefined) {
      this.#side.append(line.textContent ?? '');
      return;
    }
    const offset = Number(line.dataset.offset);
    const at = tokenIndex(section.pickle.tokens, offset);
    const token = section.pickle.tokens[at];
    const length = token?.length ?? 1;
    this.#side.append(
      h('div', {}, h('strong', {}, token?.op.name ?? 'opcode'), ` at byte ${offset}, ${length} byte${length === 1 ? '' : 's'}`),
      hexDump(section.pickle.source.bytes, offset, offset + length),
    );
    const slot = at < 0 ? undefined : section.pickle.replay.slots[at];
    if (slot !== undefined && section.pickle.error === undefined) {
      // The Value view's index recorded each slot's first node on the slot.
      const path = slot.node === undefined ? undefined : pathOf(slot.node);
      if (path !== undefined) {
        this.#side.append(h('button', { type: 'button', class: 'link', onclick: () => this.nav.revealNode(p, path) }, 'Show the value it builds'));
      }
    }
  }

  #onKey(e: KeyboardEvent, list: HTMLElement): void {
    const lines = (): HTMLElement[] => Array.from(list.querySelectorAll<HTMLElement>('[role=option]'));
    const current = this.#active && list.contains(this.#active) ? this.#active : undefined;
    let target: HTMLElement | undefined;
    switch (e.key) {
      case 'ArrowDown':
        target = (current?.nextElementSibling as HTMLElement | null) ?? undefined;
        if (target && target.getAttribute('role') !== 'option') target = undefined;
        if (!current) target = lines()[0];
        break;
      case 'ArrowUp':
        target = (current?.previousElementSibling as HTMLElement | null) ?? undefined;
        break;
      case 'Home':
        target = lines()[0];
        break;
      case 'End': {
        const all = lines();
        target = all[all.length - 1];
        break;
      }
      case 'Enter':
        if (current) this.#side.querySelector<HTMLButtonElement>('button.link')?.click();
        e.preventDefault();
        return;
      default:
        return;
    }
    e.preventDefault();
    if (target) this.#activate(target, true);
  }

  /**
   * Scrolls to, selects and focuses the line of the opcode at `offset`.
   * @param pickle the pickle's index.
   * @param offset the opcode's byte offset.
   */
  reveal(pickle: number, offset: number): void {
    this.ensureRendered();
    const s = this.#sections[pickle];
    if (!s) return;
    let line = document.getElementById(`d-${pickle}-${offset}`);
    while (!line && s.rendered < s.lines.length) {
      this.#render(pickle, s);
      line = document.getElementById(`d-${pickle}-${offset}`);
    }
    if (line) this.#activate(line, true);
  }
}
