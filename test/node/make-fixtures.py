"""Regenerates test/node/fixtures: files written by Python itself, for picklejar's file API,
stream readers and CLI. Run with an interpreter that has pandas and zstandard
(default /usr/bin/python3; PICKLEJAR_ML_PYTHON overrides):

    /usr/bin/python3 test/node/make-fixtures.py
"""
import bz2, gzip, lzma, os, pickle, zlib

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures')
os.makedirs(HERE, exist_ok=True)

def path(name):
    return os.path.join(HERE, name)

# Three pickles one after another, as pickle.dump called three times on one file.
VALUES = [
    {'C': 1.0, 'name': 'Ada', 'n': [1, 2, 3]},
    [1.5, -0.0, float('inf'), 10**30, b'\x00\xff', (1, 'two')],
    'x' * 70000,
]
PROTOCOLS = [0, 2, 4]
with open(path('multi.pkl'), 'wb') as f:
    for v, p in zip(VALUES, PROTOCOLS):
        pickle.dump(v, f, protocol=p)
raw = open(path('multi.pkl'), 'rb').read()
with gzip.open(path('multi.pkl.gz'), 'wb') as f:
    for v, p in zip(VALUES, PROTOCOLS):
        pickle.dump(v, f, protocol=p)
with bz2.open(path('multi.pkl.bz2'), 'wb') as f:
    f.write(raw)
with lzma.open(path('multi.pkl.xz'), 'wb') as f:
    f.write(raw)
open(path('multi.pkl.z'), 'wb').write(zlib.compress(raw))
try:
    import zstandard
    open(path('multi.pkl.zst'), 'wb').write(zstandard.ZstdCompressor().compress(raw))
except ImportError:
    pass

# A gzip file cut short, a gzip file of text, a text file, a zip of two files.
gz = open(path('multi.pkl.gz'), 'rb').read()
open(path('truncated.pkl.gz'), 'wb').write(gz[: len(gz) // 2])
open(path('text.txt.gz'), 'wb').write(gzip.compress(b'just some text, not a pickle\n', mtime=0))
open(path('notes.txt'), 'wb').write(b'name,value\nC,1.0\n')
import zipfile
with zipfile.ZipFile(path('two.zip'), 'w') as z:
    z.writestr('a.txt', 'a')
    z.writestr('b.txt', 'b')

# A pickle followed by raw bytes (as legacy torch and joblib files have).
open(path('tail.pkl'), 'wb').write(pickle.dumps({'a': 1}, protocol=2) + b'\x00\x01raw data')

# pandas' to_pickle with each compression it offers.
try:
    import pandas as pd
    df = pd.DataFrame({'a': [1, 2, 3], 'b': [0.5, 1.5, 2.5]})
    for ext, comp in [('pkl', None), ('pkl.gz', 'gzip'), ('pkl.bz2', 'bz2'), ('pkl.xz', 'xz'), ('pkl.zip', 'zip'), ('pkl.zst', 'zstd')]:
        try:
            df.to_pickle(path('frame.' + ext), compression=comp, protocol=4)
        except Exception as e:  # an older pandas without zstd
            print('skipped', ext, e)
except ImportError:
    print('pandas missing: frame.* fixtures not regenerated')
