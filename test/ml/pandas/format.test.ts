import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { formatDataFrame, formatSeries, DataFrame, loads, pyRepr, Series } from '../../../src/index.js';
import { fixture, fixtureDir } from '../numpy/helpers.js';

const names = readdirSync(fixtureDir('pandas'))
  .filter((f) => f.endsWith('.expected.pkl'))
  .map((f) => f.slice(0, -'.expected.pkl'.length));

for (const name of names) {
  test(`pandas repr of ${name} matches pandas' own`, () => {
    const want = (loads(fixture('pandas', `${name}.expected.pkl`), { dictType: 'map' }) as Map<string, unknown>).get('repr');
    const v = loads(fixture('pandas', `${name}.p5.pkl`));
    const text = v instanceof DataFrame ? formatDataFrame(v) : formatSeries(v as Series);
    assert.equal(text, want);
    assert.equal(pyRepr(v), want);
  });
}
