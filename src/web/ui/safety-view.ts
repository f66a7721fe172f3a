/**
 * The Safety view: the scanner's verdict in words first, then every finding
 * with the opcodes that import and call, linked to the disassembly.
 */
import type { Analysis } from '../analysis/analyze.js';
import type { Finding, ScanReport } from '../../safety/report.js';
import { clear, formatCount, h } from './dom.js';
import { tokenIndex } from '../analysis/op-slots.js';
import type { Navigator } from './navigator.js';

/**
 * The verdict as a sentence a person can act on.
 * @throws never.
 */
export function verdictSentence(report: ScanReport): string {
  const calls = report.findings.filter((f) => f.severity === 'critical').length;
  // Compared as a string: scanners that know the `suspicious` verdict give it too.
  switch (report.verdict as string) {
    case 'safe':
      return 'Safe: loading this with Python’s pickle would import and call only allowlisted names (the standard library, numpy, torch).';
    case 'dangerous':
      return calls > 0
        ? `Dangerous: loading this with Python’s pickle would call ${calls === 1 ? 'a callable' : `${calls} callables`} outside the allowlist. Do not load it.`
        : 'Dangerous: it imports names outside the allowlist (or uses persistent ids or extension codes). Do not load it.';
    case 'suspicious':
      return 'Suspicious: nothing outside the allowlist is called, but the scan saw something odd (see the findings). Load it only if you trust where it came from.';
    default:
      return 'Not checked completely: the scan could not finish, so this file must not be trusted as safe.';
  }
}

/** The Safety tab. */
export class SafetyView {
  readonly element: HTMLElement;

  constructor(private readonly nav: Navigator) {
    this.element = h('div', { class: 'safety-view' });
  }

  /** Shows a new analysis. */
  show(analysis: Analysis): void {
    const el = this.element;
    clear(el);
    const report = analysis.report;
    el.append(h('p', { class: `verdict ${report.verdict}`, role: 'status' }, verdictSentence(report)));
    el.append(
      h(
        'p',
        { class: 'muted' },
        `Scanned ${formatCount(report.pickles)} pickle${report.pickles === 1 ? '' : 's'} (${report.container}), ${formatCount(report.ops)} opcodes. Globals: ${report.globals.length === 0 ? 'none' : report.globals.map(([m, n]) => `${m}.${n}`).join(', ')}.`,
      ),
    );
    for (const f of report.failures) {
      el.append(
        h(
          'p',
          { class: 'error' },
          `Scan stopped (${f.reason}) ${f.offset !== undefined ? `at byte ${f.offset}` : ''}${f.path.length ? ` in ${f.path.join(' / ')}` : ''}: ${f.message}`,
        ),
      );
    }
    if (report.findings.length === 0) {
      el.append(h('p', {}, 'No findings.'));
      return;
    }
    const list = h('ol', { class: 'findings' });
    for (const f of report.findings) list.append(this.#finding(analysis, f));
    el.append(list);
  }

  #finding(analysis: Analysis, f: Finding): HTMLElement {
    const pickle = analysis.pickles.findIndex((p) => p.stream === f.stream && samePath(p.source.path, f.path));
    const link = (label: string, offset: number | undefined): (HTMLElement | string)[] => {
      if (offset === undefined) return [];
      if (pickle < 0) return [` ${label} at byte ${offset}`];
      const tokens = analysis.pickles[pickle]!.tokens;
      const token = tokens[tokenIndex(tokens, offset)];
      return [
        ' ',
        h(
          'button',
          { type: 'button', class: 'link', onclick: () => this.nav.revealOffset(pickle, offset) },
          `${label}: ${token?.op.name ?? 'opcode'} at byte ${offset}`,
        ),
      ];
    };
    const g = f.global;
    return h(
      'li',
      { class: `finding ${f.severity}` },
      h('span', { class: 'severity' }, f.severity),
      ' ',
      h('span', { class: 'kind' }, f.kind),
      ' ',
      f.message,
      g ? h('span', { class: 'global' }, ` (${g.mapped.module}.${g.mapped.name})`) : null,
      f.path.length > 0 ? ` in ${f.path.join(' / ')}` : null,
      ...link('import', f.importOffset),
      ...link('call', f.callOffset),
    );
  }
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
