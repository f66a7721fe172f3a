"""Writes test/fidelity/global-rules.json: what CPython 3.11's pickle.loads does
with globals picklejar resolves by CPython's rules (issue 12). Each case:
name, the pickle (hex), and CPython's outcome: the repr of the value, or the
exception's type and message. Run with python3 3.11:
    python3 test/fidelity/global_rules.py
"""
import json
import os
import pickle
import re
import sys

assert sys.version_info[:2] == (3, 11)
HERE = os.path.dirname(os.path.abspath(__file__))

CASES = [
    ('builtins name p2', b'\x80\x02cbuiltins\nlen\n.'),
    ('builtins no such name p0', b'cbuiltins\nnosuchname\n.'),
    ('builtins no such name p2', b'\x80\x02cbuiltins\nnosuchname\n.'),
    ('builtins no such name p4 STACK_GLOBAL', b'\x80\x04\x8c\x08builtins\x8c\x0anosuchname\x93.'),
    ('builtins dunder name p2', b'\x80\x02cbuiltins\n__build_class__\n.'),
    ('dotted name without PROTO', b'cbuiltins\nstr.upper\n.'),
    ('dotted name p2', b'\x80\x02cbuiltins\nstr.upper\n.'),
    ('dotted name p3', b'\x80\x03cbuiltins\nstr.upper\n.'),
    ('dotted name p4', b'\x80\x04cbuiltins\nstr.upper\n.'),
    ('dotted name p4 STACK_GLOBAL', b'\x80\x04\x8c\x08builtins\x8c\x09str.upper\x93.'),
    ('dotted name p4, no such first part', b'\x80\x04cbuiltins\nnosuch.upper\n.'),
    ('dotted name p4, <locals>', b'\x80\x04cbuiltins\nstr.<locals>\n.'),
    ('dotted name p2 in another module', b'\x80\x02ccollections\nOrderedDict.fromkeys\n.'),
    ('Python 2 name p0', b'c__builtin__\nxrange\n.'),
    ('Python 2 name p2', b'\x80\x02c__builtin__\nunicode\n.'),
    ('Python 2 name p3 (no mapping)', b'\x80\x03c__builtin__\nunicode\n.'),
    ('Python 2 module p2', b'\x80\x02cUserDict\nUserDict\n.'),
    ('Python 2 module p4 (no mapping)', b'\x80\x04cUserDict\nUserDict\n.'),
    ('NEWOBJ of a builtin function', b'\x80\x02cbuiltins\nlen\n)\x81.'),
    ('NEWOBJ_EX of a builtin function', b'\x80\x04cbuiltins\nlen\n)}\x92.'),
    ('NEWOBJ of a builtin constant', b'\x80\x02cbuiltins\nEllipsis\n)\x81.'),
    ('NEWOBJ of an int', b'\x80\x02K\x01)\x81.'),
    ('NEWOBJ of a builtin class', b'\x80\x02cbuiltins\nobject\n)\x81.'),
    ('unknown module', b'\x80\x02cnosuchmod\nX\n.'),
]



def clean(text):
    # No local paths or addresses in the golden: "<module 'collections'>", "<object object>".
    return re.sub(r" at 0x[0-9a-f]+", '', re.sub(r"(<module '[^']+') from '[^']*'>", r"\1>", text))


out = []
for name, data in CASES:
    try:
        v = pickle.loads(data)
        outcome = {'value': clean(repr(v))}
    except Exception as e:
        outcome = {'error': type(e).__name__, 'message': clean(str(e))}
    out.append({'name': name, 'pickle': data.hex(), **outcome})

text = json.dumps(out, indent=1) + '\n'
if sys.argv[1:] == ['--stdout']:
    sys.stdout.write(text)
else:
    with open(os.path.join(HERE, 'global-rules.json'), 'w') as f:
        f.write(text)
    print(len(out), 'cases')
