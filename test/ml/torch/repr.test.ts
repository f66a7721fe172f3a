import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readTorch } from '../../../src/containers/torch.js';
import { pyRepr } from '../../../src/repr/py-repr.js';
import { Tensor } from '../../../src/ml/torch/tensor.js';
import { TORCH_FIXTURES, fixture } from './helpers.js';
import { PickleError } from '../../../src/errors.js';

const tensors = readTorch(fixture('reprs.zip.pt')) as Tensor[];
const expected = JSON.parse(readFileSync(`${TORCH_FIXTURES}reprs.json`, 'utf8')) as string[];

test('the repr fixture holds one tensor per expected repr', () => {
  assert.equal(tensors.length, expected.length);
});

tensors.forEach((t, i) => {
  test(`repr of tensor ${i} (${t.dtype}, size (${t.shape.join(', ')})) is torch's`, () => {
    assert.equal(pyRepr(t), expected[i]);
  });
});

test('a loaded tensor prints like Python; a 2000-element one is summarised', () => {
  const sd = readTorch(fixture('tensor.zip.pt')) as Tensor;
  assert.equal(pyRepr(sd), 'tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])');
  const big = tensors.find((t) => t.numel === 2000)!;
  assert.ok(pyRepr(big).length < 1000, 'summarised');
});

test('zero-stride tensors that declare far more than their storage: repr prints the size, tolist refuses', () => {
  const one = Tensor.from(new Float32Array([1]));
  const deep = new Tensor(one.storage, 0, new Array(40).fill(2), new Array(40).fill(0));
  assert.equal(pyRepr(deep), `tensor([...],\n       size=(${new Array(40).fill(2).join(', ')}))`);
  assert.throws(() => deep.tolist(), PickleError);
  const wide = new Tensor(one.storage, 0, [2 ** 25], [0]);
  assert.throws(() => wide.tolist(), /zero strides/);
  assert.throws(() => wide.contiguous(), /zero strides/);
  assert.equal(new Tensor(one.storage, 0, [3, 2], [0, 0]).contiguous().tolist()!.toString(), '1,1,1,1,1,1');
});
