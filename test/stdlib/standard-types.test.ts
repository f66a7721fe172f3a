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
import { dumps, loads, NO_DUMPS, NO_LOADS } from './pickle-api.js';

test('every fixture case has an expectation', () => {
  assert.deepEqual(Object.keys(FIXTURES).filter((k) => !(k in EXPECT)), []);
  assert.deepEqual(Object.keys(EXPECT).filter((k) => !(k in FIXTURES)), []);
});

/**
 * Cases waiting on other parts (reported to the lead); marked todo so they run
 * and show, without failing the suite, until those parts land.
 */
const VALUE = 'unpickler: GLOBAL must push LoadBinding.value (contract.ts, issue 4)';
const RECONSTRUCT = 'unpickler: copyreg._reconstructor(cls, list|dict|tuple, state) must call LoadBinding.reconstruct';
function pending(name: string, protocol: number, phase: 'loads' | 'dumps'): string | undefined {
  if (phase === 'loads' && ['ellipsis', 'not_implemented', 'builtin_singletons'].includes(name)) return VALUE;
  if (phase === 'loads' && protocol < 2 && /^(my_(list|list_attr|dict|tuple)|namedtuple.*)$/.test(name)) return RECONSTRUCT;
  return undefined;
}

for (const [name, fixture] of Object.entries(FIXTURES)) {
  fixture.pickles.forEach((hex, protocol) => {
    if (hex === null) return;
    test(`${name} p${protocol} loads`, { skip: NO_LOADS, todo: pending(name, protocol, 'loads') }, () => {
      const value = loads!(fromHex(hex), { registry: fixtureRegistry });
      EXPECT[name]!(value, protocol);
    });
    const todo = pending(name, protocol, 'dumps');
    test(`${name} p${protocol} dumps back byte-identical`, { skip: NO_LOADS || NO_DUMPS, todo }, () => {
      const bytes = fromHex(hex);
      for (const lossless of [true, false]) {
        const value = loads!(bytes, { registry: fixtureRegistry, lossless });
        const again = dumps!(value, { protocol, registry: fixtureRegistry });
        assert.equal(toHex(again), hex, `lossless=${lossless}`);
      }
    });
  });
}
