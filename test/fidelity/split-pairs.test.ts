/**
 * Issue 12: a surrogate pair that a Python str holds as two code points
 * ('\ud83d\ude00', written by CPython as two 3-byte UTF-8 sequences, or two
 * `\u` escapes at protocol 0) round-trips losslessly to CPython's bytes, next
 * to the astral char U+1F600 that JS strings cannot tell it from.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dumps } from '../../src/pickler/index.js';
import { parseTypedJson, stringifyTypedJson } from '../../src/typed-json/index.js';
import { loads } from '../../src/unpickler/index.js';
import { PYTHON, pythonSkip } from '../helpers/python.js';
import { asProtocol } from '../helpers/protocols.js';

const SCRIPT =
  "import pickle; s = 'a\\ud83d\\ude00b'; v = [s, 'x\\U0001f600', s, '\\ud83d\\ude00'.join(['p', 'q'])]; print(' '.join(pickle.dumps(v, p).hex() for p in (0, 1, 2, 4)))";
// The output of SCRIPT with CPython 3.11.
const GOLDEN: Record<number, string> = {
  0: '286c70300a56615c75643833645c7564653030620a70310a6156785c5530303031663630300a70320a6167310a6156705c75643833645c7564653030710a70330a612e',
  1: '5d710028580800000061eda0bdedb880627101580500000078f09f988071026801580800000070eda0bdedb880717103652e',
  2: '80025d710028580800000061eda0bdedb880627101580500000078f09f988071026801580800000070eda0bdedb880717103652e',
  4: '80049525000000000000005d94288c0861eda0bdedb88062948c0578f09f98809468018c0870eda0bdedb8807194652e',
};

test('split surrogate pairs: lossless round trips give CPython bytes, also through typed JSON', () => {
  for (const [p, hex] of Object.entries(GOLDEN)) {
    const data = Buffer.from(hex, 'hex');
    const value = loads(data, { lossless: true }) as string[];
    assert.equal(value[0], 'a\u{1f600}b');
    assert.deepEqual(Buffer.from(dumps(value, { protocol: asProtocol(Number(p)) })), data, `protocol ${p}`);
    assert.deepEqual(Buffer.from(dumps(parseTypedJson(stringifyTypedJson(value)), { protocol: asProtocol(Number(p)) })), data, `protocol ${p} via typed JSON`);
  }
});

test('split surrogate pairs: a JS string dumps its pairs as astral chars, as ever', () => {
  assert.equal(Buffer.from(dumps('\ud83d\ude00', { protocol: 4 })).toString('hex'), '80049508000000000000008c04f09f9880942e');
});

test('split surrogate pairs: the golden is what CPython 3.11 writes', { skip: pythonSkip() }, () => {
  const r = spawnSync(PYTHON, ['-c', SCRIPT], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split(' '), [GOLDEN[0], GOLDEN[1], GOLDEN[2], GOLDEN[4]]);
});
