// The core's one-pickle-at-a-time reader: loadFromStream on web streams and iterators, openPickleStream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { loadFromStream, openPickleStream } from '../../src/stream/index.js';
import { UnpicklingError } from '../../src/errors.js';
import { fixtureBytes, MULTI, multiOffsets } from '../node/fixture-files.js';

function webStream(data: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= data.length) return controller.close();
      controller.enqueue(data.slice(at, at + size));
      at += size;
    },
  });
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let s = await reader.read(); !s.done; s = await reader.read()) parts.push(s.value);
  return new Uint8Array(Buffer.concat(parts));
}

const ranOut = (e: unknown): boolean => e instanceof UnpicklingError && e.message === 'Ran out of input';

test('loadFromStream on one web stream or async iterator gives one pickle per call, as pickle.load(f)', async () => {
  const plain = fixtureBytes('multi.pkl');
  for (const data of [plain, new Uint8Array(gzipSync(plain))]) {
    for (const size of [3, 100, 1 << 16]) {
      const stream = webStream(data, size);
      const got = [await loadFromStream(stream), await loadFromStream(stream), await loadFromStream(stream)];
      assert.deepEqual(got, MULTI());
      await assert.rejects(loadFromStream(stream), ranOut);
      async function* chunks(): AsyncGenerator<Uint8Array> {
        for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
      }
      const it = chunks();
      assert.deepEqual([await loadFromStream(it), await loadFromStream(it), await loadFromStream(it)], MULTI());
      await assert.rejects(loadFromStream(it), ranOut);
    }
  }
});

test('bytes, Blobs and Responses are read from their start on every call, as a path is', async () => {
  const data = fixtureBytes('multi.pkl');
  const blob = new Blob([data]);
  assert.deepEqual([await loadFromStream(blob), await loadFromStream(blob)], [MULTI()[0], MULTI()[0]]);
  assert.deepEqual([await loadFromStream(data), await loadFromStream(data)], [MULTI()[0], MULTI()[0]]);
});

test('openPickleStream: next() per pickle with offsets, and rest() hands back the bytes after', async () => {
  const data = fixtureBytes('multi.pkl');
  const reader = openPickleStream(webStream(data, 10));
  const first = await reader.next();
  assert.deepEqual(first, { value: MULTI()[0], offset: 0 });
  assert.equal(reader.position, multiOffsets()[1]);
  assert.deepEqual(await readAll(reader.rest() as unknown as ReadableStream<Uint8Array>), data.subarray(multiOffsets()[1]));
  // A gzip stream's rest is decompressed.
  const gz = openPickleStream(webStream(new Uint8Array(gzipSync(data)), 10));
  assert.equal((await gz.next())?.offset, 0);
  assert.equal(gz.codec, 'gzip');
  assert.deepEqual(await readAll(gz.rest() as unknown as ReadableStream<Uint8Array>), data.subarray(multiOffsets()[1]));
});

test('a pickle that fails to load leaves the reader after it; a malformed stream breaks it', async () => {
  // A persistent id with no persistent_load: the pickle is whole, so the next one still reads.
  const pid = Uint8Array.of(0x80, 0x02, 0x4b, 0x01, 0x51, 0x2e); // PROTO 2, BININT1 1, BINPERSID, STOP
  const good = fixtureBytes('multi.pkl');
  const reader = openPickleStream(new Uint8Array([...pid, ...good]));
  await assert.rejects(reader.next(), UnpicklingError);
  assert.equal(reader.broken, false);
  assert.deepEqual((await reader.next())?.offset, pid.length);
  const bad = openPickleStream(Uint8Array.of(0x80, 0x02, 0xff));
  await assert.rejects(bad.next(), (e: unknown) => e instanceof UnpicklingError && e.offset === 2);
  assert.equal(bad.broken, true);
  await assert.rejects(bad.next(), UnpicklingError);
});
