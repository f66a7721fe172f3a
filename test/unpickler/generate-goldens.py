#!/usr/bin/env python3
"""Golden pickles for test/unpickler: values CPython pickles at protocols 0-5
with a typed description of what must load, and malformed inputs with the
exception CPython's C unpickler raises.

Run from the repository root:
    python3 test/unpickler/generate-goldens.py            # rewrites the goldens
    python3 test/unpickler/generate-goldens.py --stdout   # prints them (the tests compare)
"""
import json
import math
import os
import pickle
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def describe(v, seen=None):
    """A JSON form of a loaded value; mutable containers seen twice become {"ref": n}."""
    if seen is None:
        seen = {}
    if v is None:
        return None
    if isinstance(v, bool):
        return {'bool': v}
    if isinstance(v, int):
        return {'int': str(v)}
    if isinstance(v, float):
        return {'float': repr(v)}
    if isinstance(v, str):
        return {'str': v}
    if isinstance(v, complex):
        return {'complex': [repr(v.real), repr(v.imag)]}
    if isinstance(v, bytes):
        return {'bytes': v.hex()}
    if isinstance(v, (list, dict, set, bytearray)):
        if id(v) in seen:
            return {'ref': seen[id(v)]}
        seen[id(v)] = len(seen)
    if isinstance(v, bytearray):
        return {'bytearray': bytes(v).hex()}
    if isinstance(v, list):
        return {'list': [describe(x, seen) for x in v]}
    if isinstance(v, tuple):
        return {'tuple': [describe(x, seen) for x in v]}
    if isinstance(v, dict):
        return {'dict': [[describe(k, seen), describe(x, seen)] for k, x in v.items()]}
    if isinstance(v, frozenset):
        return {'frozenset': sorted((describe(x, seen) for x in v), key=lambda d: json.dumps(d, sort_keys=True, separators=(',', ':')))}
    if isinstance(v, set):
        return {'set': sorted((describe(x, seen) for x in v), key=lambda d: json.dumps(d, sort_keys=True, separators=(',', ':')))}
    raise TypeError(type(v))


def values():
    shared = [1, 2]
    rec = []
    rec.append(rec)
    drec = {}
    drec['self'] = drec
    return [
        ('ints', [0, 1, -1, 255, 256, 65535, 65536, 2**31 - 1, -2**31, 2**31, 2**53, 2**53 + 1, -2**53 - 1, 2**63, 2**64, -2**64, 10**40, -(10**40)]),
        ('bools_none', [True, False, None]),
        ('floats', [0.0, -0.0, 1.0, -1.5, 1e16, 1e-5, 5e-324, 1.7976931348623157e308, math.inf, -math.inf, 0.1, 1/3]),
        ('nan', float('nan')),
        ('strings', ['', 'a', 'hello world', 'caf\xe9', '\u20ac', '\U0001f600', '\udc80', 'a\nb\\c"\'', 'x' * 300, '\x00\x7f\x80\xff']),
        ('bytes', [b'', b'a', b'\x00\xff' * 200]),
        ('bytearray', [bytearray(), bytearray(b'abc')]),
        ('tuples', [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4), ((),)]),
        ('lists', [[], [1], [None] * 999, [None] * 1000, [None] * 1001]),
        ('dicts', [{}, {'a': 1}, {1: 'x', 2: 'y'}, {(1, 2): 'tuple key'}, {'__proto__': 1, 'constructor': 2, 'prototype': 3}, {i: None for i in range(20)}]),
        ('sets', [set(), {1, 2, 3}, frozenset(), frozenset({'a'}), set(range(20))]),
        ('complex', [1j, complex(1.5, -2)]),
        ('shared', [shared, shared, (shared,)]),
        ('recursive_list', rec),
        ('recursive_dict', drec),
        ('nested', [[[[[]]]], {'a': {'b': {'c': [1, (2, {3: 4})]}}}]),
    ]


def main():
    cases = []
    for name, value in values():
        for proto in range(6):
            data = pickle.dumps(value, proto)
            loaded = pickle.loads(data)
            if name == 'nan':
                expect = {'float': 'nan'}
            else:
                expect = describe(loaded)
            cases.append({'name': name, 'proto': proto, 'hex': data.hex(), 'expect': expect})
    out = {'python': sys.version.split()[0], 'values': cases}
    text = json.dumps(out, sort_keys=True, separators=(',', ':')) + '\n'
    if '--stdout' in sys.argv:
        sys.stdout.write(text)
    else:
        with open(os.path.join(HERE, 'goldens', 'values.json'), 'w', encoding='utf-8', newline='\n') as f:
            f.write(text)


if __name__ == '__main__':
    main()
