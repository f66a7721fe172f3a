/**
 * `picklejar`'s `dumpChunks` is the streaming `dumps` with the standard and ML
 * types, as its `dumps` is (the core's, in `picklejar/core`, knows only the
 * built-ins): a Decimal streams as CPython writes it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as picklejar from '../../src/index.js';
import * as core from '../../src/core.js';
import { Decimal } from '../../src/stdlib/decimal.js';
import { PicklingError } from '../../src/errors.js';

const hex = (chunks: Iterable<Uint8Array>): string => Array.from(chunks, (c) => Buffer.from(c).toString('hex')).join('');

test("picklejar's dumpChunks writes the standard types, chunk for chunk what dumps writes", () => {
  // python3: pickle.dumps(decimal.Decimal('1.5'), 4)
  const expected = '80049521000000000000008c07646563696d616c948c07446563696d616c9493948c03312e3594859452942e';
  assert.equal(hex(picklejar.dumpChunks(new Decimal('1.5'), { protocol: 4 })), expected);
  assert.equal(Buffer.from(picklejar.dumps(new Decimal('1.5'), { protocol: 4 })).toString('hex'), expected);
  // The core's knows no Decimal.
  assert.throws(() => hex(core.dumpChunks(new Decimal('1.5'), { protocol: 4 })), PicklingError);
});
