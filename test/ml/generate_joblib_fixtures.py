"""Writes the joblib fixtures of picklejar's test/ml/joblib suite.

Run with a Python that has numpy and joblib (Debian's /usr/bin/python3: joblib 1.2):
    /usr/bin/python3 test/ml/generate_joblib_fixtures.py
Outputs (committed): test/ml/joblib/fixtures/value.<compression>.joblib for
each compression joblib offers, and value.expected.pkl: the same value with
every array replaced by ['ndarray', dtype.str, tolist()] (a plain pickle);
write.<case>.p<protocol>.joblib and write.arrays.<compression>.joblib: what
joblib.dump writes for the values of joblib/joblib_cases.py, which the
writeJoblib tests build in JS (the 'large' case is only compared live).
"""
import os
import pickle

import sys

import joblib
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'joblib'))
from joblib_cases import cases  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'joblib', 'fixtures')


def value():
    return {
        'a': np.arange(12, dtype='<f8').reshape(3, 4) / 2,
        'f': np.asfortranarray(np.arange(6, dtype='<i4').reshape(2, 3)),
        'be': np.array([1, -2, 2**40], dtype='>i8'),
        'o': np.array([1, 'x', None], dtype=object),
        'U': np.array(['ab', 'ç'], dtype='<U2'),
        'empty': np.zeros(0, dtype='<f4'),
        'list': [1, 'x', 2.5, np.arange(2, dtype='<u1')],
        'scalar': np.float64(2.5),
    }


def expand(v):
    if isinstance(v, np.ndarray):
        return ['ndarray', v.dtype.str, v.tolist()]
    if isinstance(v, dict):
        return {k: expand(x) for k, x in v.items()}
    if isinstance(v, list):
        return [expand(x) for x in v]
    if isinstance(v, np.generic):
        return v.item()
    return v


PANDAS_CASES = ('df_basic', 'df_datetime', 'df_categorical', 'series_str', 'df_long')

COMPRESSIONS = {
    'none': 0,
    'zlib': ('zlib', 3),
    'gzip': ('gzip', 3),
    'bz2': ('bz2', 3),
    'xz': ('xz', 3),
    'lzma': ('lzma', 3),
    'lz4': ('lz4', 3),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        os.remove(os.path.join(OUT, name))
    v = value()
    for name, compress in COMPRESSIONS.items():
        try:
            joblib.dump(v, os.path.join(OUT, f'value.{name}.joblib'), compress=compress)
        except ValueError as e:  # lz4 not installed
            print('skipped', name, e)
    with open(os.path.join(OUT, 'value.expected.pkl'), 'wb') as f:
        f.write(pickle.dumps(expand(v), protocol=4))
    for name, case in cases().items():
        if name == 'large':
            continue
        for protocol in (2, 3, 4, 5):
            joblib.dump(case, os.path.join(OUT, f'write.{name}.p{protocol}.joblib'), protocol=protocol)
    for name, compress in COMPRESSIONS.items():
        if name != 'none':
            joblib.dump(cases()['arrays'], os.path.join(OUT, f'write.arrays.{name}.joblib'), compress=compress)
    # pandas objects (needs pandas): the frames of the pandas suite, as joblib.dump writes them.
    pandas_dir = os.path.join(os.path.dirname(OUT), '..', 'pandas', 'fixtures')
    for name in PANDAS_CASES:
        with open(os.path.join(pandas_dir, f'{name}.p4.pkl'), 'rb') as f:
            frame = pickle.load(f)
        joblib.dump(frame, os.path.join(OUT, f'pandas.{name}.joblib'))


if __name__ == '__main__':
    main()
