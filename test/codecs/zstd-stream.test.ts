// The incremental zstd decoder: the same bytes as the whole-buffer one, whatever the chunking; limits,
// truncation and corruption as DecompressionError; huge windows and sizes refused before allocation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZstdStreamDecoder, MAX_STREAM_WINDOW } from '../../src/codecs/zstd-stream.js';
import { decompress, compress, decompressStream } from '../../src/codecs/index.js';
import { DecompressionError } from '../../src/codecs/limits.js';
import { fixture } from './helpers.js';
import { Xxh64, xxh64 } from '../../src/codecs/xxhash.js';

function decodeInChunks(data: Uint8Array, size: number, limits = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  const d = new ZstdStreamDecoder(limits, (c) => parts.push(c));
  for (let at = 0; at < data.length; at += size) d.push(data.subarray(at, at + size));
  d.finish();
  return new Uint8Array(Buffer.concat(parts));
}

test('Python-written zstd (one frame, several frames, large) decodes the same in any chunking', () => {
  for (const name of ['small.zst', 'multi-frame.zst', 'large.zst']) {
    const data = fixture(name);
    const whole = decompress(data);
    for (const size of [1, 2, 3, 17, 4096, data.length]) {
      if (size === 1 && data.length > 20000) continue;
      assert.deepEqual(decodeInChunks(data, size), whole, `${name} in chunks of ${size}`);
    }
  }
});

test('picklejar-written zstd (stored blocks, a checksum) and skippable frames decode too', () => {
  const payload = new Uint8Array(300000).map((_, i) => (i * 31) % 251);
  const stored = compress(payload, 'zstd');
  assert.deepEqual(decodeInChunks(stored, 1000), payload);
  const skippable = Uint8Array.of(0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 9, 9, 9);
  const both = new Uint8Array([...skippable, ...fixture('small.zst'), ...skippable]);
  assert.deepEqual(decodeInChunks(both, 5), decompress(fixture('small.zst')));
});

test('every truncation raises DecompressionError at finish (or while pushing)', () => {
  const data = fixture('multi-frame.zst');
  const frameEnds = new Set<number>();
  for (let cut = 0; cut < data.length; cut++) {
    try {
      decodeInChunks(data.subarray(0, cut), 7);
      frameEnds.add(cut);
    } catch (e) {
      assert.ok(e instanceof DecompressionError, `cut ${cut}: ${String(e)}`);
    }
  }
  // Only a cut between two frames is a valid (shorter) stream.
  assert.ok(frameEnds.size <= 3, [...frameEnds].join(','));
  assert.ok(!frameEnds.has(0));
});

test('a bomb hits maxRatio, a declared size over maxOutputBytes is refused before decoding', () => {
  assert.throws(
    () => decodeInChunks(fixture('zeros.zst'), 64),
    (e: unknown) => e instanceof DecompressionError && /maxRatio/.test(e.message),
  );
  assert.throws(
    () => decodeInChunks(fixture('zeros.zst'), 64, { maxRatio: 1e9, maxOutputBytes: 1 << 20 }),
    (e: unknown) => e instanceof DecompressionError && /maxOutputBytes/.test(e.message),
  );
  const huge = new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0xe0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0]);
  assert.throws(
    () => decodeInChunks(huge, 4),
    (e: unknown) => e instanceof DecompressionError && /maxOutputBytes/.test(e.message),
  );
});

test('a frame needing a window over 128 MiB is refused, as zstd itself does by default', () => {
  const wide = new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xa8, 0x19, 0x00, 0x00, 0x61, 0x62, 0x63]);
  assert.throws(
    () => decodeInChunks(wide, 3),
    (e: unknown) => e instanceof DecompressionError && /128 MiB/.test(e.message),
  );
  assert.equal(MAX_STREAM_WINDOW, 2 ** 27);
});

test('corrupt data, reserved bits, dictionaries and garbage raise DecompressionError', () => {
  const data = fixture('large.zst');
  let failures = 0;
  for (let i = 0; i < 40; i++) {
    const bad = data.slice();
    bad[Math.floor((data.length * (i + 0.5)) / 40)] ^= 0x5a;
    try {
      const out = decodeInChunks(bad, 4096);
      assert.ok(out.length >= 0);
    } catch (e) {
      assert.ok(e instanceof DecompressionError, String(e));
      failures++;
    }
  }
  assert.ok(failures > 0);
  assert.throws(() => decodeInChunks(Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x08, 0, 1, 0, 0), 9), /reserved header bit/);
  assert.throws(() => decodeInChunks(Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x01, 0x00, 5, 1, 0, 0), 9), /dictionary/);
  assert.throws(
    () => decodeInChunks(Uint8Array.of(1, 2, 3, 4, 5), 9),
    (e: unknown) => e instanceof DecompressionError && /no frame at offset 0/.test(e.message),
  );
  assert.throws(
    () => decodeInChunks(new Uint8Array(0), 9),
    (e: unknown) => e instanceof DecompressionError && /no frame/.test(e.message),
  );
});

test('content checksums are verified as the output goes by; Xxh64 in pieces equals xxh64 whole', () => {
  const payload = new Uint8Array(300001).map((_, i) => (i * 131) % 253);
  const stored = compress(payload, 'zstd');
  assert.deepEqual(decodeInChunks(stored, 777), payload);
  const bad = stored.slice();
  bad[bad.length - 1] ^= 1;
  assert.throws(
    () => decodeInChunks(bad, 777),
    (e: unknown) => e instanceof DecompressionError && /checksum mismatch/.test(e.message),
  );
  const flipped = stored.slice();
  flipped[5000] ^= 1; // a stored block's byte: only the checksum can tell
  assert.throws(() => decodeInChunks(flipped, 4096), /checksum mismatch/);
  for (const n of [0, 1, 31, 32, 33, 100, 1000]) {
    const data = payload.subarray(0, n);
    for (const step of [1, 5, 32, 64]) {
      const h = new Xxh64();
      for (let at = 0; at < n; at += step) h.update(data, at, Math.min(n, at + step));
      assert.deepEqual(h.digest(), xxh64(data), `${n} bytes in steps of ${step}`);
    }
  }
});

test('decompressStream decodes zstd as it arrives: output before the input has ended, errors through the stream', { timeout: 30_000 }, async () => {
  const data = fixture('large.zst');
  const whole = decompress(data);
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const half = Math.floor(data.length / 2);
  const source = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(data.slice(0, half));
      await gate; // the second half only once output has been seen
      controller.enqueue(data.slice(half));
      controller.close();
    },
  });
  const reader = (decompressStream(source as never) as unknown as ReadableStream<Uint8Array>).getReader();
  const parts: Uint8Array[] = [];
  const first = await reader.read();
  assert.equal(first.done, false);
  parts.push(first.value!);
  release();
  for (let s = await reader.read(); !s.done; s = await reader.read()) parts.push(s.value);
  assert.deepEqual(new Uint8Array(Buffer.concat(parts)), whole);
  const cut = new Blob([data.slice(0, half) as Uint8Array<ArrayBuffer>]).stream();
  await assert.rejects(
    (async () => {
      for await (const _ of decompressStream(cut as never) as unknown as AsyncIterable<Uint8Array>) void _;
    })(),
    (e: unknown) => e instanceof DecompressionError && /truncated/.test(e.message),
  );
});
