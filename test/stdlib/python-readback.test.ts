/**
 * JS-written pickles of every standard type, at every protocol, load in
 * CPython (python3) to what CPython's own round trip gives, and match its
 * bytes. Skips without python3 or before loads/dumps exist.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { FIXTURES, fromHex, toHex } from './fixtures.js';
import { fixtureRegistry } from './fixture-registry.js';
import { dumps, loads } from '../../src/index.js';
import { pythonSkip } from '../helpers/python.js';
import { PICKLE_PROTOCOLS } from '../helpers/protocols.js';

const here = dirname(fileURLToPath(import.meta.url));
const script = join(here, '..', '..', '..', 'test', 'stdlib', 'readback.py');
const skip = pythonSkip();

interface Verdict {
  value: boolean;
  bytes: boolean;
  error: string | null;
}

test('CPython reads every JS-written standard type back (all protocol pairs)', { skip }, () => {
  const items: { id: string; source: string; protocol: number; js: string }[] = [];
  for (const [name, fixture] of Object.entries(FIXTURES)) {
    fixture.pickles.forEach((hex, p) => {
      if (hex === null) return;
      const value = loads!(fromHex(hex), { registry: fixtureRegistry });
      for (const q of PICKLE_PROTOCOLS) {
        let js: string;
        try {
          js = toHex(dumps!(value, { protocol: q, registry: fixtureRegistry }));
        } catch (e) {
          js = '';
          items.push({ id: `${name} p${p}->q${q} (dump failed: ${(e as Error).message})`, source: hex, protocol: q, js });
          continue;
        }
        items.push({ id: `${name} p${p}->q${q}`, source: hex, protocol: q, js });
      }
    });
  }
  const run = spawnSync('python3', ['-B', script], { input: JSON.stringify(items), encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(run.status, 0, run.stderr);
  const verdicts = JSON.parse(run.stdout) as Record<string, Verdict>;
  const wrongValue = Object.entries(verdicts).filter(([, v]) => !v.value);
  const sameBytes = Object.values(verdicts).filter((v) => v.bytes).length;
  const total = items.length;
  console.log(`CPython read-back: ${total - wrongValue.length}/${total} same value, ${sameBytes}/${total} byte-identical to CPython's own dump`);
  const notByteIdentical = Object.entries(verdicts)
    .filter(([, v]) => !v.bytes)
    .map(([id]) => id);
  console.log(`not byte-identical: ${notByteIdentical.join(', ')}`);
  assert.deepEqual(
    wrongValue.map(([id, v]) => `${id}: ${v.error ?? 'different value'}`),
    [],
  );
});
