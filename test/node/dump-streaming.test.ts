// dump writes a pickle as the pickler produces it: to a stream, a plain file, and through gzip/zlib.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync, inflateSync } from 'node:zlib';
import { dump, load } from '../../src/node/files.js';
import { dumps } from '../../src/pickler/index.js';
import { PickleError, PicklingError } from '../../src/errors.js';
import { compress } from '../../src/codecs/index.js';
import { dictObject } from '../helpers/default-dicts.js';

const tmp = mkdtempSync(join(tmpdir(), 'picklejar-dump-streaming-'));
const MB = 1 << 20;

/**
 * A 50 MB list of 64 KiB bytes objects, then an object whose property getter records how many
 * bytes had reached the destination when the pickler got to it (the last thing it pickles).
 */
function bigValue(written: () => number, seen: { atEnd: number }): unknown[] {
  const items: unknown[] = [];
  for (let i = 0; i < 800; i++) items.push(new Uint8Array(64 * 1024).fill(i & 0xff));
  items.push({
    get tail(): string {
      seen.atEnd = written();
      return 'end';
    },
  });
  return items;
}

test('dump to a stream writes 50 MB of bytes objects frame by frame, never holding the pickle', async () => {
  let total = 0;
  let largest = 0;
  const hash: number[] = [];
  const sink = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _e, cb) {
      total += chunk.length;
      largest = Math.max(largest, chunk.length);
      if (hash.length < 4) hash.push(chunk[0]!);
      cb();
    },
  });
  const seen = { atEnd: -1 };
  const value = bigValue(() => total, seen);
  const n = await dump(value, sink, { protocol: 4 });
  assert.ok(n > 50 * MB, `${n}`);
  assert.equal(total, n);
  // When the pickler reached the last item, all but the last frame or two had been written out.
  assert.ok(seen.atEnd > n - 256 * 1024, `${seen.atEnd} of ${n} written before the end`);
  assert.ok(largest <= 64 * 1024, `largest write ${largest}`);
  assert.deepEqual(hash.slice(0, 2), [0x80, 0x0]);
});

test('dump to a plain or gzip/zlib path streams too, and the file reads back', async () => {
  for (const name of ['big.pkl', 'big.pkl.gz', 'big.pkl.z', 'big.pkl.bz2']) {
    const path = join(tmp, name);
    const progress: number[] = [];
    const seen = { atEnd: -1 };
    const value = bigValue(() => progress.at(-1) ?? 0, seen);
    // bz2 level 1: a 100 kB block holds about 5 MB of these runs (level 9: 46 MB, most of the value).
    const n = await dump(value, path, { protocol: 4, onProgress: (k) => progress.push(k), ...(name.endsWith('bz2') ? { level: 1 } : {}) });
    assert.equal(progress.at(-1), n, name);
    assert.equal(readFileSync(path).length, n, name);
    // 64 KiB runs of one byte compress past bz2's default ratio limit: raised for this file.
    const back = (await load(path, { decompressLimits: { maxRatio: 1e6 } })) as unknown[];
    assert.equal(back.length, 801, name);
    assert.deepEqual(back[799], new Uint8Array(64 * 1024).fill(799 & 0xff), name);
    assert.deepEqual(back[800], dictObject([['tail', 'end']]), name);
    if (name === 'big.pkl') assert.ok(seen.atEnd > n - 256 * 1024, `${name}: ${seen.atEnd} of ${n}`);
    // gzip/zlib compress on the thread pool, so writes interleave with pickling. bz2 compresses
    // on this thread and these runs shrink to ~800 bytes a block: its few writes all land after
    // the pickler is done (Bz2StreamEncoder's own test shows blocks coming out as input arrives).
    else if (!name.endsWith('bz2')) assert.ok(seen.atEnd > 0, `${name}: compressed bytes written before the end (${seen.atEnd})`);
    else assert.ok(progress.length >= 8, `${name}: ${progress.length} block writes`);
  }
});

test('streamed dumps are exactly dumps(), compressed as gzip and zlib', async () => {
  const value = { a: [1, 2.5, 'x'.repeat(100000)], b: new Uint8Array(300000).fill(7) };
  const expected = dumps(value, { protocol: 4 });
  await dump(value, join(tmp, 'e.pkl'), { protocol: 4 });
  assert.deepEqual(new Uint8Array(readFileSync(join(tmp, 'e.pkl'))), expected);
  await dump(value, join(tmp, 'e.pkl.gz'), { protocol: 4, level: 1 });
  assert.deepEqual(new Uint8Array(gunzipSync(readFileSync(join(tmp, 'e.pkl.gz')))), expected);
  await dump(value, join(tmp, 'e.pkl.bz2'), { protocol: 4, level: 2 });
  assert.deepEqual(new Uint8Array(readFileSync(join(tmp, 'e.pkl.bz2'))), compress(expected, 'bz2', { level: 2 }));
  await dump(value, join(tmp, 'e.pkl.z'), { protocol: 4 });
  assert.deepEqual(new Uint8Array(inflateSync(readFileSync(join(tmp, 'e.pkl.z')))), expected);
  const parts: Buffer[] = [];
  await dump(value, new Writable({ write: (c: Buffer, _e, cb) => (parts.push(c), cb()) }), { protocol: 4, compression: 'gzip' });
  assert.deepEqual(new Uint8Array(gunzipSync(Buffer.concat(parts))), expected);
});

test('a streamed dump that fails leaves the old file and no temporary file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'picklejar-dump-fail-'));
  for (const name of ['old.pkl', 'old.pkl.gz']) {
    const path = join(dir, name);
    await dump([1, 2, 3], path);
    const big: unknown[] = [];
    for (let i = 0; i < 50; i++) big.push(new Uint8Array(64 * 1024));
    big.push(() => 1);
    await assert.rejects(dump(big, path), PicklingError);
    assert.deepEqual(await load(path), [1, 2, 3]);
  }
  assert.deepEqual(readdirSync(dir).sort(), ['old.pkl', 'old.pkl.gz']);
  await assert.rejects(dump([1], join(dir, 'x.pkl.gz'), { level: 12 }), PickleError);
  assert.deepEqual(readdirSync(dir).sort(), ['old.pkl', 'old.pkl.gz']);
});
