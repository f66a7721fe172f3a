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
import { NDArray } from '../../src/ml/numpy/ndarray.js';
import { Tensor } from '../../src/ml/torch/tensor.js';
import { fixture, fixtureBytes, hasPandas, hasPlainPython, MULTI, multiOffsets, python } from './fixture-files.js';
import { dictObject } from '../helpers/default-dicts.js';

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

const readable = (name: string): string[] =>
  [
    'multi.pkl',
    'multi.pkl.gz',
    'multi.pkl.z',
    ...(['bz2', 'xz', 'zstd'] as const).filter((c) => READABLE_CODECS.has(c)).map((c) => `multi.pkl.${c === 'zstd' ? 'zst' : c}`),
  ].filter((n) => n.startsWith(name));

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
  // load reads no further than the first pickle, which is whole: Python's pickle.load(gzip.open(f)) gives it too.
  assert.deepEqual(
    await load(fixture('truncated.pkl.gz')),
    dictObject([
      ['C', 1],
      ['name', 'Ada'],
      ['n', [1, 2, 3]],
    ]),
  );
  const early = join(tmp, 'early.pkl.gz');
  writeFileSync(early, fixtureBytes('truncated.pkl.gz').subarray(0, 20));
  await assert.rejects(load(early), DecompressionError);
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
  for (const name of ['v.pkl', 'v.pkl.gz', 'v.pkl.z', 'v.pkl.zip', 'v.pkl.bz2', 'v.pkl.xz', 'v.pkl.zst']) {
    const path = join(tmp, name);
    const n = await dump(VALUE, path, { protocol: 4 });
    assert.equal(readFileSync(path).length, n);
    assert.deepEqual(await load(path), await load(join(tmp, 'v.pkl')), name);
  }
  assert.equal(compressionForPath('a/b/model.PKL.GZ'), 'gzip');
  assert.equal(compressionForPath('x.pkl'), undefined);
  await assert.rejects(dump(VALUE, join(tmp, 'v.pkl.lz4')), PicklingError);
});

test('dump replaces a file atomically: no temporary file is left, a failed dump leaves the old file', async () => {
  const path = join(tmp, 'atomic.pkl');
  await dump([1, 2, 3], path);
  const before = readFileSync(path);
  await assert.rejects(dump({ f: () => 1 }, path), PicklingError);
  assert.deepEqual(readFileSync(path), before);
  await dump([4], path);
  assert.deepEqual(await load(path), [4]);
  assert.deepEqual(
    readdirSync(tmp).filter((f) => f.endsWith('.tmp')),
    [],
  );
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
  for (const name of ['py.pkl', 'py.pkl.gz', 'py.pkl.z', 'py.pkl.bz2', 'py.pkl.xz']) {
    await dump(VALUE, join(tmp, name), { protocol: 2 });
    files.push(join(tmp, name));
  }
  const code = [
    'import sys, pickle, gzip, zlib, bz2, lzma',
    'OPEN = {"gz": gzip.decompress, "z": zlib.decompress, "bz2": bz2.decompress, "xz": lzma.decompress, "pkl": bytes}',
    'for p in sys.argv[1:]:',
    '    raw = OPEN[p.rsplit(".", 1)[1]](open(p, "rb").read())',
    '    print(repr(dict(sorted(pickle.loads(raw).items()))))',
  ].join('\n');
  const run = python(code, files);
  assert.equal(run.status, 0, run.err);
  assert.equal(run.out, `${VALUE_REPR}\n`.repeat(5));
});

test('pandas read_pickle reads picklejar files in every compression it infers', { skip: !hasPandas() && 'pandas is not installed' }, async () => {
  const files = ['zip', 'gz', 'bz2', 'xz', 'zst'].map((ext) => join(tmp, `pd.pkl.${ext}`));
  for (const f of files) await dump(VALUE, f);
  const run = python('import sys, pandas\nfor p in sys.argv[1:]: print(repr(dict(sorted(pandas.read_pickle(p).items()))))', files, true);
  assert.equal(run.status, 0, run.err);
  assert.equal(run.out, `${VALUE_REPR}\n`.repeat(5));
});

test('dump writes .npy, .npz and .pt by extension; load opens them by content', async () => {
  const arr = NDArray.from(Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3]);
  await dump(arr, join(tmp, 'a.npy'));
  assert.deepEqual(((await load(join(tmp, 'a.npy'))) as NDArray).tolist(), [
    [1, 2, 3],
    [4, 5, 6],
  ]);
  await dump({ x: arr }, join(tmp, 'a.npz'));
  assert.deepEqual([...((await load(join(tmp, 'a.npz'))) as Map<string, NDArray>).keys()], ['x']);
  const t = Tensor.from(Float32Array.of(0.5, 1.5), [2]);
  await dump(new Map([['w', t]]), join(tmp, 'model.pt'));
  const back = (await load(join(tmp, 'model.pt'))) as Record<string, Tensor>;
  assert.deepEqual(back['w']!.tolist(), [0.5, 1.5]);
  await assert.rejects(dump([1, 2], join(tmp, 'bad.npy')), PicklingError);
});

test('numpy and torch read back the .npy, .npz and .pt files dump writes', { skip: !hasPandas() && 'numpy/torch are not installed' }, async () => {
  const has = python('import numpy, torch', [], true);
  if (has.status !== 0) return;
  const code = [
    'import sys, numpy, torch',
    'a = numpy.load(sys.argv[1]); print(a.dtype, a.tolist())',
    'z = numpy.load(sys.argv[2]); print(sorted(z.files), z["x"].tolist())',
    'm = torch.load(sys.argv[3], weights_only=True) if "weights_only" in torch.load.__code__.co_varnames else torch.load(sys.argv[3]); print(m["w"].dtype, m["w"].tolist())',
  ].join('\n');
  const run = python(code, [join(tmp, 'a.npy'), join(tmp, 'a.npz'), join(tmp, 'model.pt')], true);
  assert.equal(run.status, 0, run.err);
  assert.equal(run.out, "float32 [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]\n['x'] [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]\ntorch.float32 [0.5, 1.5]\n");
});
