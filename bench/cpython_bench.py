"""CPython side of `npm run bench`: writes the workload pickles and times the C
pickle module on exactly those bytes, in one long-lived process with the
garbage collector on (as a server runs).

    python3 bench/cpython_bench.py OUT_DIR REPEAT [numpy]

Writes OUT_DIR/<workload>.pkl (protocol 5) and prints one JSON object on
stdout: {"python": version, "results": [{workload, title, file, size,
lossless, isolated: {loads, dumps}, mixed: {loads, dumps}, loadsPeak,
loadsRetained}]}. Times are in seconds, best of REPEAT after one warm-up run
("stream" is `pickle.Pickler(sink, protocol=5).dump(value)` into a sink whose
`write` discards: a dump that builds no output bytes object of its own size):
"isolated" times each workload by itself, "mixed" runs every workload's loads
and dumps interleaved, round after round, so each pays for the heap the others
left (as in a long-lived process). Memory is in bytes by tracemalloc: the peak
during one loads and what the loaded value retains. With the argument
`numpy` (run by a Python that has numpy) only the numpy workload is written
and timed. The JS side (bench/run.ts) reads the same files.
"""
import gc
import json
import os
import pickle
import random
import sys
import time
import tracemalloc

PROTOCOL = 5


def workloads():
    rng = random.Random(20240521)
    yield 'dicts', '100k small dicts', False, [
        {'id': i, 'name': 'user%d' % i, 'score': rng.random() * 100, 'active': i % 3 == 0, 'group': None}
        for i in range(100_000)
    ]
    # Integral floats: JS numbers lose the difference from ints, so these load losslessly.
    yield 'records', '100k records, nested list, integral floats', True, [
        {'id': i, 'name': 'user%d' % i, 'score': float(i % 1000), 'tags': ['a', 'b'], 'active': i % 2 == 0}
        for i in range(100_000)
    ]
    yield 'floats', '1M floats', False, [rng.random() * 1e6 for _ in range(1_000_000)]
    yield 'strings', '200k short strings, 1/4 non-ASCII', False, [
        ('caf\u00e9-%d-\u20ac' % i) if i % 4 == 0 else ('item-%d-%s' % (i, 'xyz'[i % 3]))
        for i in range(200_000)
    ]
    yield 'bytes', 'one 32 MiB bytes', False, rng.randbytes(32 << 20)
    yield 'bm_pickle', 'bm_pickle-like nested objects', True, bm_pickle_objects(rng)


def bm_pickle_objects(rng):
    """Nested dicts, lists and tuples of mixed scalars, in the spirit of
    pyperformance's bm_pickle (a user profile dict, a tuple of ids, a group of
    such dicts), repeated with variations. Each str is either unique or one
    shared object: picklejar's dumps memoizes str by value, so equal but
    distinct str objects (which CPython writes twice) would not round-trip."""
    words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta']
    artists = [a + ' ' + b for a in words for b in words]
    out = []
    for i in range(5_000):
        profile = {
            'ads_flags': i % 7, 'age': 18 + i % 60, 'bulletin_count': i % 5, 'comment_count': i * 3 % 101,
            'country': 'BR' if i % 2 else 'US', 'encrypted_id': 'G9urXX%06dE' % i,
            'favorite_artists': [artists[(i + k * 7) % 64] for k in range(6)],
            'favorite_authors': [], 'gender': 'm' if i % 3 else 'f', 'last_seen': 1230000000 + i,
            'location': 'S\u00e3o Paulo' if i % 2 else 'Boston', 'rating': round(rng.random() * 5, 3),
            'verified': i % 4 == 0, 'avatar': None,
        }
        ids = (tuple(265867233 + i * 11 + k for k in range(12)), 60 + i % 5)
        group = {'members': [profile['encrypted_id'], 'x%d' % i], 'sizes': (i % 9, -i, 2 ** 40 + i), 'nested': {'a': [1, 2, (3, 4.5)], 'b': {'c': 'd'}}}
        out.append((profile, ids, group))
    return out


def numpy_workloads():
    import numpy
    rng = numpy.random.default_rng(20240521)
    yield 'numpy', '40 MB numpy float64 array', False, rng.random(5_000_000)


class DiscardingSink:
    """A file object whose write keeps nothing (the `dumps→sink` rows)."""

    def write(self, data):
        # A large in-band buffer arrives as the PickleBuffer itself (written
        # without a copy), which has no len(): count it through a memoryview.
        return memoryview(data).nbytes


def stream_dump(value):
    pickle.Pickler(DiscardingSink(), protocol=PROTOCOL).dump(value)


SHORT_EXTRA = 200  # more runs for an operation under 1 ms, as bench/run.ts does


def best_of(fn, repeat):
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    if min(times) < 1e-3:
        for _ in range(SHORT_EXTRA):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    return min(times)


def memory(data):
    gc.collect()
    tracemalloc.start()
    loaded = pickle.loads(data)
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del loaded
    return peak, current


def main():
    out_dir, repeat = sys.argv[1], int(sys.argv[2])
    only_numpy = len(sys.argv) > 3 and sys.argv[3] == 'numpy'
    os.makedirs(out_dir, exist_ok=True)
    items = []
    for key, title, lossless, value in (numpy_workloads() if only_numpy else workloads()):
        data = pickle.dumps(value, protocol=PROTOCOL)
        path = os.path.join(out_dir, '%s.pkl' % key)
        with open(path, 'wb') as f:
            f.write(data)
        items.append({'workload': key, 'title': title, 'lossless': lossless, 'file': path, 'size': len(data),
                      'value': value, 'data': data})
    gc.enable()
    for it in items:
        data, value = it['data'], it['value']
        it['isolated'] = {
            'loads': best_of(lambda: pickle.loads(data), repeat),
            'dumps': best_of(lambda: pickle.dumps(value, protocol=PROTOCOL), repeat),
            'stream': best_of(lambda: stream_dump(value), repeat),
        }
    # Mixed: one warm-up round, then REPEAT rounds of every workload interleaved.
    mixed = {it['workload']: {'loads': [], 'dumps': [], 'stream': []} for it in items}
    for rnd in range(repeat + 1):
        for it in items:
            for op in ('loads', 'dumps', 'stream'):
                t0 = time.perf_counter()
                if op == 'loads':
                    pickle.loads(it['data'])
                elif op == 'dumps':
                    pickle.dumps(it['value'], protocol=PROTOCOL)
                else:
                    stream_dump(it['value'])
                if rnd > 0:
                    mixed[it['workload']][op].append(time.perf_counter() - t0)
    # As in best_of: an operation under 1 ms gets SHORT_EXTRA more runs.
    ops = {'loads': lambda it: pickle.loads(it['data']),
           'dumps': lambda it: pickle.dumps(it['value'], protocol=PROTOCOL),
           'stream': lambda it: stream_dump(it['value'])}
    for it in items:
        for op, fn in ops.items():
            times = mixed[it['workload']][op]
            if min(times) < 1e-3:
                for _ in range(SHORT_EXTRA):
                    t0 = time.perf_counter()
                    fn(it)
                    times.append(time.perf_counter() - t0)
    results = []
    for it in items:
        peak, current = memory(it['data'])
        results.append({
            'workload': it['workload'], 'title': it['title'], 'lossless': it['lossless'], 'file': it['file'],
            'size': it['size'], 'isolated': it['isolated'],
            'mixed': {op: min(ts) for op, ts in mixed[it['workload']].items()},
            'loadsPeak': peak, 'loadsRetained': current,
        })
    json.dump({'python': sys.version.split()[0], 'results': results}, sys.stdout)


if __name__ == '__main__':
    main()
