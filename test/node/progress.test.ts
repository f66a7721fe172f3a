// Every file and stream entry point reports progress: bytes read (as read: compressed) or written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { dump, load, loadAll, open } from '../../src/node/files.js';
import { dumpToSink, loadAllFromStream, loadFromStream, openPickleStream } from '../../src/stream/index.js';
import { dumps } from '../../src/pickler/index.js';
import { fixture, fixtureBytes } from './fixture-files.js';

const tmp = mkdtempSync(join(tmpdir(), 'picklejar-progress-api-'));

function increasing(seen: readonly number[], last: number, what: string): void {
  assert.ok(seen.length > 0, `${what}: no progress`);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i]! > seen[i - 1]!, `${what}: ${seen.join(',')}`);
  assert.equal(seen.at(-1), last, what);
}

test('load, loadAll and open report the bytes read, up to the file size', async () => {
  for (const name of ['multi.pkl', 'multi.pkl.gz', 'multi.pkl.bz2', 'frame.pkl.zip']) {
    const size = statSync(fixture(name)).size;
    let seen: number[] = [];
    await open(fixture(name), { onProgress: (n) => seen.push(n) });
    increasing(seen, size, `open ${name}`);
    seen = [];
    for await (const _ of loadAll(fixture(name), { onProgress: (n) => seen.push(n) }));
    increasing(seen, size, `loadAll ${name}`);
    seen = [];
    await load(fixture(name), { onProgress: (n) => seen.push(n) });
    increasing(seen, size, `load ${name}`);
  }
});

test('a big file is reported chunk by chunk', async () => {
  const path = join(tmp, 'big.pkl');
  writeFileSync(path, dumps(new Uint8Array(5 << 20), { protocol: 4 }));
  const seen: number[] = [];
  await load(path, { onProgress: (n) => seen.push(n) });
  increasing(seen, statSync(path).size, 'load big');
  assert.ok(seen.length >= 5, `${seen.length} reports`);
});

test('dump reports the bytes written, to a path (compressed or not) and to a stream', async () => {
  const value = { blob: new Uint8Array(3 << 20).fill(1), text: 'x'.repeat(1000) };
  for (const name of ['p.pkl', 'p.pkl.gz', 'p.pkl.xz']) {
    const seen: number[] = [];
    const written = await dump(value, join(tmp, name), { onProgress: (n) => seen.push(n) });
    increasing(seen, written, `dump ${name}`);
    assert.equal(statSync(join(tmp, name)).size, written);
  }
  const seen: number[] = [];
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const written = await dump(value, sink, { onProgress: (n) => seen.push(n) });
  increasing(seen, written, 'dump to a stream');
  assert.ok(seen.length > 40, 'in 64 KiB pieces');
});

test('the core stream readers and dumpToSink report progress too', async () => {
  const data = fixtureBytes('multi.pkl.gz');
  let seen: number[] = [];
  for await (const _ of loadAllFromStream(new Blob([data]), { onProgress: (n) => seen.push(n) }));
  increasing(seen, data.length, 'loadAllFromStream');
  seen = [];
  await loadFromStream(new Blob([data]), { onProgress: (n) => seen.push(n) });
  increasing(seen, data.length, 'loadFromStream');
  seen = [];
  const reader = openPickleStream(new Blob([data]), { onProgress: (n) => seen.push(n) });
  while ((await reader.next()) !== undefined);
  increasing(seen, data.length, 'openPickleStream');
  seen = [];
  const n = await dumpToSink(new Uint8Array(200000), () => undefined, { onProgress: (k) => seen.push(k) });
  increasing(seen, n, 'dumpToSink');
});
