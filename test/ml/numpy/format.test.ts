import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loads, NDArray, pyRepr } from '../../../src/index.js';
import { fixture, fixtureDir } from './helpers.js';

const arrays = (JSON.parse(readFileSync(fixtureDir('numpy') + 'expected.json', 'utf8')) as { arrays: Record<string, { repr: string }> }).arrays;

let exact = 0;
for (const [name, c] of Object.entries(arrays)) {
  test(`numpy repr of ${name}`, () => {
    const a = loads(fixture('numpy', `${name}.p4.pkl`)) as NDArray;
    const text = pyRepr(a);
    assert.ok(text.startsWith('array(') && text.endsWith(')'), text);
    if (text === c.repr) exact++;
  });
}

test('numpy repr matches numpy exactly for the common dtypes', () => {
  // Numeric, bool, str and object arrays print as numpy prints them; the test
  // pins which ones so a regression fails.
  // Approximate (documented): complex, structured and object arrays holding lists differ in spacing or spelling.
  const approximate = new Set(['O', 'c16_be', 'c8', 'structured', 'structured_padded']);
  const want = Object.keys(arrays).filter((name) => !approximate.has(name));
  const got = want.filter((name) => pyRepr(loads(fixture('numpy', `${name}.p4.pkl`))) === arrays[name]!.repr);
  assert.deepEqual(got, want);
  assert.ok(exact >= want.length);
});

test('numpy repr summarises large arrays instead of printing megabytes', () => {
  const a = NDArray.from(new Float64Array(1_000_000));
  const text = pyRepr(a);
  assert.equal(text, 'array([0., 0., 0., ..., 0., 0., 0.])');
});

test('numpy scalars kept in lossless mode print as their value', () => {
  assert.equal(pyRepr(loads(fixture('numpy', 'scalar_float64.p4.pkl'), { lossless: true })), '1.5');
  assert.equal(pyRepr(loads(fixture('numpy', 'scalar_bool.p4.pkl'), { lossless: true })), 'True');
});
