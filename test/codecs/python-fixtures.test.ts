// Every file Python's codecs wrote (test/codecs/fixtures, by generate.py)
// decodes to its payload, by the named decoder and by sniffing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decompress, sniffCodec } from '../../src/codecs/index.js';
import { MANIFEST, fixture, sha256Hex } from './helpers.js';

const names = Object.keys(MANIFEST.files);

test('the manifest lists a file for every codec', () => {
  const codecs = new Set(names.map((n) => MANIFEST.files[n]!.codec));
  assert.deepEqual([...codecs].sort(), ['bz2', 'gzip', 'lz4', 'lzma', 'xz', 'zlib', 'zstd']);
});

for (const name of names) {
  const { payload, codec } = MANIFEST.files[name]!;
  test(`${name} (${codec}) decodes to the ${payload} payload`, () => {
    const data = fixture(name);
    assert.equal(sniffCodec(data), codec);
    const out = decompress(data, { codec });
    assert.equal(sha256Hex(out), MANIFEST.payloads[payload]);
    // Sniffed, with no codec given, the same.
    assert.equal(sha256Hex(decompress(data)), MANIFEST.payloads[payload]);
  });
}

test('the small payload itself matches its hash (the fixture is intact)', () => {
  assert.equal(sha256Hex(fixture('small.bin')), MANIFEST.payloads['small']);
});
