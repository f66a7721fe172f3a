// bz2 decoded block by block as the bytes arrive (Bz2StreamDecoder), against the whole-buffer decoder and Python's files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Bz2StreamDecoder, bunzip2 } from '../../src/codecs/bz2-decode.js';
import { Bz2StreamEncoder } from '../../src/codecs/bz2-encode.js';
import { compress, DecompressionError } from '../../src/codecs/index.js';
import { decompressStream } from '../../src/codecs/stream.js';
import { loadAllFromStream } from '../../src/stream/index.js';
import { dumps } from '../../src/pickler/index.js';
import { fixture, MANIFEST } from './helpers.js';
import { dictObject } from '../helpers/default-dicts.js';

/** Feeds `data` in chunks of `size`; returns the output, and how many input bytes had gone in when output first came. */
function decode(data: Uint8Array, size: number, limits?: { maxOutputBytes?: number; maxRatio?: number }): { out: Uint8Array; firstAt: number } {
  const parts: Uint8Array[] = [];
  let fed = 0;
  let firstAt = -1;
  const d = new Bz2StreamDecoder(limits, (c) => {
    if (firstAt < 0) firstAt = fed;
    parts.push(c);
  });
  for (let at = 0; at < data.length; at += size) {
    const chunk = data.subarray(at, Math.min(at + size, data.length));
    fed += chunk.length;
    d.push(chunk);
  }
  d.finish();
  return { out: join(parts), firstAt };
}

function join(parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

function pseudoRandom(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

function structured(n: number): Uint8Array {
  const text = new TextEncoder().encode(Array.from({ length: n / 8 }, (_, i) => `k${i % 977}=${(i * 7) % 101};`).join(''));
  return text.subarray(0, n);
}

test('chunked decoding gives exactly the whole-buffer output, for every chunk size', () => {
  const inputs = [pseudoRandom(250000, 1), structured(400000), new Uint8Array(300000).fill(0x61)];
  for (const raw of inputs) {
    const packed = compress(raw, 'bz2', { level: 1 }); // 100 kB blocks: several per input
    for (const size of [1, 13, 4096, 65536, packed.length]) {
      if (size === 1 && packed.length > 60000) continue;
      assert.deepEqual(decode(packed, size).out, raw, `chunks of ${size}`);
    }
  }
});

test("Python's bz2 files, multi-stream ones included, decode the same chunked as whole", () => {
  const names = Object.keys(MANIFEST.files).filter((n) => MANIFEST.files[n]!.codec === 'bz2');
  assert.ok(names.includes('multi-stream.bz2') && names.length >= 3, names.join(','));
  for (const name of names) {
    const data = fixture(name);
    const whole = bunzip2(data);
    for (const size of [7, 1000, 65536]) assert.deepEqual(decode(data, size).out, whole, `${name} in chunks of ${size}`);
  }
});

test('output comes block by block, long before the input ends', () => {
  const raw = structured(2_000_000);
  const packed = compress(raw, 'bz2', { level: 1 });
  const { out, firstAt } = decode(packed, 16384);
  assert.deepEqual(out, raw);
  assert.ok(firstAt > 0 && firstAt < packed.length / 4, `first output after ${firstAt} of ${packed.length} bytes`);
});

test('truncated, corrupt and over-limit input raises DecompressionError', () => {
  const raw = structured(250000);
  const packed = compress(raw, 'bz2', { level: 1 });
  for (const cut of [0, 3, 10, 100, packed.length >> 1, packed.length - 1]) {
    assert.throws(() => decode(packed.subarray(0, cut), 4096), DecompressionError, `cut at ${cut}`);
    if (cut > 100) assert.throws(() => decode(packed.subarray(0, cut), 4096), { message: `bz2 data is truncated at offset ${cut}` });
  }
  const bad = packed.slice();
  bad[bad.length >> 1] ^= 0x55;
  assert.throws(() => decode(bad, 4096), DecompressionError);
  assert.throws(
    () => decode(packed, 4096, { maxOutputBytes: 150000 }),
    (e: unknown) => e instanceof DecompressionError && /150000|limit|max/i.test(e.message),
  );
  // Bytes after the last stream that don't start another one are ignored, as bunzip2 does.
  const tail = new Uint8Array([...packed, 1, 2, 3, 4, 5]);
  assert.deepEqual(decode(tail, 4096).out, raw);
});

test('decompressStream and loadAllFromStream read bz2 as it arrives', async () => {
  const blob = (i: number): Uint8Array => pseudoRandom(2000, i + 1);
  const pickles = Array.from({ length: 300 }, (_, i) => dumps({ i, blob: blob(i) }, { protocol: 4 }));
  const packed = compress(join(pickles), 'bz2', { level: 1 });
  let fed = 0;
  let fedAtFirst = -1;
  async function* source(): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < packed.length; at += 8192) {
      fed = Math.min(at + 8192, packed.length);
      yield packed.subarray(at, fed);
    }
  }
  let n = 0;
  for await (const p of loadAllFromStream(source())) {
    if (n === 0) fedAtFirst = fed;
    assert.deepEqual(
      p.value,
      dictObject([
        ['i', n],
        ['blob', blob(n)],
      ]),
    );
    n++;
  }
  assert.equal(n, 300);
  assert.ok(fedAtFirst < packed.length / 2, `first pickle after ${fedAtFirst} of ${packed.length} bytes`);
  const web = decompressStream(new Blob([packed as Uint8Array<ArrayBuffer>]).stream() as never);
  const parts: Uint8Array[] = [];
  for await (const c of web as unknown as AsyncIterable<Uint8Array>) parts.push(c);
  assert.deepEqual(join(parts), join(pickles));
});

test('Bz2StreamEncoder gives exactly bzip2(whole) for any chunking, block by block', () => {
  const inputs = [pseudoRandom(250000, 3), structured(400000), new Uint8Array(3_000_000).fill(0x61), new Uint8Array(0)];
  for (const raw of inputs) {
    const whole = compress(raw, 'bz2', { level: 1 });
    for (const size of [1000, 65536, raw.length + 1]) {
      const parts: Uint8Array[] = [];
      let fed = 0;
      let firstAt = -1;
      const e = new Bz2StreamEncoder(1, (c) => {
        if (firstAt < 0 && c.length > 4) firstAt = fed;
        parts.push(c);
      });
      for (let at = 0; at < raw.length; at += size) {
        fed = Math.min(at + size, raw.length);
        e.push(raw.subarray(at, fed));
      }
      e.finish();
      assert.deepEqual(join(parts), whole, `${raw.length} bytes in chunks of ${size}`);
      if (size === 65536 && raw.length === 400000) assert.ok(firstAt > 0 && firstAt < raw.length, `first block out after ${firstAt}`);
    }
  }
  assert.throws(
    () => new Bz2StreamEncoder(10, () => undefined),
    (e: unknown) => e instanceof Error && /1-9/.test(e.message),
  );
});
