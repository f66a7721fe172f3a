"""Writes the scikit-learn fixtures of picklejar's test/ml/sklearn suite.

Run with a Python that has scikit-learn (Debian's /usr/bin/python3: 1.2):
    /usr/bin/python3 test/ml/generate_sklearn_fixtures.py
Outputs (committed) in test/ml/sklearn/fixtures/: <model>.p{2,4,5}.pkl,
X.pkl (the inputs the live test predicts on, a plain pickle of lists) and
<model>.predict.pkl (the fitted model's predictions / transform on X).
"""
import os
import pickle

import numpy as np
from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'sklearn', 'fixtures')
PROTOCOLS = (2, 4, 5)


def models(X, y):
    yield 'logistic', LogisticRegression(max_iter=500).fit(X, y)
    yield 'tree', DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y)
    yield 'scaler', StandardScaler().fit(X)
    yield 'forest', RandomForestClassifier(n_estimators=3, max_depth=3, random_state=0).fit(X, y)


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        os.remove(os.path.join(OUT, name))
    X, y = load_iris(return_X_y=True)
    sample = X[::10]
    with open(os.path.join(OUT, 'X.pkl'), 'wb') as f:
        f.write(pickle.dumps(sample.tolist(), protocol=4))
    for name, m in models(X, y):
        for p in PROTOCOLS:
            with open(os.path.join(OUT, f'{name}.p{p}.pkl'), 'wb') as f:
                f.write(pickle.dumps(m, protocol=p))
        out = m.transform(sample) if hasattr(m, 'transform') and not hasattr(m, 'predict') else m.predict(sample)
        with open(os.path.join(OUT, f'{name}.predict.pkl'), 'wb') as f:
            f.write(pickle.dumps(np.asarray(out).tolist(), protocol=4))


if __name__ == '__main__':
    main()
