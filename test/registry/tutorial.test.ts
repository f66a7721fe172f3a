/**
 * The pickle tutorial examples (examples/tutorial) run, do what the tutorial
 * says, and what they pickle loads in CPython into the matching Python classes
 * (test/registry/tutorial.py).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PicklingError, Tuple } from '../../src/index.js';
import * as record from '../../examples/tutorial/record.js';
import * as getstate from '../../examples/tutorial/getstate.js';
import * as setstate from '../../examples/tutorial/setstate.js';
import * as bareFunction from '../../examples/tutorial/bare-function.js';
import { NO_PYTHON, pyBytes, python } from './python.js';

test('record: unpickles to the state it had when pickled, not the mutated one', () => {
  const { mutated, restored } = record.run();
  assert.ok(restored instanceof record.Record);
  assert.notEqual(restored, mutated);
  assert.equal(restored.number, 42);
  assert.equal(restored.text, 'hello');
  assert.deepEqual(restored.list, [1, 2, 3]);
  assert.deepEqual([...restored.dict], [['a', 1]]);
  assert.deepEqual(restored.tuple, new Tuple(['x', 2]));
  assert.equal(mutated.number, 0);
  assert.deepEqual(mutated.list, [1, 2, 3, 4]);
});

test('record: CPython loads it as tutorial.Record with the same fields', { skip: NO_PYTHON }, () => {
  const { bytes } = record.run();
  const out = python(`import pickle, tutorial
r = pickle.loads(${pyBytes(bytes)})
assert type(r) is tutorial.Record, type(r)
print(repr(sorted(vars(r).items())))`);
  assert.equal(out.trim(), "[('dict', {'a': 1}), ('list', [1, 2, 3]), ('number', 42), ('text', 'hello'), ('tuple', ('x', 2))]");
});

test('getstate: a function field fails to pickle, naming the path; getstate leaves it out', () => {
  const { error, restored } = getstate.run();
  assert.ok(error instanceof PicklingError);
  assert.match(error.message, /function/);
  assert.match(error.path, /format/);
  assert.ok(restored instanceof getstate.Greeter);
  assert.equal(restored.name, 'Ada');
  assert.equal(restored.count, 1);
  assert.equal(Object.prototype.hasOwnProperty.call(restored, 'format'), false);
});

test('getstate: CPython loads it as tutorial.Greeter without the function', { skip: NO_PYTHON }, () => {
  const { bytes } = getstate.run();
  const out = python(`import pickle, tutorial
g = pickle.loads(${pyBytes(bytes)})
assert type(g) is tutorial.Greeter, type(g)
print(repr(sorted(vars(g).items())))`);
  assert.equal(out.trim(), "[('count', 1), ('name', 'Ada')]");
});

test('setstate: the restored object gets its function back and carries on counting', () => {
  const { before, after, restored } = setstate.run();
  assert.equal(before, '2: hello, Grace');
  assert.equal(after, '3: hello, Grace');
  assert.ok(restored instanceof setstate.RestoringGreeter);
});

test('setstate: CPython loads it as tutorial.RestoringGreeter, which greets on', { skip: NO_PYTHON }, () => {
  const { bytes } = setstate.run();
  const out = python(`import pickle, tutorial
g = pickle.loads(${pyBytes(bytes)})
assert type(g) is tutorial.RestoringGreeter, type(g)
print(g.greet())`);
  assert.equal(out.trim(), '3: hello, Grace');
});

test('bare function: PicklingError naming the function and its path', () => {
  const { error } = bareFunction.run();
  assert.ok(error instanceof PicklingError);
  assert.match(error.message, /hello/);
  assert.match(error.path, /callback/);
});

test('bare function: a registered function pickles by reference; CPython resolves it', { skip: NO_PYTHON }, () => {
  const { bytes } = bareFunction.run();
  const out = python(`import pickle, tutorial
d = pickle.loads(${pyBytes(bytes)})
assert d['callback'] is tutorial.hello
print(d['callback']('py'))`);
  assert.equal(out.trim(), 'hello, py');
});
