import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps } from '../../../src/pickler/pickler.js';
import { loads } from '../../../src/unpickler/unpickler.js';
import { PyGlobal } from '../../../src/values/py-global.js';
import { PyObject } from '../../../src/values/py-object.js';
import { Tuple } from '../../../src/values/tuple.js';
import { UnpicklingError } from '../../../src/errors.js';
import { torchTypes, TorchDTypeRef, TorchStorageType, torchDType } from '../../../src/ml/torch/bindings.js';
import { Tensor } from '../../../src/ml/torch/tensor.js';
import { Storage } from '../../../src/ml/torch/storage.js';
import { halfToNumber, numberToHalf, bfloat16ToNumber, numberToBfloat16 } from '../../../src/ml/torch/half.js';
import { readTorch } from '../../../src/containers/torch.js';
import { pyRepr } from '../../../src/repr/py-repr.js';
import { writeZip } from '../../../src/containers/zip.js';
import { writeTorch } from '../../../src/containers/torch-write.js';
import { EXPECTED, fixture, summarize } from './helpers.js';

const call = (module: string, name: string, ...args: unknown[]): PyObject => new PyObject(new PyGlobal(module, name), new Tuple(args));
const storagePid = (cls: string, key: string, numel: number): Tuple => new Tuple(['storage', new PyGlobal('torch', cls), key, 'cpu', numel]);

/** A pickle whose persistent ids name storages, loaded with torchTypes and a persistentLoad over `storages`. */
function loadWith(value: unknown, storages: Map<string, Storage>): unknown {
  const bytes = dumps(value, { protocol: 2, persistentId: (v) => (v instanceof Tuple && v[0] === 'storage' ? v : undefined) });
  return loads(bytes, {
    registry: torchTypes,
    persistentLoad: (pid) => {
      const [, st, key] = pid as unknown[];
      assert.ok(st instanceof TorchStorageType);
      return storages.get(key as string);
    },
  });
}

test('torch.Size loads as a tuple; torch.<dtype> globals and their aliases as TorchDTypeRef, dumped back by name', () => {
  assert.deepEqual(loads(dumps(call('torch', 'Size', new Tuple([2, 3]))), { registry: torchTypes }), new Tuple([2, 3]));
  const half = loads(dumps(new PyGlobal('torch', 'float16')), { registry: torchTypes });
  assert.ok(half instanceof TorchDTypeRef);
  assert.equal((half as TorchDTypeRef).name, 'float16');
  assert.equal(loads(dumps(new PyGlobal('torch', 'long')), { registry: torchTypes }), torchDType('int64'));
  assert.deepEqual(dumps(torchDType('long'), { protocol: 2, registry: torchTypes }), dumps(new PyGlobal('torch', 'int64'), { protocol: 2 }));
  assert.ok(loads(dumps(new PyGlobal('torch', 'device')), { registry: torchTypes }) instanceof PyGlobal, 'torch.device stays inert');
});

test('_rebuild_tensor_v2, _rebuild_tensor, _rebuild_parameter and _rebuild_from_type_v2 build tensors over the given storages', () => {
  const s = new Storage('int32', new Uint8Array(new Int32Array([10, 20, 30, 40]).buffer), '0');
  const storages = new Map([['0', s]]);
  const v2 = call(
    'torch._utils',
    '_rebuild_tensor_v2',
    storagePid('IntStorage', '0', 4),
    1,
    new Tuple([3]),
    new Tuple([1]),
    true,
    call('collections', 'OrderedDict'),
  );
  const t = loadWith(v2, storages) as Tensor;
  assert.equal(t.storage, s);
  assert.deepEqual(t.tolist(), [20, 30, 40]);
  assert.equal(t.requiresGrad, true);
  const v1 = loadWith(call('torch._utils', '_rebuild_tensor', storagePid('IntStorage', '0', 4), 0, new Tuple([2, 2]), new Tuple([1, 2])), storages) as Tensor;
  assert.deepEqual(v1.tolist(), [
    [10, 30],
    [20, 40],
  ]);
  const p = loadWith(call('torch._utils', '_rebuild_parameter', v2, true, call('collections', 'OrderedDict')), storages) as Tensor;
  assert.equal(p.isParameter, true);
  const sub = call(
    'torch._tensor',
    '_rebuild_from_type_v2',
    new PyGlobal('torch._utils', '_rebuild_tensor_v2'),
    new PyGlobal('torch.nn.parameter', 'Parameter'),
    new Tuple([storagePid('IntStorage', '0', 4), 0, new Tuple([4]), new Tuple([1]), false, call('collections', 'OrderedDict')]),
    new Map(),
  );
  const viaType = loadWith(sub, storages) as Tensor;
  assert.equal(viaType.isParameter, true);
  assert.deepEqual(viaType.tolist(), [10, 20, 30, 40]);
});

test('refusals: a non-torch function through _rebuild_from_type_v2, a non-storage, a view past its storage', () => {
  const s = new Map([['0', new Storage('float32', new Uint8Array(8), '0')]]);
  const evil = call('torch._tensor', '_rebuild_from_type_v2', new PyGlobal('builtins', 'eval'), new PyGlobal('torch', 'Tensor'), new Tuple(['1+1']), new Map());
  assert.throws(
    () => loadWith(evil, s),
    (e: unknown) => e instanceof UnpicklingError && /only torch tensor rebuild functions/.test((e as Error).message),
  );
  assert.throws(
    () => loadWith(call('torch._utils', '_rebuild_tensor_v2', 'not a storage', 0, new Tuple([1]), new Tuple([1]), false, null), s),
    (e: unknown) => e instanceof UnpicklingError && /not a torch storage/.test((e as Error).message),
  );
  assert.throws(
    () => loadWith(call('torch._utils', '_rebuild_tensor_v2', storagePid('FloatStorage', '0', 2), 1, new Tuple([2]), new Tuple([1]), false, null), s),
    (e: unknown) => e instanceof UnpicklingError && /reaches element 2 of a 2-element storage/.test((e as Error).message),
  );
  assert.throws(
    () => loadWith(call('torch._utils', '_rebuild_tensor_v2', storagePid('FloatStorage', '0', 2), 0, new Tuple([-1]), new Tuple([1]), false, null), s),
    UnpicklingError,
  );
});

test('readTorch: unknown storage types and persistent ids are refused; other globals stay inert and nothing runs', () => {
  const archive = (pickle: Uint8Array): Uint8Array =>
    writeZip(
      [
        { name: 'archive/data.pkl', data: pickle },
        { name: 'archive/data/0', data: new Uint8Array(8) },
        { name: 'archive/version', data: new TextEncoder().encode('3\n') },
      ],
      { align: 64, style: 'pytorch' },
    );
  const pid = (p: Tuple): Uint8Array => dumps(new Tuple([p]), { protocol: 2, persistentId: (v) => (v === p ? v : undefined) });
  // A storage class without a dtype here (quantized) loads as its raw bytes; a non-torch class is refused.
  const q = readTorch(archive(pid(storagePid('QInt8Storage', '0', 8)))) as Tuple;
  assert.ok(q[0] instanceof Storage);
  assert.equal((q[0] as Storage).dtype, 'uint8');
  assert.equal((q[0] as Storage).numel, 8);
  assert.equal(pyRepr(q[0]), '[torch.storage.TypedStorage(dtype=torch.uint8, device=cpu) of size 8]');
  const notTorch = new Tuple(['storage', new PyGlobal('os', 'system'), '0', 'cpu', 8]);
  assert.throws(() => readTorch(archive(pid(notTorch))), /unsupported torch storage type os.system/);
  assert.throws(() => readTorch(archive(pid(new Tuple(['weird', 1])))), /unsupported torch persistent id type 'weird'/);
  assert.throws(() => readTorch(archive(pid(storagePid('FloatStorage', '0', 3)))), /declares 3 float32 elements \(12 bytes\) but its member holds 8 bytes/);
  const inert = readTorch(archive(dumps(call('os', 'system', 'echo pwned'), { protocol: 2 })));
  assert.ok(inert instanceof PyObject);
  // A legacy-style whole-module id gives back the module class, as torch does.
  const mod = readTorch(archive(pid(new Tuple(['module', new PyGlobal('mymodels', 'Net'), 'net.py', 'source'])))) as Tuple;
  assert.ok(mod[0] instanceof PyGlobal);
});

test('dumps of a tensor without writeTorch says where storages go', () => {
  assert.throws(() => dumps(Tensor.from(new Float32Array([1])), { registry: torchTypes }), /save tensors with writeTorch/);
});

test('float16 / bfloat16 conversions: exact values and round-to-nearest-even', () => {
  assert.equal(halfToNumber(0x3c00), 1);
  assert.equal(halfToNumber(0x0001), 2 ** -24);
  assert.equal(halfToNumber(0x7bff), 65504);
  assert.ok(Number.isNaN(halfToNumber(0x7e00)));
  assert.equal(Object.is(halfToNumber(0x8000), -0), true);
  assert.equal(numberToHalf(1), 0x3c00);
  assert.equal(numberToHalf(65520), 0x7c00);
  assert.equal(numberToHalf(2 ** -25), 0); // halfway to the smallest subnormal: even (zero)
  assert.equal(numberToHalf(1 + 2 ** -11), 0x3c00); // halfway between 1 and the next half: even
  assert.equal(numberToHalf(0.1), 0x2e66);
  assert.equal(bfloat16ToNumber(0x3f80), 1);
  assert.equal(numberToBfloat16(1), 0x3f80);
  assert.equal(numberToBfloat16(7.5), 0x40f0);
  assert.equal(numberToBfloat16(1 + 2 ** -8), 0x3f80); // tie to even
  assert.equal(numberToBfloat16(-3.0e38), 0xff62);
});

test('tensors pickled with plain pickle (torch.storage._load_from_bytes) load with loads + torchTypes', () => {
  for (const protocol of [2, 4]) {
    const bytes = fixture(`plain.p${protocol}.pkl`);
    const value = loads(bytes, { registry: torchTypes });
    assert.deepEqual(summarize(value), (EXPECTED as unknown as Record<string, unknown>)[`plain.p${protocol}`]);
    assert.deepEqual(((value as Record<string, Tensor>)['v'] as Tensor).tolist(), [1, 2, 3]);
  }
  // Without torchTypes, it stays inert: nothing is read or run.
  assert.ok((loads(fixture('plain.p4.pkl')) as Record<string, unknown>)['w'] instanceof PyObject);
  // A _load_from_bytes whose bytes are not a storage checkpoint is refused.
  const notStorage = dumps(call('torch.storage', '_load_from_bytes', writeTorch({ a: 1 })), { protocol: 2 });
  assert.throws(() => loads(notStorage, { registry: torchTypes }), /does not hold a storage/);
  // Nesting is bounded.
  let inner: unknown = call('torch.storage', '_load_from_bytes', new Uint8Array([1, 2, 3]));
  for (let i = 0; i < 6; i++) inner = call('torch.storage', '_load_from_bytes', writeTorch({ x: inner } as Record<string, unknown>));
  assert.throws(
    () => loads(dumps(inner, { protocol: 2 }), { registry: torchTypes }),
    (e: unknown) => e instanceof UnpicklingError && /nested more than 4 deep/.test((e as Error).message),
  );
});
