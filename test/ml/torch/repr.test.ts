import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readTorch } from '../../../src/containers/torch.js';
import { pyRepr } from '../../../src/repr/py-repr.js';
import { Tensor } from '../../../src/ml/torch/tensor.js';
import { TORCH_FIXTURES, fixture } from './helpers.js';

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
