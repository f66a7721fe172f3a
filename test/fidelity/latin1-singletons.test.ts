/**
 * Issue 12 / joblib: below protocol 3 a 1-byte bytes is written as
 * `_codecs.encode(text, 'latin1')`, whose text is CPython's one-char
 * singleton: the same object as a one-char str made at run time (`chr(98)`,
 * a GET of the text) but not as an equal str literal of the source (3.11).
 * A lossless load keeps which it was, so dumps writes CPython's bytes again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps } from '../../src/pickler/index.js';
import { loads } from '../../src/unpickler/index.js';

const B = Uint8Array.of(0x62);
// CPython 3.11, protocol 2, b = b'b':
const CASES: Record<string, string> = {
  // [b, chr(98)]: the str is a GET of the text.
  bytesThenChr: '80025d710028635f636f646563730a656e636f64650a7101580100000062710258060000006c6174696e3171038671045271056802652e',
  // [chr(98), b]: the text is a GET of the str.
  chrThenBytes: '80025d7100285801000000627101635f636f646563730a656e636f64650a7102680158060000006c6174696e317103867104527105652e',
  // ['b', b]: a literal, its own object; the text is written afresh.
  literalThenBytes: '80025d7100285801000000627101635f636f646563730a656e636f64650a7102580100000062710358060000006c6174696e317104867105527106652e',
  // [b, 'b']: the literal after the text, afresh.
  bytesThenLiteral: '80025d710028635f636f646563730a656e636f64650a7101580100000062710258060000006c6174696e3171038671045271055801000000627106652e',
  // [b, b, chr(98), 'b']: 1-byte bytes are singletons too (a GET), then the shared text, then a literal.
  mixed: '80025d710028635f636f646563730a656e636f64650a7101580100000062710258060000006c6174696e317103867104527105680568025801000000627106652e',
};

for (const [name, hex] of Object.entries(CASES)) {
  test(`lossless protocol 2 one-char bytes text (${name}): dumps writes CPython's bytes back`, () => {
    const data = Buffer.from(hex, 'hex');
    const value = loads(data, { lossless: true }) as unknown[];
    assert.deepEqual(
      value.map((x) => (x instanceof Uint8Array ? [...x] : x)),
      name === 'mixed' ? [[0x62], [0x62], 'b', 'b'] : name.startsWith('bytes') ? [[0x62], 'b'] : ['b', [0x62]],
    );
    assert.equal(Buffer.from(dumps(value, { protocol: 2 })).toString('hex'), hex);
  });
}

test('default dumps: a JS one-char string is a literal, not the text of an equal 1-byte bytes', () => {
  assert.equal(Buffer.from(dumps([B, 'b'], { protocol: 2 })).toString('hex'), CASES['bytesThenLiteral']);
  assert.equal(Buffer.from(dumps(['b', B], { protocol: 2 })).toString('hex'), CASES['literalThenBytes']);
});
