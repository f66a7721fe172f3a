import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loads } from '../../src/unpickler/index.js';
import { describe, hex, NEEDS_PYTHON, python, readGolden, withoutFloatIntegrality, SOURCE_DIR } from './helpers.js';

interface ValueCase {
  name: string;
  proto: number;
  hex: string;
  expect: unknown;
}
interface Goldens {
  python: string;
  values: ValueCase[];
}

const goldens = readGolden<Goldens>('values.json');

test('committed CPython pickles load to exactly the described values (all protocols)', () => {
  assert.ok(goldens.values.length >= 90);
  for (const c of goldens.values) {
    assert.deepEqual(describe(loads(hex(c.hex), { lossless: true })), c.expect, `${c.name} at protocol ${c.proto} (lossless)`);
    assert.deepEqual(describe(loads(hex(c.hex))), withoutFloatIntegrality(c.expect), `${c.name} at protocol ${c.proto}`);
  }
});

test('the committed goldens are what python3 generates now', { skip: NEEDS_PYTHON }, () => {
  const live = JSON.parse(
    python(
      `import runpy, sys\nsys.argv = ['x', '--stdout']\nrunpy.run_path(${JSON.stringify(join(SOURCE_DIR, 'generate-goldens.py'))}, run_name='__main__')`,
    ).toString('utf8'),
  ) as Goldens;
  assert.equal(live.values.length, goldens.values.length);
  for (let i = 0; i < live.values.length; i++) {
    const c = live.values[i]!;
    assert.deepEqual(describe(loads(hex(c.hex), { lossless: true })), c.expect, `${c.name} at protocol ${c.proto} (live)`);
  }
});

test('recursive and shared structures keep identity', () => {
  for (const c of goldens.values) {
    if (c.name === 'recursive_list') {
      const v = loads(hex(c.hex)) as unknown[];
      assert.equal(v[0], v);
    }
    if (c.name === 'recursive_dict') {
      const v = loads(hex(c.hex)) as Record<string, unknown>;
      assert.equal(Object.getPrototypeOf(v), null);
      assert.equal(v['self'], v);
      const m = loads(hex(c.hex), { dictType: 'map' }) as Map<string, unknown>;
      assert.equal(m.get('self'), m);
    }
    if (c.name === 'shared') {
      const v = loads(hex(c.hex)) as unknown[][];
      assert.equal(v[0], v[1]);
      assert.equal((v[2] as unknown[])[0], v[0]);
    }
  }
});
