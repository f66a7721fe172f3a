// Several pickles in one buffer: genops from each STOP onwards, and dis with one memo shared
// across calls (pickletools.dis(f, memo=memo) on one file object), against CPython's goldens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { genops, PickletoolsError, type DisMemo, type OpToken } from '../../src/tools/index.js';
import { pyRepr } from '../../src/repr/index.js';
import { fromHex, ourDis, readGolden, type DisResult } from './golden-helpers.js';

interface PyOps {
  ops: [string, string | null, number][];
  error?: { type: string; message: string };
}
interface Stream {
  name: string;
  hex: string;
  dis: (DisResult & { start: number })[];
  genops: PyOps[];
}

const golden = readGolden<{ streams: Stream[] }>('streams.json');

function pickleEnd(data: Uint8Array, start: number): number {
  let last: OpToken | undefined;
  for (const token of genops(data, { start })) last = token;
  return last!.offset + last!.length;
}

for (const s of golden.streams) {
  test(`dis with a shared memo across the pickles of a stream: ${s.name}`, () => {
    const data = fromHex(s.hex);
    const memo: DisMemo = new Map();
    const results: (DisResult & { start: number })[] = [];
    let start = 0;
    while (start < data.length) {
      const result = ourDis(data, { start, memo });
      results.push({ start, ...result });
      if (result.error) break;
      start = pickleEnd(data, start);
    }
    assert.deepEqual(results, s.dis);
  });

  test(`genops reads every pickle of a stream: ${s.name}`, () => {
    const data = fromHex(s.hex);
    const pickles: PyOps[] = [];
    let start = 0;
    while (start < data.length) {
      const ops: PyOps['ops'] = [];
      try {
        for (const { op, arg, offset, length } of genops(data, { start })) {
          ops.push([op.name, arg === null ? null : pyRepr(arg), offset]);
          start = offset + length;
        }
      } catch (e) {
        if (!(e instanceof PickletoolsError)) throw e;
        pickles.push({ ops, error: { type: e.pythonType, message: e.reason } });
        break;
      }
      pickles.push({ ops });
    }
    assert.deepEqual(pickles, s.genops);
  });
}
