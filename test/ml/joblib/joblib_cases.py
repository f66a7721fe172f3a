"""The values picklejar's writeJoblib tests write from JS, built the same way
in Python, and the oracle commands the live tests run.

    /usr/bin/python3 test/ml/joblib/joblib_cases.py dump CASE PATH PROTOCOL COMPRESS
        joblib.dump(case value, PATH, protocol=PROTOCOL, compress=...)
    /usr/bin/python3 test/ml/joblib/joblib_cases.py check CASE PATH
        joblib.load(PATH) and compare with the case value (dtype, order,
        values, shared-ness); prints 'ok' or raises.
The JS side (test/ml/joblib/write.test.ts) builds the same values.
"""
import sys

import joblib
import numpy as np


def cases():
    a = np.arange(12, dtype='<f8').reshape(3, 4) / 2
    x = np.arange(3, dtype='<i8')
    return {
        'arrays': {
            'a': a,
            'f': np.asfortranarray(np.arange(6, dtype='<i4').reshape(2, 3)),
            'be': np.array([1, -2, 2**40], dtype='>i8'),
            'u': np.arange(5, dtype='|u1'),
            'b': np.array([True, False, True]),
            'e': np.zeros(0, dtype='<f4'),
            'h': np.array([1.5, -2.0], dtype='<f2'),
            'c': np.array([1 + 2j], dtype='<c16'),
            's': np.array(['ab', 'ç'], dtype='<U2'),
            'd': np.array([0, 86400], dtype='<M8[s]'),
            'z': np.array(7.5, dtype='<f8'),
        },
        'shared': [x, x, {'y': x}],
        'object': {'o': np.array([1, 'x', None, 2.5], dtype=object), 'n': 3},
        'large': {'w': (np.arange(20000, dtype='<u4') * 7) % 1000, 'tail': 'end'},
    }


def same(a, b, path='root'):
    if isinstance(a, np.ndarray):
        # joblib.load swaps non-native arrays to native byte order.
        if a.dtype.byteorder == '>':
            a = a.astype(a.dtype.newbyteorder('='))
        assert isinstance(b, np.ndarray) and type(b) is np.ndarray, path
        assert a.dtype == b.dtype and a.dtype.str == b.dtype.str, (path, a.dtype, b.dtype)
        assert a.shape == b.shape, path
        assert a.flags.f_contiguous == b.flags.f_contiguous and a.flags.c_contiguous == b.flags.c_contiguous, path
        if a.dtype.hasobject:
            assert a.tolist() == b.tolist(), path
        else:
            assert np.array_equal(a, b), path
        return
    assert type(a) is type(b), (path, type(a), type(b))
    if isinstance(a, dict):
        assert list(a) == list(b), path
        for k in a:
            same(a[k], b[k], f'{path}[{k!r}]')
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f'{path}[{i}]')
    else:
        assert a == b, path


def main():
    mode, name, path = sys.argv[1:4]
    value = cases()[name]
    if mode == 'dump':
        protocol, compress = int(sys.argv[4]), sys.argv[5]
        joblib.dump(value, path, protocol=protocol, compress=0 if compress == 'none' else (compress, 3))
    else:
        same(value, joblib.load(path))
        print('ok')


if __name__ == '__main__':
    main()
