import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps, loads, NDArray, PyObject } from '../../../src/index.js';
import { fixture, fixtureDir, havePythonWith, runPython } from '../numpy/helpers.js';

const MODELS = ['logistic', 'tree', 'scaler', 'forest'] as const;

function state(o: unknown): Record<string, unknown> {
  assert.ok(o instanceof PyObject);
  // An estimator's __dict__ (str keys) loads as a dict object.
  assert.equal(Object.getPrototypeOf(o.state), null);
  return o.state as Record<string, unknown>;
}

for (const name of MODELS) {
  for (const p of [2, 4, 5] as const) {
    // Default loads turn numpy scalars and integral floats (C=1.0) into JS numbers, so only lossless is exact.
    test(`sklearn ${name} protocol ${p}: the lossless round trip is byte-identical`, () => {
      const bytes = fixture('sklearn', `${name}.p${p}.pkl`);
      assert.deepEqual(dumps(loads(bytes, { lossless: true }), { protocol: p }), bytes);
    });
  }
}

test('sklearn LogisticRegression: coef_ and intercept_ are NDArrays', () => {
  const s = state(loads(fixture('sklearn', 'logistic.p4.pkl')));
  const coef = s['coef_'];
  assert.ok(coef instanceof NDArray);
  assert.equal(coef.dtype, '<f8');
  assert.deepEqual(coef.shape, [3, 4]);
  const intercept = s['intercept_'] as NDArray;
  assert.deepEqual(intercept.shape, [3]);
  assert.deepEqual((s['classes_'] as NDArray).tolist(), [0, 1, 2]);
});

test('sklearn DecisionTreeClassifier: the Tree keeps nodes (structured) and values as NDArrays', () => {
  const s = state(loads(fixture('sklearn', 'tree.p5.pkl')));
  const tree = s['tree_'];
  assert.ok(tree instanceof PyObject);
  const ts = state(tree);
  const nodes = ts['nodes'] as NDArray;
  assert.ok(nodes instanceof NDArray);
  assert.deepEqual(
    nodes.descriptor.fields?.map((f) => f.name),
    ['left_child', 'right_child', 'feature', 'threshold', 'impurity', 'n_node_samples', 'weighted_n_node_samples'],
  );
  assert.equal(nodes.shape[0], ts['node_count']);
  const values = ts['values'] as NDArray;
  assert.deepEqual(values.shape.slice(1), [1, 3]);
  // The root splits; its children are node ids.
  const root = (nodes.tolist() as unknown[][])[0]!;
  assert.equal(root[0], 1);
});

test('sklearn StandardScaler: mean_ and scale_ are NDArrays', () => {
  const s = state(loads(fixture('sklearn', 'scaler.p2.pkl')));
  assert.deepEqual((s['mean_'] as NDArray).shape, [4]);
  assert.ok((s['scale_'] as NDArray).data instanceof Float64Array);
});

test(
  'sklearn: the JS re-dumps (lossless and default) load in scikit-learn and predict the same',
  { skip: !havePythonWith('sklearn') && 'no scikit-learn in PICKLEJAR_ML_PYTHON' },
  () => {
    const dir = fixtureDir('sklearn');
    for (const name of MODELS) {
      for (const [p, lossless] of [
        [2, false],
        [5, false],
        [4, true],
      ] as const) {
        const redump = dumps(loads(fixture('sklearn', `${name}.p${p}.pkl`), { lossless }), { protocol: p });
        const out = runPython(
          `
import sys, pickle, numpy as np
m = pickle.loads(sys.stdin.buffer.read())
X = np.array(pickle.load(open(${JSON.stringify(dir + 'X.pkl')}, 'rb')))
want = pickle.load(open(${JSON.stringify(dir + name + '.predict.pkl')}, 'rb'))
got = m.transform(X) if hasattr(m, 'transform') and not hasattr(m, 'predict') else m.predict(X)
print(np.asarray(got).tolist() == want)
`,
          redump,
        );
        assert.equal(out.trim(), 'True', `${name} protocol ${p}`);
      }
    }
  },
);
