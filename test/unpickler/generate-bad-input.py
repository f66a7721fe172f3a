#!/usr/bin/env python3
"""Golden malformed and unusual pickles for test/unpickler: what CPython's C
unpickler (pickle.loads) does with each - the exception type and message, or
the value it loads (described as in generate-goldens.py).

Run from the repository root:
    python3 test/unpickler/generate-bad-input.py            # rewrites goldens/bad-input.json
    python3 test/unpickler/generate-bad-input.py --stdout   # prints it
"""
import json
import os
import pickle
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from importlib import import_module  # noqa: E402

describe = import_module('generate-goldens').describe
HERE = os.path.dirname(os.path.abspath(__file__))

CASES = [
    # empty, unknown opcodes
    b'', b'x', b'\xff', b"'", b'\\', b'\x00', b'\x99.', b'\x7f',
    # stack underflow and marks
    b'.', b'0', b'(0.', b'(.', b'N(.', b'a', b']Na.', b'e', b'(e', b']((e.', b'N(e.', b'}NNs.', b'(Ns.', b's', b'}Ns.',
    b'u', b'(u', b'}(Nu.', b'}(u.', b'd.', b'(Nd.', b'(NNd.', b'l.', b'(l.', b't.', b'(t.', b'1.', b'N1.', b'N(N1.', b'(1N.',
    b'2.', b'N2.', b'(2.', b'\x85.', b'N\x85.', b'(N\x85.', b'(NN\x86.', b'N(N\x86.', b'\x86.', b'\x87.', b'NN\x87.', b')\x85.',
    b'\x91.', b'(\x91.', b'\x8f(N\x90.', b'N(\x90.', b'(\x90.', b'\x90.', b'\x8f(\x90.',
    b'R.', b'NR.', b'NNR.', b'b.', b'Nb.', b'NNb.', b')Nb.', b'}Nb.', b'](N}tb.', b'](}N}tb.', b']}b.',
    b'\x81.', b'N\x81.', b'NN\x81.', b')N\x81.', b'N)\x81.', b'(\x81.', b'\x92.', b'NNN\x92.',
    b'o.', b'(o.', b'(N(o.', b'i', b'(i\n.', b'(ia\n', b'(ia\n\n.',
    b'\x93.', b'N\x93.', b'NN\x93.', b'(N\x8c\x01a\x93.',
    # memo
    b'h\x05.', b'g5\n.', b'j\x05\x00\x00\x00.', b'g-1\n.', b'g\n.', b'g 1 \n.', b'gx\n.', b'Np-1\n.', b'p0\n.', b'q\x00.', b'r\x00\x00\x00\x00.',
    b'\x94.', b'Nq\x00(h\x00.', b'Np0\ng00\n.', b'Np1e\n.', b'N\x94h\x00.', b'Nq\x05\x94h\x01.', b'Nr\x00\x00\x01\x00h\x00.',
    # protocol and frames
    b'\x80\x06N.', b'\x80', b'\x80\x05\x80\x02N.', b'\x95\xff\x00\x00\x00\x00\x00\x00\x00N.',
    b'\x95\x02\x00\x00\x00\x00\x00\x00\x00N.', b'\x95\x00\x00\x00\x00\x00\x00\x00\x80N.', b'\x95\x01\x00\x00',
    # ints and longs
    b'K', b'M\x01', b'J\x01\x02\x03', b'\x8a\x01', b'\x8a\x02\x01', b'\x8a\x00.', b'\x8a\x01\xff.', b'\x8b\xff\xff\xff\xff.', b'\x8b\x01\x00\x00\x00',
    b'I01\n.', b'I00\n.', b'I001\n.', b'I0x10\n.', b'I 1\n.', b'I1_0\n.', b'I010\n.', b'I09\n.', b'I-0\n.', b'I+1\n.', b'I1 \n.',
    b'I99999999999999999999\n.', b'I-9223372036854775808\n.', b'I9223372036854775808\n.', b'I1 2\n.', b'I\n.', b'I\t1\n.',
    b'I00_0\n.', b'I0_1\n.', b'I1__0\n.', b'I\n', b'I1', b'Iabc\n.', b'I0x\n.',
    b'L10L\n.', b'L0x10\n.', b'L1\n.', b'L\n.', b'LL\n.', b'L 5 L\n.', b'L5LL\n.', b'L010\n.', b'L-7L\n.', b'L1' + b'0' * 5000 + b'\n.',
    # floats
    b'Fnan\n.', b'F-inf\n.', b'F1e500\n.', b'F1_0\n.', b'Fabc\n.', b'F 1.0\n.', b'F1.0 \n.', b'Finfinity\n.', b'F-NaN\n.', b'F+1\n.',
    b'F.5\n.', b'F5.\n.', b'F0x10\n.', b'F1e-500\n.', b'F\n.', b'Fin\n.', b'F2.5\n.', b'F1e\n.', b'F-\n.', b'G\x00', b'G@\x04\x00\x00\x00\x00\x00\x00.',
    # strings
    b'S"abc\n.', b"S'abc'\n.", b'S"abc"\n.', b"S'a'b'\n.", b'S\n.', b"S'\n.", b"S'\\x4'\n.", b"S'\\x41'\n.", b"S'\\101\\n'\n.",
    b"S'abc\\'\n.", b"S'\\q'\n.", b"S'\\8'\n.", b"S'\\777'\n.", b"S'\xff'\n.", b"S''\n.",
    b'U\x01\xff.', b'U\x03abc.', b'U\x05ab', b'T\x03\x00\x00\x00abc.', b'T\xff\xff\xff\xff.', b'T\x03\x00\x00\x00ab',
    b'X\x05\x00\x00\x00ab', b'X\x02\x00\x00\x00\xff\xfe.', b'X\x03\x00\x00\x00\xed\xa0\x80.', b'X\x02\x00\x00\x00\xc3\xa9.',
    b'\x8c\x02\xc3.', b'\x8c\x01\x80.', b'\x8c\x04\xf0\x9f\x98\x80.', b'\x8c\x03\xe0\x80\x80.', b'\x8c\x04\xf4\x90\x80\x80.',
    b'\x8d\x00\x00\x00\x00\x00\x00\x00\x00.', b'\x8d\xff\xff\xff\xff\xff\xff\xff\x7f.', b'\x8d\xff\xff\xff\xff\xff\xff\xff\xff.', b'\x8d\x01\x00\x00\x00\x00\x00\x00\x00',
    b'Vab\\u12\n.', b'V\\xff\n.', b'Vabc\\U0001F600\n.', b'V\\ud800\n.', b'V\\U00110000\n.', b'V\\\n.', b'V\xff\n.', b'V\\\\u0041\n.', b'V\\\\\\u0041\n.', b'V\n.', b'Vabc',
    # bytes
    b'C\x02ab.', b'C\x02a', b'B\x01\x00\x00\x00x.', b'B\xff\xff\xff\xff.', b'\x8e\x00\x00\x00\x00\x00\x00\x00\x80.', b'\x8e\x01\x00\x00\x00\x00\x00\x00\x00z.',
    b'\x96\x03\x00\x00\x00\x00\x00\x00\x00abc.', b'\x96\x03\x00\x00\x00\x00\x00\x00\x00ab', b'\x96\x00\x00\x00\x00\x00\x00\x00\x80.',
    # buffers, persistent ids, extensions
    b'\x97.', b'N\x98.', b'\x98.', b'C\x01a\x98.', b'P1\n.', b'NQ.', b'Q.', b'\x82\x01.', b'\x82\x00.', b'\x84\xff\xff\xff\xff.', b'\x83\x00\x00.', b'\x82',
    # globals
    b'c\xff\nb\n.', b'c\n.', b'ca\n\n.', b'c', b'ca\n', b'(i\xff\nb\n.',
    # unhashable keys
    b'}]Ns.', b'}(]Nu.', b'\x8f(]\x90.', b'(]N(\x91.', b'(]\x91.', b'(]Nd.', b'(}N\x91.', b'}}Ns.',
    # appends onto non-lists
    b'NN(Ne.', b'N(N\x90.', b'NNa.', b'NNNs.', b')N(Ne.', b')NNs.',
    # trailing data after STOP
    b'N.garbage', b'K\x01.\x00',
]


def run(data):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        try:
            value = pickle.loads(data)
        except Exception as e:  # noqa: BLE001 - we record whatever CPython raises
            return {'error': type(e).__name__, 'message': str(e)}
    try:
        return {'value': describe(value)}
    except TypeError:
        return {'value': None, 'opaque': repr(value)}


def main():
    out = {'python': sys.version.split()[0], 'cases': [dict(hex=c.hex(), **run(c)) for c in CASES]}
    text = json.dumps(out, sort_keys=True, indent=0) + '\n'
    if '--stdout' in sys.argv:
        sys.stdout.write(text)
    else:
        with open(os.path.join(HERE, 'goldens', 'bad-input.json'), 'w', encoding='utf-8', newline='\n') as f:
            f.write(text)


if __name__ == '__main__':
    main()
