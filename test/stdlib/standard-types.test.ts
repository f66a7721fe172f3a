/**
 * Every standard-type fixture CPython wrote (protocols 0-5) loads to the
 * expected JS value, and dumps back to the same bytes (lossless and default
 * loading). Skips cleanly until loads/dumps are exported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURES, fromHex, toHex } from './fixtures.js';
import { EXPECT } from './expectations.js';
import { fixtureRegistry } from './fixture-registry.js';
import { dumps, loads } from '../../src/index.js';
import { asProtocol } from '../helpers/protocols.js';

test('every fixture case has an expectation', () => {
  assert.deepEqual(
    Object.keys(FIXTURES).filter((k) => !(k in EXPECT)),
    [],
  );
  assert.deepEqual(
    Object.keys(EXPECT).filter((k) => !(k in FIXTURES)),
    [],
  );
});

for (const [name, fixture] of Object.entries(FIXTURES)) {
  fixture.pickles.forEach((hex, index) => {
    const protocol = asProtocol(index);
    if (hex === null) return;
    test(`${name} p${protocol} loads`, () => {
      const value = loads!(fromHex(hex), { registry: fixtureRegistry });
      EXPECT[name]!(value, protocol);
    });
    test(`${name} p${protocol} dumps back byte-identical`, () => {
      const bytes = fromHex(hex);
      for (const lossless of [true, false]) {
        const value = loads!(bytes, { registry: fixtureRegistry, lossless });
        const again = dumps!(value, { protocol, registry: fixtureRegistry });
        assert.equal(toHex(again), hex, `lossless=${lossless}`);
      }
    });
  });
}
