"""Writes the numpy fixtures of picklejar's test/ml/numpy suite.

Run with a Python that has numpy (Debian's /usr/bin/python3 has numpy 1.24):
    /usr/bin/python3 test/ml/generate_numpy_fixtures.py
Outputs go to test/ml/numpy/fixtures/ and are committed, so the suite runs
without numpy. For every array: <name>.p{2,4,5}.pkl (pickle.dumps at that
protocol), <name>.tolist.pkl (the expected tolist(), a plain pickle), and an
entry in expected.json (dtype.str, descr, shape, strides, order).
numpy 2.x pickles (numpy._core.*) cannot be made here (numpy 2 is not
installed): they are numpy 1 pickles whose module names are rewritten
opcode by opcode (frames dropped), see numpy2().
"""
import json
import os
import pickle
import pickletools

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'numpy', 'fixtures')
PROTOCOLS = (2, 3, 4, 5)


def arrays():
    yield 'f8_1d', np.arange(5, dtype='<f8') * 1.5
    yield 'f4_2d', np.arange(6, dtype='<f4').reshape(2, 3) - 2.5
    yield 'f2', np.array([0.5, -2, 65504, np.inf, 1e-3, 6e-8], dtype='<f2')
    yield 'c8', np.array([1 + 2j, -0.5j], dtype='<c8')
    yield 'c16', np.array([[1 + 2j, 3], [-1j, 2.5 - 1e300j]], dtype='<c16')
    yield 'c16_be', np.array([1 + 2j, -3.25j], dtype='>c16')
    yield 'b1', np.array([True, False, True])
    yield 'i1', np.array([-128, 0, 127], dtype='i1')
    yield 'u1', np.array([0, 255, 7], dtype='u1')
    yield 'i2', np.array([-32768, 1, 32767], dtype='<i2')
    yield 'u2', np.array([65535, 2], dtype='<u2')
    yield 'i4', np.array([-2**31, 5, 2**31 - 1], dtype='<i4')
    yield 'u4', np.array([2**32 - 1, 3], dtype='<u4')
    yield 'i8', np.array([-2**63, 2**53 + 1, 42, -1], dtype='<i8')
    yield 'u8', np.array([2**64 - 1, 0, 2**53], dtype='<u8')
    yield 'i8_be', (np.arange(6).reshape(3, 2) * 1000000007).astype('>i8')
    yield 'f8_be', np.array([[1.5, -2.25], [1e-300, 3]], dtype='>f8')
    yield 'u2_be', np.array([1, 258, 65535], dtype='>u2')
    yield 'zero_d', np.array(3.25)
    yield 'zero_d_i4', np.array(-7, dtype='<i4')
    yield 'empty', np.zeros((0, 3), dtype='<f8')
    yield 'empty_1d', np.zeros(0, dtype='<i2')
    yield 'fortran', np.asfortranarray(np.arange(6, dtype='<i4').reshape(2, 3))
    yield 'fortran_3d', np.asfortranarray(np.arange(24, dtype='<f8').reshape(2, 3, 4))
    yield 'bool_2d', np.array([[True, False], [False, False], [True, True]])
    yield 'U5', np.array(['a', 'héllo', '😀x', ''], dtype='<U5')
    yield 'U3_be', np.array(['abc', 'z'], dtype='>U3')
    yield 'S3', np.array([b'ab', b'c\x00d', b'', b'xyz'], dtype='S3')
    yield 'structured', np.array([(1, [1.5, 2.5]), (-2, [0, -1])], dtype=[('a', '<i4'), ('b', '>f8', (2,))])
    yield 'structured_padded', np.array([(1, 2.5, b'hi')], dtype=np.dtype({'names': ['a', 'b', 'c'], 'formats': ['<i2', '<f8', 'S2'], 'offsets': [0, 8, 16], 'itemsize': 24}))
    yield 'M8_ns', np.array(['2020-01-01T00:00:00.123456789', 'NaT', '1969-12-31'], dtype='<M8[ns]')
    yield 'M8_D', np.array(['2020-02-29', '1900-01-01'], dtype='<M8[D]')
    yield 'm8_s', np.array([3600, -5], dtype='<m8[s]')
    yield 'O', np.array([1, 'a', None, [1, 2], 2.5], dtype=object)
    yield 'O_2d_fortran', np.asfortranarray(np.array([['a', 1], [None, (2, 3)]], dtype=object))
    yield 'big_f4', np.linspace(0, 1, 300, dtype='<f4').reshape(20, 15)


def to_expected(a):
    """The tolist() picklejar must give: datetime64/timedelta64 as their int counts."""
    if a.dtype.kind in 'Mm':
        return a.view('<i8').tolist() if a.dtype.byteorder != '>' else a.view('>i8').tolist()
    return a.tolist()


def numpy2(data):
    """A numpy 1 pickle with numpy.core.* renamed numpy._core.* (numpy 2.x spelling), frames dropped."""
    out = bytearray()
    ops = list(pickletools.genops(data))
    for i, (op, arg, pos) in enumerate(ops):
        end = ops[i + 1][2] if i + 1 < len(ops) else len(data)
        raw = data[pos:end]
        if op.name == 'FRAME':
            continue
        if op.name == 'GLOBAL' and arg.startswith('numpy.core.'):
            raw = b'c' + arg.replace('numpy.core.', 'numpy._core.', 1).replace(' ', '\n').encode() + b'\n'
        elif op.name == 'SHORT_BINUNICODE' and arg.startswith('numpy.core.'):
            text = arg.replace('numpy.core.', 'numpy._core.', 1).encode()
            raw = b'\x8c' + bytes([len(text)]) + text
        out += raw
    return bytes(out)


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        os.remove(os.path.join(OUT, name))
    expected = {}
    for name, a in arrays():
        files = {}
        for p in PROTOCOLS:
            fn = f'{name}.p{p}.pkl'
            with open(os.path.join(OUT, fn), 'wb') as f:
                f.write(pickle.dumps(a, protocol=p))
            files[str(p)] = fn
        with open(os.path.join(OUT, f'{name}.tolist.pkl'), 'wb') as f:
            f.write(pickle.dumps(to_expected(a), protocol=4))
        expected[name] = {
            'dtype': a.dtype.str,
            'descr': [list(map(lambda x: list(x) if isinstance(x, tuple) else x, e)) for e in a.dtype.descr] if a.dtype.names else None,
            'shape': list(a.shape),
            'strides': list(pickle.loads(pickle.dumps(a, protocol=4)).strides),
            'repr': repr(a),
            'fortran': bool(a.flags.f_contiguous and not a.flags.c_contiguous),
            'files': files,
        }
    # Several arrays in one pickle: the shared dtype and b'b' are memoized once.
    pair = [np.arange(3, dtype='<f8'), np.array([2.0, 1.0]), np.arange(2, dtype='>i8')]
    for p in PROTOCOLS:
        with open(os.path.join(OUT, f'list.p{p}.pkl'), 'wb') as f:
            f.write(pickle.dumps(pair, protocol=p))
    # numpy 2.x spellings.
    for name in ('f8_1d', 'O', 'structured', 'fortran'):
        for p in PROTOCOLS:
            with open(os.path.join(OUT, f'{name}.p{p}.pkl'), 'rb') as f:
                data = f.read()
            with open(os.path.join(OUT, f'{name}.np2.p{p}.pkl'), 'wb') as f:
                f.write(numpy2(data))
    # Protocol 5 out of band.
    buffers = []
    oob = [np.arange(4, dtype='<i4'), np.asfortranarray(np.arange(6, dtype='<f8').reshape(2, 3))]
    head = pickle.dumps(oob, protocol=5, buffer_callback=buffers.append)
    with open(os.path.join(OUT, 'oob.head.pkl'), 'wb') as f:
        f.write(head)
    for i, b in enumerate(buffers):
        with open(os.path.join(OUT, f'oob.buf{i}.bin'), 'wb') as f:
            f.write(bytes(b.raw()))
    # Scalars.
    scalars = {
        'float64': np.float64(1.5), 'float32': np.float32(-0.25), 'float16': np.float16(2.5),
        'int32': np.int32(-7), 'int64': np.int64(2**60), 'uint64': np.uint64(2**64 - 1), 'uint8': np.uint8(200),
        'bool': np.bool_(True), 'complex128': np.complex128(1 + 2j), 'str': np.str_('hé'), 'bytes': np.bytes_(b'ab'),
        'datetime64': np.datetime64('2020-01-01T00:00:00', 's'),
    }
    scalar_expected = {}
    for key, s in scalars.items():
        for p in PROTOCOLS:
            with open(os.path.join(OUT, f'scalar_{key}.p{p}.pkl'), 'wb') as f:
                f.write(pickle.dumps(s, protocol=p))
        v = int(s.view('<i8')) if s.dtype.kind == 'M' else s.item()
        with open(os.path.join(OUT, f'scalar_{key}.value.pkl'), 'wb') as f:
            f.write(pickle.dumps(v, protocol=4))
        scalar_expected[key] = s.dtype.str
    npy_expected = write_npy()
    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump({'arrays': expected, 'scalars': scalar_expected, 'npy': npy_expected}, f, indent=1, sort_keys=True)
        f.write('\n')


def npy_arrays():
    yield 'f8_2d', np.arange(6, dtype='<f8').reshape(2, 3) / 4
    yield 'i4_be_fortran', np.asfortranarray(np.arange(12, dtype='>i4').reshape(3, 4))
    yield 'U5', np.array(['a', 'héllo', '😀'], dtype='<U5')
    yield 'structured', np.array([(1, [1.5, 2.5], b'x'), (-2, [0, -1], b'yz')], dtype=[('a', '<i4'), ('b', '>f8', (2,)), ('c', 'S2')])
    yield 'object', np.array([1, 'two', None, (3, 4)], dtype=object)
    yield 'zero_d', np.array(2.5)
    yield 'empty', np.zeros((0, 4), dtype='<i2')
    yield 'bool', np.array([[True, False, True]])
    yield 'M8', np.array(['2021-03-04T05:06:07'], dtype='<M8[s]')
    yield 'c8', np.array([1 - 1j], dtype='<c8')


def write_npy():
    import io
    import warnings
    out = {}
    for name, a in npy_arrays():
        versions = {'default': None, 'v2': (2, 0), 'v3': (3, 0)}
        files = {}
        for key, version in versions.items():
            buf = io.BytesIO()
            if version is None:
                np.save(buf, a, allow_pickle=True)
            else:
                with warnings.catch_warnings():
                    warnings.simplefilter('ignore')
                    np.lib.format.write_array(buf, a, version=version, allow_pickle=True)
            fn = f'{name}.{key}.npy'
            with open(os.path.join(OUT, fn), 'wb') as f:
                f.write(buf.getvalue())
            files[key] = fn
        with open(os.path.join(OUT, f'{name}.npy.tolist.pkl'), 'wb') as f:
            f.write(pickle.dumps(to_expected(a), protocol=4))
        out[name] = {'dtype': a.dtype.str, 'shape': list(a.shape), 'fortran': bool(a.flags.f_contiguous and not a.flags.c_contiguous), 'files': files}
    # A unicode field name forces format 3.0 under np.save.
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        np.save(buf, np.zeros(2, dtype=[('ж', '<i2')]))
    with open(os.path.join(OUT, 'unicode_field.npy'), 'wb') as f:
        f.write(buf.getvalue())
    arrays = dict(npy_arrays())
    np.savez(os.path.join(OUT, 'stored.npz'), f8_2d=arrays['f8_2d'], U5=arrays['U5'], object=arrays['object'])
    np.savez_compressed(os.path.join(OUT, 'deflated.npz'), f8_2d=arrays['f8_2d'], i4_be_fortran=arrays['i4_be_fortran'])
    return out


if __name__ == '__main__':
    main()
