// Files Python wrote (pickle.dump three times; gzip, bz2, lzma, zlib, zstandard; pandas to_pickle with each
// compression) give the same values through every entry point: Node paths and streams, core streams, bytes, CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { load, loadAll, open } from '../../src/node/files.js';
import { loadAllFromStream, loadFromStream, openPickleStream } from '../../src/stream/index.js';
import { openPickleFile } from '../../src/containers/open.js';
import { picklejar } from '../cli/harness.js';
import { fixture, fixtureBytes, MULTI, multiOffsets } from './fixture-files.js';

async function values(it: AsyncIterable<{ value: unknown; offset: number }>): Promise<[unknown[], number[]]> {
  const v: unknown[] = [];
  const o: number[] = [];
  for await (const p of it) {
    v.push(p.value);
    o.push(p.offset);
  }
  return [v, o];
}

/** A reader's pickles, one `next()` per pickle until it says the stream has ended. */
async function* byNext(reader: { next(): Promise<{ value: unknown; offset: number } | undefined> }): AsyncGenerator<{ value: unknown; offset: number }> {
  for (let p = await reader.next(); p !== undefined; p = await reader.next()) yield p;
}

test('pickle.dump three times, compressed by every codec Python has: every entry point', async () => {
  const expected = MULTI();
  const offsets = multiOffsets();
  const show = picklejar(['show', '--all', fixture('multi.pkl')]).text;
  for (const name of ['multi.pkl', 'multi.pkl.gz', 'multi.pkl.z', 'multi.pkl.bz2', 'multi.pkl.xz', 'multi.pkl.zst']) {
    const bytes = fixtureBytes(name);
    assert.deepEqual(await load(fixture(name)), expected[0], `load path ${name}`);
    assert.deepEqual(await load(createReadStream(fixture(name))), expected[0], `load stream ${name}`);
    assert.deepEqual(await values(loadAll(fixture(name))), [expected, offsets], `loadAll ${name}`);
    assert.deepEqual((await open(fixture(name))).value, expected, `open ${name}`);
    assert.deepEqual(openPickleFile(bytes).value, expected, `openPickleFile ${name}`);
    assert.deepEqual(await loadFromStream(new Blob([bytes])), expected[0], `loadFromStream ${name}`);
    assert.deepEqual(await values(loadAllFromStream(new Blob([bytes]).stream())), [expected, offsets], `loadAllFromStream ${name}`);
    assert.deepEqual(await values(byNext(openPickleStream(new Response(bytes)))), [expected, offsets], `openPickleStream ${name}`);
    assert.equal(picklejar(['show', '--all', fixture(name)]).text, show, `picklejar show --all ${name}`);
  }
});

test('pandas to_pickle with each compression: every entry point gives the frame', async () => {
  const reference = await load(fixture('frame.pkl'));
  const show = picklejar(['show', fixture('frame.pkl')]).text;
  for (const name of ['frame.pkl.gz', 'frame.pkl.bz2', 'frame.pkl.xz', 'frame.pkl.zst', 'frame.pkl.zip']) {
    assert.deepEqual(await load(fixture(name)), reference, `load ${name}`);
    assert.deepEqual(await load(createReadStream(fixture(name))), reference, `load stream ${name}`);
    assert.deepEqual((await values(loadAll(fixture(name))))[0], [reference], `loadAll ${name}`);
    assert.deepEqual((await open(fixture(name))).value, reference, `open ${name}`);
    assert.deepEqual(openPickleFile(fixtureBytes(name)).value, reference, `openPickleFile ${name}`);
    if (!name.endsWith('.zip')) assert.deepEqual(await loadFromStream(new Blob([fixtureBytes(name)])), reference, `loadFromStream ${name}`);
    assert.equal(picklejar(['show', fixture(name)]).text, show, `picklejar show ${name}`);
  }
});
