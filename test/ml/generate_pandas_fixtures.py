"""Writes the pandas fixtures of picklejar's test/ml/pandas suite.

Run with a Python that has pandas (Debian's /usr/bin/python3: pandas 1.5):
    /usr/bin/python3 test/ml/generate_pandas_fixtures.py
Outputs (committed) in test/ml/pandas/fixtures/: <name>.p{2,4,5}.pkl
(DataFrame.to_pickle's bytes are pickle.dumps at the highest protocol; here
each protocol is written), <name>.pd2.p{4,5}.pkl (the same pickles in pandas
2.x / numpy 2.x spelling, made by hand: see pandas2()) and
<name>.expected.pkl, a plain pickle of
{'columns', 'index', 'columns_values'} where datetime64 values are their
int64 nanosecond counts and categoricals their category values.
"""
import os
import pickle
import pickletools

import numpy as np
import pandas as pd

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pandas', 'fixtures')
PROTOCOLS = (2, 4, 5)


def frames():
    yield 'df_basic', pd.DataFrame({'x': [1, 2, 3], 'y': [1.5, 2.5, np.nan], 's': ['a', 'b', None]},
                                   index=pd.Index([10, 20, 30], name='id'))
    yield 'df_range', pd.DataFrame({'flag': [True, False], 'n': np.array([7, -8], dtype='int32'), 'f': [0.25, 1e10]})
    yield 'df_datetime', pd.DataFrame({'t': pd.to_datetime(['2020-01-01', '2020-01-02 03:04:05']), 'v': [1.0, 2.0]},
                                      index=pd.DatetimeIndex(['2021-05-01', '2021-05-02'], name='day'))
    yield 'df_categorical', pd.DataFrame({'c': pd.Categorical(['lo', 'hi', 'lo', None]), 'k': ['p', 'q', 'r', 's']},
                                         index=pd.Index(['a', 'b', 'c', 'd']))
    yield 'df_long', pd.DataFrame({'i': np.arange(100), 'sq': np.arange(100) ** 2, 'name': [f'row{i}' for i in range(100)]})
    yield 'series_float', pd.Series([1.5, 2.5, -0.5], name='v')
    yield 'series_str', pd.Series(['x', 'y'], index=pd.Index(['k1', 'k2'], name='key'), name='letters')
    yield 'series_datetime', pd.Series(pd.to_datetime(['1999-12-31 23:59:59', '2000-01-01']))


def plain(values):
    if isinstance(values.dtype, pd.CategoricalDtype):
        return [None if pd.isna(v) else v for v in values]
    arr = np.asarray(values)
    if arr.dtype.kind in 'Mm':
        return arr.view('i8').tolist()
    return arr.tolist()


def expected(obj):
    if isinstance(obj, pd.DataFrame):
        return {
            'kind': 'DataFrame',
            'columns': list(obj.columns),
            'index': plain(obj.index),
            'index_name': obj.index.name,
            'values': {c: plain(obj[c]) for c in obj.columns},
            'repr': repr(obj),
        }
    return {'kind': 'Series', 'name': obj.name, 'index': plain(obj.index), 'index_name': obj.index.name,
            'values': plain(obj), 'repr': repr(obj)}


# pandas 2.x dropped Int64Index/UInt64Index/Float64Index (an Index of that dtype
# pickles as pandas.core.indexes.base.Index); with numpy 2.x, numpy.core is numpy._core.
PANDAS2_NAMES = {
    'pandas.core.indexes.numeric': 'pandas.core.indexes.base',
    'Int64Index': 'Index',
    'UInt64Index': 'Index',
    'Float64Index': 'Index',
    'numpy.core.multiarray': 'numpy._core.multiarray',
    'numpy.core.numeric': 'numpy._core.numeric',
}


def pandas2(data):
    """A pandas 1.5 protocol 4+ pickle respelled as pandas 2.x with numpy 2.x would name
    its globals (each renamed str written afresh, as it was), frames dropped. pandas 2 and
    numpy 2 cannot be installed here, so this is the closest check of their spelling."""
    out = bytearray()
    ops = list(pickletools.genops(data))
    for i, (op, arg, pos) in enumerate(ops):
        end = ops[i + 1][2] if i + 1 < len(ops) else len(data)
        raw = data[pos:end]
        if op.name == 'FRAME':
            continue
        if op.name == 'SHORT_BINUNICODE' and arg in PANDAS2_NAMES:
            text = PANDAS2_NAMES[arg].encode()
            raw = b'\x8c' + bytes([len(text)]) + text
        out += raw
    return bytes(out)


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        os.remove(os.path.join(OUT, name))
    for name, obj in frames():
        for p in PROTOCOLS:
            with open(os.path.join(OUT, f'{name}.p{p}.pkl'), 'wb') as f:
                f.write(pickle.dumps(obj, protocol=p))
        with open(os.path.join(OUT, f'{name}.expected.pkl'), 'wb') as f:
            f.write(pickle.dumps(expected(obj), protocol=4))
        for p in (4, 5):
            with open(os.path.join(OUT, f'{name}.pd2.p{p}.pkl'), 'wb') as f:
                f.write(pandas2(pickle.dumps(obj, protocol=p)))


if __name__ == '__main__':
    main()
