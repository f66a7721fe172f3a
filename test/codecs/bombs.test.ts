// 10 MB of zeros compressed by each codec: the limits stop each one, naming
// the limit, before the output is allocated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecompressionError, PickleError, compress, decompress, sniffCodec } from '../../src/index.js';
import { MANIFEST, fixture } from './helpers.js';

const ZEROS = 10_000_000;

function bombs(): [string, Uint8Array][] {
  const list: [string, Uint8Array][] = MANIFEST.bombs.map((n) => [n, fixture(n)]);
  // And the ones picklejar writes itself.
  const zeros = new Uint8Array(ZEROS);
  list.push(['picklejar zeros.gz', compress(zeros, 'gzip')], ['picklejar zeros.bz2', compress(zeros, 'bz2')]);
  return list;
}

for (const [name, data] of bombs()) {
  test(`${name}: over maxRatio by default, over maxOutputBytes when the ratio is allowed, whole when both are`, () => {
    assert.ok(sniffCodec(data), name);
    // The default ratio (1000) is exceeded by every one of these but lz4's (about 250).
    if (ZEROS / data.length > 1000) {
      assert.throws(
        () => decompress(data),
        (e: unknown) => e instanceof DecompressionError && /maxRatio/.test(e.message),
      );
    }
    assert.throws(
      () => decompress(data, { limits: { maxOutputBytes: 1_000_000, maxRatio: 1e9 } }),
      (e: unknown) => e instanceof DecompressionError && e instanceof PickleError && /maxOutputBytes \(1000000 bytes\)/.test(e.message),
    );
    const out = decompress(data, { limits: { maxOutputBytes: ZEROS, maxRatio: 1e9 } });
    assert.equal(out.length, ZEROS);
    assert.equal(out.indexOf(1), -1);
    // One byte less than needed is refused.
    assert.throws(() => decompress(data, { limits: { maxOutputBytes: ZEROS - 1, maxRatio: 1e9 } }), DecompressionError);
  });
}

test('a zstd frame that declares a huge size is refused before anything is allocated', () => {
  // Single segment, 8-byte content size of 2^40, one empty raw block.
  const frame = new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0xe0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0]);
  assert.throws(
    () => decompress(frame),
    (e: unknown) => e instanceof DecompressionError && /maxOutputBytes/.test(e.message),
  );
});

test('a zstd frame with a 2 GB window and no size is decoded with a window the limits allow', () => {
  // Window descriptor 0x88: 2^(10+17) ... the largest fzstd accepts; data: one raw block "abc".
  const frame = new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xa8, 0x19, 0x00, 0x00, 0x61, 0x62, 0x63]);
  assert.deepEqual([...decompress(frame)], [0x61, 0x62, 0x63]);
});

test('invalid limits are refused', () => {
  assert.throws(() => decompress(compress(new Uint8Array(3), 'gzip'), { limits: { maxOutputBytes: -1 } }), DecompressionError);
  assert.throws(() => decompress(compress(new Uint8Array(3), 'gzip'), { limits: { maxRatio: 0 } }), DecompressionError);
});
