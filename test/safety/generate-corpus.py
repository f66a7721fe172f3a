#!/usr/bin/env python3
"""Builds the scanner's test corpus under test/safety/corpus/ (deterministically).

Each case is a file plus a manifest row: the verdict picklejar's scanner must
give (dangerous / safe / error), the scan options to use, and what the case
demonstrates. Dangerous cases reproduce the published bypasses of picklescan,
modelscan and fickling (GitHub advisories and issues named in `source`);
benign controls are what CPython (and numpy / PyTorch-like code) really write;
malformed cases must fail closed.

Run: python3 test/safety/generate-corpus.py   (CPython 3.11; numpy optional)
"""
import collections
import copyreg
import datetime
import decimal
import fractions
import io
import ipaddress
import json
import os
import pathlib
import pickle
import re
import struct
import sys
import types
import uuid
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'corpus')
CASES = []


def case(name, data, expect, demonstrates, source='', options=None, expect_async=None, ext='pkl'):
    file = f'{name}.{ext}'
    with open(os.path.join(OUT, file), 'wb') as f:
        f.write(data)
    row = {'name': name, 'file': file, 'expect': expect, 'demonstrates': demonstrates}
    if source:
        row['source'] = source
    if options:
        row['options'] = options
    if expect_async:
        row['expectAsync'] = expect_async
    CASES.append(row)


# ---- tiny assembler for hand-written pickles -------------------------------------------

def su(s):  # SHORT_BINUNICODE
    b = s.encode('utf-8')
    return b'\x8c' + bytes([len(b)]) + b


def bu(s):  # BINUNICODE
    b = s.encode('utf-8')
    return b'X' + struct.pack('<I', len(b)) + b


def sbs(s):  # SHORT_BINSTRING (Python 2 str)
    b = s.encode('latin1')
    return b'U' + bytes([len(b)]) + b


def g(module, name):  # GLOBAL
    return b'c' + module.encode() + b'\n' + name.encode() + b'\n'


def sbb(b):  # SHORT_BINBYTES / BINBYTES
    return (b'C' + bytes([len(b)]) + b) if len(b) < 256 else (b'B' + struct.pack('<I', len(b)) + b)


P2 = b'\x80\x02'
P4 = b'\x80\x04'
MEMOIZE = b'\x94'
STACK_GLOBAL = b'\x93'
REDUCE = b'R'
STOP = b'.'
TUPLE1 = b'\x85'
TUPLE2 = b'\x86'
TUPLE3 = b'\x87'
EMPTY_TUPLE = b')'
EMPTY_DICT = b'}'
MARK = b'('


def binput(i):
    return b'q' + bytes([i])


def binget(i):
    return b'h' + bytes([i])


def frame(body):
    return b'\x95' + struct.pack('<Q', len(body)) + body


class Reduce:
    """An object that pickles as callable(*args), like a malicious __reduce__."""

    def __init__(self, fn, *args):
        self.fn, self.args = fn, args

    def __reduce__(self):
        return (self.fn, self.args)


# ---- dangerous: classic calls -------------------------------------------------------------

for proto in range(6):
    case(f'reduce-os-system-p{proto}', pickle.dumps(Reduce(os.system, 'echo pwned'), proto), 'dangerous',
         f'os.system via __reduce__ at protocol {proto} (written as posix.system)', 'classic')

case('builtins-eval', pickle.dumps(Reduce(eval, "__import__('os').system('id')"), 4), 'dangerous',
     'builtins.eval call', 'classic')
case('builtins-exec-p0', pickle.dumps(Reduce(exec, 'import os'), 0), 'dangerous',
     'builtins.exec at protocol 0, written as __builtin__.exec and mapped back to builtins', 'classic')
case('getattr-import-chain',
     P4 + su('builtins') + su('getattr') + STACK_GLOBAL + su('builtins') + su('__import__') + STACK_GLOBAL
     + su('os') + TUPLE1 + REDUCE + su('system') + TUPLE2 + REDUCE + su('id') + TUPLE1 + REDUCE + STOP,
     'dangerous', 'getattr(__import__("os"), "system")("id"): getattr on a call result is a computed callable',
     'picklescan GHSA-vvpj-8cmc-gx39 / issue #66 (attribute chains)')
case('getattr-object-subclasses',
     P4 + su('builtins') + su('getattr') + STACK_GLOBAL + su('builtins') + su('object') + STACK_GLOBAL
     + su('__subclasses__') + TUPLE2 + REDUCE + EMPTY_TUPLE + REDUCE + STOP,
     'dangerous', 'getattr on an allowlisted class reaching a non-allowlisted attribute (object.__subclasses__)',
     'fickling: builtins getattr gadgets')

# Many published bypasses were one function missing from a blocklist; an allowlist catches them all.
BLOCKLIST_MISSES = [
    ('pip', 'main', 'picklescan GHSA-655q-fx9r-782v (pip.main)'),
    ('torch.hub', 'load', 'picklescan/modelscan: torch.hub.load'),
    ('runpy', '_run_code', 'picklescan: runpy._run_code'),
    ('ensurepip', '_run_pip', 'picklescan GHSA-xp4f-hrf8-rxw7'),
    ('timeit', 'timeit', 'picklescan GHSA-v7x6-rv5q-mhwc'),
    ('cProfile', 'run', 'modelscan #313: cProfile.run'),
    ('code', 'InteractiveInterpreter.runsource', 'modelscan #313: code.InteractiveInterpreter'),
    ('pkgutil', 'resolve_name', 'picklescan GHSA-vvpj-8cmc-gx39'),
    ('importlib', 'import_module', 'picklescan issue #66'),
    ('_operator', 'attrgetter', 'picklescan GHSA-955r-x9j8-7rhh'),
    ('operator', 'methodcaller', 'picklescan GHSA-46h3-79wf-xr6c'),
    ('subprocess', 'Popen', 'classic'),
    ('asyncio.unix_events', '_UnixSubprocessTransport._start', 'picklescan advisories (asyncio)'),
    ('torch._dynamo.guards', 'GuardBuilder.get', 'modelscan #313'),
    ('idlelib.pyshell', 'ModifiedInterpreter.runcode', 'modelscan #313: idlelib'),
    ('pydoc', 'pipepager', 'picklescan advisories'),
    ('shutil', 'rmtree', 'picklescan advisories'),
    ('webbrowser', 'open', 'picklescan advisories'),
    ('numpy', 'load', 'nested numpy.load'),
    ('torch.storage', '_load_from_bytes', 'nested torch.load'),
    ('pty', 'spawn', 'fickling unsafe imports'),
    ('builtins', 'compile', 'fickling unsafe imports'),
    ('bdb', 'Bdb.run', 'modelscan unsafe globals'),
    ('trace', 'Trace.run', 'picklescan advisories'),
    ('venv', 'create', 'picklescan advisories'),
    ('ctypes', 'CDLL', 'fickling unsafe imports'),
    ('marshal', 'loads', 'fickling unsafe imports'),
    ('types', 'FunctionType', 'fickling unsafe imports'),
    ('sys', 'modules.get', 'attribute chains on sys'),
]
for module, name, source in BLOCKLIST_MISSES:
    data = P4 + frame(su(module) + MEMOIZE + su(name) + MEMOIZE + STACK_GLOBAL + MEMOIZE + su('x') + TUPLE1 + REDUCE + STOP)
    case(f'call-{module}.{name}'.replace('_', '-').lower(), data, 'dangerous',
         f'a call of {module}.{name}, a function blocklists missed', source)

# ---- dangerous: hiding the global from string-matching scanners ---------------------------

case('memo-put-memoize-confusion',
     P4 + sbs('os') + binput(0) + sbs('system') + binput(1)
     + su('torch._utils') + MEMOIZE + su('_rebuild_tensor_v2') + MEMOIZE
     + binget(0) + binget(1) + STACK_GLOBAL + su('id') + TUPLE1 + REDUCE + STOP,
     'dangerous', 'BINPUT and MEMOIZE mixed so that a scanner tracking only MEMOIZE thinks memo[0] is torch._utils',
     'picklescan issue #14 (memo dict confusion)')
case('memo-index-stack-global',
     P4 + su('os') + binput(7) + su('system') + binput(9) + su('builtins') + MEMOIZE + su('print') + MEMOIZE
     + binget(7) + binget(9) + STACK_GLOBAL + su('id') + TUPLE1 + REDUCE + STOP,
     'dangerous', 'STACK_GLOBAL operands fetched from the memo by index after safe-looking literals',
     'picklescan issue #22 (ImaginaryCTF Safe Pickle)')
case('memo-padding-literals',
     P4 + su('os') + b'p0\n' + b'0' + su('system') + b'p1\n' + b'0'
     + su('collections') + su('OrderedDict') + su('a') + su('b') + b'0000'
     + b'g0\n' + b'g1\n' + STACK_GLOBAL + su('id') + TUPLE1 + REDUCE + STOP,
     'dangerous', 'text PUT/GET and POPs: the last literals before STACK_GLOBAL are harmless padding',
     'agent-bom #3326 (last-N-literals heuristic)')
case('stack-global-py2-strings',
     P4 + sbs('os') + sbs('system') + STACK_GLOBAL + sbs('id') + TUPLE1 + REDUCE + STOP,
     'dangerous', 'STACK_GLOBAL with SHORT_BINSTRING operands (Python 2 str opcodes)',
     'modelscan #313 (classic string opcodes)')
case('stack-global-binunicode',
     P4 + bu('os') + bu('system') + STACK_GLOBAL + bu('id') + TUPLE1 + REDUCE + STOP,
     'dangerous', 'STACK_GLOBAL with BINUNICODE operands', 'picklescan STACK_GLOBAL handling')
case('stack-global-pop-mark-decoys',
     P4 + su('os') + binput(0) + b'0' + MARK + su('builtins') + su('print') + b'1' + binget(0) + b'2' + b'0'
     + su('system') + STACK_GLOBAL + su('id') + TUPLE1 + REDUCE + STOP,
     'dangerous', 'decoy literals discarded by POP_MARK; the module comes back from the memo through DUP/POP', 'memo shuffles')
case('dynamic-global-computed',
     P4 + su('builtins') + su('str') + STACK_GLOBAL + su('os') + TUPLE1 + REDUCE
     + su('system') + STACK_GLOBAL + su('id') + TUPLE1 + REDUCE + STOP,
     'dangerous', 'STACK_GLOBAL whose module is the result of a call (str("os")): a dynamic global',
     'computed STACK_GLOBAL operands')
case('dotted-pathlib-os-getcwd',
     P4 + su('pathlib') + su('os.getcwd') + STACK_GLOBAL + EMPTY_TUPLE + REDUCE + STOP,
     'dangerous', 'protocol 4 resolves dotted names: pathlib + "os.getcwd" reaches os.getcwd', 'issue 5 example')
case('dotted-builtins-object-subclasses',
     P4 + su('builtins') + su('object.__subclasses__') + STACK_GLOBAL + EMPTY_TUPLE + REDUCE + STOP,
     'dangerous', 'dotted attribute chain on an allowlisted class', 'attribute chains')

# Python 2 aliases, mapped as CPython does at protocol < 3.
case('py2-builtin-eval', P2 + g('__builtin__', 'eval') + sbs('1') + TUPLE1 + REDUCE + STOP, 'dangerous',
     '__builtin__.eval, which CPython maps to builtins.eval', 'picklescan: __builtin__ aliases')
case('py2-cpickle-loads', P2 + g('cPickle', 'loads') + sbb(pickle.dumps(1)) + TUPLE1 + REDUCE + STOP, 'dangerous',
     'cPickle.loads, mapped to pickle.loads', 'Python 2 aliases')
case('py2-urllib2-urlopen', b'(' + b'S\'http://x\'\n' + b'i' + b'urllib2\nurlopen\n' + STOP, 'dangerous',
     'INST urllib2.urlopen at protocol 0, mapped to urllib.request.urlopen', 'Python 2 aliases')

# Every opcode that calls.
case('inst-os-system', b'(S\'id\'\nios\nsystem\n.', 'dangerous', 'INST calls the class/function with the marked items', 'INST')
case('obj-os-system', P2 + MARK + g('os', 'system') + su('id') + b'o' + STOP, 'dangerous', 'OBJ calls', 'OBJ')
case('newobj-popen', P2 + g('subprocess', 'Popen') + su('id') + TUPLE1 + b'\x81' + STOP, 'dangerous',
     'NEWOBJ: cls.__new__ of a non-allowlisted class', 'NEWOBJ')
case('newobj-ex-popen', P4 + g('subprocess', 'Popen') + su('id') + TUPLE1 + b'}' + b'\x92' + STOP, 'dangerous',
     'NEWOBJ_EX', 'NEWOBJ_EX')
case('reconstructor-setstate',
     P2 + g('copy_reg', '_reconstructor') + g('logging', 'Logger') + g('__builtin__', 'object') + b'N' + TUPLE3 + REDUCE
     + b'}' + b'b' + STOP,
     'suspicious', 'copyreg._reconstructor (allowlisted) creating a non-allowlisted class whose __setstate__ BUILD calls: '
     'a class rebuilt from its state, medium (issue 14: lower than a callable called with arguments); never safe',
     'BUILD -> __setstate__')
case('build-on-global',
     P4 + su('ipaddress') + su('IPv4Address') + STACK_GLOBAL + b'N' + b'}' + su('__hash__') + su('x') + b's' + TUPLE2 + b'b'
     + STOP, 'dangerous', 'BUILD with slot state on a class itself: monkey-patches an allowlisted class', 'BUILD on a global')
case('setitem-os-environ',
     P2 + g('os', 'environ') + su('LD_PRELOAD') + su('/tmp/x.so') + b's' + STOP, 'dangerous',
     'SETITEM on a module global: os.environ["LD_PRELOAD"] = ...', 'mutation of globals')
case('type-three-args',
     P2 + g('__builtin__', 'type') + su('X') + EMPTY_TUPLE + b'}' + TUPLE3 + REDUCE + STOP, 'dangerous',
     'type(name, bases, dict) creates a class; only type(x) is allowlisted', 'builtins.type')
case('import-only-os-system', P4 + su('os') + su('system') + STACK_GLOBAL + STOP, 'dangerous',
     'an import that is never called is still high (importing runs module code)', 'import without call')
case('ext-code', P2 + b'\x82\x01' + su('id') + TUPLE1 + REDUCE + STOP, 'dangerous',
     'EXT1: a global from the extension registry, then called', 'EXT codes')
case('persistent-id', P2 + b'Pdata/0\n' + STOP, 'dangerous', 'PERSID hands control to the application', 'persistent ids')

# Structure tricks.
evil = pickle.dumps(Reduce(os.system, 'id'), 4)
case('nested-pickle-in-bytes', pickle.dumps([1, evil, 'x'], 4), 'dangerous',
     'a malicious pickle inside a bytes constant of a benign one', 'nested pickles')
case('nested-pickle-p0-in-bytes', pickle.dumps({'k': pickle.dumps(Reduce(os.system, 'id'), 0)}, 2), 'dangerous',
     'a protocol 0 pickle (no PROTO) inside a bytes constant', 'nested pickles')
case('second-pickle-in-stream', pickle.dumps({'a': 1}, 4) + evil, 'dangerous',
     'a benign pickle followed by a malicious one: pickle.load in a loop runs both', 'several pickles in one stream')
case('malicious-then-garbage', evil[:-1] + b'\xff\xff', 'dangerous',
     'CPython runs os.system before hitting the bad opcode; scanners that give up on errors miss it',
     'picklescan/fickling parser crashes (fail open)')
case('frame-straddle',
     P4 + b'\x95' + struct.pack('<Q', 3) + su('os') + su('system') + STACK_GLOBAL + su('id') + TUPLE1 + REDUCE + STOP,
     'dangerous', 'a FRAME whose length ends inside an opcode: pickle.loads runs it, a frame-trusting scanner desyncs',
     'FRAME inconsistencies')
inner = su('system') + STACK_GLOBAL + su('id') + TUPLE1 + REDUCE + STOP
outer = su('os') + b'\x95' + struct.pack('<Q', 2) + inner
case('frame-in-frame', P4 + frame(outer),
     'dangerous', 'a FRAME inside an unfinished frame', 'FRAME inconsistencies')
case('bytearray-nested', P4 + b'\x96' + struct.pack('<Q', len(evil)) + evil + STOP, 'dangerous',
     'a malicious pickle inside a BYTEARRAY8 constant', 'nested pickles')

# ---- containers -------------------------------------------------------------------------

FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def make_zip(members, method=zipfile.ZIP_STORED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w') as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = method
            z.writestr(info, data)
    return bytearray(buf.getvalue())


def patch_central(data, member_index, offset_in_header, value_bytes):
    """Overwrites bytes of a central directory header (found by signature)."""
    at = -1
    for _ in range(member_index + 1):
        at = data.index(b'PK\x01\x02', at + 1)
    data[at + offset_in_header:at + offset_in_header + len(value_bytes)] = value_bytes


def patch_local(data, member_index, offset_in_header, value_bytes):
    at = -1
    for _ in range(member_index + 1):
        at = data.index(b'PK\x03\x04', at + 1)
    data[at + offset_in_header:at + offset_in_header + len(value_bytes)] = value_bytes


TORCH_LAYOUT = [('archive/version', b'3\n'), ('archive/byteorder', b'little')]

z = make_zip([('archive/data.pkl', evil)] + TORCH_LAYOUT)
case('zip-torch-malicious', bytes(z), 'dangerous', 'a PyTorch-style zip whose data.pkl calls os.system', 'PyTorch checkpoints', ext='pt')
z = make_zip([('archive/data.pkl', evil)] + TORCH_LAYOUT)
patch_central(z, 0, 8, b'\x01\x00')
patch_local(z, 0, 6, b'\x01\x00')
case('zip-flag-bits', bytes(z), 'dangerous', 'the "encrypted" flag bit set: Python zipfile refuses, PyTorch reads it',
     'picklescan GHSA-w8jq-xcqf-f792', ext='pt')
z = make_zip([('archive/data.pkl', evil)] + TORCH_LAYOUT)
patch_central(z, 0, 16, b'\xde\xad\xbe\xef')
patch_local(z, 0, 14, b'\xde\xad\xbe\xef')
case('zip-bad-crc', bytes(z), 'dangerous', 'a wrong CRC-32: Python zipfile raises BadZipFile, PyTorch does not check',
     'picklescan GHSA-7q5r-7gvp-wc82', ext='pt')
z = make_zip([('archive/data.pkl', evil)] + TORCH_LAYOUT)
patch_local(z, 0, 30, b'ARCHIVE/DATA.TXT')
case('zip-local-name-mismatch', bytes(z), 'dangerous', 'local header name differs from the central directory one',
     'zip parsing differentials', ext='pt')
case('zip-odd-member-name', bytes(make_zip([('archive/weights.bin', evil)] + TORCH_LAYOUT)), 'dangerous',
     'a pickle in a member without a .pkl name', 'picklescan GHSA-769v-p64c-89pr (non-standard extensions)', ext='bin')
case('zip-deflated', bytes(make_zip([('archive/data.pkl', evil)] + TORCH_LAYOUT, zipfile.ZIP_DEFLATED)), 'error',
     'a deflated data.pkl: the synchronous scan fails closed, scanAsync inflates it', 'deflated members',
     expect_async='dangerous', ext='pt')
case('zip-prefixed', b'\x00' * 64 + bytes(make_zip([('archive/data.pkl', evil)])), 'dangerous',
     'bytes before the archive (offsets shifted)', 'zip parsing differentials', ext='pt')
case('polyglot-pickle-zip', pickle.dumps([1, 2], 4) + bytes(make_zip([('archive/data.pkl', evil)])), 'dangerous',
     'a benign pickle that is also a zip (end record at the tail): zipfile.is_zipfile-based loaders read the archive',
     'zip/pickle polyglots', ext='pt')


def npy(descr, body, shape='(1,)'):
    header = "{'descr': %r, 'fortran_order': False, 'shape': %s, }" % (descr, shape)
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + ' ' * pad + '\n'
    return b'\x93NUMPY\x01\x00' + struct.pack('<H', len(header)) + header.encode('latin1') + body


case('npy-object-malicious', npy('|O', evil), 'dangerous', 'an object-dtype .npy: numpy.load(allow_pickle=True) unpickles it',
     'numpy object arrays', ext='npy')
case('npz-object-malicious', bytes(make_zip([('arr_0.npy', npy('|O', evil))])), 'dangerous', 'an .npz with an object array',
     'numpy object arrays', ext='npz')

# ---- benign controls ------------------------------------------------------------------------

STANDARD_VALUES = [
    None, True, False, 0, 1, -1, 255, 65536, 2**31, -2**31 - 1, 2**64, -2**100, 1.5, -0.0, float('inf'),
    '', 'text', 'ünïcödé \U0001f600', b'', b'bytes\x00\xff', bytearray(), bytearray(b'ba'), 1 + 2j,
    (), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4), [], [1, [2, [3]]], {}, {'a': 1, 2: 'b', (1, 2): None},
    set(), {1, 2, 3}, frozenset(), frozenset({'x'}), range(1, 10, 2), slice(1, 2, 3), Ellipsis, NotImplemented,
    type(None), type(Ellipsis), type(NotImplemented), int, str, list, dict, bytes, bool, float, object, set,
    frozenset, tuple, complex, bytearray, type,
    datetime.datetime(2020, 1, 2, 3, 4, 5, 6), datetime.date(2020, 1, 1), datetime.time(1, 2, 3),
    datetime.timedelta(days=3, seconds=4), datetime.timezone.utc,
    datetime.datetime(2020, 1, 2, tzinfo=datetime.timezone(datetime.timedelta(hours=2), 'X')),
    decimal.Decimal('1.10'), decimal.Decimal('-inf'), fractions.Fraction(1, 3),
    collections.OrderedDict(a=1, b=2), collections.deque([1, 2], maxlen=5), collections.Counter('abca'),
    collections.defaultdict(list, {'k': [1]}), collections.ChainMap({'a': 1}, {'b': 2}),
    uuid.UUID(int=0x1234), pathlib.PurePosixPath('a/b'), pathlib.PureWindowsPath('c:/x'),
    ipaddress.ip_address('10.0.0.1'), ipaddress.ip_address('::1'), ipaddress.ip_network('10.0.0.0/8'),
    ipaddress.ip_interface('10.0.0.1/8'), re.compile(r'a+b', re.I), re.I,
    types.SimpleNamespace(a=1, b=[2]),
    ValueError('v'), KeyError('k'), FileNotFoundError(2, 'missing', 'f'), ExceptionGroup('g', [TypeError('t')]),
]
try:
    import zoneinfo
    STANDARD_VALUES.append(datetime.datetime(2020, 1, 1, tzinfo=zoneinfo.ZoneInfo('UTC')))
except Exception:  # no tzdata: skip
    pass
import array
import time
STANDARD_VALUES += [array.array('i', [1, 2]), array.array('d'), time.gmtime(0)]
shared = [1, 2]
STANDARD_VALUES.append([shared, shared, {'self': shared}])

for proto in range(6):
    case(f'standard-types-p{proto}', pickle.dumps(STANDARD_VALUES, proto), 'safe',
         f'every standard type CPython pickles, protocol {proto}', 'benign control')
# Written by hand: CPython's pickler itself would recurse too deep.
case('deep-nesting', P4 + b']' * 20000 + b'a' * 19999 + STOP, 'safe',
     '20,000 nested lists (no recursion in the scanner)', 'benign control')
case('benign-stream', pickle.dumps(1, 2) + pickle.dumps('two', 4), 'safe', 'two benign pickles in one stream',
     'benign control')
case('benign-bytes-with-stop', pickle.dumps([b'not a pickle.', b'(cos.', b'\x80\x05junk'], 4), 'safe',
     'bytes constants that look a little like pickles but are not', 'benign control')
case('zip-benign', bytes(make_zip([('archive/data.pkl', pickle.dumps(STANDARD_VALUES, 2))] + TORCH_LAYOUT)), 'safe',
     'a zip whose data.pkl holds standard types', 'benign control', ext='pt')
case('zip-storage-like-pickle',
     bytes(make_zip([('archive/data.pkl', pickle.dumps({'w': 1}, 2)), ('archive/data/0', b'\x80\x02K\x01Q\x00\x00\xc0\x7f')]
                    + TORCH_LAYOUT)), 'safe',
     'raw tensor data that starts like a pickle (PROTO, BININT1, BINPERSID) but is not one: no false alarm',
     'benign control', ext='pt')
case('npy-float', npy('<f8', struct.pack('<d', 1.5)), 'safe', 'a float .npy has no pickle', 'benign control', ext='npy')
case('npy-object-benign', npy('|O', pickle.dumps([1, 'a', None], 3), '(3,)'), 'safe',
     'an object .npy holding plain values', 'benign control', ext='npy')


class _Reconstructed:
    """A user class pickled the protocol 0/1 way: copyreg._reconstructor + BUILD."""


_Reconstructed.__module__ = 'mylib.models'
_Reconstructed.__qualname__ = 'Model'
sys.modules['mylib'] = types.ModuleType('mylib')
sys.modules['mylib.models'] = types.ModuleType('mylib.models')
sys.modules['mylib.models'].Model = _Reconstructed
obj = _Reconstructed()
obj.weights = [1.0, 2.0]
case('user-class-reconstructor', pickle.dumps(obj, 0), 'suspicious',
     'copyreg._reconstructor of a user class: allowlisted factory, non-allowlisted class (its __setstate__ may run); '
     'a class rebuilt from its state is suspicious, not safe',
     'copyreg._reconstructor')
case('user-class-reconstructor-allowed', pickle.dumps(obj, 1), 'safe',
     'the same with mylib.models.Model allowed by the caller', 'copyreg._reconstructor',
     options={'allow': [['mylib.models', 'Model']]})

# numpy arrays as numpy really writes them (if numpy is installed).
try:
    import numpy as np
    arrays = {'f': np.arange(6, dtype=np.float64).reshape(2, 3), 'i': np.array([1, 2], dtype=np.int32),
              'o': np.array([1, 'a', None], dtype=object), 's': np.float32(1.5)}
    case('numpy-arrays', pickle.dumps(arrays, 2), 'safe', 'numpy arrays, an object array and a scalar (numpy allowlist)',
         'benign control', options={'allow': 'numpy'})
    case('numpy-arrays-default', pickle.dumps(arrays, 2), 'safe', 'the same with default options: the ML allowlists apply by default',
         'benign control')
    case('numpy-arrays-no-ml', pickle.dumps(arrays, 2), 'dangerous', 'the same with ml: false (standard library only): numpy globals are flagged',
         'ml allowlists off', options={'ml': False})
except ImportError:
    print('numpy not installed: numpy cases skipped', file=sys.stderr)


# A PyTorch-like checkpoint: OrderedDict of tensors rebuilt by torch._utils._rebuild_tensor_v2, storages by persistent id.
def fake_module(name):
    m = types.ModuleType(name)
    sys.modules[name] = m
    return m


torch = fake_module('torch')
torch_utils = fake_module('torch._utils')


def _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks):
    raise NotImplementedError


_rebuild_tensor_v2.__module__ = 'torch._utils'
torch_utils._rebuild_tensor_v2 = _rebuild_tensor_v2


class FloatStorage:
    pass


FloatStorage.__module__ = 'torch'
torch.FloatStorage = FloatStorage


class FakeStorage:
    def __init__(self, key, numel):
        self.key, self.numel = key, numel


class FakeTensor:
    def __init__(self, storage, size):
        self.storage, self.size = storage, size

    def __reduce_ex__(self, proto):
        return (_rebuild_tensor_v2, (self.storage, 0, self.size, (1,), False, collections.OrderedDict()))


class TorchPickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, FakeStorage):
            return ('storage', FloatStorage, obj.key, 'cpu', obj.numel)
        return None


def torch_zip():
    state = collections.OrderedDict(
        [('layer.weight', FakeTensor(FakeStorage('0', 4), (4,))), ('layer.bias', FakeTensor(FakeStorage('1', 2), (2,)))])
    buf = io.BytesIO()
    TorchPickler(buf, 2).dump(state)
    return bytes(make_zip([('archive/data.pkl', buf.getvalue()), ('archive/data/0', b'\x00' * 16),
                           ('archive/data/1', b'\x00' * 8)] + TORCH_LAYOUT))


case('torch-checkpoint', torch_zip(), 'safe', 'a PyTorch-like state dict with the torch allowlist and persistent ids allowed',
     'benign control', options={'allow': 'torch', 'allowPersistentIds': True}, ext='pt')
def torch_legacy(model):
    # torch.save(_use_new_zipfile_serialization=False): magic, protocol, sys info, the model, storage keys, raw storages.
    buf = io.BytesIO()
    for header in (0x1950a86a20f9469cfc6c, 1001, {'protocol_version': 1001, 'little_endian': True,
                                                     'type_sizes': {'short': 2, 'int': 4, 'long': 4}}):
        pickle.dump(header, buf, 2)
    TorchPickler(buf, 2).dump(model)
    pickle.dump(['0'], buf, 2)
    buf.write(struct.pack('<q', 4) + b'\x80\x02K\x01Q' + bytes(range(11)))  # raw data that starts like a pickle
    return buf.getvalue()


legacy_state = collections.OrderedDict([('w', FakeTensor(FakeStorage('0', 4), (4,)))])
case('torch-legacy', torch_legacy(legacy_state), 'safe',
     'the legacy torch.save format: five pickles in a row, then raw tensor bytes (which must not raise alarms)',
     'several pickles in one stream', options={'allow': 'torch', 'allowPersistentIds': True})
case('torch-legacy-malicious', torch_legacy(Reduce(os.system, 'id')), 'dangerous',
     'the legacy format with a model pickle that calls os.system (the fourth pickle of the stream)',
     'several pickles in one stream', options={'allow': 'torch', 'allowPersistentIds': True})
case('torch-checkpoint-default', torch_zip(), 'safe',
     'the same with default options: torch globals and storage persistent ids are explained by the torch allowlist', 'benign control', ext='pt')
case('torch-checkpoint-no-ml', torch_zip(), 'dangerous',
     'the same with ml: false: torch globals and persistent ids are flagged', 'ml allowlists off', ext='pt', options={'ml': False})

# ---- malformed: must fail closed -------------------------------------------------------------

case('empty', b'', 'error', 'an empty file', 'malformed')
case('truncated', pickle.dumps(STANDARD_VALUES, 4)[:100], 'error', 'a pickle cut short', 'malformed')
case('unknown-opcode', b'\x80\x04\xff.', 'error', 'an opcode byte that does not exist', 'malformed')
case('stack-underflow', b'\x80\x02R.', 'error', 'REDUCE on an empty stack', 'malformed')
case('memo-missing', b'\x80\x02h\x05.', 'error', 'BINGET of a memo key never PUT', 'malformed')
case('stack-global-ints', b'\x80\x04K\x01K\x02\x93.', 'error', 'STACK_GLOBAL with int operands: CPython raises', 'malformed')
case('frame-too-long', b'\x80\x04\x95' + struct.pack('<Q', 1000) + b'N.', 'error', 'a FRAME longer than the data', 'malformed')
case('protocol-6', b'\x80\x06N.', 'error', 'an unsupported protocol', 'malformed')
case('budget-ops', pickle.dumps(list(range(5000)), 2), 'error', 'more opcodes than maxOps allows: never "safe"',
     'budget', options={'maxOps': 1000})
nest = pickle.dumps(1, 4)
for _ in range(6):
    nest = pickle.dumps([nest], 4)
case('budget-nesting', nest, 'error', 'pickles nested in bytes deeper than maxNesting', 'budget', options={'maxNesting': 3})
case('budget-ops-with-finding', pickle.dumps([list(range(2000)), Reduce(os.system, 'id')], 4), 'error',
     'the budget runs out before the call: still not safe', 'budget', options={'maxOps': 500})
case('zip-truncated-directory', bytes(make_zip([('archive/data.pkl', pickle.dumps(1))]))[:-30], 'error',
     'a zip whose central directory is cut off', 'malformed', ext='pt')
case('npy-object-truncated', npy('|O', pickle.dumps([1, 2, 3], 4)[:-3]), 'error', 'an object .npy with a truncated pickle',
     'malformed', ext='npy')

# ---- wave 2: issue 14's bypass classes, each verified against CPython -----------------------
# Every dangerous case below is run in a subprocess whose audit hook records what CPython does
# (with harmless arguments: exec('PICKLEJAR_PROBE = 1'), os.system('true')); the generator stops if a case does
# not act as claimed. Cases needing numpy or torch are verified with PICKLEJAR_ML_PYTHON
# (default /usr/bin/python3) when it has them, and skipped from verification otherwise.

import subprocess
import tarfile

ML_PYTHON = os.environ.get('PICKLEJAR_ML_PYTHON', '/usr/bin/python3')
HARNESS = r'''
import sys, io, os, pickle
reader, path = sys.argv[1], sys.argv[2]
seen = []
WATCH = ('os.system', 'exec', 'compile', 'subprocess.Popen', 'pickle.find_class', 'marshal.loads', 'os.posix_spawn',
         'webbrowser.open', 'ctypes.dlopen', 'builtins.input', 'socket.connect')
sys.addaudithook(lambda event, args: seen.append(event + ':' + repr(args)[:160]) if event in WATCH else None)
try:
    if reader == 'loads':
        result = pickle.loads(open(path, 'rb').read())
    elif reader == 'py':
        result = pickle._loads(open(path, 'rb').read())
    elif reader == 'file-unbuffered':
        result = pickle.load(open(path, 'rb', buffering=0))
    elif reader == 'torch':
        import torch
        result = torch.load(path)
    elif reader == 'numpy':
        import numpy
        loaded = numpy.load(path, allow_pickle=True)
        result = [loaded[k] for k in loaded.files] if hasattr(loaded, 'files') else loaded
    elif reader.startswith('zip-member:'):
        import zipfile
        result = pickle.loads(zipfile.ZipFile(path).read(reader.split(':', 1)[1]))
    if isinstance(result, type):
        seen.append('result-is-class:' + result.__name__)
    import pathlib
    if getattr(pathlib.PurePosixPath, 'poisoned', None) is not None:
        seen.append('class-poisoned:PurePosixPath')
except Exception as e:
    seen.append('raised:' + type(e).__name__ + ':' + str(e)[:80])
print('\n'.join(seen))
'''
VERIFIED = []
# The payload every exec-style case runs: only its compilation can put this text into an audit event
# (module imports also raise 'exec' events, so 'exec' alone would prove nothing).
PROBE = 'PICKLEJAR_PROBE = 1'
PROBE_SEEN = 'PICKLEJAR_PROBE'


def run_reader(data, reader, python):
    path = os.path.join(OUT, '.verify.tmp')
    with open(path, 'wb') as f:
        f.write(data)
    try:
        out = subprocess.run([python, '-c', HARNESS, reader, path], capture_output=True, text=True, timeout=60)
    finally:
        os.remove(path)
    return out.stdout


def has_libs(python, libs):
    try:
        return subprocess.run([python, '-c', 'import ' + ', '.join(libs)], capture_output=True, timeout=60).returncode == 0
    except OSError:
        return False


def verified(name, data, reader, needle, libs=()):
    """Runs `data` through `reader` in CPython; `needle` must appear in what the audit hook saw."""
    python = sys.executable
    if libs:
        if not has_libs(ML_PYTHON, libs):
            print(f'  (not verified, {ML_PYTHON} lacks {libs}): {name}')
            return data
        python = ML_PYTHON
    seen = run_reader(data, reader, python)
    if needle not in seen:
        raise SystemExit(f'case {name}: expected {needle!r} from reader {reader}, CPython saw:\n{seen}')
    VERIFIED.append(name)
    return data


def exec_call(code=PROBE):  # builtins.exec(code) at protocol 4
    return su('builtins') + su('exec') + STACK_GLOBAL + su(code) + TUPLE1 + REDUCE


# Parsers that disagree with the loader: a FRAME that ends inside an argument. pickle.loads (and
# pickletools) read one harmless str; the C unpickler reading an unbuffered file (as torch's legacy
# loader reads its tar members) reads a str argument that straddles the frame's end from the frame's
# end instead (_Unpickler_Read drops the rest of the frame), and then runs exec. (bytes payloads go
# through _Unpickler_ReadInto, which reads linearly: only str and fixed-width arguments diverge.)
evil_tail = b"cbuiltins\nexec\n(V" + PROBE.encode() + b"\ntR0."
head = b'\x8c' + bytes([15]) + b'abcde'          # SHORT_BINUNICODE of 15 bytes; 5 of them in the frame
after = b'0123456789' + b'X' + struct.pack('<I', len(evil_tail)) + evil_tail + b'0' + STOP
straddle = P4 + b'\x95' + struct.pack('<Q', len(head)) + head + after
assert pickle.loads(straddle) == 'abcde0123456789'
case('frame-straddle-file-reader', verified('frame-straddle-file-reader', straddle, 'file-unbuffered', PROBE_SEEN), 'dangerous',
     'a FRAME ending inside a SHORT_BINUNICODE: pickle.loads and pickletools read a str, the unbuffered C file reader runs exec',
     'python/cpython frame divergence')
straddle_bad = P4 + b'\x95' + struct.pack('<Q', 4) + b'\x8c\x05ab' + b'xyzzy' + exec_call() + b'0' + STOP
case('frame-straddle-linear-malformed', verified('frame-straddle-linear-malformed', straddle_bad, 'file-unbuffered', PROBE_SEEN),
     'dangerous', 'the same where the linear reading is not even a pickle: still dangerous, not just "error"', 'frame divergence')

# Readers stricter than CPython: text INT forms CPython accepts, followed by a call.
for label, text, reader in (('hex', b'0x10', 'loads'), ('octal-c-only', b'010', 'loads'), ('underscore', b'1_000', 'loads'),
                            ('nul-c-only', b'12\x00junk', 'loads'), ('spaces', b' 12 ', 'loads')):
    data = b'I' + text + b'\n0' + g('builtins', 'exec') + b"(S'" + PROBE.encode() + b"'\ntR."
    case(f'int-{label}-then-exec', verified(f'int-{label}-then-exec', data, reader, PROBE_SEEN), 'dangerous',
         f'INT {text!r} is accepted by CPython: a reader that stops there misses the exec after it', 'stricter readers')
data = b'F 1.5\n0' + g('builtins', 'exec') + b"(S'" + PROBE.encode() + b"'\ntR."
case('float-spaces-py-only-then-exec', verified('float-spaces-py-only-then-exec', data, 'py', PROBE_SEEN), 'dangerous',
     "FLOAT ' 1.5': pickle.py accepts, _pickle refuses; the scan follows the reader that goes on", 'stricter readers')
data = b'L0x10L\n0' + g('builtins', 'exec') + b"(S'" + PROBE.encode() + b"'\ntR."
case('long-hex-then-exec', verified('long-hex-then-exec', data, 'loads', PROBE_SEEN), 'dangerous', 'LONG 0x10L', 'stricter readers')

# Inputs CPython rejects: fail closed.
for label, data in (('long-4301-digits', b'L' + b'1' * 4301 + b'\n.'), ('int-4301-digits', b'I' + b'1' * 4301 + b'\n.'),
                    ('setitem-on-list', b'\x80\x02]K\x01K\x02s.'), ('append-on-dict', b'\x80\x02}K\x01a.'),
                    ('additems-on-list', b'\x80\x04](K\x01\x90.'), ('build-on-int', b'\x80\x02K\x01}b.'),
                    ('int-trailing-L', b'I1L\n.'), ('int-empty', b'I\n.')):
    seen = run_reader(data, 'loads', sys.executable)
    assert 'raised:' in seen, (label, seen)
    case(f'rejected-{label}', data, 'error', 'CPython raises on this input: the scan fails closed, never "safe"', 'inputs CPython rejects')

# Callables off the beaten path, with harmless arguments.
for module, name, args in (('timeit', 'timeit', [su(PROBE), su('pass'), None, 1]), ('cProfile', 'run', [su(PROBE)]),
                           ('profile', 'run', [su(PROBE)])):
    parts = b''.join(a if isinstance(a, bytes) else b'N' if a is None else b'K' + bytes([a]) for a in args)
    data = P4 + su(module) + su(name) + STACK_GLOBAL + MARK + parts + b't' + REDUCE + STOP
    case(f'offpath-{module}-{name}', verified(f'offpath-{module}-{name}', data, 'loads', PROBE_SEEN), 'dangerous',
         f'{module}.{name} executes a string of code', 'callables off the beaten path')
# Nested unpickler: pickle.loads of a bytes constant whose inner pickle runs exec.
inner = P4 + exec_call() + STOP
data = P4 + su('pickle') + su('loads') + STACK_GLOBAL + sbb(inner) + TUPLE1 + REDUCE + STOP
case('nested-pickle-loads', verified('nested-pickle-loads', data, 'loads', PROBE_SEEN), 'dangerous',
     'pickle.loads(bytes): the inner pickle is scanned too (its exec is reported under bytes@N)', 'nested unpicklers')
# marshal.loads + types.FunctionType: a function made from a code object, then called.
import marshal
code = marshal.dumps(compile(f"exec('{PROBE}')", '<x>', 'exec'))
data = (P4 + su('types') + su('FunctionType') + STACK_GLOBAL + su('marshal') + su('loads') + STACK_GLOBAL + sbb(code)
        + TUPLE1 + REDUCE + EMPTY_DICT + TUPLE2 + REDUCE + EMPTY_TUPLE + REDUCE + STOP)
case('marshal-function', verified('marshal-function', data, 'loads', PROBE_SEEN), 'dangerous',
     'marshal.loads of a code object, types.FunctionType, then a call: arbitrary bytecode', 'code objects')

# Harm with allowlisted globals.
data = P4 + su('builtins') + su('type') + STACK_GLOBAL + su('builtins') + su('type') + STACK_GLOBAL + su('X') + su('builtins') + su('object') + STACK_GLOBAL + TUPLE1 + EMPTY_DICT + TUPLE3 + b'\x81' + STOP
case('newobj-on-type', verified('newobj-on-type', data, 'loads', 'result-is-class:X'), 'dangerous',
     'NEWOBJ on builtins.type: type.__new__(type, name, bases, dict) creates a class from allowlisted globals', 'harm with allowlisted globals')
data = (P4 + su('builtins') + su('type') + STACK_GLOBAL + su('pathlib') + su('PurePosixPath') + STACK_GLOBAL + su('a') + TUPLE1 + REDUCE
        + TUPLE1 + REDUCE + b'N' + EMPTY_DICT + su('poisoned') + su('yes') + b's' + TUPLE2 + b'b' + STOP)
case('build-on-type-result', verified('build-on-type-result', data, 'loads', 'class-poisoned:PurePosixPath'), 'dangerous',
     'type(PurePosixPath("a")) is the class itself; BUILD sets attributes on it: every later path is poisoned',
     'harm with allowlisted globals')
# Denial of service through allowlisted constructors (not run: they would exhaust this machine).
case('dos-bytearray-600m', P2 + g('__builtin__', 'bytearray') + b'J' + struct.pack('<i', 6 * 10**8) + TUPLE1 + REDUCE + STOP,
     'suspicious', 'bytearray(6*10**8): 600 MB from 20 bytes', 'denial of service')
case('dos-list-range', P2 + g('__builtin__', 'list') + g('__builtin__', 'range') + b'J' + struct.pack('<i', 3 * 10**7) + TUPLE1
     + REDUCE + TUPLE1 + REDUCE + STOP, 'suspicious', 'list(range(3*10**7))', 'denial of service')
case('dos-fraction-exponent', P4 + su('fractions') + su('Fraction') + STACK_GLOBAL + su('1e6000000') + TUPLE1 + REDUCE + STOP,
     'suspicious', "Fraction('1e6000000'): a six-million-digit integer", 'denial of service')
case('dos-memo-index', P4 + b'N' + b'r' + struct.pack('<I', 3 * 10**9) + STOP, 'suspicious',
     'LONG_BINPUT 3*10**9: the C unpickler resizes its memo table to twice that many pointers', 'denial of service')

# Pickles where no one looks.
zipped = make_zip([('archive/data.pkl', pickle.dumps({'w': 1}, 2)), ('archive/config.json', b"cbuiltins\nexec\n(S'" + PROBE.encode() + b"'\ntR.")])
case('zip-config-json-p0', verified('zip-config-json-p0', bytes(zipped), 'zip-member:archive/config.json', PROBE_SEEN), 'dangerous',
     'a protocol-0 pickle in a member named like data; a loader that unpickles by path runs it', 'pickles where no one looks', ext='zip')
evil_obj = P2 + g('builtins', 'exec') + sbs(PROBE) + TUPLE1 + REDUCE + STOP


def npy_raw(descr_literal, body):
    header = "{'descr': %s, 'fortran_order': False, 'shape': (1,), }" % descr_literal
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + ' ' * pad + '\n'
    return b'\x93NUMPY\x01\x00' + struct.pack('<H', len(header)) + header.encode('latin1') + body


for label, literal in (('object', "'object'"), ('hex-escape', "'\\x4f'"), ('comma', "'i4,O'"), ('repeat', "'2O'")):
    data = npy_raw(literal, evil_obj)
    case(f'npy-descr-{label}', verified(f'npy-descr-{label}', data, 'numpy', PROBE_SEEN, libs=('numpy',)), 'dangerous',
         f'.npy whose descr {literal} means object: numpy.load(allow_pickle=True) unpickles the body', 'unusual spellings', ext='npy')
npz = make_zip([('arr', npy_raw("'|O'", evil_obj))])
case('npz-member-without-npy-suffix', verified('npz-member-without-npy-suffix', bytes(npz), 'numpy', PROBE_SEEN, libs=('numpy',)),
     'dangerous', 'an .npz member named without .npy: numpy.load reads it as an array by its magic', 'pickles where no one looks', ext='npz')


def torch_tar(model):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w', format=tarfile.PAX_FORMAT) as tf:
        for name, blob in (('sys_info', pickle.dumps({'protocol_version': 1000, 'little_endian': True, 'type_sizes': {'int': 4}}, 2)),
                           ('storages', pickle.dumps(0, 2) + pickle.dumps([], 2)), ('tensors', pickle.dumps(0, 2)),
                           ('pickle', model)):
            info = tarfile.TarInfo(name)
            info.size = len(blob)
            info.mtime = 0
            tf.addfile(info, io.BytesIO(blob))
    return buf.getvalue()


case('torch-tar-benign', torch_tar(pickle.dumps({'epoch': 1}, 2)), 'safe', 'the oldest torch.save format: a tar of pickles',
     'benign control', ext='pt')
data = torch_tar(P2 + g('builtins', 'exec') + sbs(PROBE) + TUPLE1 + REDUCE + STOP)
case('torch-tar-exec', verified('torch-tar-exec', data, 'torch', PROBE_SEEN, libs=('torch',)), 'dangerous',
     'the legacy tar format with exec in its "pickle" member: torch.load runs it', 'legacy torch tar', ext='pt')
# More callables off the beaten path, each seen doing its thing by the audit hook.
for label, data, needle in (
    ('pydoc-pipepager', P4 + su('pydoc') + su('pipepager') + STACK_GLOBAL + su('x') + su('true') + TUPLE2 + REDUCE + STOP, "subprocess.Popen:"),
    ('ctypes-cdll', P4 + su('ctypes') + su('CDLL') + STACK_GLOBAL + su('libc.so.6') + TUPLE1 + REDUCE + STOP, "ctypes.dlopen:('libc.so.6'"),
    ('smtplib-connect', P4 + su('smtplib') + su('SMTP') + STACK_GLOBAL + su('127.0.0.1') + b'K\x09' + TUPLE2 + REDUCE + STOP, 'socket.connect:'),
    ('functools-reduce-exec', P4 + su('functools') + su('reduce') + STACK_GLOBAL + su('builtins') + su('exec') + STACK_GLOBAL + b']}a'
     + su(PROBE) + TUPLE3 + REDUCE + STOP, PROBE_SEEN),
    ('state-setter-exec', P4 + su('builtins') + su('exec') + STACK_GLOBAL + su(PROBE) + EMPTY_DICT + TUPLE2 + REDUCE + b'0N' + STOP, PROBE_SEEN),
):
    case(f'offpath-{label}', verified(f'offpath-{label}', data, 'loads', needle), 'dangerous',
         f'{label}: a standard-library callable that runs code, spawns, loads native code or connects', 'callables off the beaten path')
print(f'{len(VERIFIED)} wave-2 cases verified in CPython')

with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
    json.dump(CASES, f, indent=1)
    f.write('\n')
print(f'{len(CASES)} cases written to {OUT}')
