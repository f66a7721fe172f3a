"""CPython side of `npm run bench`: writes the workload pickles and times the C
pickle module on exactly those bytes.

    python3 bench/cpython_bench.py OUT_DIR REPEAT

Writes OUT_DIR/<workload>-p<protocol>.pkl for protocols 4 and 5 and prints one
JSON object on stdout: {"python": version, "results": [{workload, protocol,
file, size, loads, dumps, loadsMemory}]}, times in seconds (best of REPEAT,
timeit's way: garbage collector off while timing), memory in bytes (what the
loaded value holds, by tracemalloc). The JS side (bench/run.ts) reads the same
files, so both languages load identical bytes.
"""
import gc
import json
import os
import pickle
import random
import sys
import timeit
import tracemalloc


def workloads():
    rng = random.Random(20240521)
    yield 'dicts', 'list of 100,000 small dicts', [
        {'id': i, 'name': 'user%d' % i, 'score': rng.random() * 100, 'active': i % 3 == 0, 'group': None}
        for i in range(100_000)
    ]
    yield 'floats', 'list of 1,000,000 floats', [rng.random() * 1e6 for _ in range(1_000_000)]
    yield 'strings', 'list of 200,000 short strings', ['item-%d-%s' % (i, 'xyz'[i % 3]) for i in range(200_000)]
    yield 'blob', 'one 32 MiB bytes object', rng.randbytes(32 << 20)


def best(fn, repeat):
    fn()  # warm-up: first-touch allocations and caches
    return min(timeit.repeat(fn, repeat=repeat, number=1))


def main():
    out_dir, repeat = sys.argv[1], int(sys.argv[2])
    os.makedirs(out_dir, exist_ok=True)
    results = []
    for key, title, value in workloads():
        for protocol in (4, 5):
            data = pickle.dumps(value, protocol=protocol)
            path = os.path.join(out_dir, '%s-p%d.pkl' % (key, protocol))
            with open(path, 'wb') as f:
                f.write(data)
            loads_time = best(lambda: pickle.loads(data), repeat)
            dumps_time = best(lambda: pickle.dumps(value, protocol=protocol), repeat)
            gc.collect()
            tracemalloc.start()
            loaded = pickle.loads(data)
            memory = tracemalloc.get_traced_memory()[0]
            tracemalloc.stop()
            del loaded
            results.append({
                'workload': key, 'title': title, 'protocol': protocol, 'file': path, 'size': len(data),
                'loads': loads_time, 'dumps': dumps_time, 'loadsMemory': memory,
            })
        del value
    json.dump({'python': sys.version.split()[0], 'results': results}, sys.stdout)


if __name__ == '__main__':
    main()
