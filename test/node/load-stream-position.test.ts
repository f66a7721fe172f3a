// load(stream) as Python's pickle.load(f) on one file object: one pickle per call, the rest left readable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { load, loadAll, open } from '../../src/node/files.js';
import { dumps } from '../../src/pickler/index.js';
import { UnpicklingError } from '../../src/errors.js';
import { fixture, fixtureBytes, MULTI, multiOffsets } from './fixture-files.js';
import { dictObject } from '../helpers/default-dicts.js';

const tmp = mkdtempSync(join(tmpdir(), 'picklejar-position-'));
const ranOut = (e: unknown): boolean => e instanceof UnpicklingError && e.message === 'Ran out of input';
const repo = (rel: string): string => fileURLToPath(new URL(`../../../${rel}`, import.meta.url));

test('load(stream) called again gives the next pickle, plain or compressed, then "Ran out of input"', async () => {
  for (const name of ['multi.pkl', 'multi.pkl.gz', 'multi.pkl.z', 'multi.pkl.bz2', 'multi.pkl.xz', 'multi.pkl.zst']) {
    for (const highWaterMark of [7, 1 << 16]) {
      const stream = createReadStream(fixture(name), { highWaterMark });
      const got: unknown[] = [];
      for (let i = 0; i < MULTI().length; i++) got.push(await load(stream));
      assert.deepEqual(got, MULTI(), `${name} in chunks of ${highWaterMark}`);
      await assert.rejects(load(stream), ranOut, name);
    }
  }
});

test('after load(stream) on a plain stream, the bytes after the pickle are still in the stream', async () => {
  const data = fixtureBytes('multi.pkl');
  const second = multiOffsets()[1]!;
  const stream = Readable.from([data.subarray(0, 5), data.subarray(5)], { objectMode: false });
  assert.deepEqual(await load(stream), MULTI()[0]);
  const rest: Buffer[] = [];
  for await (const chunk of stream) rest.push(chunk as Buffer);
  assert.deepEqual(new Uint8Array(Buffer.concat(rest)), data.subarray(second));
});

test('load then loadAll on one compressed stream gives every pickle once', async () => {
  const stream = createReadStream(fixture('multi.pkl.gz'), { highWaterMark: 16 });
  const first = await load(stream);
  const rest: unknown[] = [];
  for await (const p of loadAll(stream)) rest.push(p.value);
  assert.deepEqual([first, ...rest], MULTI());
});

test('load(path) reads no further than the first pickle', async () => {
  // A small pickle, then 8 MiB more: only the first chunk (1 MiB) is read.
  const small = dumps({ a: 1 }, { protocol: 4 });
  const big = dumps(new Uint8Array(8 << 20), { protocol: 4 });
  const path = join(tmp, 'small-then-big.pkl');
  writeFileSync(path, Buffer.concat([small, big]));
  const seen: number[] = [];
  assert.deepEqual(await load(path, { onProgress: (n) => seen.push(n) }), dictObject([['a', 1]]));
  assert.ok(Math.max(...seen) <= 1 << 20, `read ${Math.max(...seen)} bytes`);
  // The same from a stream that counts what is pulled.
  let pulled = 0;
  const source = Readable.from(
    (function* () {
      const whole = Buffer.concat([small, big]);
      for (let at = 0; at < whole.length; at += 4096) {
        pulled += Math.min(4096, whole.length - at);
        yield whole.subarray(at, at + 4096);
      }
    })(),
  );
  assert.deepEqual(await load(source), dictObject([['a', 1]]));
  assert.ok(pulled <= 64 * 1024, `pulled ${pulled} bytes`);
});

test('containers are still opened whole by content: joblib, legacy torch, zip, npy', async () => {
  const joblib = repo('test/safety/benign/joblib-zlib.joblib');
  const legacy = repo('test/ml/torch/fixtures/tensor.legacy.pt');
  for (const path of [joblib, legacy, fixture('frame.pkl.zip')]) {
    const whole = (await open(path, { firstOnly: true })).value;
    assert.deepEqual(await load(path), whole, path);
    assert.deepEqual(await load(Readable.from([readFileSync(path)])), whole, path);
  }
});

test('load(path) of a zstd frame too wide to stream opens the file whole instead', async () => {
  // A 2 GB window, no content size, one raw block "abc" wrapped around a tiny pickle: BININT1 7, STOP.
  const pickle = [0x4b, 0x07, 0x2e];
  const frame = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xa8, (pickle.length << 3) | 1, 0x00, 0x00, ...pickle);
  const path = join(tmp, 'wide.pkl.zst');
  writeFileSync(path, frame);
  assert.equal(await load(path), 7);
});
