#!/usr/bin/env python3
"""Writes benign controls made by the real ML libraries under test/safety/benign/.

Every file here is what numpy, PyTorch, pandas, scikit-learn or joblib write
themselves; picklejar's scanner must call each one *safe* with its default
options. Kept tiny (a few KB each) so they can be committed.

Run with the interpreter that has the libraries:
    ${PICKLEJAR_ML_PYTHON:-/usr/bin/python3} test/safety/generate-benign.py
"""
import io
import json
import os
import pickle
import warnings
import zipfile

warnings.filterwarnings('ignore')
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.environ.get('PICKLEJAR_BENIGN_OUT') or os.path.join(HERE, 'benign')
os.makedirs(OUT, exist_ok=True)
ROWS = []


def put(name, data, what):
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(data)
    ROWS.append({'file': name, 'what': what})


# Files the scanner cannot read yet: their expected verdict (never "safe" by accident).
EXPECT = {}  # every benign file scans to the end (lz4 frames included)


def pk(obj, protocol):
    return pickle.dumps(obj, protocol=protocol)


import numpy as np

arrays = {
    'f64': np.arange(6, dtype=np.float64).reshape(2, 3),
    'i32-fortran': np.asfortranarray(np.arange(6, dtype=np.int32).reshape(2, 3)),
    'bool': np.array([True, False]),
    'complex': np.array([1 + 2j], dtype=np.complex64),
    'str': np.array(['ab', 'c']),
    'bytes': np.array([b'ab', b'c']),
    'structured': np.zeros(2, dtype=[('x', '<f4'), ('y', '<i2', (2,))]),
    'datetime': np.array(['2020-01-01'], dtype='datetime64[D]'),
    'object': np.array([1, 'a', None], dtype=object),
    'scalar': np.float32(1.5),
    'int-scalar': np.int64(7),
    'masked': np.ma.masked_array([1, 2, 3], mask=[0, 1, 0]),
    'matrix-free-view': np.arange(10)[::2],
    'dtype': np.dtype('>u2'),
    'record': np.rec.array([(1, 2.0)], dtype=[('a', 'i4'), ('b', 'f8')]),
}
for name, value in arrays.items():
    for protocol in (2, 4, 5):
        put(f'numpy-{name}-p{protocol}.pkl', pk(value, protocol), f'numpy {name}, protocol {protocol}')
buf = io.BytesIO()
np.save(buf, np.array([1, {'a': 2}], dtype=object), allow_pickle=True)
put('numpy-object.npy', buf.getvalue(), 'np.save of an object array (pickle after the header)')
buf = io.BytesIO()
np.savez(buf, a=np.arange(3), b=np.array([None, 1], dtype=object))
put('numpy-savez.npz', buf.getvalue(), 'np.savez with an object array member')
buf = io.BytesIO()
np.savez_compressed(buf, a=np.arange(3), b=np.array([None, 1], dtype=object))
put('numpy-savez-compressed.npz', buf.getvalue(), 'np.savez_compressed (deflated members)')

import torch

t = torch.arange(6, dtype=torch.float32).reshape(2, 3)
state = {'w': t, 'b': torch.zeros(3, dtype=torch.float16), 'i': torch.arange(3, dtype=torch.int64),
         'view': t[:, 1], 'bool': torch.tensor([True]), 'bf16': torch.ones(2, dtype=torch.bfloat16),
         'u8': torch.ones(2, dtype=torch.uint8)}
buf = io.BytesIO()
torch.save(state, buf)
put('torch-state-dict.pt', buf.getvalue(), 'torch.save of a state dict (zip), shared storage and a view')
buf = io.BytesIO()
torch.save(state, buf, _use_new_zipfile_serialization=False)
put('torch-state-dict-legacy.pt', buf.getvalue(), 'legacy torch.save: pickles in a row, then raw storages')
torch.manual_seed(0)
linear = torch.nn.Linear(3, 2)
buf = io.BytesIO()
torch.save({'model': linear.state_dict(), 'epoch': 1}, buf, _use_new_zipfile_serialization=False)
put('torch-checkpoint-legacy.pt', buf.getvalue(), 'legacy torch.save of a small checkpoint (magic, version, sys_info, object, keys, storages)')
buf = io.BytesIO()
torch.save({'model': linear.state_dict(), 'epoch': 1}, buf, _use_new_zipfile_serialization=False, pickle_protocol=4)
put('torch-checkpoint-legacy-p4.pt', buf.getvalue(), 'legacy torch.save with pickle_protocol=4 (framed pickles)')
model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU())
buf = io.BytesIO()
torch.save({'epoch': 3, 'model': model.state_dict(), 'optimizer': torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9).state_dict(),
            'param': torch.nn.Parameter(torch.ones(2)), 'size': torch.Size([2, 3]), 'device': torch.device('cpu'), 'dtype': torch.float32}, buf)
put('torch-checkpoint.pt', buf.getvalue(), 'checkpoint: state dicts, optimizer state, Parameter, Size, device, dtype')
put('torch-tensor-p2.pkl', pk(torch.arange(4, dtype=torch.int32), 2), 'pickle.dumps of a tensor (no persistent ids)')
whole = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.BatchNorm1d(2), torch.nn.Dropout(0.1))
buf = io.BytesIO()
torch.save(whole, buf)
put('torch-whole-model.pt', buf.getvalue(), 'torch.save(model): nn.Module classes rebuilt from their state')
adam = torch.optim.Adam(whole.parameters())
whole(torch.ones(3, 2)).sum().backward()
adam.step()
buf = io.BytesIO()
torch.save({'optimizer': adam.state_dict(), 'scheduler': torch.optim.lr_scheduler.StepLR(adam, 1).state_dict()}, buf)
put('torch-optimizer.pt', buf.getvalue(), 'Adam and StepLR state dicts after a step')

import pandas as pd

df = pd.DataFrame({'a': [1, 2], 'b': [1.5, 2.5], 'c': ['x', 'y'], 'd': pd.to_datetime(['2020-01-01', '2021-01-01'])})
series = pd.Series([1, 2, 3], name='s', index=pd.Index(['a', 'b', 'c']))
cat = pd.Series(pd.Categorical(['a', 'b', 'a']))
multi = pd.DataFrame({'v': [1, 2]}, index=pd.MultiIndex.from_tuples([('a', 1), ('b', 2)]))
tz = pd.Series(pd.date_range('2020-01-01', periods=2, tz='UTC'))
period = pd.Series(pd.period_range('2020-01', periods=2, freq='M'))
for protocol in (2, 4, 5):
    put(f'pandas-frame-p{protocol}.pkl', pk(df, protocol), f'DataFrame of int, float, str, datetime, protocol {protocol}')
    put(f'pandas-series-p{protocol}.pkl', pk(series, protocol), f'Series with a str index, protocol {protocol}')
put('pandas-categorical.pkl', pk(cat, 4), 'categorical Series')
put('pandas-multiindex.pkl', pk(multi, 4), 'MultiIndex DataFrame')
put('pandas-tz.pkl', pk(tz, 4), 'tz-aware datetime Series')
put('pandas-period.pkl', pk(period, 4), 'Period Series')
put('pandas-timestamp.pkl', pk([pd.Timestamp('2020-01-01'), pd.Timedelta('1d'), pd.NaT, pd.Interval(0, 1)], 4), 'scalars: Timestamp, Timedelta, NaT, Interval')

from sklearn.linear_model import LogisticRegression, LinearRegression
from sklearn.tree import DecisionTreeClassifier
from sklearn.preprocessing import StandardScaler
from sklearn.pipeline import Pipeline
from sklearn.ensemble import RandomForestClassifier

X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
y = np.array([0, 1, 1, 0])
models = {
    'linear': LinearRegression().fit(X, y),
    'logistic': LogisticRegression().fit(X, y),
    'tree': DecisionTreeClassifier(random_state=0).fit(X, y),
    'pipeline': Pipeline([('scale', StandardScaler()), ('clf', LogisticRegression())]).fit(X, y),
    'forest': RandomForestClassifier(n_estimators=2, random_state=0).fit(X, y),
}
from sklearn.neighbors import KNeighborsClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.cluster import KMeans
from sklearn.ensemble import HistGradientBoostingClassifier

models['knn-kdtree'] = KNeighborsClassifier(n_neighbors=1, algorithm='kd_tree').fit(X, y)
models['tfidf'] = TfidfVectorizer().fit(['apple banana', 'banana cherry'])
models['kmeans'] = KMeans(n_clusters=2, n_init=1, random_state=0).fit(X)
models['hist-gb'] = HistGradientBoostingClassifier(max_iter=2).fit(X, y)
for name, m in models.items():
    put(f'sklearn-{name}.pkl', pk(m, 4), f'scikit-learn {type(m).__name__}, fitted')
put('sklearn-tfidf-matrix.pkl', pk(models['tfidf'].transform(['apple cherry']), 4), 'a scipy sparse matrix (TfidfVectorizer output)')
put('numpy-random.pkl', pk([np.random.RandomState(1), np.random.default_rng(2)], 4), 'numpy RandomState and Generator')
put('numpy-ufunc.pkl', pk([np.add, np.sqrt], 4), 'numpy ufuncs by reference')
put('pandas-extension.pkl', pk([pd.Series([1, None], dtype='Int64'), pd.Series(pd.interval_range(0, 2)),
                                 pd.Series(pd.arrays.SparseArray([0, 1, 0])), pd.Series(['a', None], dtype='string'),
                                 pd.Series([True, None], dtype='boolean'),
                                 pd.DataFrame({'a': [1]}, index=pd.DatetimeIndex(['2020-01-01'], tz='Europe/Paris'))], 4),
    'pandas nullable, interval, sparse, string and boolean arrays, a tz-aware index')

import joblib

for compress in (0, 'zlib', 'gzip', 'bz2', 'xz', 'lzma', 'lz4'):
    path = os.path.join(OUT, f'joblib-{compress or "raw"}.joblib')
    joblib.dump({'model': models['linear'], 'a': np.arange(5), 'o': np.array([1, 'x', None], dtype=object),
                 's': np.array(['ab', 'c']), 'empty': np.zeros((0, 3))}, path, compress=compress)
    row = {'file': os.path.basename(path), 'what': f'joblib.dump, compress={compress!r}'}
    ROWS.append(row)

for row in ROWS:
    if row['file'] in EXPECT:
        row['expect'] = EXPECT[row['file']]


class Evil:
    # Never called here: joblib.dump only pickles it (os.system by reference, with a harmless command).
    def __reduce__(self):
        return (os.system, ('true',))


path = os.path.join(OUT, 'joblib-evil-after-array.joblib')
joblib.dump([np.arange(4), Evil()], path)
ROWS.append({'file': os.path.basename(path), 'what': 'joblib: os.system after raw array bytes (the scan must skip them to see it)', 'expect': 'dangerous'})
path = os.path.join(OUT, 'joblib-evil-in-object-array.joblib')
joblib.dump({'o': np.array([Evil()], dtype=object)}, path, compress='zlib')
ROWS.append({'file': os.path.basename(path), 'what': 'joblib zlib: os.system inside the pickle of an object array', 'expect': 'dangerous'})

with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
    json.dump(ROWS, f, indent=1)
    f.write('\n')
print(len(ROWS), 'files')
