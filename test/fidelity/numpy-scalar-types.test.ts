/**
 * "Default mode keeps Python's types" for numpy scalars: a default-mode load
 * gives plain JS values, yet a value that went through loads and back
 * unchanged dumps its numpy scalars as numpy scalars again (see
 * values/float-slots.ts for exactly when).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NumpyScalar } from '../../src/ml/index.js';
import { dumps } from '../../src/index.js';
import { loads } from '../../src/index.js';
import type { Tuple } from '../../src/values/index.js';

// f = np.float64(2.0)
// {'a': np.float64(1.5), 'n': np.int64(3), 'b': np.bool_(True), 'l': [np.float32(2.0), 7, f],
//  't': (np.int32(-7), f), 'x': 2.0}, CPython 3.11 / numpy 1.24 at protocols 2 and 4.
const RECORD = [
  '80027d7100285801000000617101636e756d70792e636f72652e6d756c746961727261790a7363616c61720a7102636e756d' +
    '70790a64747970650a71035802000000663871048988877105527106284b0358010000003c71074e4e4e4affffffff4affff' +
    'ffff4b0074710862635f636f646563730a656e636f64650a71095809000000000000000000c3b83f710a58060000006c6174' +
    '696e31710b86710c52710d86710e52710f58010000006e7110680268035802000000693871118988877112527113284b0368' +
    '074e4e4e4affffffff4affffffff4b00747114626809580800000003000000000000007115680b8671165271178671185271' +
    '19580100000062711a6802680358020000006231711b898887711c52711d284b0358010000007c711e4e4e4e4affffffff4a' +
    'ffffffff4b0074711f6268095801000000017120680b86712152712286712352712458010000006c71255d71262868026803' +
    '5802000000663471278988877128527129284b0368074e4e4e4affffffff4affffffff4b0074712a62680958040000000000' +
    '0040712b680b86712c52712d86712e52712f4b07680268066809580800000000000000000000407130680b86713152713286' +
    '7133527134655801000000747135680268035802000000693471368988877137527138284b0368074e4e4e4affffffff4aff' +
    'ffffff4b007471396268095808000000c3b9c3bfc3bfc3bf713a680b86713b52713c86713d52713e683486713f5801000000' +
    '787140474000000000000000752e',
  '80049572010000000000007d94288c0161948c156e756d70792e636f72652e6d756c74696172726179948c067363616c6172' +
    '9493948c056e756d7079948c0564747970659493948c02663894898887945294284b038c013c944e4e4e4affffffff4affff' +
    'ffff4b007494624308000000000000f83f94869452948c016e94680468078c02693894898887945294284b03680b4e4e4e4a' +
    'ffffffff4affffffff4b007494624308030000000000000094869452948c016294680468078c02623194898887945294284b' +
    '038c017c944e4e4e4affffffff4affffffff4b0074946243010194869452948c016c945d9428680468078c02663494898887' +
    '945294284b03680b4e4e4e4affffffff4affffffff4b0074946243040000004094869452944b076804680a43080000000000' +
    '0000409486945294658c017494680468078c02693494898887945294284b03680b4e4e4e4affffffff4affffffff4b007494' +
    '624304f9ffffff9486945294682c86948c017894474000000000000000752e',
];
const PROTOCOLS = [2, 4] as const;
// np.float64(1.5) alone, protocol 4.
const LONE =
  '80049569000000000000008c156e756d70792e636f72652e6d756c74696172726179948c067363616c61729493948c056e756d7079948c0564747970659493948c02663894898887945294284b038c013c944e4e4e4affffffff4affffffff4b007494624308000000000000f83f94869452942e';

test('numpy scalars: plain values for the user, numpy scalars again in the dump while unchanged', () => {
  RECORD.forEach((hex, k) => {
    const data = Buffer.from(hex, 'hex');
    const value = loads(data) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(value), null);
    assert.equal(value['a'], 1.5);
    assert.equal(value['n'], 3);
    assert.equal(value['b'], true);
    assert.deepEqual(value['l'], [2, 7, 2]);
    assert.deepEqual([...(value['t'] as Tuple)], [-7, 2]);
    assert.equal(value['x'], 2);
    assert.deepEqual(Buffer.from(dumps(value, { protocol: PROTOCOLS[k] })), data);
  });
});

test('numpy scalars: a changed or moved value dumps as the plain value', () => {
  const value = loads(Buffer.from(RECORD[1]!, 'hex')) as Record<string, unknown>;
  value['n'] = 4;
  (value['l'] as unknown[])[0] = 2.5;
  const back = loads(dumps(value, { protocol: 4 }), { lossless: true }) as Record<string, unknown>;
  assert.equal(back['n'], 4);
  assert.equal((back['l'] as unknown[])[0], 2.5);
  // Unchanged neighbours keep their numpy types.
  assert.ok(back['a'] instanceof NumpyScalar);
  assert.equal((back['a'] as NumpyScalar).dtype, '<f8');
  assert.ok((back['l'] as unknown[])[2] instanceof NumpyScalar);
  assert.ok((back['t'] as Tuple)[0] instanceof NumpyScalar);
  // Moved into a container loads did not build: a Python float.
  assert.deepEqual(Buffer.from(dumps([value['a']], { protocol: 4 })), Buffer.from(dumps([1.5], { protocol: 4 })));
});

test('numpy scalars: the same with dictType map', () => {
  RECORD.forEach((hex, k) => {
    const data = Buffer.from(hex, 'hex');
    const value = loads(data, { dictType: 'map' }) as Map<unknown, unknown>;
    assert.equal(value.get('a'), 1.5);
    assert.deepEqual(Buffer.from(dumps(value, { protocol: PROTOCOLS[k] })), data);
  });
  const value = loads(Buffer.from(RECORD[1]!, 'hex'), { dictType: 'map' }) as Map<unknown, unknown>;
  value.set('n', 4);
  const back = loads(dumps(value, { protocol: 4 }), { lossless: true, dictType: 'map' }) as Map<unknown, unknown>;
  assert.equal(back.get('n'), 4);
  assert.ok(back.get('a') instanceof NumpyScalar);
});

test('numpy scalars: a lone scalar loads as its plain value', () => {
  assert.equal(loads(Buffer.from(LONE, 'hex')), 1.5);
  const lossless = loads(Buffer.from(LONE, 'hex'), { lossless: true });
  assert.ok(lossless instanceof NumpyScalar);
  assert.deepEqual(Buffer.from(dumps(lossless, { protocol: 4 })), Buffer.from(LONE, 'hex'));
});
