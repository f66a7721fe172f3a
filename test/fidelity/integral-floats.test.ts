/**
 * "Default mode keeps Python's types": a default-mode load gives plain
 * numbers, yet a value that went through loads and back unchanged dumps its
 * integral floats as floats again (see values/float-slots.ts for exactly when).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps } from '../../src/pickler/index.js';
import { pyFormat, pyRepr } from '../../src/repr/index.js';
import { parseTypedJson, stringifyTypedJson } from '../../src/typed-json/index.js';
import { loads } from '../../src/unpickler/index.js';
import type { Tuple } from '../../src/values/index.js';

// {'C': 1.0, 'l': [1.0, 2, 0.5, 3.0], 't': (1.0, 2), 1.0: 'k', 'n': None}, CPython 3.11 at protocols 0, 2, 4.
const RECORD = [
  '286470300a56430a70310a46312e300a73566c0a70320a286c70330a46312e300a6149320a6146302e350a6146332e300a617356740a70340a2846312e300a49320a7470350a7346312e300a566b0a70360a73566e0a70370a4e732e',
  '80027d7100285801000000437101473ff000000000000058010000006c71025d710328473ff00000000000004b02473fe0000000000000474008000000000000655801000000747104473ff00000000000004b02867105473ff000000000000058010000006b710658010000006e71074e752e',
  '8004955a000000000000007d94288c014394473ff00000000000008c016c945d9428473ff00000000000004b02473fe0000000000000474008000000000000658c017494473ff00000000000004b028694473ff00000000000008c016b948c016e944e752e',
];
const PROTOCOLS = [0, 2, 4] as const;
// [0.0, 1.0, 2.0, 3.0, 4.0] at protocol 4 (the batched float path).
const FLOAT_LIST = '80049532000000000000005d9428470000000000000000473ff0000000000000474000000000000000474008000000000000474010000000000000652e';

test('plain numbers for the user, floats again in the dump while unchanged', () => {
  RECORD.forEach((hex, k) => {
    const data = Buffer.from(hex, 'hex');
    const value = loads(data) as Map<unknown, unknown>;
    assert.equal(value.get('C'), 1);
    assert.deepEqual(value.get('l'), [1, 2, 0.5, 3]);
    assert.equal((value.get('t') as Tuple)[0], 1);
    assert.equal(value.get(1), 'k');
    assert.deepEqual(Buffer.from(dumps(value, { protocol: PROTOCOLS[k] })), data);
    // Typed JSON keeps them floats too.
    assert.deepEqual(Buffer.from(dumps(parseTypedJson(stringifyTypedJson(value)), { protocol: PROTOCOLS[k] })), data);
  });
  const floats = Buffer.from(FLOAT_LIST, 'hex');
  const list = loads(floats) as number[];
  assert.deepEqual(list, [0, 1, 2, 3, 4]);
  assert.deepEqual(Buffer.from(dumps(list, { protocol: 4 })), floats);
});

test('a changed or moved number dumps as an int, as any integral JS number', () => {
  const value = loads(Buffer.from(RECORD[2]!, 'hex')) as Map<unknown, unknown>;
  value.set('C', 2); // changed: int
  const list = value.get('l') as number[];
  list[0] = 7; // changed: int
  const back = loads(dumps(value)) as Map<unknown, unknown>;
  // Round-tripped through CPython's reading of our bytes: C and l[0] are now ints, l[3] still a float.
  const again = dumps(back);
  assert.ok(Buffer.from(again).includes(Buffer.from('8c014394' + '4b02', 'hex'))); // 'C' then BININT1 2
  assert.ok(Buffer.from(again).includes(Buffer.from('5d94284b07', 'hex'))); // [7, ...
  assert.ok(Buffer.from(again).includes(Buffer.from('474008000000000000', 'hex'))); // 3.0 still a float
  // A fresh JS value has no record: integral numbers are ints.
  assert.deepEqual([...dumps([1, 2], { protocol: 2 })], [0x80, 2, 0x5d, 0x71, 0, 0x28, 0x4b, 1, 0x4b, 2, 0x65, 0x2e]);
});

test('show prints what Python prints: 1.0 where the pickle held a float', () => {
  const value = loads(Buffer.from(RECORD[2]!, 'hex'));
  const python = "{'C': 1.0, 'l': [1.0, 2, 0.5, 3.0], 't': (1.0, 2), 1.0: 'k', 'n': None}";
  assert.equal(pyRepr(value), python);
  assert.equal(pyFormat(value), python);
});
