/**
 * The memo opcodes as CPython's pickler writes them (`_Pickler.put` / `get`),
 * shared by the pickler and pickletools' `optimize`.
 */
import { Op } from '../opcodes.js';
import type { PickleWriter } from './writer.js';

/**
 * Stores the top of the stack as memo entry `idx`: MEMOIZE at protocol 4+,
 * BINPUT / LONG_BINPUT at 1–3, `p<idx>\n` at 0.
 * @throws never.
 */
export function writePut(w: PickleWriter, protocol: number, idx: number): void {
  if (protocol >= 4) w.byte(Op.MEMOIZE);
  else if (protocol === 0) w.ascii(`p${idx}\n`);
  else if (idx < 256) w.byte2(Op.BINPUT, idx);
  else w.opU32(Op.LONG_BINPUT, idx);
}

/**
 * Pushes memo entry `idx`: BINGET / LONG_BINGET at protocol 1+, `g<idx>\n` at 0.
 * @throws never.
 */
export function writeGet(w: PickleWriter, protocol: number, idx: number): void {
  if (protocol === 0) w.ascii(`g${idx}\n`);
  else if (idx < 256) w.byte2(Op.BINGET, idx);
  else w.opU32(Op.LONG_BINGET, idx);
}
