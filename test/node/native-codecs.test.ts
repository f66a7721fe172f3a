// Node's native zstd (22.15+) in place of the JS decoder, bounded by the same limits; Node 20 falls back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { nativeZstd, NATIVE_DECODERS, withNativeDecoders, type ZstdDecompressSync } from '../../src/node/native-codecs.js';
import { decompress } from '../../src/codecs/index.js';
import { unzstd } from '../../src/codecs/zstd-decode.js';
import { DecompressionError } from '../../src/codecs/limits.js';
import { PickleError } from '../../src/errors.js';
import { load, open } from '../../src/node/files.js';
import { fixture, fixtureBytes, MULTI } from './fixture-files.js';

const HAS_NATIVE = typeof (zlib as unknown as { zstdDecompressSync?: unknown }).zstdDecompressSync === 'function';

// A stand-in for zlib.zstdDecompressSync with its contract: maxOutputLength, RangeError ERR_BUFFER_TOO_LARGE.
let calls = 0;
const fake: ZstdDecompressSync = (data, options) => {
  calls++;
  const out = unzstd(data, { maxRatio: Infinity, maxOutputBytes: Infinity });
  if (options?.maxOutputLength !== undefined && out.length > options.maxOutputLength) {
    throw Object.assign(new RangeError('Cannot create a Buffer larger than maxOutputLength'), { code: 'ERR_BUFFER_TOO_LARGE' });
  }
  return out;
};

test('the native decoders are present exactly when node:zlib has zstd (absent on Node 20: the JS decoder is used)', () => {
  assert.equal('zstd' in NATIVE_DECODERS, HAS_NATIVE, `node ${process.version}`);
  const options: { decompressLimits: { maxOutputBytes: number }; decoders?: Record<string, never> } = { decompressLimits: { maxOutputBytes: 5 } };
  assert.equal(withNativeDecoders(options) === options, !HAS_NATIVE);
});

test('a native zstd decoder gives the same bytes and is the one called', () => {
  const decode = nativeZstd(fake);
  const data = fixtureBytes('multi.pkl.zst');
  calls = 0;
  assert.deepEqual(decompress(data, { decoders: { zstd: decode } }), decompress(data));
  assert.equal(calls, 1);
});

test('a native zstd decoder hits the same limits, naming them, and turns its errors into DecompressionError', () => {
  const decode = nativeZstd(fake);
  const bomb = new Uint8Array(zlib.gzipSync(new Uint8Array(0))); // not zstd: the fake raises, mapped below
  const zeros = decompress(fixtureBytes('multi.pkl.zst')).length;
  assert.throws(
    () => decode(fixtureBytes('multi.pkl.zst'), { maxOutputBytes: zeros - 1 }),
    (e: unknown) => e instanceof DecompressionError && /maxOutputBytes/.test(e.message),
  );
  assert.throws(
    () => decode(bomb),
    (e: unknown) => e instanceof PickleError && e instanceof DecompressionError,
  );
  const failing: ZstdDecompressSync = () => {
    throw new Error('zstd decompression failed: unexpected end of file');
  };
  assert.throws(
    () => nativeZstd(failing)(fixtureBytes('multi.pkl.zst')),
    (e: unknown) => e instanceof DecompressionError && /corrupt or truncated: zstd decompression failed/.test(e.message),
  );
});

test('open passes whole-buffer decoders on; load streams zstd with the incremental decoder (bounded memory first)', async () => {
  assert.deepEqual((await open(fixture('multi.pkl.zst'))).value, MULTI());
  calls = 0;
  assert.deepEqual((await open(fixture('multi.pkl.zst'), { decoders: { zstd: nativeZstd(fake) } })).value, MULTI());
  assert.equal(calls, 1);
  calls = 0;
  assert.deepEqual(await load(fixture('multi.pkl.zst'), { decoders: { zstd: nativeZstd(fake) } }), MULTI()[0]);
  assert.equal(calls, 0);
});
