#!/usr/bin/env python3
"""The python3 side of random-values.test.ts: one process, one request.

stdin:  {"values": [typed JSON, ...], "jsPickles": [[base64 | null for protocol 0..5], ...] or null}
stdout: {"pickles": [[base64 for protocol 0..5] | {"error": text}, ...],
         "readback": [[{"ok": bool, "why"?: text} | null for protocol 0..5], ...]}

Each value is decoded from typed JSON (../fixtures/typed_json.py) and pickled
by CPython's C pickler at every protocol; each picklejar pickle is loaded by
pickle.loads and compared with the decoded value (canonical typed JSON: types,
values, set members in any order).
"""
import base64
import json
import os
import pickle
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures'))
import typed_json  # noqa: E402


def canonical(value):
    return json.dumps(typed_json.encode(value, sort_sets=True), sort_keys=True, ensure_ascii=False)


def main():
    request = json.load(sys.stdin)
    values = []
    pickles = []
    for node in request['values']:
        try:
            v = typed_json.decode(node)
            values.append(v)
            pickles.append([base64.b64encode(pickle.dumps(v, p)).decode('ascii') for p in range(6)])
        except Exception as e:  # noqa: BLE001 - reported per value
            values.append(None)
            pickles.append({'error': '%s: %s' % (type(e).__name__, e)})
    readback = []
    for v, row in zip(values, request.get('jsPickles') or []):
        want = canonical(v)
        out = []
        for data in row:
            if data is None:
                out.append(None)
                continue
            try:
                got = canonical(pickle.loads(base64.b64decode(data)))
                out.append({'ok': True} if got == want else
                           {'ok': False, 'why': 'CPython read %s, expected %s' % (ascii(got[:200]), ascii(want[:200]))})
            except Exception as e:  # noqa: BLE001 - reported per pickle
                out.append({'ok': False, 'why': 'CPython raised %s: %s' % (type(e).__name__, str(e)[:200])})
        readback.append(out)
    json.dump({'pickles': pickles, 'readback': readback}, sys.stdout)


if __name__ == '__main__':
    main()
