/**
 * Python 2 strs: with `keepPython2Strings`, a lossless load keeps their bytes
 * whatever `encoding` says (no error for non-ASCII), and dumps writes them
 * back as Python 2 wrote them; typed JSON keeps them too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnpicklingError } from '../../src/errors.js';
import { dumps } from '../../src/pickler/index.js';
import { parseTypedJson, stringifyTypedJson } from '../../src/typed-json/index.js';
import { loads } from '../../src/unpickler/index.js';
import { Py2Str, py2StrRepr } from '../../src/values/index.js';

const latin = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
// Python 2: pickle.dumps(['abc', '\xe9t\xe9', "it's"], p) for p = 0, 1, 2.
const P0 = latin("(lp0\nS'abc'\np1\naS'\\xe9t\\xe9'\np2\naS\"it's\"\np3\na.");
const P1 = latin("]q\x00(U\x03abcq\x01U\x03\xe9t\xe9q\x02U\x04it'sq\x03e.");
const P2 = latin("\x80\x02]q\x00(U\x03abcq\x01U\x03\xe9t\xe9q\x02U\x04it'sq\x03e.");

test('kept Python 2 strs round-trip byte for byte, also through typed JSON', () => {
  for (const [data, protocol] of [
    [P0, 0],
    [P1, 1],
    [P2, 2],
  ] as const) {
    assert.throws(() => loads(data, { lossless: true }), UnpicklingError); // ASCII by default, as CPython
    const value = loads(data, { lossless: true, keepPython2Strings: true }) as Py2Str[];
    assert.ok(value[1] instanceof Py2Str);
    assert.deepEqual([...value[1].bytes], [0xe9, 0x74, 0xe9]);
    assert.deepEqual([...dumps(value, { protocol })], [...data]);
    assert.deepEqual([...dumps(parseTypedJson(stringifyTypedJson(value)), { protocol })], [...data]);
  }
});

test("Python 2's repr of a str, as STRING holds it", () => {
  assert.equal(py2StrRepr(latin("a'b")), `"a'b"`);
  assert.equal(py2StrRepr(latin('a\'"b\\\t\n\r\x00\xff')), "'a\\'\"b\\\\\\t\\n\\r\\x00\\xff'");
});
