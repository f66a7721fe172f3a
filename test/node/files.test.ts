import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, createWriteStream, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { dump, load, loadAll, open, compressionForPath, FileAccessError } from '../../src/node/files.js';
import { READABLE_CODECS } from '../../src/containers/codec-bridge.js';
import { NotAPickleError } from '../../src/containers/not-a-pickle.js';
import { PicklingError, UnpicklingError } from '../../src/errors.js';
import { DecompressionError } from '../../src/codecs/limits.js';
import { Tuple } from '../../src/values/index.js';
import { fixture, fixtureBytes, hasPandas, hasPlainPython, MULTI, multiOffsets, python } from './fixture-files.js';

const tmp = mkdtempSync(join(tmpdir(), 'picklejar-files-'));

async function all(input: Parameters<typeof loadAll>[0]): Promise<{ values: unknown[]; offsets: number[] }> {
  const values: unknown[] = [];
  const offsets: number[] = [];
  for await (const p of loadAll(input)) {
    values.push(p.value);
    offsets.push(p.offset);
  }
  return { values, offsets };
}

const readable = (name: string): string[] => ['multi.pkl', 'multi.pkl.gz', 'multi.pkl.z', ...(['bz2', 'xz', 'zstd'] as const).filter((c) => READABLE_CODECS.has(c)).map((c) => `multi.pkl.${c === 'zstd' ? 'zst' : c}`)].filter((n) => n.startsWith(name));

test('load gives the first pickle of every Python-written file, plain or compressed, path or stream', async () => {
  for (const name of readable('multi')) {
    assert.deepEqual(await load(fixture(name)), MULTI()[0], name);
    assert.deepEqual(await load(createReadStream(fixture(name))), MULTI()[0], name);
  }
});

test('loadAll yields every pickle with its byte position, from a path or a stream', async () => {
  for (const name of readable('multi')) {
    const fromPath = await all(fixture(name));
    assert.deepEqual(fromPath.values, MULTI(), name);
    assert.deepEqual(fromPath.offsets, multiOffsets(), name);
    assert.deepEqual((await all(createReadStream(fixture(name), { highWaterMark: 100 }))).values, MULTI(), name);
  }
});

test('open reports what a file is', async () => {
  const gz = await open(fixture('multi.pkl.gz'));
  assert.equal(gz.kind, 'pickles');
  assert.equal(gz.codec, 'gzip');
  const zip = await open(fixture('frame.pkl.zip'));
  assert.equal(zip.kind, 'zip');
  assert.deepEqual(await all(fixture('frame.pkl.zip')).then((r) => r.offsets), [0]);
});

test('pandas to_pickle files load with every compression picklejar reads', async () => {
  const reference = await load(fixture('frame.pkl'));
  for (const ext of ['pkl.gz', 'pkl.zip', 'pkl.bz2', 'pkl.xz', 'pkl.zst']) {
    const codec = ext === 'pkl.gz' || ext === 'pkl.zip' ? 'gzip' : ext === 'pkl.zst' ? 'zstd' : (ext.slice(4) as 'bz2' | 'xz');
    if (!READABLE_CODECS.has(codec)) {
      await assert.rejects(load(fixture('frame.' + ext)), DecompressionError);
      continue;
    }
    assert.deepEqual(await load(fixture('frame.' + ext)), reference, ext);
  }
});

test('missing files, text and truncated data raise PickleErrors that say so', async () => {
  await assert.rejects(load(join(tmp, 'nope.pkl')), (e: unknown) => e instanceof FileAccessError && e.code === 'ENOENT');
  await assert.rejects(all(join(tmp, 'nope.pkl')), (e: unknown) => e instanceof FileAccessError && e.code === 'ENOENT');
  await assert.rejects(load(fixture('notes.txt')), NotAPickleError);
  await assert.rejects(load(fixture('truncated.pkl.gz')), DecompressionError);
  await assert.rejects(all(fixture('truncated.pkl.gz')), DecompressionError);
  const cut = join(tmp, 'cut.pkl');
  writeFileSync(cut, fixtureBytes('multi.pkl').subarray(0, multiOffsets()[2]! + 5));
  const seen: number[] = [];
  await assert.rejects(
    (async () => {
      for await (const p of loadAll(cut)) seen.push(p.offset);
    })(),
    UnpicklingError,
  );
  assert.deepEqual(seen, multiOffsets().slice(0, 2));
});

const VALUE = { name: 'Ada', scores: [1.5, 2.25], tags: new Tuple(['a', 'b']), raw: Uint8Array.of(0, 255) };
const VALUE_REPR = "{'name': 'Ada', 'raw': b'\\x00\\xff', 'scores': [1.5, 2.25], 'tags': ('a', 'b')}";

test('dump writes by extension, and load reads every such file back', async () => {
  for (const name of ['v.pkl', 'v.pkl.gz', 'v.pkl.z', 'v.pkl.zip']) {
    const path = join(tmp, name);
    const n = await dump(VALUE, path, { protocol: 4 });
    assert.equal(readFileSync(path).length, n);
    assert.deepEqual(await load(path), await load(join(tmp, 'v.pkl')), name);
  }
  assert.equal(compressionForPath('a/b/model.PKL.GZ'), 'gzip');
  assert.equal(compressionForPath('x.pkl'), undefined);
  await assert.rejects(dump(VALUE, join(tmp, 'v.npy')), PicklingError);
});

test('dump replaces a file atomically: no temporary file is left, a failed dump leaves the old file', async () => {
  const path = join(tmp, 'atomic.pkl');
  await dump([1, 2, 3], path);
  const before = readFileSync(path);
  await assert.rejects(dump({ f: () => 1 }, path), PicklingError);
  assert.deepEqual(readFileSync(path), before);
  await dump([4], path);
  assert.deepEqual(await load(path), [4]);
  assert.deepEqual(readdirSync(tmp).filter((f) => f.endsWith('.tmp')), []);
  await assert.rejects(dump([1], join(tmp, 'no-such-dir', 'x.pkl')), (e: unknown) => e instanceof FileAccessError && e.code === 'ENOENT');
});

test('dump to a Node stream, with progress', async () => {
  const path = join(tmp, 'stream.pkl');
  const out = createWriteStream(path);
  const progress: number[] = [];
  const big = 'z'.repeat(200000);
  const n = await dump(big, out, { onProgress: (k) => progress.push(k) });
  await new Promise<void>((resolve) => out.end(resolve));
  assert.equal(progress.at(-1), n);
  assert.equal(await load(path), big);
  assert.equal(await load(Readable.from([readFileSync(path)])), big);
});

test('Python reads back every file picklejar writes', { skip: !hasPlainPython() && 'python3 is not installed' }, async () => {
  const files: string[] = [];
  for (const name of ['py.pkl', 'py.pkl.gz', 'py.pkl.z']) {
    await dump(VALUE, join(tmp, name), { protocol: 2 });
    files.push(join(tmp, name));
  }
  const code = [
    'import sys, pickle, gzip, zlib',
    'for p in sys.argv[1:]:',
    '    raw = open(p, "rb").read()',
    '    raw = gzip.decompress(raw) if p.endswith(".gz") else zlib.decompress(raw) if p.endswith(".z") else raw',
    '    print(repr(dict(sorted(pickle.loads(raw).items()))))',
  ].join('\n');
  const run = python(code, files);
  assert.equal(run.status, 0, run.err);
  assert.equal(run.out, `${VALUE_REPR}\n`.repeat(3));
});

test('pandas read_pickle reads picklejar zip and gzip files', { skip: !hasPandas() && 'pandas is not installed' }, async () => {
  const files = [join(tmp, 'pd.pkl.zip'), join(tmp, 'pd.pkl.gz')];
  for (const f of files) await dump(VALUE, f);
  const run = python('import sys, pandas\nfor p in sys.argv[1:]: print(repr(dict(sorted(pandas.read_pickle(p).items()))))', files, true);
  assert.equal(run.status, 0, run.err);
  assert.equal(run.out, `${VALUE_REPR}\n`.repeat(2));
});
