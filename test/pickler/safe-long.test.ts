/**
 * Ints that are safe JS numbers outside int32 are written as LONG1 in number
 * arithmetic (scalars.ts `writeSafeLong1`): the same bytes as the bigint route
 * and as CPython, at every width and sign boundary.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { PYTHON, pythonSkip } from '../helpers/python.js';
import { dumps } from '../../src/pickler/index.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function boundaryValues(): number[] {
  const out: number[] = [Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 31, -(2 ** 31) - 1, 1230000000000, -1230000000000];
  for (let bits = 31; bits <= 53; bits++) {
    const p = 2 ** bits;
    for (const v of [p - 1, p, p + 1, -p + 1, -p, -p - 1]) if (Number.isSafeInteger(v) && (v > 0x7fffffff || v < -0x80000000)) out.push(v);
  }
  // Fixed pseudo-random values over the whole safe range (a small LCG: reproducible).
  let s = 12345;
  for (let i = 0; i < 200; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const mag = Math.floor((s / 0x100000000) * 2 ** (32 + (i % 21)));
    const v = i % 2 === 0 ? mag + 0x80000000 : -mag - 0x80000001;
    if (Number.isSafeInteger(v)) out.push(v);
  }
  return out;
}

test('safe ints beyond int32: number and bigint routes write the same bytes, at every protocol', () => {
  const values = boundaryValues();
  assert.ok(values.length > 300);
  for (const v of values) {
    for (const protocol of [0, 1, 2, 3, 4, 5] as const) {
      assert.equal(hex(dumps(v, { protocol })), hex(dumps(BigInt(v), { protocol })), `${v} at protocol ${protocol}`);
    }
  }
});

test('exact LONG1 bytes for a few ints', () => {
  // 2**40: 6 bytes; -(2**40): 6 bytes ending 0xff; 2**39 - 1: 5 bytes; -(2**39): 5 bytes.
  assert.equal(hex(dumps(2 ** 40, { protocol: 2 })), '80028a060000000000012e');
  assert.equal(hex(dumps(-(2 ** 40), { protocol: 2 })), '80028a0600000000' + '00ff' + '2e');
  assert.equal(hex(dumps(2 ** 39 - 1, { protocol: 2 })), '80028a05ffffffff7f2e');
  assert.equal(hex(dumps(-(2 ** 39), { protocol: 2 })), '80028a0500000000802e');
});

test('safe ints beyond int32 pickle as CPython pickles them', { skip: pythonSkip() }, () => {
  const values = boundaryValues();
  const script = 'import pickle,sys,json\nfor v in json.load(sys.stdin): print(pickle.dumps(v, 2).hex())';
  const r = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(values) });
  assert.equal(r.status, 0, r.stderr.toString());
  const expected = r.stdout.toString().trim().split('\n');
  assert.equal(expected.length, values.length);
  values.forEach((v, i) => assert.equal(hex(dumps(v, { protocol: 2 })), expected[i], String(v)));
});
