"""Regenerates the pickles and the `python -m pickletools` goldens that the CLI
tests compare `picklejar dis` against (so the tests also run without python3).

    python3 test/cli/make-goldens.py      # run from the repository root

Writes test/cli/fixtures/*.pkl, test/cli/dis-cases.json (each case: a name and
the pickletools arguments) and test/cli/goldens/<name>.txt (pickletools'
standard output; a case where pickletools raises records its exit status too),
test/cli/goldens/*.opt.pkl (pickletools.optimize of some fixtures) and
test/cli/goldens/show-records-w*.txt (pprint.pp of examples/records.pkl).
"""
import json
import os
import pickle
import pickletools
import pprint
import subprocess
import sys
import types

if os.environ.get('PYTHONHASHSEED') != '0':
    os.environ['PYTHONHASHSEED'] = '0'
    os.execv(sys.executable, [sys.executable] + sys.argv)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = 'test/cli/fixtures'


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y


# Pretend Point lives in a module named geometry, so that the pickles name it so.
Point.__module__ = 'geometry'
sys.modules['geometry'] = types.ModuleType('geometry')
sys.modules['geometry'].Point = Point


def fixtures():
    shared = [1, 2]
    recursive = []
    recursive.append(recursive)
    nested = {'a': [1, 2.5, 'three', None, True], 'b': (b'\x00\xff', {'x': -1}), 'c': {frozenset([1]), 7}}
    return {
        'nested-p0.pkl': pickle.dumps(nested, protocol=0),
        'nested-p1.pkl': pickle.dumps(nested, protocol=1),
        'nested-p2.pkl': pickle.dumps(nested, protocol=2),
        'shared-p3.pkl': pickle.dumps([shared, shared, recursive, 2 ** 70, -2 ** 31], protocol=3),
        'objects-p4.pkl': pickle.dumps([Point(1, 2), Point(3.5, 'x'), bytearray(b'ab'), 1 + 2j], protocol=4),
        'big-p5.pkl': pickle.dumps({'blob': bytes(70000), 'text': 'é' * 300, 'list': list(range(1001))}, protocol=5),
        'memo-first.pkl': b'I1\np0\n.',
        'memo-second.pkl': b'g0\n.',
        'odd-stack-left.pkl': b'(I1\n.',
        'odd-memo-twice.pkl': b'I1\np0\np0\n.',
        'odd-truncated.pkl': b'\x80\x04K',
        'odd-pop-empty.pkl': b'0.',
        'odd-proto-twice.pkl': b'\x80\x02\x80\x03N.',
        'odd-two-pickles.pkl': pickle.dumps(1, protocol=2) + pickle.dumps('two', protocol=2),
        'odd-unknown-opcode.pkl': b'\x80\x02\xff.',
        'odd-mark-left.pkl': b'(((I1\nt.',
    }


def cases():
    f = lambda name: '%s/%s' % (FIX, name)
    return [
        ('records', ['examples/records.pkl']),
        ('records-annotate', ['-a', 'examples/records.pkl']),
        ('records-indent2-annotate', ['-l', '2', '--annotate', 'examples/records.pkl']),
        ('nested-p0', [f('nested-p0.pkl')]),
        ('nested-p1-annotate', ['-a', f('nested-p1.pkl')]),
        ('nested-p2-indent0', ['-l0', f('nested-p2.pkl')]),
        ('shared-p3', [f('shared-p3.pkl')]),
        ('objects-p4-annotate', ['-a', f('objects-p4.pkl')]),
        ('big-p5', [f('big-p5.pkl')]),
        ('several', [f('nested-p0.pkl'), f('shared-p3.pkl'), 'examples/records.pkl']),
        ('several-preamble', ['-p', '--- {name!r} {{file}} ---', f('objects-p4.pkl'), f('big-p5.pkl')]),
        ('memo-kept', ['-m', f('memo-first.pkl'), f('memo-second.pkl')]),
        ('memo-not-kept', [f('memo-first.pkl'), f('memo-second.pkl')]),
        ('stack-left', [f('odd-stack-left.pkl')]),
        ('memo-twice', [f('odd-memo-twice.pkl')]),
        ('truncated', [f('odd-truncated.pkl')]),
        ('pop-empty', [f('odd-pop-empty.pkl')]),
        ('proto-twice', [f('odd-proto-twice.pkl')]),
        ('two-pickles', [f('odd-two-pickles.pkl')]),
        ('unknown-opcode', [f('odd-unknown-opcode.pkl')]),
        ('mark-left', ['-a', f('odd-mark-left.pkl')]),
    ]


OPTIMIZE = ['nested-p0.pkl', 'nested-p2.pkl', 'shared-p3.pkl', 'objects-p4.pkl', 'big-p5.pkl']


SHOW_WIDTHS = [80, 40, 200]


def main():
    os.chdir(ROOT)
    for name, data in fixtures().items():
        with open(os.path.join(FIX, name), 'wb') as out:
            out.write(data)
    listing = []
    for name, args in cases():
        run = subprocess.run([sys.executable, '-m', 'pickletools'] + args, capture_output=True)
        with open('test/cli/goldens/%s.txt' % name, 'wb') as out:
            out.write(run.stdout)
        listing.append({'name': name, 'args': args, 'status': 0 if run.returncode == 0 else 1})
    # pickletools.optimize of a few fixtures, for `picklejar optimize`.
    for name in OPTIMIZE:
        with open(os.path.join(FIX, name), 'rb') as f:
            optimized = pickletools.optimize(f.read())
        with open('test/cli/goldens/%s' % name.replace('.pkl', '.opt.pkl'), 'wb') as out:
            out.write(optimized)
    # pprint.pp of the example records at a few widths, for `picklejar show --width N`.
    with open('examples/records.pkl', 'rb') as f:
        records = pickle.load(f)
    for width in SHOW_WIDTHS:
        with open('test/cli/goldens/show-records-w%d.txt' % width, 'w', encoding='utf-8') as out:
            out.write(pprint.pformat(records, width=width, sort_dicts=False) + '\n')
    with open('test/cli/dis-cases.json', 'w') as out:
        json.dump(listing, out, indent=2)
        out.write('\n')


if __name__ == '__main__':
    main()
