import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync, deflateSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { openLayout, openPickleFile, unwrapPickleBytes } from '../../src/containers/open.js';
import { NotAPickleError } from '../../src/containers/not-a-pickle.js';
import { writeNpy } from '../../src/containers/npy.js';
import { writeNpz } from '../../src/containers/npz.js';
import { NDArray } from '../../src/ml/numpy/ndarray.js';
import { dumps } from '../../src/pickler/index.js';
import { UnpicklingError } from '../../src/errors.js';

const TORCH = fileURLToPath(new URL('../../../test/ml/torch/fixtures/', import.meta.url));
const torchFile = (name: string): Uint8Array => new Uint8Array(readFileSync(TORCH + name));

test('openLayout finds a plain or compressed pickle stream without loading it', () => {
  const pickle = dumps([1, 2, 3]);
  const plain = openLayout(pickle);
  assert.equal(plain.kind, 'pickle');
  assert.deepEqual(plain.codecs, []);
  assert.equal(plain.pickles, pickle);
  assert.equal(plain.content, pickle);
  assert.equal(plain.read, undefined);
  const gz = openLayout(gzipSync(pickle));
  assert.deepEqual(gz.codecs, ['gzip']);
  assert.deepEqual(Array.from(gz.pickles!), Array.from(pickle));
  // A truncated pickle is found all the same: loading is the caller's business.
  assert.deepEqual(Array.from(openLayout(pickle.subarray(0, 5)).pickles!), Array.from(pickle.subarray(0, 5)));
});

test('compression inside compression: refused by default, peeled up to maxCompressionLayers', () => {
  const nested = deflateSync(gzipSync(dumps('x')));
  assert.throws(
    () => openLayout(nested),
    (e: unknown) => e instanceof NotAPickleError && e.message === 'this is a zlib file whose content is gzip data again, not a pickle',
  );
  assert.throws(() => openPickleFile(nested), NotAPickleError);
  const peeled = openLayout(nested, { maxCompressionLayers: 4 });
  assert.deepEqual(peeled.codecs, ['zlib', 'gzip']);
  assert.equal(peeled.kind, 'pickle');
  assert.deepEqual(Array.from(peeled.pickles!), Array.from(dumps('x')));
  const deep = gzipSync(gzipSync(gzipSync(dumps(1))));
  assert.throws(
    () => openLayout(deep, { maxCompressionLayers: 2 }),
    (e: unknown) => e instanceof NotAPickleError && e.message === 'this is a gzip file in a gzip file whose content is gzip data again, not a pickle',
  );
});

test('a PyTorch zip checkpoint gives data.pkl as its pickle stream and a reader for its value', () => {
  const bytes = torchFile('checkpoint.zip.pt');
  const layout = openLayout(bytes);
  assert.equal(layout.kind, 'torch-zip');
  assert.match(layout.member!, /(^|\/)data\.pkl$/);
  assert.equal(layout.content, bytes);
  assert.equal(layout.pickles![0], 0x80);
  assert.equal(layout.pickles![layout.pickles!.length - 1], 0x2e);
  assert.equal(layout.readIndex, 0);
  assert.equal(layout.pickleCount, 1);
  const value = layout.read!();
  assert.equal(value instanceof Map ? value.get('epoch') : (value as Record<string, unknown>).epoch, 5);
  // unwrapPickleBytes (dis, scan) names the same stream.
  const unwrapped = unwrapPickleBytes(bytes);
  assert.equal(unwrapped.member, layout.member);
  assert.deepEqual(Array.from(unwrapped.data), Array.from(layout.pickles!));
});

test('a legacy torch file: five pickles, the fourth is the object, raw storages after', () => {
  const bytes = torchFile('checkpoint.legacy.pt');
  const layout = openLayout(bytes);
  assert.equal(layout.kind, 'torch-legacy');
  assert.equal(layout.pickles, bytes);
  assert.equal(layout.readIndex, 3);
  assert.equal(layout.pickleCount, 5);
  assert.equal(layout.member, undefined);
});

test('.npy and .npz hold no pickle stream; their reader gives the arrays', () => {
  const arr = NDArray.from(Float64Array.of(1.5, 2.5), [2]);
  const npy = openLayout(writeNpy(arr));
  assert.equal(npy.kind, 'npy');
  assert.equal(npy.pickles, undefined);
  assert.deepEqual((npy.read!() as NDArray).tolist(), [1.5, 2.5]);
  const npz = openLayout(gzipSync(writeNpz({ a: arr })));
  assert.equal(npz.kind, 'npz');
  assert.deepEqual(npz.codecs, ['gzip']);
  assert.deepEqual([...(npz.read!() as Map<string, NDArray>).keys()], ['a']);
  assert.throws(
    () => unwrapPickleBytes(writeNpy(arr)),
    (e: unknown) => e instanceof NotAPickleError && e.message === 'this is a numpy .npy array file (a header and raw data), not a pickle',
  );
  assert.throws(
    () => unwrapPickleBytes(writeNpz({ a: arr })),
    (e: unknown) => e instanceof NotAPickleError && e.message === 'this is a numpy .npz archive of .npy arrays, not a pickle',
  );
});

test('a zip of one pickle (pandas) names its member; other zips are refused in words', () => {
  const pickle = dumps({ a: 1 });
  const layout = openLayout(zipSync({ 'frame.pkl': pickle }));
  assert.equal(layout.kind, 'zip');
  assert.equal(layout.member, 'frame.pkl');
  assert.deepEqual(Array.from(layout.pickles!), Array.from(pickle));
  assert.equal(layout.read, undefined);
  const opened = openPickleFile(zipSync({ 'frame.pkl': pickle }));
  assert.equal(opened.kind, 'zip');
  assert.equal(opened.member, 'frame.pkl');
  assert.throws(
    () => openLayout(zipSync({ 'a.txt': Uint8Array.of(1), 'b.txt': Uint8Array.of(2) })),
    (e: unknown) => e instanceof NotAPickleError && e.message.startsWith('this is a zip archive of 2 files (a.txt, b.txt), not a pickle'),
  );
});

test('empty input: an empty stream to openLayout, the errors Python and the CLI give elsewhere', () => {
  assert.equal(openLayout(new Uint8Array(0)).pickles!.length, 0);
  assert.throws(
    () => openPickleFile(new Uint8Array(0)),
    (e: unknown) => e instanceof UnpicklingError && e.message === 'Ran out of input',
  );
  assert.throws(
    () => unwrapPickleBytes(new Uint8Array(0)),
    (e: unknown) => e instanceof NotAPickleError && e.message === 'the file is empty: no pickle in it',
  );
  assert.throws(
    () => openLayout(gzipSync(new Uint8Array(0))),
    (e: unknown) => e instanceof NotAPickleError && e.message === 'this is a gzip file whose content is empty',
  );
});
