/**
 * Issue 12, bug 5: lossless loads accept an unresolved persistent id,
 * extension code or out-of-band buffer wherever CPython accepts an object of
 * any type (persistent_load may return a tuple, a list, a dict, an object),
 * and dumps writes the pickle back byte for byte.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnpicklingError } from '../../src/errors.js';
import { dumps } from '../../src/pickler/index.js';
import { loads } from '../../src/unpickler/index.js';
import { BufferRef, ExtensionRef, PersistentRef, PyObject, unresolvedEffectsOf } from '../../src/values/index.js';
import { asProtocol } from '../helpers/protocols.js';

/** The bytes of `text`; at protocol 4+ the body after PROTO goes in one FRAME, as CPython writes it. */
function bytes(text: string): Uint8Array {
  const raw = Uint8Array.from(text, (c) => c.charCodeAt(0));
  if (raw[0] !== 0x80 || raw[1]! < 4) return raw;
  const n = raw.length - 2;
  return Uint8Array.from([0x80, raw[1]!, 0x95, n & 0xff, n >> 8, 0, 0, 0, 0, 0, 0, ...raw.subarray(2)]);
}

// Each is accepted by CPython 3.11 with a persistent_load that returns (1,), [] or {} for the pid.
const CASES: Record<string, string> = {
  'REDUCE args': '\x80\x02cm\nf\nq\x00K\x01QRq\x01.',
  'NEWOBJ args': '\x80\x02cm\nC\nq\x00K\x01Q\x81q\x01.',
  'APPENDS onto': '\x80\x02K\x02Q(K\x02K\x03e.',
  'APPEND onto': '\x80\x02K\x02QK\x07a.',
  'SETITEMS onto': '\x80\x02K\x03Q(K\x02K\x03K\x04K\x05u.',
  'SETITEM onto': '\x80\x02K\x03QK\x02K\x03s.',
  'BUILD onto': '\x80\x02K\x04Q}q\x00b.',
  'ADDITEMS onto': '\x80\x04K\x03Q(K\x02K\x03\x90.',
  'EXT as REDUCE args': '\x80\x02cm\nf\nq\x00\x82\x05Rq\x01.',
  'buffer as REDUCE args': '\x80\x05\x8c\x01m\x94\x8c\x01f\x94\x93\x94\x97R\x94.',
  'NEWOBJ_EX kwargs': '\x80\x04\x8c\x01m\x94\x8c\x01C\x94\x93\x94)K\x01Q\x92\x94.',
  'protocol 0 PERSID args': 'cm\nf\np0\nP1\nRp1\n.',
};

test('unresolved references stand wherever CPython takes any object, and dump back unchanged', () => {
  for (const [name, text] of Object.entries(CASES)) {
    const data = bytes(text);
    const value = loads(data, { lossless: true });
    const protocol = asProtocol(data[0] === 0x80 ? data[1]! : 0);
    assert.deepEqual([...dumps(value, { protocol })], [...data], name);
  }
});

test('what was applied to a reference is kept on the side, the reference stays as it was', () => {
  const ref = loads(bytes(CASES['APPENDS onto']!), { lossless: true }) as PersistentRef;
  assert.deepEqual(ref, new PersistentRef(2, true));
  assert.deepEqual(unresolvedEffectsOf(ref)?.listItems, [2, 3]);
  const obj = loads(bytes(CASES['REDUCE args']!), { lossless: true }) as PyObject;
  assert.ok(obj.args instanceof PersistentRef);
  assert.ok((loads(bytes(CASES['EXT as REDUCE args']!), { lossless: true }) as PyObject).args instanceof ExtensionRef);
  assert.ok((loads(bytes(CASES['buffer as REDUCE args']!), { lossless: true }) as PyObject).args instanceof BufferRef);
});

test('default mode without hooks still refuses them as before', () => {
  assert.throws(() => loads(bytes(CASES['REDUCE args']!)), UnpicklingError);
  assert.throws(() => loads(bytes(CASES['EXT as REDUCE args']!)), UnpicklingError);
});
