/**
 * Issue 12, bug 4: every float's 64 bits survive a lossless round trip,
 * including the sign and payload of NaNs inside a complex and signalling
 * NaNs in a float list.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps } from '../../src/pickler/index.js';
import { parseTypedJson, stringifyTypedJson } from '../../src/typed-json/index.js';
import { loads } from '../../src/unpickler/index.js';
import { Complex, Float, floatBitsOf, nanFloat } from '../../src/values/index.js';
import { asProtocol } from '../helpers/protocols.js';

// [complex(-nan, nan with payload 0xdead0000beef), signalling nan, 1.5, complex(1.0, signalling nan)],
// as CPython 3.11 writes it at protocols 2 and 4.
const P2 =
  '80025d710028635f5f6275696c74696e5f5f0a636f6d706c65780a710147fff8000000000000477ff8dead0000beef867102527103477ff0000000000001473ff80000000000006801473ff0000000000000477ff0000000000001867104527105652e';
const P4 =
  '8004955c000000000000005d94288c086275696c74696e73948c07636f6d706c657894939447fff8000000000000477ff8dead0000beef86945294477ff0000000000001473ff80000000000006803473ff0000000000000477ff000000000000186945294652e';

test('NaN sign and payload bits survive lossless round trips (complex parts, list items)', () => {
  for (const hex of [P2, P4]) {
    const data = Buffer.from(hex, 'hex');
    const value = loads(data, { lossless: true }) as unknown[];
    assert.ok(value[0] instanceof Complex);
    assert.ok(Number.isNaN((value[0] as Complex).real));
    assert.ok(value[1] instanceof Float);
    assert.equal(floatBitsOf(value[1] as Float), 0x7ff0000000000001n);
    assert.equal(value[2], 1.5);
    assert.deepEqual(Buffer.from(dumps(value, { protocol: asProtocol(data[1]!) })), data);
    // Typed JSON carries the bits too.
    assert.deepEqual(Buffer.from(dumps(parseTypedJson(stringifyTypedJson(value)), { protocol: asProtocol(data[1]!) })), data);
  }
});

test('a JS NaN and the canonical NaN need no record; nanFloat refuses non-NaN bits', () => {
  assert.equal(floatBitsOf(nanFloat(0x7ff8000000000000n)), undefined);
  assert.deepEqual([...dumps(nanFloat(0xfff8000000000001n), { protocol: 2 })].slice(3, 11), [0xff, 0xf8, 0, 0, 0, 0, 0, 1]);
  assert.throws(() => nanFloat(0x7ff0000000000000n), RangeError);
  assert.throws(() => nanFloat(0x3ff0000000000000n), RangeError);
});
