/**
 * Runs of float batches (EMPTY_LIST, then MARK, BINFLOAT…, APPENDS again and
 * again, FRAMEs anywhere, as CPython writes a list of more than 1000 floats):
 * default mode decodes the whole run at once into a list sized once; the
 * values, the recorded integral floats and every limit error must be those of
 * the general path (lossless mode, which always takes it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps } from '../../src/pickler/index.js';
import { loads, Unpickler } from '../../src/unpickler/index.js';
import type { UnpicklerLimits } from '../../src/unpickler/index.js';
import { binfloat, frame } from './pickle-bytes.js';
import { Float } from '../../src/values/index.js';

/**
 * `[…batches]` at protocol 4: EMPTY_LIST, MEMOIZE, then one MARK … APPENDS
 * per batch; `frames` lists [batch, before which float (or -1: before the
 * MARK)] where a small FRAME goes.
 */
function batches(lists: number[][], frames: [number, number][] = [], tail: number[] = []): Uint8Array {
  const out = [0x80, 0x04, 0x5d, 0x94];
  lists.forEach((values, bi) => {
    if (frames.some(([b, i]) => b === bi && i === -1)) out.push(...frame(12));
    out.push(0x28);
    values.forEach((x, i) => {
      if (frames.some(([b, j]) => b === bi && j === i)) out.push(...frame(12));
      out.push(...binfloat(x));
    });
    out.push(0x65);
  });
  out.push(...tail, 0x2e);
  return Uint8Array.from(out);
}

function outcome(data: Uint8Array, lossless: boolean, limits: UnpicklerLimits): string {
  try {
    const v = loads(data, { lossless, limits }) as unknown[];
    return JSON.stringify(v.map((x) => (x instanceof Float ? x.value : x)));
  } catch (e) {
    return `${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
}

const A = [0.5, 1.5, -2.25];
const B = [3.125, 6.02e-23];
const C = [-0.125, 7.5, 8.25, 9.75];

test('a run of float batches loads as one list, with FRAMEs inside and between batches', () => {
  const data = batches(
    [A, B, C],
    [
      [1, -1],
      [2, 2],
    ],
  );
  assert.deepEqual(loads(data), [...A, ...B, ...C]);
  assert.deepEqual(loads(batches([A, B, C])), [...A, ...B, ...C]);
});

test('float runs: same values and same limit errors as the general path, at every threshold', () => {
  const cases = [
    batches([A, B, C]),
    batches(
      [A, B, C],
      [
        [1, -1],
        [2, 2],
      ],
    ),
    batches([A, B], [], [0x28, 0x4e, 0x65]),
  ];
  for (const data of cases) {
    assert.equal(outcome(data, false, {}), outcome(data, true, {}));
    for (let n = 1; n <= 40; n++) {
      for (const limits of [{ maxWork: n }, { maxDepth: n }, { maxItems: n }] as UnpicklerLimits[]) {
        assert.equal(outcome(data, false, limits), outcome(data, true, limits), `${JSON.stringify(limits)} on ${data.length} bytes`);
      }
    }
  }
});

test('a batch that is not all floats ends the run: the rest loads through the general path', () => {
  // [A…, B…, None, C…]: the third batch holds a None.
  const data = batches([A, B], [], [0x28, ...binfloat(1.25), 0x4e, 0x65]);
  assert.deepEqual(loads(data), [...A, ...B, 1.25, null]);
});

test('integral floats in a run dump back as floats, byte-identical', () => {
  const values = Array.from({ length: 2500 }, (_, i) => (i % 7 === 0 ? i : i + 0.5));
  const data = dumps(
    values.map((x) => new Float(x)),
    { protocol: 4 },
  );
  const loaded = loads(data) as number[];
  assert.deepEqual(loaded, values);
  assert.deepEqual(dumps(loaded, { protocol: 4 }), data);
  assert.equal(loaded.length, 2500);
});

test('a truncated run raises exactly as the general path', () => {
  const data = batches([A, B, C]);
  for (let cut = 4; cut < data.length; cut += 5) {
    const part = data.subarray(0, cut);
    assert.equal(outcome(part, false, {}), outcome(part, true, {}), `cut at ${cut}`);
  }
});

test('each float run is scanned for its own list: several lists, and one Unpickler over two pickles', () => {
  const first = Array.from({ length: 2300 }, (_, i) => i + 0.25);
  const second = Array.from({ length: 1700 }, (_, i) => -i - 0.75);
  const data = dumps([first, second, first.slice(0, 1001)], { protocol: 5 });
  assert.deepEqual(loads(data), [first, second, first.slice(0, 1001)]);
  // The same run start in a second pickle of one stream (a scan is keyed by offset only within one input).
  const two = new Uint8Array([...dumps(second, { protocol: 4 }), ...dumps(first, { protocol: 4 })]);
  const u = new Unpickler(two);
  assert.deepEqual(u.load(), second);
  assert.deepEqual(u.load(), first);
});

test('batches of 1 to 9 floats with a FRAME at every position: the run matches the general path', () => {
  for (let n = 1; n <= 9; n++) {
    const values = Array.from({ length: n }, (_, i) => i + 0.5);
    for (let at = -1; at < n; at++) {
      const data = batches([values, values.slice(0, Math.max(1, n - 2))], [[0, at]]);
      assert.equal(outcome(data, false, {}), outcome(data, true, {}), `n=${n} frame before ${at}`);
      assert.deepEqual(loads(data), [...values, ...values.slice(0, Math.max(1, n - 2))]);
      // Cut inside the run: the same error as the general path.
      const cut = data.subarray(0, data.length - 5);
      assert.equal(outcome(cut, false, {}), outcome(cut, true, {}), `cut n=${n} at=${at}`);
    }
  }
});
