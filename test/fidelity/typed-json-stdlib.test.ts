/**
 * Issue 12, bug 6: every value `loads` returns for the standard-types
 * fixtures (test/stdlib), in either mode and with `standardTypes` on or off,
 * survives typed JSON: pickle → value → typed JSON text → value → pickle gives
 * the bytes the value itself dumps to (in lossless mode: the original bytes,
 * wherever the lossless round trip is byte-identical).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps } from '../../src/pickler/index.js';
import { parseTypedJson, stringifyTypedJson } from '../../src/typed-json/index.js';
import { loads } from '../../src/unpickler/index.js';
import { FIXTURES, fromHex } from '../stdlib/fixtures.js';
import { asProtocol } from '../helpers/protocols.js';

const MODES = [
  { lossless: true, standardTypes: true },
  { lossless: true, standardTypes: false },
  { lossless: false, standardTypes: true },
  { lossless: false, standardTypes: false },
] as const;

test('standard-types fixtures: pickle → typed JSON → pickle is byte-identical in every mode', () => {
  let total = 0;
  let identical = 0;
  const failures: string[] = [];
  for (const [name, fixture] of Object.entries(FIXTURES)) {
    fixture.pickles.forEach((hex, index) => {
      const protocol = asProtocol(index);
      if (hex === null) return;
      const data = fromHex(hex);
      for (const mode of MODES) {
        const label = `${name} p${protocol} lossless=${mode.lossless} standardTypes=${mode.standardTypes}`;
        let value: unknown;
        try {
          value = loads(data, { ...mode, encoding: 'latin1' });
        } catch {
          continue; // a pickle this mode refuses (tested elsewhere)
        }
        total++;
        let direct: Uint8Array;
        let via: Uint8Array;
        try {
          direct = dumps(value, { protocol, standardTypes: mode.standardTypes });
          const text = stringifyTypedJson(value, { standardTypes: mode.standardTypes, protocol });
          via = dumps(parseTypedJson(text), { protocol, standardTypes: mode.standardTypes });
        } catch (e) {
          failures.push(`${label}: ${(e as Error).message}`);
          continue;
        }
        if (Buffer.from(via).equals(Buffer.from(direct))) identical++;
        else failures.push(`${label}: differs after typed JSON`);
      }
    });
  }
  assert.deepEqual(failures, [], `${identical}/${total} identical`);
  assert.ok(total > 400, `only ${total} round trips`);
});
