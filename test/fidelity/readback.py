"""Reads pairs of pickles on stdin (JSON lines: {"name", "original", "ours"} hex)
and prints, per pair, whether CPython loads both to the same types and values:
both are loaded, then re-pickled by CPython at protocol 4, and the re-pickles
compared. Run with the Python that has numpy/pandas/sklearn/dill."""
import io
import json
import os
import pickle
import sys

import dill

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


class ByValueStrs(dill.Pickler):
    """Writes equal strs as one object (the first one seen): str identity ignored."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._strs = {}

    def save(self, obj, save_persistent_id=True):
        if type(obj) is str:
            obj = self._strs.setdefault(obj, obj)
        super().save(obj, save_persistent_id)


def canon(data, strs_by_value=False):
    # dill's unpickler reads plain pickles too, and maps dill's __builtin__.__main__.
    value = dill.loads(data, encoding='latin1')
    if type(value).__name__ == 'module':
        value = sorted((k, repr(v)) for k, v in vars(value).items() if not k.startswith('__'))
    if not strs_by_value:
        return dill.dumps(value, protocol=4)
    out = io.BytesIO()
    ByValueStrs(out, protocol=4).dump(value)
    return out.getvalue()


for line in sys.stdin:
    case = json.loads(line)
    try:
        original, ours = bytes.fromhex(case['original']), bytes.fromhex(case['ours'])
        same = canon(original) == canon(ours)
        # Default mode keeps types and values, not which equal strs were separate objects.
        same_by_value = same or canon(original, True) == canon(ours, True)
        print(json.dumps({'name': case['name'], 'same': same, 'sameStrsByValue': same_by_value}))
    except Exception as e:
        print(json.dumps({'name': case['name'], 'same': False, 'error': f'{type(e).__name__}: {e}'}))
    sys.stdout.flush()
