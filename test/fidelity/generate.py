"""Writes the fidelity corpus (issue 12): pickles that real libraries write.

Run with the Python that has numpy, pandas, scikit-learn and dill:
    ${PICKLEJAR_ML_PYTHON:-/usr/bin/python3} test/fidelity/generate.py
Writes test/fidelity/corpus/*.pkl and corpus/manifest.json (name, library,
protocol, and what the default-mode read-back must keep). Deterministic:
no timestamps, no random state without a seed. Keep the files small.
"""
import array
import collections
import datetime
import decimal
import enum
import fractions
import ipaddress
import json
import os
import pickle
import re
import sys
import uuid
import zoneinfo

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'corpus')

cases = []


def add(name, library, data, protocol=None):
    # Protocol 1 pickles have no PROTO opcode: hand-written ones say which they are.
    path = os.path.join(OUT, name + '.pkl')
    with open(path, 'wb') as f:
        f.write(data)
    if protocol is None:
        protocol = data[1] if data[:1] == b'\x80' else 0
    cases.append({'name': name + '.pkl', 'library': library, 'protocol': protocol})


def each_protocol(name, library, value, protocols=(2, 4, 5), dump=pickle.dumps):
    for p in protocols:
        add(f'{name}-p{p}', library, dump(value, protocol=p), protocol=p)


sys.path.insert(0, HERE)
from fidelity_types import Color, Holder, MyDict, MyList, MySet, NewArgsEx, Perm, Setter  # noqa: E402
import fidelity_types  # noqa: E402


def stdlib():
    each_protocol('array-d', 'array', array.array('d', [1.5, -2.0, 3.25]), protocols=(2, 3, 4, 5))
    each_protocol('array-i', 'array', array.array('i', [1, 2, 3]), protocols=(2, 4))
    each_protocol('array-u', 'array', array.array('u', 'hé'), protocols=(2, 4))
    each_protocol('enum', 'enum', [Color.RED, Color.GREEN, Perm.R | Perm.W], protocols=(2, 4))
    each_protocol('re', 're', [re.compile(r'a+b', re.I), re.compile(rb'x\d')], protocols=(2, 4))
    each_protocol('ipaddress', 'ipaddress', [ipaddress.ip_address('10.0.0.1'), ipaddress.ip_network('10.0.0.0/8'),
                                             ipaddress.ip_address('::1'), ipaddress.ip_interface('192.168.1.2/24')], protocols=(2, 4))
    tz = zoneinfo.ZoneInfo('Europe/Paris')
    each_protocol('zoneinfo', 'zoneinfo', [datetime.datetime(2024, 3, 31, 2, 30, tzinfo=tz),
                                           datetime.datetime(2024, 10, 27, 2, 30, fold=1, tzinfo=tz)], protocols=(2, 4))
    each_protocol('stdlib-mix', 'stdlib', {
        'd': decimal.Decimal('1.10'), 'f': fractions.Fraction(1, 3), 'u': uuid.UUID(int=7),
        'c': collections.Counter('abca'), 'o': collections.OrderedDict(a=1), 'q': collections.deque([1, 2], maxlen=3),
        'dd': collections.defaultdict(list, {'k': [1]}), 'r': range(1, 9, 2), 's': slice(1, None, 2),
        'ts': datetime.timedelta(days=1, seconds=2), 'x': 1.0, 'z': complex(1.0, -0.0),
    }, protocols=(0, 2, 4))


def fresh(s):
    # A new str object equal to s (str.join builds one each call; no interning).
    return ''.join(list(s))


def separate_strs():
    # Equal strs that are separate objects: CPython writes each afresh with its
    # own memo entry, and a later reference GETs the entry of that very object.
    a1, a2 = fresh('alpha'), fresh('alpha')
    k1, k2 = fresh('key'), fresh('key')
    u1, u2 = fresh('h\u00e9\u20ac'), fresh('h\u00e9\u20ac')
    h = Holder(fresh('alpha'))
    h.tag = a2
    value = {
        'list': [a1, a2, a1, a2, u1, u2, u2],
        'tuple': (a2, a1, a2),
        'dict': {k1: a2, fresh('other'): [k2, a1]},
        'keys': [{k1: 1}, {k2: 2}, {fresh('key'): 3}],
        'obj': h,
        'again': (h.name, k2),
    }
    each_protocol('separate-strs', 'separate-strs', value, protocols=(0, 1, 2, 3, 4, 5))
    # __getnewargs_ex__: functools.partial(cls.__new__, cls, *args, **kwargs) below protocol 4.
    x = NewArgsEx(1, b=fresh('kw'))
    each_protocol('newargs-ex', 'newargs-ex', [x, x, NewArgsEx(2)], protocols=(2, 3, 4))
    # A reduce value's sixth element: set_state(obj, state) and POP instead of BUILD.
    s = Setter([1])
    each_protocol('state-setter', 'state-setter', [s, s, Setter(2)], protocols=(0, 2, 4))
    # list/dict/set subclasses whose items (or state) refer back to the object.
    ml = MyList([1])
    ml.append(ml)
    ml.attr = ml
    md = MyDict(a=1)
    md['self'] = md
    ms = MySet([1])
    ms.me = ms
    each_protocol('subclass-self', 'subclasses', [ml, md, ms], protocols=(2, 3, 4, 5))
    each_protocol('separate-strs-set', 'separate-strs', [{fresh('member')}, {fresh('member')}, frozenset([fresh('member')])], protocols=(2, 4))


def python2():
    # Hand-written Python 2 pickles: str (STRING/BINSTRING/SHORT_BINSTRING), unicode,
    # long, old-style INST objects, xrange, and a non-ASCII str in latin-1.
    add('py2-strings-p0', 'python2', b"(lp0\nS'abc'\np1\naVh\xe9\np2\naL12345678901234567890L\naS'\\xe9t\\xe9'\np3\na.")
    add('py2-strings-p1', 'python2', b']q\x00(U\x03abcq\x01X\x03\x00\x00\x00h\xc3\xa9q\x02U\x04\xe9t\xe9!q\x03e.', protocol=1)
    add('py2-strings-p2', 'python2', b'\x80\x02]q\x00(U\x03abcq\x01U\x03\xe9t\xe9q\x02c__builtin__\nxrange\nq\x03K\x00K\x03K\x01\x87q\x04Rq\x05e.')
    add('py2-inst-p0', 'python2', b"(ifidelity_types\nOld\np0\n(dp1\nS'a'\np2\nI1\nsb.")
    add('py2-dict-p2', 'python2', b'\x80\x02}q\x00(U\x01aq\x01K\x01U\x01bq\x02]q\x03(K\x01K\x02eu.')


def numpy_cases():
    import numpy as np
    each_protocol('numpy-f8', 'numpy', np.arange(6, dtype='<f8').reshape(2, 3), protocols=(2, 4, 5))
    each_protocol('numpy-i4-fortran', 'numpy', np.asfortranarray(np.arange(6, dtype='<i4').reshape(2, 3)), protocols=(2, 4))
    each_protocol('numpy-scalars', 'numpy', [np.float64(1.5), np.int32(7), np.bool_(True), np.dtype('>u2')], protocols=(2, 4))
    each_protocol('numpy-record', 'numpy', np.array([(1, 2.0)], dtype=[('a', '<i4'), ('b', '<f8')]), protocols=(2, 4))
    each_protocol('numpy-object', 'numpy', np.array(['x', None, 1.0], dtype=object), protocols=(2, 4))


def pandas_cases():
    import pandas as pd
    df = pd.DataFrame({'a': [1, 2, 3], 'b': [0.5, 1.0, 1.5], 'c': ['x', 'y', 'x']})
    each_protocol('pandas-frame', 'pandas', df, protocols=(2, 4, 5))
    each_protocol('pandas-series', 'pandas', pd.Series([1.0, 2.0], index=['p', 'q'], name='s'), protocols=(2, 4))
    each_protocol('pandas-dates', 'pandas', pd.date_range('2024-01-01', periods=3, freq='D'), protocols=(4,))
    each_protocol('pandas-categorical', 'pandas', pd.Categorical(['a', 'b', 'a']), protocols=(4,))


def sklearn_cases():
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler
    x = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]])
    y = np.array([0, 0, 1, 1])
    each_protocol('sklearn-logreg', 'scikit-learn', LogisticRegression(C=1.0).fit(x, y), protocols=(2, 4, 5))
    each_protocol('sklearn-scaler', 'scikit-learn', StandardScaler().fit(x), protocols=(4,))


# Functions for dill, compiled under a fixed file name so the pickles hold no local path.
DILL_SOURCE = """
def make_closure():
    x = 5

    def f():
        return x
    return f

twice = lambda a, b=2: a * b
"""
DILL_NS = globals()
exec(compile(DILL_SOURCE, '<fidelity>', 'exec'), DILL_NS)


def dill_cases():
    import dill
    for p in (2, 4):
        add(f'dill-closure-p{p}', 'dill', dill.dumps(make_closure(), protocol=p))
        add(f'dill-lambda-p{p}', 'dill', dill.dumps(DILL_NS['twice'], protocol=p))
        add(f'dill-function-p{p}', 'dill', dill.dumps(make_closure, protocol=p))
    import io
    buf = io.BytesIO()
    import fidelity_session
    dill.dump_module(buf, module=fidelity_session, refimported=True)
    add('dill-module', 'dill', buf.getvalue())


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith('.pkl'):
            os.remove(os.path.join(OUT, f))
    stdlib()
    separate_strs()
    python2()
    for part in (numpy_cases, pandas_cases, sklearn_cases, dill_cases):
        try:
            part()
        except ImportError as e:
            sys.exit(f'{part.__name__}: {e}: run with the Python that has the ML libraries')
    with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
        json.dump({'python': sys.version.split()[0], 'cases': cases}, f, indent=1)
        f.write('\n')
    print(f'{len(cases)} pickles, {sum(os.path.getsize(os.path.join(OUT, c["name"])) for c in cases)} bytes')


main()
