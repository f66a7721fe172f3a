/**
 * pickletools' `optimize`: drops the PUTs nothing GETs, renumbers the memo
 * from 0, and re-frames protocol 4+ pickles, byte for byte as CPython 3.11.
 */

import { HIGHEST_PROTOCOL, Op } from '../opcodes.js';
import { FRAME_SIZE_TARGET, PickleWriter } from '../pickler/writer.js';
import { writeGet, writePut } from '../pickler/memo-opcodes.js';
import { genops } from './genops.js';
import { PickletoolsError } from './pickletools-error.js';

/** A copied opcode (its byte range), a PUT of an old memo index, or a GET of one. */
type Step = { kind: 'copy'; start: number; end: number } | { kind: 'put'; key: number | bigint } | { kind: 'get'; key: number | bigint };

/** A memo index as a Python dict compares it: `True` is 1, a small bigint is the number. */
function memoKey(arg: unknown): number | bigint {
  if (typeof arg === 'boolean') return arg ? 1 : 0;
  if (typeof arg === 'bigint' && arg >= -9007199254740991n && arg <= 9007199254740991n) return Number(arg);
  return arg as number | bigint;
}

/**
 * pickle's `get(None)`: a GET whose index no kept PUT defined. Protocol 0
 * writes `repr(None)`; protocol 1+ fails comparing None with 256.
 */
function undefinedGet(out: PickleWriter, proto: number, offset: number): void {
  if (proto >= 1) throw new PickletoolsError("'<' not supported between instances of 'NoneType' and 'int'", offset, 'GET', 'TypeError');
  out.ascii('gNone\n');
}

/**
 * Rewrites a pickle as CPython 3.11's `pickletools.optimize` does: the first
 * pickle in `data` (through its STOP) with every PUT/BINPUT/LONG_BINPUT/MEMOIZE
 * that no GET uses removed, the kept ones renumbered 0, 1, 2, … (written as
 * MEMOIZE at protocol 4+, BINPUT/LONG_BINPUT at 1–3, PUT at 0, where the
 * protocol is the highest PROTO or GET-family opcode seen), old FRAMEs
 * dropped and, at protocol 4+, frames rebuilt as CPython's pickler builds them
 * (a PROTO at offset 0 stays in front of the first frame; opcodes larger than
 * 64 KiB go outside frames). The output is byte-identical to CPython's.
 * @param data the pickle bytes.
 * @returns the optimized pickle.
 * @throws PickletoolsError (an UnpicklingError) for what pickletools rejects: malformed input
 *   (as `genops`), a PROTO above 5 (`pickle protocol must be <= 5`), and a BINGET of an index
 *   no PUT defined at protocol 1+ (CPython fails comparing None with 256).
 */
export function optimize(data: Uint8Array): Uint8Array {
  const oldIds = new Set<number | bigint>();
  const usedIds = new Map<number | bigint, number | undefined>();
  const steps: Step[] = [];
  const getOffsets: number[] = [];
  let proto = 0;
  let protoHeader: Uint8Array = new Uint8Array(0);
  let protoOffset = -1;
  for (const { op, arg, offset, length } of genops(data)) {
    const end = offset + length;
    switch (op.code) {
      case Op.PUT:
      case Op.BINPUT:
      case Op.LONG_BINPUT: {
        const key = memoKey(arg);
        oldIds.add(key);
        steps.push({ kind: 'put', key });
        break;
      }
      case Op.MEMOIZE: {
        const key = oldIds.size;
        oldIds.add(key);
        steps.push({ kind: 'put', key });
        break;
      }
      case Op.FRAME:
        break;
      case Op.GET:
      case Op.BINGET:
      case Op.LONG_BINGET: {
        if (op.proto > proto) proto = op.proto;
        const key = memoKey(arg);
        usedIds.set(key, undefined);
        steps.push({ kind: 'get', key });
        getOffsets.push(offset);
        break;
      }
      case Op.PROTO:
        if ((arg as number) > proto) {
          proto = arg as number;
          protoOffset = offset;
        }
        if (offset === 0) protoHeader = data.slice(offset, end);
        else steps.push({ kind: 'copy', start: offset, end });
        break;
      default:
        steps.push({ kind: 'copy', start: offset, end });
    }
  }
  if (proto > HIGHEST_PROTOCOL) {
    throw new PickletoolsError(`pickle protocol must be <= ${HIGHEST_PROTOCOL}`, protoOffset, 'PROTO');
  }

  // The pickler's own framer, as CPython's optimize drives `_Pickler.framer`:
  // a frame is committed at an opcode boundary once it reaches the target, and
  // an opcode larger than the target closes the frame and goes outside it.
  const out = new PickleWriter(undefined, Math.max(64, data.length + 16));
  out.raw(protoHeader);
  out.framing = proto >= 4;
  let idx = 0;
  let getIndex = 0;
  for (const step of steps) {
    if (step.kind === 'put') {
      if (!usedIds.has(step.key)) continue;
      out.boundary();
      writePut(out, proto, idx);
      usedIds.set(step.key, idx);
      idx++;
    } else if (step.kind === 'get') {
      const at = usedIds.get(step.key);
      const offset = getOffsets[getIndex++]!;
      out.boundary();
      if (at === undefined) undefinedGet(out, proto, offset);
      else writeGet(out, proto, at);
    } else {
      const bytes = data.subarray(step.start, step.end);
      if (bytes.length > FRAME_SIZE_TARGET) {
        out.outsideFrame(bytes);
        continue;
      }
      out.boundary();
      out.raw(bytes);
    }
  }
  return out.finish();
}
