/**
 * The inspector page: open a pickle (file, drop, paste), analyze it once,
 * and show it in five views. Nothing from the file is ever executed and
 * nothing is fetched: the page is one self-contained HTML file.
 */
import { analyze, type Analysis } from './analysis/analyze.js';
import { decodePastedText } from './analysis/input-text.js';
import { ArraysView } from './ui/arrays-view.js';
import { DisView } from './ui/dis-view.js';
import { clear, formatBytes, formatCount, h } from './ui/dom.js';
import type { Navigator, TabName } from './ui/navigator.js';
import { readFileWithProgress } from './ui/read-file.js';
import { analyzeStream, STREAM_OVER } from './analysis/stream-analyze.js';
import { SafetyView } from './ui/safety-view.js';
import { TablesView } from './ui/tables-view.js';
import { ValueView } from './ui/value-view.js';

const TABS: readonly { name: TabName; label: string }[] = [
  { name: 'value', label: 'Value' },
  { name: 'arrays', label: 'Arrays' },
  { name: 'tables', label: 'Tables' },
  { name: 'dis', label: 'Disassembly' },
  { name: 'safety', label: 'Safety' },
];

class App implements Navigator {
  readonly #tabs = new Map<TabName, HTMLButtonElement>();
  readonly #panels = new Map<TabName, HTMLElement>();
  readonly #summary: HTMLElement;
  readonly #progress: HTMLProgressElement;
  readonly #value = new ValueView(this);
  readonly #arrays = new ArraysView(this);
  readonly #tables = new TablesView(this);
  readonly #dis = new DisView(this);
  readonly #safety = new SafetyView(this);
  readonly #views: HTMLElement;

  constructor(root: HTMLElement) {
    const input = h('input', { type: 'file', id: 'file', 'aria-label': 'Open a file' });
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (file) void this.openFile(file);
    });
    const paste = h('textarea', { id: 'paste', rows: 3, placeholder: 'gASVEAAAAAAAAAB9lIwBYZRLAXMu  or  80 04 95 …', 'aria-label': 'Pickle as base64 or hex' });
    const pasteButton = h('button', { type: 'button', id: 'paste-load', onclick: () => this.openText(paste.value) }, 'Open pasted text');
    this.#progress = h('progress', { max: 1, value: 0, hidden: true, 'aria-label': 'Reading the file' });
    this.#summary = h(
      'div',
      { id: 'summary', role: 'status', 'aria-live': 'polite' },
      'Open a pickle file, drop one on the page, or paste one as base64 or hex. Nothing leaves this page and nothing in the file is run.',
    );
    const tablist = h('div', { role: 'tablist', 'aria-label': 'Views', class: 'tabs' });
    tablist.addEventListener('keydown', (e) => this.#onTabKey(e));
    this.#views = h('main', { class: 'views', hidden: true });
    const views = { value: this.#value, arrays: this.#arrays, tables: this.#tables, dis: this.#dis, safety: this.#safety };
    for (const { name, label } of TABS) {
      const tab = h(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `tab-${name}`,
          'aria-controls': `panel-${name}`,
          'aria-selected': 'false',
          tabindex: -1,
          onclick: () => this.showTab(name),
        },
        label,
      );
      const panel = h('section', { role: 'tabpanel', id: `panel-${name}`, 'aria-labelledby': `tab-${name}`, hidden: true }, views[name].element);
      this.#tabs.set(name, tab);
      this.#panels.set(name, panel);
      tablist.append(tab);
      this.#views.append(panel);
    }
    this.#views.prepend(tablist);
    root.append(
      h(
        'header',
        {},
        h('h1', {}, 'picklejar inspector'),
        h('div', { class: 'open' }, h('label', { for: 'file', class: 'file-label' }, 'Open a file: '), input),
        h('details', {}, h('summary', {}, 'Paste base64 or hex'), paste, pasteButton),
        this.#progress,
        this.#summary,
      ),
      this.#views,
    );
    document.addEventListener('dragover', (e) => {
      e.preventDefault();
      document.body.classList.add('dragging');
    });
    document.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
    document.addEventListener('drop', (e) => {
      e.preventDefault();
      document.body.classList.remove('dragging');
      const file = e.dataTransfer?.files[0];
      if (file) void this.openFile(file);
    });
    this.showTab('value', false);
  }

  /** Reads and shows a file. */
  async openFile(file: File): Promise<void> {
    this.#progress.hidden = false;
    this.#progress.value = 0;
    this.#summary.textContent = `Reading ${file.name} (${formatBytes(file.size)})…`;
    const progress = (done: number, total: number): void => {
      this.#progress.value = total === 0 ? 1 : done / total;
    };
    try {
      if (file.size > streamOver()) {
        // Too large for one buffer: values only, read pickle by pickle.
        this.#render(file.name, await analyzeStream(file, progress));
        return;
      }
      const bytes = await readFileWithProgress(file, progress);
      await this.#show(file.name, bytes);
    } catch (e) {
      this.#fail(file.name, e);
    } finally {
      this.#progress.hidden = true;
    }
  }

  /** Decodes pasted base64/hex and shows it. */
  openText(text: string): void {
    let bytes: Uint8Array;
    try {
      bytes = decodePastedText(text);
    } catch (e) {
      this.#fail('pasted text', e);
      return;
    }
    void this.#show('pasted text', bytes);
  }

  #fail(name: string, e: unknown): void {
    this.#summary.textContent = `${name}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
    this.#summary.className = 'error';
  }

  async #show(name: string, bytes: Uint8Array): Promise<void> {
    this.#summary.className = '';
    this.#summary.textContent = `Analyzing ${name}…`;
    // Let the browser paint the message before the synchronous work starts.
    await new Promise((r) => setTimeout(r, 0));
    const analysis = await analyze(bytes);
    this.#render(name, analysis);
  }

  #render(name: string, a: Analysis): void {
    clear(this.#summary);
    const errors = a.pickles.filter((p) => p.error !== undefined);
    const pickles = a.pickles.filter((p) => p.containerValue === undefined).length;
    const arrays = a.pickles.length - pickles;
    const parts = [`${name}: ${formatBytes(a.size)}`, a.opened.layers.join(' → '), `${formatCount(pickles)} pickle${pickles === 1 ? '' : 's'}`];
    if (arrays > 0) parts.push(`${formatCount(arrays)} array${arrays === 1 ? '' : 's'}`);
    this.#summary.append(
      h('span', {}, parts.join(' · ')),
      ' ',
      a.streamed === true ? h('span', { class: 'badge error' }, 'not scanned') : h('span', { class: `badge ${a.report.verdict}` }, a.report.verdict),
    );
    if (a.openError !== undefined) this.#summary.append(h('div', { class: 'error' }, `Cannot open: ${a.openError}`));
    for (const p of errors) {
      const n = a.pickles.indexOf(p);
      this.#summary.append(h('div', { class: 'error' }, `${a.pickles.length > 1 ? `Pickle #${n}: ` : ''}UnpicklingError: ${p.error}`));
    }
    this.#value.show(a);
    this.#arrays.show(a);
    this.#tables.show(a);
    this.#dis.show(a);
    this.#safety.show(a);
    this.#views.hidden = false;
    this.showTab(pickles === 0 && this.#arrays.items.length > 0 ? 'arrays' : 'value', false);
    document.title = `${name} · picklejar inspector`;
  }

  showTab(tab: TabName, focus = false): void {
    for (const [name, button] of this.#tabs) {
      const on = name === tab;
      button.setAttribute('aria-selected', String(on));
      button.tabIndex = on ? 0 : -1;
      this.#panels.get(name)!.hidden = !on;
    }
    if (tab === 'dis') this.#dis.ensureRendered();
    if (focus) this.#tabs.get(tab)!.focus();
  }

  #onTabKey(e: KeyboardEvent): void {
    const names = TABS.map((t) => t.name);
    const current = names.findIndex((n) => this.#tabs.get(n)!.getAttribute('aria-selected') === 'true');
    let next: number;
    if (e.key === 'ArrowRight') next = (current + 1) % names.length;
    else if (e.key === 'ArrowLeft') next = (current - 1 + names.length) % names.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = names.length - 1;
    else return;
    e.preventDefault();
    this.showTab(names[next]!, true);
  }

  revealNode(pickle: number, path: readonly number[]): void {
    this.showTab('value');
    this.#value.reveal(pickle, path);
  }

  revealArray(pickle: number, path: readonly number[]): void {
    this.showTab('arrays');
    this.#arrays.selectByPath(pickle, path);
  }

  revealTable(pickle: number, path: readonly number[]): void {
    this.showTab('tables');
    this.#tables.showByPath(pickle, path);
  }

  revealOffset(pickle: number, offset: number): void {
    this.showTab('dis');
    this.#dis.reveal(pickle, offset);
  }
}

const root = document.getElementById('app');
if (root) {
  const app = new App(root);
  // For tests and the curious: the page's entry points, no globals otherwise.
  (window as unknown as { picklejarInspector: App }).picklejarInspector = app;
}

/** The size above which files are streamed; `?stream-over=N` lowers it (the tests use small files). */
function streamOver(): number {
  const asked = Number(new URLSearchParams(location.search).get('stream-over') ?? NaN);
  return Number.isSafeInteger(asked) && asked >= 0 ? asked : STREAM_OVER;
}
