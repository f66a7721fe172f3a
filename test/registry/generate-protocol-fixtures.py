"""Writes test/registry/protocol-fixtures.json: CPython 3.11's pickles of the
object-protocol test classes (protocol_classes.py) at protocols 0-5 (null where
CPython refuses). Run from the repository root:

    python3 test/registry/generate-protocol-fixtures.py
"""
import json
import os
import pickle
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import protocol_classes as pc  # noqa: E402

CASES = {
    'plain': pc.Plain,
    'empty': pc.Empty,
    'slotted': pc.Slotted,
    'dict_and_slots': pc.DictAndSlots,
    'new_args': lambda: pc.NewArgs(1, 'a'),
    'custom': lambda: pc.Custom(3, 4),
    'with_setter': pc.WithSetter,
    'bag': lambda: _bag(),
    'shared': lambda: [_shared, _shared],
}


def _bag():
    b = pc.Bag()
    b.items = [1, 2]
    b.table = {'k': 'v'}
    return b


_shared = pc.Plain()


def main():
    out = {}
    for name, make in CASES.items():
        pickles = []
        for proto in range(6):
            try:
                pickles.append(pickle.dumps(make(), proto).hex())
            except Exception:  # noqa: BLE001 - a refused protocol is data
                pickles.append(None)
        out[name] = pickles
    if '--stdout' in sys.argv:
        json.dump(out, sys.stdout, indent=1, sort_keys=True)
        return
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'protocol-fixtures.json')
    with open(path, 'w') as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write('\n')
    print(f'wrote {len(CASES)} cases to {path}')


if __name__ == '__main__':
    main()
