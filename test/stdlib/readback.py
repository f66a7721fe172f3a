"""Reads pickles picklejar wrote and compares them with CPython's own.

stdin: JSON list of {"id", "source", "protocol", "js"}: `source` is a CPython
fixture (hex), `js` what picklejar dumped at `protocol` after loading it.
stdout: JSON {id: {"value": bool, "bytes": bool, "error": str|null}} where
"value" means pickle.loads(js) matches CPython's own round trip
pickle.loads(pickle.dumps(pickle.loads(source), protocol)) (same type, repr and
attributes), and "bytes" means js equals that CPython dump byte for byte.
"""
import json
import os
import pickle
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fixture_types  # noqa: E402,F401  (importable for pickle)

ADDRESS = re.compile(r' at 0x[0-9a-f]+')


def norm(x):
    attrs = None
    if hasattr(x, '__dict__') and not isinstance(x, type):
        attrs = repr(sorted(vars(x).items()))
    return (type(x).__module__, type(x).__qualname__, ADDRESS.sub('', repr(x)), attrs)


def main():
    out = {}
    for item in json.load(sys.stdin):
        try:
            source = pickle.loads(bytes.fromhex(item['source']))
            expected_bytes = pickle.dumps(source, item['protocol'])
            expected = pickle.loads(expected_bytes)
            js = bytes.fromhex(item['js'])
            got = pickle.loads(js)
            out[item['id']] = {'value': norm(got) == norm(expected), 'bytes': js == expected_bytes, 'error': None}
        except Exception as e:  # noqa: BLE001 - reported to the test
            out[item['id']] = {'value': False, 'bytes': False, 'error': f'{type(e).__name__}: {e}'}
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
