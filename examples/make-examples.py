"""Regenerates the example pickles in this folder with CPython's own pickler.

    python3 examples/make-examples.py

records.pkl is what the README's quick start shows: a small list of records
mixing the types picklejar maps (see the type-mapping table in README.md).
The output is deterministic: same Python version, same bytes. Python prints a
set in hash order (for strs, it depends on the interpreter's hash seed) while
`picklejar show` prints sets sorted, so the sets here hold one str or a few
small ints, whose hash order is their sorted order: both print alike.
"""
import os
import pickle
import sys

# Set order depends on str hashing, which Python randomises per process: fix
# the seed (by re-running this script) so that the bytes never change.
if os.environ.get('PYTHONHASHSEED') != '0':
    os.environ['PYTHONHASHSEED'] = '0'
    os.execv(sys.executable, [sys.executable] + sys.argv)

HERE = os.path.dirname(os.path.abspath(__file__))


def records():
    return [
        {
            'id': 1,
            'name': 'Ada Lovelace',
            'email': 'ada@example.org',
            'score': 98.5,
            'active': True,
            'manager': None,
            'tags': {'math'},
            'projects': {2, 3, 5},
            'location': (51.5072, -0.1276),
            'avatar': b'\x89PNG\r\n\x1a\n',
            'visits': 1843,
        },
        {
            'id': 2,
            'name': 'Grace Hopper',
            'email': 'grace@example.org',
            'score': 87.25,
            'active': False,
            'manager': 1,
            'tags': {'compilers'},
            'projects': {7},
            'location': (38.9072, -77.0369),
            'avatar': b'',
            'visits': 2 ** 40,
        },
        {
            'id': 3,
            'name': 'Zoë Ørsted',
            'email': None,
            'score': float('nan'),
            'active': True,
            'manager': 1,
            'tags': set(),
            'projects': frozenset(),
            'location': None,
            'avatar': bytes(range(8)),
            'visits': -7,
        },
    ]


def main():
    with open(os.path.join(HERE, 'records.pkl'), 'wb') as f:
        # Protocol 4 is Python 3.11's default (pickle.DEFAULT_PROTOCOL).
        pickle.dump(records(), f, protocol=4)


if __name__ == '__main__':
    main()
