import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readZip, writeZip } from '../../../src/containers/zip.js';
import { readTorch } from '../../../src/containers/torch.js';
import { loadTorchByRandomAccess } from '../../../src/node/torch-file.js';
import { Tensor } from '../../../src/ml/torch/tensor.js';
import { EXPECTED, TORCH_FIXTURES, fixture, summarize } from './helpers.js';

test('random access: a zip checkpoint from a file loads as from bytes', () => {
  for (const name of ['state_dict', 'checkpoint', 'views', 'shared']) {
    const r = loadTorchByRandomAccess(`${TORCH_FIXTURES}${name}.zip.pt`, {}, 0);
    assert.ok(r !== undefined, name);
    assert.deepEqual(summarize(r.value), EXPECTED.cases[name]);
  }
});

test('random access: only data.pkl and the storages are read, not the rest of a bigger archive', () => {
  const dir = mkdtempSync(join(tmpdir(), 'picklejar-torch-'));
  try {
    // The state dict fixture plus 4 MiB that the pickle never names.
    const src = readZip(fixture('state_dict.zip.pt'));
    const entries = src.entries.map((e) => ({ name: e.name, data: e.data() }));
    entries.splice(1, 0, { name: 'archive/extra/blob', data: new Uint8Array(4 << 20).fill(7) });
    const path = join(dir, 'big.pt');
    const bytes = writeZip(entries, { align: 64, style: 'pytorch' });
    writeFileSync(path, bytes);
    const r = loadTorchByRandomAccess(path, {}, 0)!;
    assert.deepEqual(summarize(r.value), EXPECTED.cases['state_dict']);
    const used = entries.filter((e) => !e.name.includes('extra')).reduce((n, e) => n + e.data.length, 0);
    // The members used, their headers, the directory and the tail searched for the end
    // records (up to 64 KiB + 22 bytes, twice: sniffing, then reading): never the blob.
    assert.ok(r.bytesRead < used + 2 * 65600 + 4096, `read ${r.bytesRead} of ${bytes.length} (members used: ${used})`);
    // Storages are the arrays read: one per storage, the tensors view them.
    const weight = [...(r.value as Map<string, unknown>).values()].find((v) => v instanceof Tensor) as Tensor;
    assert.equal(weight.storage.bytes.byteOffset, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('random access: small files, legacy files and other zips are left to the whole-file path', () => {
  assert.equal(loadTorchByRandomAccess(`${TORCH_FIXTURES}state_dict.zip.pt`), undefined);
  assert.equal(loadTorchByRandomAccess(`${TORCH_FIXTURES}state_dict.legacy.pt`, {}, 0), undefined);
  const dir = mkdtempSync(join(tmpdir(), 'picklejar-torch-'));
  try {
    const path = join(dir, 'other.zip');
    writeFileSync(path, writeZip([{ name: 'a.txt', data: new Uint8Array(3) }]));
    assert.equal(loadTorchByRandomAccess(path, {}, 0), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('torch 2.x records (.format_version, .storage_alignment, byteorder, .data/serialization_id, .data/version) are read past', () => {
  // torch 2.x is not installable here: its layout is rebuilt by hand from torch 1.13's file,
  // with the records torch 2.1-2.5 add around the same data.pkl and storages.
  const src = readZip(fixture('checkpoint.zip.pt'));
  const get = (n: string): Uint8Array => src.get(`archive/${n}`)!.data();
  const text = (s: string): Uint8Array => new TextEncoder().encode(s);
  const storages = src.entries.filter((e) => e.name.startsWith('archive/data/')).map((e) => ({ name: e.name, data: e.data() }));
  const entries = [
    { name: 'archive/data.pkl', data: get('data.pkl') },
    { name: 'archive/.format_version', data: text('1') },
    { name: 'archive/.storage_alignment', data: text('64') },
    { name: 'archive/byteorder', data: text('little') },
    ...storages,
    { name: 'archive/.data/serialization_id', data: text('1234567890123456789012345678901234567890') },
    { name: 'archive/version', data: text('3\n') },
    { name: 'archive/.data/version', data: text('3\n') },
  ];
  const bytes = writeZip(entries, { align: 64, style: 'pytorch' });
  assert.deepEqual(summarize(readTorch(bytes)), EXPECTED.cases['checkpoint']);
});

test('CLI input: readBigTorchInput loads a zip checkpoint by random access, and leaves other inputs to readInput', async () => {
  const { readBigTorchInput } = await import('../../../src/node/input.js');
  const { Progress } = await import('../../../src/node/progress.js');
  const progress = new Progress({ write: () => true } as never, false);
  const path = `${TORCH_FIXTURES}state_dict.zip.pt`;
  const r = await readBigTorchInput(path, { lossless: true, persistentLoad: () => null, firstOnly: true }, progress, 0);
  assert.ok(r !== undefined);
  assert.equal(r.name, path);
  assert.deepEqual(summarize(r.value), EXPECTED.cases['state_dict']);
  assert.ok(r.bytesRead > 0 && r.bytesRead <= r.size + 2 * 65600, `${r.bytesRead} of ${r.size}`);
  // Below the threshold (256 MiB by default), standard input, legacy files, directories, missing files.
  assert.equal(await readBigTorchInput(path, {}, progress), undefined);
  assert.equal(await readBigTorchInput('-', {}, progress, 0), undefined);
  assert.equal(await readBigTorchInput(`${TORCH_FIXTURES}state_dict.legacy.pt`, {}, progress, 0), undefined);
  assert.equal(await readBigTorchInput(TORCH_FIXTURES, {}, progress, 0), undefined);
  assert.equal(await readBigTorchInput(`${TORCH_FIXTURES}missing.pt`, {}, progress, 0), undefined);
});

test('CLI input: readPickleInput takes data.pkl out of a big zip checkpoint by random access, the same bytes as from the whole file', async () => {
  const { readPickleInput } = await import('../../../src/node/input.js');
  const { Progress } = await import('../../../src/node/progress.js');
  const progress = new Progress({ write: () => true } as never, false);
  for (const name of ['state_dict', 'checkpoint']) {
    const path = `${TORCH_FIXTURES}${name}.zip.pt`;
    const whole = await readPickleInput(path, {} as never, progress);
    const big = await readPickleInput(path, {} as never, progress, 0);
    assert.equal(whole.raw.length, fixture(`${name}.zip.pt`).length);
    assert.equal(big.member, whole.member);
    assert.ok(big.member?.endsWith('/data.pkl'), big.member);
    assert.deepEqual(new Uint8Array(big.data), new Uint8Array(whole.data));
    assert.equal(big.raw, big.data);
  }
  // A legacy checkpoint is not a zip: read whole at any threshold.
  const legacy = await readPickleInput(`${TORCH_FIXTURES}state_dict.legacy.pt`, {} as never, progress, 0);
  assert.equal(legacy.raw.length, fixture('state_dict.legacy.pt').length);
});
