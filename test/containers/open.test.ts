import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { openPickleFile } from '../../src/containers/open.js';
import { sniff, sniffCompression } from '../../src/containers/magic.js';
import { NotAPickleError } from '../../src/containers/not-a-pickle.js';
import { writeNpy } from '../../src/containers/npy.js';
import { writeNpz } from '../../src/containers/npz.js';
import { NDArray } from '../../src/ml/numpy/ndarray.js';
import { READABLE_CODECS } from '../../src/containers/codec-bridge.js';
import { DecompressionError } from '../../src/codecs/limits.js';
import { dumps } from '../../src/pickler/index.js';
import { PickleError, UnpicklingError } from '../../src/errors.js';
import { fixtureBytes, MULTI, multiOffsets } from '../node/fixture-files.js';

test('sniff tells compressed data, archives and containers by their first bytes', () => {
  assert.equal(sniffCompression(fixtureBytes('multi.pkl.gz')), 'gzip');
  assert.equal(sniffCompression(fixtureBytes('multi.pkl.bz2')), 'bz2');
  assert.equal(sniffCompression(fixtureBytes('multi.pkl.xz')), 'xz');
  assert.equal(sniffCompression(fixtureBytes('multi.pkl.z')), 'zlib');
  assert.equal(sniffCompression(fixtureBytes('multi.pkl.zst')), 'zstd');
  assert.equal(sniffCompression(fixtureBytes('multi.pkl')), undefined);
  assert.deepEqual(sniff(fixtureBytes('frame.pkl.zip')), { kind: 'zip' });
  assert.deepEqual(sniff(Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0)), { kind: 'npy' });
  assert.deepEqual(sniff(new Uint8Array(0)), { kind: 'empty' });
  // Protocol 0 pickles that start like a small-window zlib header are still pickles.
  assert.deepEqual(sniff(new TextEncoder().encode("(S'a'\ntp0\n.")), { kind: 'pickle' });
});

test('several pickles in one file open as kind "pickles" with their offsets', () => {
  const opened = openPickleFile(fixtureBytes('multi.pkl'));
  assert.equal(opened.kind, 'pickles');
  assert.deepEqual(opened.value, MULTI());
  assert.deepEqual(opened.offsets, multiOffsets());
  const first = openPickleFile(fixtureBytes('multi.pkl'), { firstOnly: true });
  assert.equal(first.kind, 'pickle');
  assert.deepEqual(first.value, MULTI()[0]);
  assert.equal(first.trailing, multiOffsets()[1]);
});

test('gzip and zlib files open by content, whatever their name', () => {
  for (const name of ['multi.pkl.gz', 'multi.pkl.z']) {
    const opened = openPickleFile(fixtureBytes(name));
    assert.equal(opened.codec, name.endsWith('gz') ? 'gzip' : 'zlib');
    assert.equal(opened.kind, 'pickles');
    assert.deepEqual(opened.value, MULTI());
  }
});

test('bz2, xz and zstd files written by Python open by content', () => {
  for (const [name, codec] of [
    ['multi.pkl.bz2', 'bz2'],
    ['multi.pkl.xz', 'xz'],
    ['multi.pkl.zst', 'zstd'],
  ] as const) {
    if (READABLE_CODECS.has(codec)) {
      assert.deepEqual(openPickleFile(fixtureBytes(name)).value, MULTI());
    } else {
      assert.throws(
        () => openPickleFile(fixtureBytes(name)),
        (e: unknown) => e instanceof DecompressionError && e.message.includes(`${codec} file`),
      );
    }
  }
});

test('a pickle followed by raw bytes opens with the offset of the tail', () => {
  const opened = openPickleFile(fixtureBytes('tail.pkl'));
  assert.equal(opened.kind, 'pickle');
  assert.equal(opened.trailing, 17);
});

test('pandas zip files (one member) open as kind "zip"; other zips say what they hold', () => {
  const opened = openPickleFile(fixtureBytes('frame.pkl.zip'));
  assert.equal(opened.kind, 'zip');
  assert.equal(opened.member, 'frame.pkl');
  const frame = opened.value as { columns: unknown[]; toRecords(): Record<string, unknown>[] };
  assert.deepEqual(frame.columns, ['a', 'b']);
  assert.deepEqual(
    frame.toRecords().map((r) => [r.a, r.b]),
    [
      [1, 0.5],
      [2, 1.5],
      [3, 2.5],
    ],
  );
  const built = openPickleFile(zipSync({ 'x.pkl': dumps([1, 2]) }));
  assert.deepEqual(built.value, [1, 2]);
  assert.throws(
    () => openPickleFile(fixtureBytes('two.zip')),
    (e: unknown) => e instanceof NotAPickleError && e.message.startsWith('this is a zip archive of 2 files (a.txt, b.txt), not a pickle'),
  );
});

test('PyTorch checkpoints open by content, zip and legacy', () => {
  const TORCH = fileURLToPath(new URL('../../../test/ml/torch/fixtures/', import.meta.url));
  const zip = openPickleFile(new Uint8Array(readFileSync(TORCH + 'checkpoint.zip.pt')));
  const legacy = openPickleFile(new Uint8Array(readFileSync(TORCH + 'checkpoint.legacy.pt')));
  assert.equal(zip.kind, 'torch-zip');
  assert.equal(legacy.kind, 'torch-legacy');
  const epoch = (v: unknown): unknown => (v instanceof Map ? v.get('epoch') : (v as Record<string, unknown>).epoch);
  assert.equal(epoch(zip.value), 5);
  assert.equal(epoch(legacy.value), 5);
  // A gzip of a checkpoint is opened inside.
  assert.equal(openPickleFile(gzipSync(readFileSync(TORCH + 'tensor.zip.pt'))).kind, 'torch-zip');
});

test('text and non-pickle compressed content are named in words', () => {
  assert.throws(
    () => openPickleFile(fixtureBytes('notes.txt')),
    (e: unknown) => e instanceof NotAPickleError && e.message === 'this is not a pickle: it looks like text ("name,value")',
  );
  assert.throws(
    () => openPickleFile(fixtureBytes('text.txt.gz')),
    (e: unknown) =>
      e instanceof NotAPickleError && e.message.startsWith('this is a gzip file whose content is not a pickle: it looks like text ("just some text'),
  );
  assert.throws(
    () => openPickleFile(gzipSync(Uint8Array.of(0xff, 0xfe, 0, 1))),
    (e: unknown) => e instanceof NotAPickleError && e.message.startsWith('this is a gzip file whose content is not a pickle (invalid load key'),
  );
  assert.throws(
    () => openPickleFile(new Uint8Array(0)),
    (e: unknown) => e instanceof UnpicklingError && e.message === 'Ran out of input',
  );
  // Text ending with STOP may be a protocol 0 pickle: its own error is kept.
  assert.throws(
    () => openPickleFile(new TextEncoder().encode('0.')),
    (e: unknown) => e instanceof UnpicklingError && !(e instanceof NotAPickleError),
  );
  // A malformed pickle is still an UnpicklingError with its offset, not a "not a pickle".
  assert.throws(
    () => openPickleFile(dumps([1, 2, 3]).subarray(0, 8)),
    (e: unknown) => e instanceof UnpicklingError && !(e instanceof NotAPickleError),
  );
});

test('truncated compressed input and bombs raise PickleErrors', () => {
  assert.throws(
    () => openPickleFile(fixtureBytes('truncated.pkl.gz')),
    (e: unknown) => e instanceof DecompressionError && e instanceof PickleError,
  );
  const bomb = gzipSync(new Uint8Array(64 << 20));
  assert.throws(
    () => openPickleFile(bomb),
    (e: unknown) => e instanceof DecompressionError && /maxRatio/.test(e.message),
  );
  assert.throws(
    () => openPickleFile(gzipSync(dumps(new Uint8Array(3 << 20))), { decompressLimits: { maxOutputBytes: 1 << 20 } }),
    (e: unknown) => e instanceof DecompressionError && /maxOutputBytes/.test(e.message),
  );
});

test('numpy .npy/.npz and joblib files open by content', () => {
  const ML = fileURLToPath(new URL('../../../test/ml/', import.meta.url));
  const joblib = openPickleFile(new Uint8Array(readFileSync(ML + 'joblib/fixtures/value.gzip.joblib')));
  assert.equal(joblib.kind, 'joblib');
  assert.equal(joblib.codec, 'gzip');
  const plainJoblib = openPickleFile(new Uint8Array(readFileSync(ML + 'joblib/fixtures/value.bz2.joblib')));
  assert.equal(plainJoblib.kind, 'joblib');
  const arr = NDArray.from(Float64Array.of(1.5, 2.5, 3.5, 4.5), [2, 2]);
  const npy = openPickleFile(writeNpy(arr));
  assert.equal(npy.kind, 'npy');
  assert.deepEqual((npy.value as NDArray).tolist(), [
    [1.5, 2.5],
    [3.5, 4.5],
  ]);
  const npz = openPickleFile(writeNpz({ a: arr, b: NDArray.from(Int32Array.of(7), [1]) }));
  assert.equal(npz.kind, 'npz');
  assert.deepEqual([...(npz.value as Map<string, NDArray>).keys()], ['a', 'b']);
  assert.equal(openPickleFile(gzipSync(writeNpy(arr))).kind, 'npy');
});
