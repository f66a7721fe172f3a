import type { CliIo, CliOutput } from './cli-io.js';

/** How long an input may take before a progress bar appears, in milliseconds. */
const SHOW_AFTER_MS = 300;
/** Inputs this large show the bar at once, however fast they are read. */
export const SHOW_FROM_BYTES = 4 << 20;
/** Minimum time between two redraws, in milliseconds. */
const REDRAW_MS = 80;
const BAR_WIDTH = 24;

/**
 * The progress bar a command should use: drawn on standard error when it is a terminal, never
 * when it is not; `PICKLEJAR_PROGRESS=always` draws it anyway (logs, tests) and
 * `PICKLEJAR_PROGRESS=never` turns it off on a terminal.
 * @throws never.
 */
export function progressFor(io: CliIo): Progress {
  const mode = io.env['PICKLEJAR_PROGRESS'];
  return new Progress(io.stderr, mode === 'always' || (mode !== 'never' && io.stderr.isTTY === true));
}

/**
 * A one-line progress bar on standard error. It draws nothing unless enabled
 * (stderr is a terminal) and the input is a few MiB or the work has already
 * taken more than a moment, so quick runs and redirected output stay clean.
 */
export class Progress {
  private label = '';
  private total = 0;
  private done = 0;
  private started = 0;
  private lastDraw = 0;
  private drawn = false;

  /** @param out where to draw (standard error); `enabled` false makes every method a no-op. */
  constructor(
    private readonly out: CliOutput,
    private readonly enabled: boolean,
  ) {}

  /** Starts a new task; `total` is the expected number of bytes, 0 when unknown. */
  start(label: string, total: number): void {
    this.label = label;
    this.total = total;
    this.done = 0;
    this.started = Date.now();
    this.lastDraw = 0;
  }

  /** Reports `done` bytes processed so far. */
  update(done: number): void {
    this.done = done;
    if (!this.enabled) return;
    const now = Date.now();
    if ((now - this.started < SHOW_AFTER_MS && done < SHOW_FROM_BYTES) || now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.draw(this.label);
  }

  /**
   * Announces a step that will block the event loop (such as decoding a large
   * pickle) when the task has been slow so far or is large, since no redraw
   * can happen until that step ends.
   */
  phase(label: string, large: boolean): void {
    if (!this.enabled) return;
    if (!large && !this.drawn && Date.now() - this.started < SHOW_AFTER_MS && this.done < SHOW_FROM_BYTES) return;
    this.draw(label, true);
  }

  /** Clears the bar, if one was drawn. */
  finish(): void {
    if (this.drawn) this.out.write('\r\x1b[K');
    this.drawn = false;
  }

  private draw(label: string, indeterminate = false): void {
    const columns = this.out.columns ?? 80;
    let line: string;
    if (indeterminate) {
      line = `${label} (${formatBytes(this.total || this.done)})…`;
    } else if (this.total > 0) {
      const share = Math.min(1, this.done / this.total);
      const filled = Math.round(share * BAR_WIDTH);
      const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
      line = `${label} ${bar} ${String(Math.floor(share * 100)).padStart(3)}% ${formatBytes(this.done)}/${formatBytes(this.total)}`;
    } else {
      line = `${label} ${formatBytes(this.done)}`;
    }
    if (line.length > columns - 1) line = line.slice(0, Math.max(0, columns - 2)) + '…';
    this.out.write('\r\x1b[K' + line);
    this.drawn = true;
  }
}

/** Formats a byte count for humans: `512 B`, `3.4 KiB`, `12.0 MiB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}
