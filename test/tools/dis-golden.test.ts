// dis and optimize against CPython 3.11's pickletools, from the committed goldens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OPTION_SETS, fromHex, ourDis, ourOptimize, readGolden, type GoldenCase } from './golden-helpers.js';

const golden = readGolden<{ python: string; cases: GoldenCase[] }>('dis.json');

test('the goldens hold a broad corpus', () => {
  assert.ok(golden.cases.length >= 300, `only ${golden.cases.length} cases`);
  const names = new Set(golden.cases.map((c) => c.name));
  for (const name of [
    'proto_in_middle',
    'mark_heavy_p0',
    'inst',
    'obj',
    'persid',
    'binpersid',
    'ext1',
    'ext2',
    'ext4',
    'frame_mid',
    'memo_gaps',
    'rec_list_p0',
    'err_memo_redefined',
    'err_pop_underflow',
    'err_missing_mark',
    'err_stack_not_empty',
    'err_truncated_binunicode',
  ]) {
    assert.ok(names.has(name), `missing case ${name}`);
  }
});

for (const c of golden.cases) {
  test(`dis and optimize match pickletools: ${c.name}`, () => {
    const data = fromHex(c.hex);
    for (const [key, expected] of Object.entries(c.dis)) {
      assert.deepEqual(ourDis(data, OPTION_SETS[key]!), expected, `dis with ${key}`);
    }
    assert.deepEqual(ourOptimize(data), c.optimize, 'optimize');
  });
}
