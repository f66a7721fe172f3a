import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSync, fstatSync, readSync, closeSync } from 'node:fs';
import { readTorch, readTorchZip, sniffTorch } from '../../../src/containers/torch.js';
import { writeTorch } from '../../../src/containers/torch-write.js';
import { readZip, writeZip } from '../../../src/containers/zip.js';
import { Tensor } from '../../../src/ml/torch/tensor.js';
import { OrderedDict } from '../../../src/stdlib/collections.js';
import { PickleError, UnpicklingError } from '../../../src/errors.js';
import { Unpickler } from '../../../src/unpickler/unpickler.js';
import { EXPECTED, TORCH_FIXTURES, fixture, summarize } from './helpers.js';

/** The values of a loaded dict in either form (none for anything else). */
function dictValues(v: unknown): unknown[] {
  if (v instanceof Map) return [...v.values()];
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === null ? Object.values(v) : [];
}

const CASES = Object.keys(EXPECTED.cases);

test('the fixture set covers every case in both formats', () => {
  assert.deepEqual(CASES, ['dtypes', 'scalar', 'empty', 'views', 'shared', 'state_dict', 'checkpoint', 'parameter', 'grad', 'tensor']);
  for (const name of CASES) {
    assert.equal(sniffTorch(fixture(`${name}.zip.pt`)), 'zip', name);
    assert.equal(sniffTorch(fixture(`${name}.legacy.pt`)), 'legacy', name);
  }
});

for (const name of CASES) {
  for (const format of ['zip', 'legacy']) {
    test(`${name}.${format}.pt loads to torch's shapes, dtypes, strides, offsets, shared storages and tolist()`, () => {
      const value = readTorch(fixture(`${name}.${format}.pt`));
      assert.deepEqual(summarize(value), EXPECTED.cases[name]);
    });
  }
}

// A state dict's `_metadata` names submodules '0', '1'… with str objects that
// are not the storage keys '0', '1'…: CPython memoizes by identity, so torch
// writes them again. The lossless load keeps those strs separate, so every
// case, state dicts and checkpoints included, writes back torch's exact bytes.
for (const name of CASES) {
  test(`${name}: writeTorch of the loaded zip checkpoint gives torch.save's exact bytes`, () => {
    const bytes = fixture(`${name}.zip.pt`);
    const value = readTorch(bytes, { lossless: true });
    assert.deepEqual(writeTorch(value, { byteorderRecord: false }), bytes);
  });
}

test('storages are views of the file: zero-copy, shared between tensors that share them', () => {
  const bytes = fixture('shared.zip.pt');
  const sd = readTorch(bytes) as Record<string, Tensor>;
  const whole = sd['whole']!;
  const tail = sd['tail']!;
  const matrix = sd['matrix']!;
  assert.equal(whole.storage, tail.storage);
  assert.equal(whole.storage, matrix.storage);
  assert.equal(whole.storage.bytes.buffer, bytes.buffer);
  assert.equal(whole.storage.key, '0');
  assert.equal(whole.storage.location, 'cpu');
  assert.ok(whole.data instanceof Float64Array);
  assert.equal(whole.data.buffer, bytes.buffer, 'aligned storages are typed views, not copies');
  assert.deepEqual([...tail.data], [2, 3, 4, 5]);
  assert.equal((tail.data as Float64Array).byteOffset, whole.data.byteOffset + 16);
  // Legacy storages sit at arbitrary offsets; still shared, one aligned copy at most.
  const legacy = readTorch(fixture('shared.legacy.pt')) as Record<string, Tensor>;
  assert.equal(legacy['whole']!.storage, legacy['tail']!.storage);
  assert.deepEqual([...legacy['tail']!.data], [2, 3, 4, 5]);
});

test('non-contiguous views: data spans the region, contiguous() copies in C order', () => {
  const v = readTorch(fixture('views.zip.pt')) as Record<string, Tensor>;
  const t = v['transposed']!;
  assert.deepEqual(t.shape, [4, 3]);
  assert.deepEqual(t.stride, [1, 4]);
  assert.equal(t.isContiguous, false);
  assert.equal(t.data.length, 12);
  const c = t.contiguous();
  assert.equal(c.isContiguous, true);
  assert.deepEqual([...c.data], [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
  assert.deepEqual(c.tolist(), t.tolist());
  const s = v['slice']!;
  assert.equal(s.storageOffset, 3);
  assert.deepEqual([...s.data], [3, 4, 5, 6, 7]);
  assert.deepEqual(s.tolist(), [3, 5, 7]);
  const e = v['expanded']!;
  assert.deepEqual(e.stride, [0, 1]);
  assert.deepEqual(e.tolist(), [
    [1, 2],
    [1, 2],
    [1, 2],
  ]);
  assert.equal(c.contiguous(), c);
});

test('float16 and bfloat16: raw bits in data, exact widening in toFloat32Array() and tolist()', () => {
  const d = readTorch(fixture('dtypes.zip.pt')) as Record<string, Tensor>;
  const half = d['float16']!;
  assert.ok(half.data instanceof Uint16Array);
  assert.deepEqual([...half.data], [0x2e66, 0xfbff, 0x0001, 0x3c00, 0xfc00]);
  assert.deepEqual([...half.toFloat32Array()], [0.0999755859375, -65504, 5.960464477539063e-8, 1, -Infinity]);
  const bf = d['bfloat16']!;
  assert.deepEqual([...bf.toFloat32Array()], bf.tolist());
  assert.equal((bf.tolist() as number[])[3], 7.5);
  const i64 = d['int64']!;
  assert.ok(i64.data instanceof BigInt64Array);
  assert.deepEqual(i64.tolist(), [-(2n ** 63n), 2n ** 53n + 1n, 42, 2n ** 63n - 1n]);
  assert.deepEqual(d['bool']!.tolist(), [true, false, true]);
  assert.equal(d['complex64']!.data.length, 4);
});

test('state dict and checkpoint: OrderedDict with _metadata, optimizer state keyed by ints', () => {
  const sd = readTorch(fixture('state_dict.zip.pt'));
  assert.ok(sd instanceof OrderedDict);
  assert.deepEqual(
    [...(sd as Map<string, Tensor>).keys()],
    ['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked'],
  );
  assert.equal((sd as Map<string, Tensor>).get('1.num_batches_tracked')!.tolist(), 2);
  assert.ok((sd as unknown as { _metadata: unknown })._metadata instanceof OrderedDict);
  const ck = readTorch(fixture('checkpoint.legacy.pt')) as Record<string, unknown>;
  assert.equal(ck['epoch'], 5);
  assert.equal(ck['loss'], 0.25);
  // str keys: objects; the optimizer state is keyed by ints: a Map.
  const state = (ck['optimizer'] as Record<string, Map<number, Record<string, Tensor>>>)['state']!;
  assert.ok(state instanceof Map);
  assert.deepEqual([...state.keys()], [0, 1, 2, 3]);
  assert.ok(state.get(0)!['momentum_buffer'] instanceof Tensor);
});

test('a bare tensor, a parameter and requires_grad load', () => {
  const t = readTorch(fixture('tensor.zip.pt')) as Tensor;
  assert.deepEqual(t.tolist(), [0, 0.25, 0.5, 0.75, 1]);
  const p = readTorch(fixture('parameter.legacy.pt')) as Tensor;
  assert.equal(p.isParameter, true);
  assert.equal(p.requiresGrad, true);
  assert.equal((readTorch(fixture('grad.zip.pt')) as Tensor).requiresGrad, true);
  assert.equal((readTorch(fixture('scalar.legacy.pt')) as Tensor).tolist(), 3.5);
});

test('byteorder "big": storages are byte-swapped (one copy)', () => {
  const zip = readZip(fixture('dtypes.zip.pt'));
  const entries = zip.entries.map((e) => ({ name: e.name, data: e.data() }));
  const loaded = readTorch(fixture('dtypes.zip.pt')) as Record<string, Tensor>;
  const swapped = entries.map((e) => {
    const m = /^archive\/data\/(\d+)$/.exec(e.name);
    if (!m) return e;
    const t = Object.values(loaded).find((x) => x.storage.key === m[1])!;
    const unit = t.storage.info.itemsize / t.storage.info.lanes;
    const out = new Uint8Array(e.data.length);
    for (let i = 0; i < out.length; i += unit) for (let k = 0; k < unit; k++) out[i + k] = e.data[i + unit - 1 - k]!;
    return { name: e.name, data: out };
  });
  swapped.splice(1, 0, { name: 'archive/byteorder', data: new TextEncoder().encode('big') });
  const big = readTorch(writeZip(swapped, { align: 64, style: 'pytorch' }));
  assert.deepEqual(summarize(big), EXPECTED.cases['dtypes']);
  swapped[1] = { name: 'archive/byteorder', data: new TextEncoder().encode('middle') };
  assert.throws(() => readTorch(writeZip(swapped, { align: 64, style: 'pytorch' })), /byteorder record is 'middle'/);
});

test('a storage larger than its member, a missing member, a tar checkpoint, not a checkpoint: clear errors', () => {
  const zip = readZip(fixture('tensor.zip.pt'));
  const entries = zip.entries.map((e) => ({ name: e.name, data: e.data() }));
  const short = entries.map((e) => (e.name === 'archive/data/0' ? { name: e.name, data: e.data.subarray(0, 12) } : e));
  assert.throws(
    () => readTorch(writeZip(short, { align: 64, style: 'pytorch' })),
    (e: unknown) => e instanceof UnpicklingError && /declares 5 float32 elements \(20 bytes\) but its member holds 12 bytes/.test((e as Error).message),
  );
  const missing = entries.filter((e) => e.name !== 'archive/data/0');
  assert.throws(() => readTorch(writeZip(missing, { align: 64, style: 'pytorch' })), /no member archive\/data\/0/);
  const tar = new Uint8Array(1024);
  tar.set(new TextEncoder().encode('ustar'), 257);
  assert.equal(sniffTorch(tar), 'tar');
  assert.throws(
    () => readTorch(tar),
    (e: unknown) => e instanceof UnpicklingError && /torch tar checkpoint has no 'storages' member/.test((e as Error).message),
  );
  assert.throws(() => readTorch(new TextEncoder().encode('hello')), /not a torch checkpoint/);
  const ck = fixture('tensor.zip.pt');
  const prefixed = new Uint8Array(ck.length + 100);
  prefixed.set(ck, 100);
  assert.deepEqual(summarize(readTorch(prefixed)), EXPECTED.cases['tensor']);
  assert.throws(() => readTorch(writeZip([{ name: 'x/other.txt', data: new Uint8Array(1) }])), /no data.pkl/);
});

test('truncation at every offset of a zip and a legacy checkpoint raises PickleError only', () => {
  for (const name of ['shared.zip.pt', 'shared.legacy.pt', 'scalar.legacy.pt']) {
    const full = fixture(name);
    for (let n = 0; n < full.length; n++) {
      try {
        readTorch(full.subarray(0, n));
        assert.fail(`${name} truncated to ${n} bytes loaded`);
      } catch (e) {
        assert.ok(e instanceof PickleError, `${name} truncated to ${n}: ${String(e)}`);
      }
    }
  }
});

test('legacy: a Node Buffer at an odd offset, and a big-endian file (sys_info little_endian False)', () => {
  const bytes = fixture('tensor.legacy.pt');
  const odd = Buffer.alloc(bytes.length + 1);
  odd.set(bytes, 1);
  const t = readTorch(odd.subarray(1)) as Tensor;
  assert.deepEqual(t.tolist(), [0, 0.25, 0.5, 0.75, 1]);
  assert.ok(t.data instanceof Float32Array);
  // Rewrite as a big-endian machine would have written it.
  const u = new Unpickler(bytes, { persistentLoad: () => null, standardTypes: false });
  for (let i = 0; i < 5; i++) {
    u.load();
    u.clearMemo();
  }
  const big = bytes.slice();
  const flag = new TextEncoder().encode('little_endian');
  const at = big.findIndex((_, i) => flag.every((b, k) => big[i + k] === b));
  const truthAt = big.indexOf(0x88, at);
  big[truthAt] = 0x89; // NEWTRUE → NEWFALSE
  let pos = u.position;
  big.set(bytes.subarray(pos, pos + 8).reverse(), pos);
  pos += 8;
  for (let i = pos; i < big.length; i += 4) big.set(bytes.subarray(i, i + 4).reverse(), i);
  const swapped = readTorch(big) as Tensor;
  assert.deepEqual(swapped.tolist(), [0, 0.25, 0.5, 0.75, 1]);
  assert.equal(pos + 20, big.length);
});

test('every single-byte corruption of a small zip and legacy checkpoint loads or raises PickleError, never anything else', () => {
  for (const name of ['views.zip.pt', 'views.legacy.pt']) {
    const full = fixture(name);
    for (let i = 0; i < full.length; i++) {
      for (const x of [0xff, 0x01]) {
        const bad = full.slice();
        bad[i] ^= x;
        try {
          const v = readTorch(bad, { checkCrc: false });
          // What loads must be usable: every tensor reads within its storage.
          for (const t of dictValues(v)) if (t instanceof Tensor) t.tolist();
        } catch (e) {
          assert.ok(e instanceof PickleError, `${name} byte ${i} ^ ${x}: ${String(e)}`);
        }
      }
    }
  }
});

test('a ZipSource (random access, as for files over 2 GiB): reads only what it needs, one array per storage', () => {
  const path = `${TORCH_FIXTURES}checkpoint.zip.pt`;
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const reads: [number, number][] = [];
    const source = {
      size,
      read(offset: number, length: number): Uint8Array {
        reads.push([offset, length]);
        const out = new Uint8Array(length);
        readSync(fd, out, 0, length, offset);
        return out;
      },
    };
    assert.equal(sniffTorch(source), 'zip');
    reads.length = 0;
    const value = readTorch(source);
    assert.deepEqual(summarize(value), EXPECTED.cases['checkpoint']);
    const total = reads.reduce((n, [, l]) => n + l, 0);
    // The head (512), the end records (one tail: the whole small file here), then the directory, headers and members once each.
    assert.ok(total <= 512 + 2 * size, `read ${total} bytes of ${size}`);
    assert.ok(reads.every(([o, l]) => o >= 0 && o + l <= size));
    const failing = {
      size,
      read: (): Uint8Array => {
        throw new Error('disk on fire');
      },
    };
    assert.throws(
      () => readTorchZip(failing),
      (e: unknown) => e instanceof PickleError && /disk on fire/.test((e as Error).message),
    );
    assert.equal(sniffTorch(failing), undefined);
    const legacyBytes = fixture('views.legacy.pt');
    assert.deepEqual(summarize(readTorch({ size: legacyBytes.length, read: (o: number, l: number) => legacyBytes.slice(o, o + l) })), EXPECTED.cases['views']);
  } finally {
    closeSync(fd);
  }
});

test('torch < 0.4 tar checkpoint (made by hand, read by torch 1.13 itself): storages, views, tensors, pickle', () => {
  const bytes = fixture('tar_era.tar.pt');
  assert.equal(sniffTorch(bytes), 'tar');
  const value = readTorch(bytes) as Record<string, unknown>;
  assert.deepEqual(summarize(value), (EXPECTED as unknown as { tar: unknown }).tar);
  const w = value['w'] as Tensor;
  assert.equal(w.storage, (value['wt'] as Tensor).storage);
  assert.equal(w.storage.bytes.buffer, bytes.buffer, 'a view of the input');
  for (let n = 0; n < bytes.length; n += 7) {
    try {
      readTorch(bytes.subarray(0, n));
    } catch (e) {
      assert.ok(e instanceof PickleError, `truncated to ${n}: ${String(e)}`);
    }
  }
  // Every byte of the headers and members (not the zero padding) flipped: loads or PickleError.
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) continue;
    const bad = bytes.slice();
    bad[i] ^= 0xff;
    try {
      const v = readTorch(bad);
      for (const t of dictValues(v)) if (t instanceof Tensor) t.tolist();
    } catch (e) {
      assert.ok(e instanceof PickleError, `byte ${i}: ${String(e)}`);
    }
  }
});

test('maxInputBytes bounds the pickles, not the raw storages after them', () => {
  const legacy = fixture('shared.legacy.pt');
  assert.deepEqual(summarize(readTorch(legacy, { limits: { maxInputBytes: 400 } })), EXPECTED.cases['shared']);
  assert.throws(() => readTorch(legacy, { limits: { maxInputBytes: 100 } }), /maxInputBytes/);
  const zip = fixture('shared.zip.pt');
  assert.deepEqual(summarize(readTorch(zip, { limits: { maxInputBytes: 400 } })), EXPECTED.cases['shared']);
});
