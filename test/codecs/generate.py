#!/usr/bin/env python3
"""Regenerates test/codecs/fixtures/: small files written by Python's own
codecs, for the codec tests (which also run Python live when present).

Run from the repository root with a Python that has zstandard and lz4 (the
Debian system Python): /usr/bin/python3 test/codecs/generate.py
gzip/zlib/bz2/lzma need only the standard library; zstd/lz4 files are kept
as they are when those modules are missing.
"""
import bz2
import gzip
import hashlib
import io
import json
import lzma
import os
import pickle
import shutil
import subprocess
import zlib

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures')


def payload_small():
    """A pickle and some text: about 4 KB, compressible."""
    obj = {'name': 'picklejar', 'floats': [i / 7 for i in range(100)], 'ints': list(range(200)), 'text': 'spam and eggs ' * 40}
    return pickle.dumps(obj, protocol=4) + ('Lorem ipsum dolor sit amet, ' * 40).encode()


def payload_large():
    """About 150 KB of varied text (several bz2 blocks at level 1); the tests check its SHA-256."""
    words = [b'spam', b'eggs', b'ham', b'pickle', b'jar', b'numpy', b'torch', b'float', b'tuple', b'dict', b'list', b'bytes']
    return b''.join(b'%d:%s=%d;' % (i % 977, words[(i * 7 + i // 13) % len(words)], (i * 3) % 101) for i in range(10000))


def zeros():
    return bytes(10_000_000)


def write(name, data):
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(data)


def main():
    os.makedirs(HERE, exist_ok=True)
    small = payload_small()
    large = payload_large()
    write('small.bin', small)
    files = {}

    def add(name, data, payload, codec):
        write(name, data)
        files[name] = {'payload': payload, 'codec': codec}

    # gzip: Python's one-shot, a header with a file name and comment-less FNAME, levels, several members, zero padding.
    add('small.gz', gzip.compress(small, mtime=0), 'small', 'gzip')
    add('small-l1.gz', gzip.compress(small, compresslevel=1, mtime=0), 'small', 'gzip')
    buf = io.BytesIO()
    with gzip.GzipFile(filename='data.pkl', mode='wb', fileobj=buf, mtime=1234567890) as g:
        g.write(small)
    add('small-named.gz', buf.getvalue(), 'small', 'gzip')
    add('multi-member.gz', gzip.compress(small[:1000], mtime=0) + gzip.compress(small[1000:], mtime=0) + b'\0' * 3, 'small', 'gzip')
    add('empty.gz', gzip.compress(b'', mtime=0), 'empty', 'gzip')
    # zlib (joblib's .z), levels.
    add('small.z', zlib.compress(small), 'small', 'zlib')
    add('small-l9.z', zlib.compress(small, 9), 'small', 'zlib')
    # bz2: one stream, several blocks at level 1, several streams, empty.
    add('small.bz2', bz2.compress(small), 'small', 'bz2')
    add('large-l1.bz2', bz2.compress(large, 1), 'large', 'bz2')
    add('multi-stream.bz2', bz2.compress(small[:1500]) + bz2.compress(small[1500:]), 'small', 'bz2')
    add('empty.bz2', bz2.compress(b''), 'empty', 'bz2')
    # xz: every check kind, several streams with padding, delta + LZMA2, and .lzma (alone).
    add('small.xz', lzma.compress(small), 'small', 'xz')
    add('small-crc32.xz', lzma.compress(small, check=lzma.CHECK_CRC32), 'small', 'xz')
    add('small-none.xz', lzma.compress(small, check=lzma.CHECK_NONE), 'small', 'xz')
    add('small-sha256.xz', lzma.compress(small, check=lzma.CHECK_SHA256), 'small', 'xz')
    add('multi-stream.xz', lzma.compress(small[:2000]) + b'\0' * 8 + lzma.compress(small[2000:], check=lzma.CHECK_CRC32), 'small', 'xz')
    add('large.xz', lzma.compress(large, preset=1), 'large', 'xz')
    add('small-delta.xz', lzma.compress(small, filters=[{'id': lzma.FILTER_DELTA, 'dist': 4}, {'id': lzma.FILTER_LZMA2, 'preset': 6, 'lc': 1, 'lp': 2, 'pb': 1}]), 'small', 'xz')
    add('empty.xz', lzma.compress(b''), 'empty', 'xz')
    if shutil.which('xz'):
        # Several blocks, each with its sizes in the block header (xz-utils, as `xz -T` writes).
        blocks = subprocess.run(['xz', '-c', '--block-size=1000', '-T1'], input=small, capture_output=True, check=True).stdout
        add('multi-block.xz', blocks, 'small', 'xz')
    else:
        print('xz missing: multi-block.xz kept as it is')
    add('small.lzma', lzma.compress(small, format=lzma.FORMAT_ALONE), 'small', 'lzma')
    add('large.lzma', lzma.compress(large, format=lzma.FORMAT_ALONE, preset=1), 'large', 'lzma')
    bombs = {'zeros.gz': gzip.compress(zeros(), mtime=0), 'zeros.z': zlib.compress(zeros(), 9), 'zeros.bz2': bz2.compress(zeros()),
             'zeros.xz': lzma.compress(zeros()), 'zeros.lzma': lzma.compress(zeros(), format=lzma.FORMAT_ALONE)}
    try:
        import zstandard
        add('small.zst', zstandard.ZstdCompressor(write_checksum=True).compress(small), 'small', 'zstd')
        add('large.zst', zstandard.ZstdCompressor(level=19, write_checksum=True).compress(large), 'large', 'zstd')
        b = io.BytesIO()
        w = zstandard.ZstdCompressor(write_checksum=True, write_content_size=False).stream_writer(b, closefd=False)
        w.write(small[:3000])
        w.close()
        skippable = b'\x50\x2a\x4d\x18' + (5).to_bytes(4, 'little') + b'hello'
        add('multi-frame.zst', b.getvalue() + skippable + zstandard.ZstdCompressor().compress(small[3000:]), 'small', 'zstd')
        bombs['zeros.zst'] = zstandard.ZstdCompressor(write_checksum=True).compress(zeros())
    except ImportError:
        print('zstandard missing: zstd fixtures kept as they are')
    try:
        import lz4.frame
        add('small.lz4', lz4.frame.compress(small), 'small', 'lz4')
        add('large-linked.lz4', lz4.frame.compress(large, block_linked=True, block_checksum=True, content_checksum=True,
                                                   block_size=lz4.frame.BLOCKSIZE_MAX64KB, store_size=False), 'large', 'lz4')
        add('multi-frame.lz4', lz4.frame.compress(small[:2500], compression_level=9) + lz4.frame.compress(small[2500:]), 'small', 'lz4')
        bombs['zeros.lz4'] = lz4.frame.compress(zeros(), block_size=lz4.frame.BLOCKSIZE_MAX4MB)
    except ImportError:
        print('lz4 missing: lz4 fixtures kept as they are')
    for name, data in bombs.items():
        write(name, data)
    manifest_path = os.path.join(HERE, 'manifest.json')
    if os.path.exists(manifest_path):
        with open(manifest_path) as f:
            old = json.load(f)
        for name, entry in old['files'].items():
            files.setdefault(name, entry)
        for name in old['bombs']:
            bombs.setdefault(name, b'')
    manifest = {
        'payloads': {'small': hashlib.sha256(small).hexdigest(), 'large': hashlib.sha256(large).hexdigest(), 'empty': hashlib.sha256(b'').hexdigest()},
        'files': dict(sorted(files.items())),
        'bombs': sorted(bombs),
        'gzipHeaders': {str(level): gzip.compress(small, compresslevel=level, mtime=0)[:10].hex() for level in range(10)},
    }
    with open(manifest_path, 'w') as f:
        json.dump(manifest, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
