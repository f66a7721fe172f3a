"""Reads pairs of pickles on stdin (JSON lines: {"name", "original", "ours"} hex)
and prints, per pair, whether CPython loads both to the same types and values:
both are loaded, then re-pickled by CPython at protocol 4, and the re-pickles
compared. Run with the Python that has numpy/pandas/sklearn/dill."""
import json
import os
import pickle
import sys

import dill

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def canon(data):
    # dill's unpickler reads plain pickles too, and maps dill's __builtin__.__main__.
    value = dill.loads(data, encoding='latin1')
    if type(value).__name__ == 'module':
        value = sorted((k, repr(v)) for k, v in vars(value).items() if not k.startswith('__'))
    return dill.dumps(value, protocol=4)


for line in sys.stdin:
    case = json.loads(line)
    try:
        same = canon(bytes.fromhex(case['original'])) == canon(bytes.fromhex(case['ours']))
        print(json.dumps({'name': case['name'], 'same': same}))
    except Exception as e:
        print(json.dumps({'name': case['name'], 'same': False, 'error': f'{type(e).__name__}: {e}'}))
    sys.stdout.flush()
