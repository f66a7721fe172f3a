#!/usr/bin/env python3
"""Writes pickles of code objects under test/safety/code-objects/ (dill 0.3.6, CPython 3.11).

The scanner must decode each one into the function's name and what its
bytecode uses. Nothing here is ever unpickled. Run with the interpreter that
has dill: ${PICKLEJAR_ML_PYTHON:-/usr/bin/python3} test/safety/generate-code-objects.py
"""
import os
import pickle
import types

import dill

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'code-objects')
os.makedirs(OUT, exist_ok=True)


def put(name, data):
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(data)


# Compiled from text under a fixed file name, so the fixtures do not depend on where this script lives.
SOURCE = """
def uses_os(x):
    import os as o
    return o.system(x) + len(str(x))


def outer():
    def inner(cmd):
        import subprocess
        return subprocess.run(cmd)
    return inner


payload = lambda s: __import__('subprocess').run(s)
"""
ns = {'__name__': '__main__'}
exec(compile(SOURCE, 'example.py', 'exec'), ns)
put('dill-function.pkl', dill.dumps(ns['uses_os'], recurse=True))
put('dill-lambda.pkl', dill.dumps(ns['payload']))
put('dill-nested.pkl', dill.dumps(ns['outer'], recurse=True))


class CodeReduce:
    """Pickles as types.CodeType(*fields) of a 3.11 code object, as a hand-written exploit would."""

    def __init__(self, code):
        self.code = code

    def __reduce__(self):
        c = self.code
        return (_CODE_STANDIN, (c.co_argcount, c.co_posonlyargcount, c.co_kwonlyargcount, c.co_nlocals, c.co_stacksize,
                                 c.co_flags, c.co_code, c.co_consts, c.co_names, c.co_varnames, c.co_filename, c.co_name,
                                 c.co_qualname, c.co_firstlineno, c.co_linetable, c.co_exceptiontable, c.co_freevars,
                                 c.co_cellvars))


def _CODE_STANDIN(*args):  # written by reference as types.CodeType (pickle needs types.CodeType to be this object)
    raise AssertionError('never called')


_CODE_STANDIN.__module__, _CODE_STANDIN.__qualname__ = 'types', 'CodeType'
_real = types.CodeType
types.CodeType = _CODE_STANDIN
try:
    put('types-codetype.pkl', pickle.dumps(CodeReduce(compile('import os\nos.system("true")\n', 'payload.py', 'exec')), 4))
finally:
    types.CodeType = _real

# dill.dump_session of a small namespace.
session = types.ModuleType('__main__')
exec('x = 5\ndef hello():\n    return x\n', session.__dict__)
import sys
saved = sys.modules['__main__']
sys.modules['__main__'] = session
try:
    dill.dump_session(os.path.join(OUT, 'dill-session.pkl'), main=session)
finally:
    sys.modules['__main__'] = saved
print('written to', OUT)
