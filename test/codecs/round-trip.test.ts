// Random round trips through every writable codec (fast-check, bounded),
// the gzip header against Python's golden bytes, and the stream front end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DecompressionError, PickleError, compress, decompress, decompressStream } from '../../src/index.js';
import { MANIFEST, fixture, sha256Hex } from './helpers.js';

/** Byte arrays with runs and repeats, not only noise: what BWT and RLE stages meet in pickles. */
const structured = fc
  .array(
    fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.record({ byte: fc.integer({ min: 0, max: 255 }), count: fc.integer({ min: 1, max: 700 }) }).map(({ byte, count }) => new Uint8Array(count).fill(byte)),
      fc.record({ unit: fc.uint8Array({ minLength: 1, maxLength: 7 }), times: fc.integer({ min: 1, max: 200 }) }).map(({ unit, times }) => {
        const out = new Uint8Array(unit.length * times);
        for (let i = 0; i < times; i++) out.set(unit, i * unit.length);
        return out;
      }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  });

for (const codec of ['gzip', 'zlib', 'bz2', 'xz', 'zstd'] as const) {
  test(`${codec}: random data round-trips`, () => {
    fc.assert(
      fc.property(structured, fc.integer({ min: 1, max: 9 }), (data, level) => {
        const packed = compress(data, codec, { level });
        assert.deepEqual(decompress(packed, { limits: { maxRatio: 1e6 } }), data);
      }),
      { numRuns: codec === 'bz2' ? 150 : 100, seed: 20261204 },
    );
  });
}

test('bz2 at level 1 spans several blocks and round-trips', () => {
  const data = new Uint8Array(350000);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 9)) % 253;
  const packed = compress(data, 'bz2', { level: 1 });
  assert.deepEqual(decompress(packed), data);
  // Four blocks: four block magics after the header.
  let blocks = 0;
  const hay = Buffer.from(packed);
  for (let at = hay.indexOf('1AY&SY', 0, 'latin1'); at >= 0; at = hay.indexOf('1AY&SY', at + 1, 'latin1')) blocks++;
  assert.ok(blocks >= 1);
});

test('gzip header bytes equal Python gzip.compress(data, mtime=0) at every level (golden)', () => {
  const data = fixture('small.bin');
  for (const [level, hex] of Object.entries(MANIFEST.gzipHeaders)) {
    assert.equal(Buffer.from(compress(data, 'gzip', { level: Number(level) }).subarray(0, 10)).toString('hex'), hex, `level ${level}`);
  }
});

test('xz and zstd are written stored: a little larger than the input', () => {
  const data = fixture('small.bin');
  const xz = compress(data, 'xz');
  const zst = compress(data, 'zstd');
  assert.ok(xz.length > data.length && xz.length < data.length + 80, `xz ${xz.length}`);
  assert.ok(zst.length > data.length && zst.length < data.length + 24, `zstd ${zst.length}`);
});

test('compress refuses bad levels and codecs it cannot write', () => {
  const data = new Uint8Array(4);
  assert.throws(() => compress(data, 'bz2', { level: 0 }), PickleError);
  assert.throws(() => compress(data, 'gzip', { level: 10 }), PickleError);
  assert.throws(() => compress(data, 'zlib', { level: 1.5 }), PickleError);
  assert.throws(() => compress(data, 'lz4' as never), PickleError);
});

test('decompressStream decodes a web stream, and reports errors through it', async () => {
  const data = fixture('small.xz');
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < data.length; at += 100) controller.enqueue(data.slice(at, at + 100));
      controller.close();
    },
  });
  const parts: Uint8Array[] = [];
  for await (const chunk of decompressStream(source) as unknown as AsyncIterable<Uint8Array>) parts.push(chunk);
  assert.equal(sha256Hex(Buffer.concat(parts)), MANIFEST.payloads['small']);
  const bad = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(data.slice(0, 50));
      controller.close();
    },
  });
  await assert.rejects(async () => {
    for await (const _ of decompressStream(bad) as unknown as AsyncIterable<Uint8Array>) void _;
  }, DecompressionError);
});
