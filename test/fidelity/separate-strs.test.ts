/**
 * Issue 12: equal strs that CPython wrote as separate objects (each its own
 * str opcode and memo entry) come back so from a lossless load, and a GET of
 * the second object refers to the second memo entry; a JS string dumped
 * twice still memoizes by value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps } from '../../src/pickler/index.js';
import { parseTypedJson, stringifyTypedJson } from '../../src/typed-json/index.js';
import { loads, Unpickler } from '../../src/unpickler/index.js';
import { asProtocol } from '../helpers/protocols.js';

// a1, a2 = two separate 'ab' objects; pickle.dumps([a1, a2, a1, a2], p) in CPython 3.11.
const LIST_P2 = '80025d71002858020000006162710158020000006162710268016802652e';
const LIST_P4 = '80049513000000000000005d94288c026162948c0261629468016802652e';
// pickle.dumps({k1: 1, 'x': {k2: 2}}, 2) with k1, k2 separate 'key' objects.
const DICT_P2 = '80027d71002858030000006b657971014b0158010000007871027d710358030000006b657971044b0273752e';
// pickle.dumps(['ab', 'ab'], 2): one object twice.
const SHARED_P2 = '80025d7100285802000000616271016801652e';

test('lossless: separate equal strs are written separately again, GETs refer to the right one', () => {
  for (const hex of [LIST_P2, LIST_P4, DICT_P2, SHARED_P2]) {
    const data = Buffer.from(hex, 'hex');
    for (const standardTypes of [true, false]) {
      const value = loads(data, { lossless: true, standardTypes });
      assert.deepEqual(Buffer.from(dumps(value, { protocol: asProtocol(data[1]!) })), data, hex);
      // The value itself holds plain strings.
      if (Array.isArray(value)) assert.deepEqual([...value], hex === SHARED_P2 ? ['ab', 'ab'] : ['ab', 'ab', 'ab', 'ab']);
      // Typed JSON keeps which ones were separate.
      const json = stringifyTypedJson(value, { standardTypes });
      assert.deepEqual(Buffer.from(dumps(parseTypedJson(json), { protocol: asProtocol(data[1]!) })), data, json);
    }
  }
});

test('a JS string dumped twice still memoizes by value; default loads do not keep separate strs', () => {
  assert.equal(Buffer.from(dumps(['ab', 'ab'], { protocol: 2 })).toString('hex'), SHARED_P2);
  const plain = loads(Buffer.from(LIST_P2, 'hex'));
  assert.equal(Buffer.from(dumps(plain, { protocol: 2 })).toString('hex'), '80025d710028580200000061627101680168016801652e');
});

test('a changed or moved separate str dumps as any JS string does', () => {
  const value = loads(Buffer.from(LIST_P2, 'hex'), { lossless: true }) as string[];
  value[1] = 'cd';
  // Index 3 still holds the second object: written afresh (new entry), as a GET of index 1 no longer exists.
  assert.equal(Buffer.from(dumps(value, { protocol: 2 })).toString('hex'), '80025d7100285802000000616271015802000000636471026801580200000061627103652e');
  // A copy of the list has no record: equal strings memoize by value.
  const moved = [...value];
  assert.equal(Buffer.from(dumps(moved, { protocol: 2 })).toString('hex'), '80025d71002858020000006162710158020000006364710268016801652e');
});

test('an Unpickler reading several pickles keeps separate strs fetched from its memo', () => {
  // Two pickles of one Pickler: the second GETs the first one's memo entries.
  const first = Buffer.from('80025d710028580200000061627101580200000061627102652e', 'hex');
  const second = Buffer.from('80025d71032868016802652e', 'hex');
  const u = new Unpickler(Buffer.concat([first, second]), { lossless: true });
  u.load();
  const again = u.load() as string[];
  assert.deepEqual([...again], ['ab', 'ab']);
  // The second GET refers to the second object: written afresh after the first.
  assert.equal(Buffer.from(dumps(again, { protocol: 2 })).toString('hex'), '80025d710028580200000061627101580200000061627102652e');
});
