import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync, deflateSync } from 'node:zlib';
import { loadAllFromStream, loadFromStream, dumpToSink, findPickleEnd } from '../../src/stream/index.js';
import { dumps } from '../../src/pickler/index.js';
import { loads } from '../../src/unpickler/index.js';
import { UnpicklingError } from '../../src/errors.js';
import { DecompressionError } from '../../src/codecs/limits.js';
import { fixtureBytes, MULTI, multiOffsets } from '../node/fixture-files.js';

async function* chunked(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, Math.min(at + size, data.length));
}

async function collect(source: Parameters<typeof loadAllFromStream>[0], options = {}): Promise<{ values: unknown[]; offsets: number[] }> {
  const values: unknown[] = [];
  const offsets: number[] = [];
  for await (const p of loadAllFromStream(source, options)) {
    values.push(p.value);
    offsets.push(p.offset);
  }
  return { values, offsets };
}

test('findPickleEnd walks to STOP without building values, and asks for more when cut', () => {
  const p = dumps({ a: [1, 'two', new Uint8Array(300)] }, { protocol: 4 });
  assert.deepEqual(findPickleEnd(p, 0, 1 << 30, 0, 0), { end: p.length, resume: p.length });
  for (const cut of [1, 5, 20, p.length - 1]) {
    const scan = findPickleEnd(p.subarray(0, cut), 0, 1 << 30, 0, 0);
    assert.equal(scan.end, -1);
    assert.ok(scan.resume <= cut);
    assert.deepEqual(findPickleEnd(p, scan.resume, 1 << 30, 0, 0), { end: p.length, resume: p.length });
  }
  const p0 = dumps(['a', 1.5, 10n ** 30n], { protocol: 0 });
  assert.equal(findPickleEnd(p0, 0, 1 << 30, 0, 0).end, p0.length);
});

test('findPickleEnd refuses a length prefix over maxPickleBytes before buffering it', () => {
  const p = dumps(new Uint8Array(5000), { protocol: 4 });
  assert.throws(
    () => findPickleEnd(p.subarray(0, 40), 0, 1000, 0, 0),
    (e: unknown) => e instanceof UnpicklingError && /maxPickleBytes \(1000 bytes\)/.test(e.message),
  );
  assert.throws(
    () => findPickleEnd(Uint8Array.of(0xff), 0, 1000, 0, 7),
    (e: unknown) => e instanceof UnpicklingError && e.message === "invalid load key, '\\xff'. at byte 7",
  );
});

test('a file of pickle.dump called three times streams out in order, whatever the chunk size', async () => {
  const data = fixtureBytes('multi.pkl');
  for (const size of [1, 7, 4096, 1 << 20]) {
    const got = await collect(chunked(data, size));
    assert.deepEqual(got.values, MULTI());
    assert.deepEqual(got.offsets, multiOffsets());
  }
});

test('Blob, Response, ReadableStream and Uint8Array sources give the same pickles', async () => {
  const data = fixtureBytes('multi.pkl');
  const expected = MULTI();
  assert.deepEqual((await collect(new Blob([data]))).values, expected);
  assert.deepEqual((await collect(new Response(data))).values, expected);
  assert.deepEqual((await collect(new Blob([data]).stream())).values, expected);
  assert.deepEqual((await collect(data)).values, expected);
});

test('gzip and zlib streams written by Python are inflated as they arrive', async () => {
  for (const name of ['multi.pkl.gz', 'multi.pkl.z']) {
    let codec: string | undefined = 'unset';
    const got = await collect(chunked(fixtureBytes(name), 50), { onCodec: (c: string | undefined) => (codec = c) });
    assert.deepEqual(got.values, MULTI(), name);
    assert.deepEqual(got.offsets, multiOffsets());
    assert.equal(codec, name.endsWith('.gz') ? 'gzip' : 'zlib');
  }
});

test('loadFromStream reads the first pickle only and stops reading', async () => {
  const data = fixtureBytes('multi.pkl');
  let pulled = 0;
  async function* counting(): AsyncGenerator<Uint8Array> {
    for await (const c of chunked(data, 16)) {
      pulled += c.length;
      yield c;
    }
  }
  assert.deepEqual(await loadFromStream(counting()), MULTI()[0]);
  assert.ok(pulled < 200, `read ${pulled} bytes for a first pickle of ${multiOffsets()[1]}`);
  await assert.rejects(loadFromStream(new Uint8Array(0)), (e: unknown) => e instanceof UnpicklingError && e.message === 'Ran out of input');
});

test('a truncated stream yields the whole pickles, then raises with the stream offset', async () => {
  const data = fixtureBytes('multi.pkl');
  const offsets = multiOffsets();
  const cut = data.subarray(0, offsets[2]! + 10);
  const seen: number[] = [];
  await assert.rejects(
    (async () => {
      for await (const p of loadAllFromStream(chunked(cut, 100))) seen.push(p.offset);
    })(),
    (e: unknown) => e instanceof UnpicklingError && e.offset >= offsets[2]! && e.message.includes(`at byte ${e.offset}`),
  );
  assert.deepEqual(seen, offsets.slice(0, 2));
});

test('an error inside a later pickle reports its offset in the stream', async () => {
  const good = dumps([1, 2], { protocol: 2 });
  const bad = Uint8Array.of(0x80, 0x02, 0x4b, 0x01, 0xff, 0x2e); // PROTO 2, BININT1 1, then an unknown opcode
  const data = new Uint8Array([...good, ...bad]);
  await assert.rejects(
    collect(data),
    (e: unknown) => e instanceof UnpicklingError && e.message.startsWith("invalid load key, '\\xff'.") && e.offset === good.length + 4,
  );
});

test('truncated and corrupt gzip streams raise DecompressionError (a PickleError)', async () => {
  await assert.rejects(collect(fixtureBytes('truncated.pkl.gz')), DecompressionError);
  const gz = gzipSync(fixtureBytes('multi.pkl'));
  const corrupt = gz.slice();
  corrupt[20] ^= 0xff;
  corrupt[21] ^= 0xff;
  await assert.rejects(collect(corrupt), (e: unknown) => e instanceof DecompressionError || e instanceof UnpicklingError);
});

test('a gzip bomb hits maxOutputBytes while streaming', async () => {
  // A pickle of 8 MiB of zeros: its length prefix makes the reader wait for the rest, so the limit decides.
  const pickle = dumps(new Uint8Array(8 << 20), { protocol: 4 });
  await assert.rejects(
    collect(gzipSync(pickle), { decompressLimits: { maxOutputBytes: 1 << 20 } }),
    (e: unknown) => e instanceof DecompressionError && /maxOutputBytes/.test(e.message),
  );
  await assert.rejects(collect(deflateSync(pickle)), (e: unknown) => e instanceof DecompressionError && /maxRatio/.test(e.message));
});

test('onProgress reports the bytes read', async () => {
  const data = fixtureBytes('multi.pkl');
  const seen: number[] = [];
  await collect(chunked(data, 30000), { onProgress: (n: number) => seen.push(n) });
  assert.deepEqual(seen, [30000, 60000, data.length]);
});

test('values that view the stream buffer are not overwritten by later chunks', async () => {
  const parts = [dumps(new Uint8Array(100).fill(1)), dumps(new Uint8Array(100).fill(2)), dumps(new Uint8Array(70000).fill(3))];
  const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) data.set(p, (at += p.length) - p.length);
  const got = (await collect(chunked(data, 64))).values as Uint8Array[];
  assert.deepEqual(
    got.map((b) => [b.length, b[0], b[b.length - 1]]),
    [
      [100, 1, 1],
      [100, 2, 2],
      [70000, 3, 3],
    ],
  );
});

test('dumpToSink emits the bytes dumps gives, in 64 KiB chunks, awaiting the sink', async () => {
  const value = { big: 'y'.repeat(200000), n: [1, 2, 3] };
  const chunks: Uint8Array[] = [];
  const progress: number[] = [];
  const written = await dumpToSink(
    value,
    async (c) => {
      await new Promise((r) => setImmediate(r));
      chunks.push(c.slice());
    },
    { protocol: 4, onProgress: (n) => progress.push(n) },
  );
  const expected = dumps(value, { protocol: 4 });
  assert.equal(written, expected.length);
  assert.deepEqual(
    chunks.map((c) => c.length),
    [65536, 65536, 65536, expected.length - 3 * 65536],
  );
  assert.deepEqual(Buffer.concat(chunks), Buffer.from(expected));
  assert.equal(progress.at(-1), expected.length);
  assert.deepEqual(loads(Buffer.concat(chunks)), loads(expected));
});
