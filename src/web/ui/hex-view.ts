/**
 * A hex dump of a window of bytes around a range, the range highlighted:
 * rendering only the window keeps it instant on files of any size.
 */
import { h } from './dom.js';

/** Rows shown before and after the highlighted range. */
const CONTEXT_ROWS = 3;
/** Most rows of the highlighted range itself. */
const MAX_RANGE_ROWS = 24;
/** Bytes per row: 8 keeps the dump narrow enough for a side panel and a phone. */
const W = 8;

const hex2 = (b: number): string => b.toString(16).padStart(2, '0');

/**
 * The hex dump element.
 * @param bytes the bytes offsets count in.
 * @param start first highlighted byte.
 * @param end one past the last highlighted byte.
 * @returns a `<pre>` with offset, hex and ASCII columns.
 * @throws never.
 */
export function hexDump(bytes: Uint8Array, start: number, end: number): HTMLElement {
  const firstRow = Math.max(0, Math.floor(start / W) - CONTEXT_ROWS);
  const lastRangeRow = Math.min(Math.floor(Math.max(start, end - 1) / W), Math.floor(start / W) + MAX_RANGE_ROWS - 1);
  const lastRow = Math.min(Math.ceil(bytes.length / W) - 1, lastRangeRow + CONTEXT_ROWS);
  const pre = h('pre', { class: 'hex', 'aria-label': `bytes ${start} to ${end - 1}` });
  for (let row = firstRow; row <= lastRow; row++) {
    const line = h('div', { class: 'hex-row' }, h('span', { class: 'hex-off' }, (row * W).toString(16).padStart(8, '0')), '  ');
    let ascii = '';
    for (let i = row * W; i < row * W + W; i++) {
      if (i >= bytes.length) {
        line.append('   ');
        continue;
      }
      const b = bytes[i]!;
      const text = hex2(b);
      line.append(i >= start && i < end ? h('mark', {}, text) : text, ' ');
      ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    }
    line.append(' ', h('span', { class: 'hex-ascii' }, ascii));
    pre.append(line);
  }
  if (Math.floor(Math.max(start, end - 1) / W) > lastRangeRow) pre.append(h('div', {}, `… ${end - (lastRangeRow + 1) * W} more bytes of this opcode`));
  return pre;
}
