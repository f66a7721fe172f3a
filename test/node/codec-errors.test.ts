// Bombs and truncated compressed input through every file and stream entry point: a PickleError, never a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { load, loadAll, open } from '../../src/node/files.js';
import { loadAllFromStream, loadFromStream } from '../../src/stream/index.js';
import { DecompressionError } from '../../src/codecs/limits.js';
import { PickleError } from '../../src/errors.js';
import { fixture as codecFixture, MANIFEST } from '../codecs/helpers.js';
import { fixtureBytes, MULTI } from './fixture-files.js';

const tmp = mkdtempSync(join(tmpdir(), 'picklejar-codec-errors-'));

async function drain(it: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of it) n++;
  return n;
}

const isPickleError = (e: unknown): boolean => e instanceof PickleError;

test('a compression bomb of every codec raises a PickleError from every entry point', async () => {
  for (const name of MANIFEST.bombs) {
    const data = codecFixture(name);
    const path = join(tmp, name);
    writeFileSync(path, data);
    // 10 MB of zeros: over the default ratio (a gzip/zlib stream may meet the zeros' invalid opcode first;
    // lz4's own ratio stays under 255, below the limit, so its zeros are "not a pickle").
    const expected = /\.(gz|z|lz4)$/.test(name) ? isPickleError : (e: unknown) => e instanceof DecompressionError && /maxRatio/.test(e.message);
    await assert.rejects(load(path), expected, `load ${name}`);
    await assert.rejects(open(path), expected, `open ${name}`);
    await assert.rejects(drain(loadAll(path)), expected, `loadAll ${name}`);
    await assert.rejects(drain(loadAllFromStream(new Blob([data as Uint8Array<ArrayBuffer>]))), expected, `loadAllFromStream ${name}`);
    await assert.rejects(loadFromStream(Readable.from([data])), expected, `loadFromStream ${name}`);
  }
});

test('a truncated compressed stream of pickles raises a PickleError after the whole pickles, for every codec', async () => {
  for (const ext of ['gz', 'z', 'bz2', 'xz', 'zst']) {
    const data = fixtureBytes(`multi.pkl.${ext}`);
    for (const keep of [0.3, 0.9]) {
      const cut = data.subarray(0, Math.floor(data.length * keep));
      const path = join(tmp, `cut-${keep}.pkl.${ext}`);
      writeFileSync(path, cut);
      const seen: unknown[] = [];
      await assert.rejects(
        (async () => {
          for await (const p of loadAll(path)) seen.push(p.value);
        })(),
        isPickleError,
        `loadAll ${ext} cut to ${keep}`,
      );
      // Whatever came out before the failure is exactly the first pickles.
      assert.deepEqual(seen, MULTI().slice(0, seen.length), `${ext} ${keep}`);
      await assert.rejects(open(path), isPickleError, `open ${ext} cut to ${keep}`);
      await assert.rejects(drain(loadAllFromStream(Readable.from([cut]))), isPickleError);
    }
  }
});
