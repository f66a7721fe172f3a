import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTorch } from '../../../src/containers/torch-write.js';
import { readTorch } from '../../../src/containers/torch.js';
import { readZip } from '../../../src/containers/zip.js';
import { Tensor } from '../../../src/ml/torch/tensor.js';
import { Storage } from '../../../src/ml/torch/storage.js';
import { OrderedDict } from '../../../src/stdlib/collections.js';
import { Complex } from '../../../src/values/complex.js';
import { TORCH_TEST_DIR, mlPython, summarize } from './helpers.js';

/** A state dict made in JS: every dtype, views sharing a storage, 0-d, empty, a parameter. */
function jsStateDict(): OrderedDict<string, unknown> {
  const sd = new OrderedDict<string, unknown>();
  const w = Tensor.from(new Float32Array([1.5, -2, 0.1, 3, 0.25, -0]), [2, 3]);
  sd.set('linear.weight', w);
  sd.set('linear.weight_t', new Tensor(w.storage, 0, [3, 2], [1, 3]));
  sd.set('linear.row', new Tensor(w.storage, 3, [3], [1]));
  sd.set('f64', Tensor.from(new Float64Array([0.1, -1e300, Infinity])));
  sd.set('f16', Tensor.from(new Uint16Array([0x3c00, 0xc000, 0x7bff]), [3], { dtype: 'float16' }));
  sd.set('bf16', Tensor.from(new Uint16Array([0x3f80, 0x40f0]), [2], { dtype: 'bfloat16' }));
  sd.set('i8', Tensor.from(new Int8Array([-128, 127])));
  sd.set('u8', Tensor.from(new Uint8Array([0, 255])));
  sd.set('i16', Tensor.from(new Int16Array([-300, 300])));
  sd.set('i32', Tensor.from(new Int32Array([-(2 ** 31), 5]), [1, 2]));
  sd.set('i64', Tensor.from(new BigInt64Array([-(2n ** 63n), 2n ** 53n + 1n, 7n])));
  sd.set('bool', Tensor.from(new Uint8Array([1, 0]), [2], { dtype: 'bool' }));
  sd.set('c64', Tensor.from(new Float32Array([1, 2, -0.5, 0.25]), [2], { dtype: 'complex64' }));
  sd.set('c128', Tensor.from(new Float64Array([3, -4]), [], { dtype: 'complex128' }));
  sd.set('scalar', Tensor.from(new Float32Array([3.5]), []));
  sd.set('empty', Tensor.from(new Float32Array(0), [0, 4]));
  sd.set('grad', Tensor.from(new Float32Array([1, 2]), [2], { requiresGrad: true }));
  const p = Tensor.from(new Float32Array([9, 8]), [1, 2], { requiresGrad: true });
  p.isParameter = true;
  sd.set('param', p);
  return sd;
}

test('JS-made tensors: dtypes, views and tolist() before writing', () => {
  const sd = jsStateDict();
  assert.deepEqual((sd.get('linear.weight_t') as Tensor).tolist(), [
    [1.5, 3],
    [-2, 0.25],
    [0.10000000149011612, -0],
  ]);
  assert.deepEqual((sd.get('f16') as Tensor).tolist(), [1, -2, 65504]);
  assert.deepEqual((sd.get('bf16') as Tensor).tolist(), [1, 7.5]);
  assert.deepEqual((sd.get('c128') as Tensor).tolist(), new Complex(3, -4));
  assert.deepEqual((sd.get('empty') as Tensor).tolist(), []);
  assert.throws(() => new Tensor(new Storage('float32', new Uint8Array(8)), 1, [2], [1]), /reaches element 2 of a 2-element storage/);
  assert.throws(() => Tensor.from(new Uint16Array(2)), /pass options.dtype/);
});

test('writeTorch: one storage per shared storage, 64-byte aligned, keys in first-use order, byteorder record', () => {
  const bytes = writeTorch(jsStateDict());
  const zip = readZip(bytes);
  const names = zip.entries.map((e) => e.name);
  assert.equal(names[0], 'archive/data.pkl');
  assert.equal(names[1], 'archive/byteorder');
  assert.equal(names.at(-1), 'archive/version');
  // 18 tensors, three of them on one storage: 16 storages, sorted as strings like torch.
  const data = names.filter((n) => n.startsWith('archive/data/'));
  assert.equal(data.length, 16);
  assert.deepEqual(data.slice(0, 4), ['archive/data/0', 'archive/data/1', 'archive/data/10', 'archive/data/11']);
  for (const e of zip.entries) if (e.size > 0) assert.equal(e.dataOffset % 64, 0, e.name);
  const back = readTorch(bytes) as Map<string, Tensor>;
  assert.equal(back.get('linear.weight')!.storage, back.get('linear.weight_t')!.storage);
  assert.deepEqual(summarize(back), summarize(jsStateDict()));
  assert.equal(back.get('param')!.isParameter, true);
  assert.throws(() => writeTorch({}, { archiveName: 'a/b' }), /archive name/);
});

test('torch.load(weights_only=True) reads writeTorch output equal: dtype, shape, stride, values, sharing (live)', (t) => {
  const py = mlPython();
  if ('skip' in py) return t.skip(py.skip);
  const dir = mkdtempSync(join(tmpdir(), 'picklejar-torch-'));
  try {
    const checkpoint = new Map<string, unknown>([
      ['epoch', 3],
      ['model', jsStateDict()],
      ['history', [5, -(2n ** 70n)]],
      ['best', null],
    ]);
    // No Python floats: torch 1.13's weights_only unpickler refuses BINFLOAT (torch 2.x reads it).
    const files: [string, unknown, object][] = [
      ['sd.pt', jsStateDict(), {}],
      ['ck.pt', checkpoint, { byteorderRecord: false }],
      ['plain.pt', { a: Tensor.from(new Int32Array([1, 2, 3])) }, { archiveName: 'plain' }],
      ['bare.pt', Tensor.from(new Float64Array([1, 2, 3, 4]), [2, 2], { stride: [1, 2] }), {}],
    ];
    for (const [name, value, options] of files) writeFileSync(join(dir, name), writeTorch(value, options));
    const r = spawnSync(py.python, [join(TORCH_TEST_DIR, 'load_summary.py'), ...files.map(([n]) => join(dir, n))], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, files.length);
    files.forEach(([name, value], i) => {
      assert.deepEqual(JSON.parse(lines[i]!), summarize(value), name);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
