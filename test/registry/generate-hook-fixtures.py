"""Writes test/registry/hook-fixtures.json: what CPython 3.11 writes with each
pickling hook, at each protocol it supports. Run from the repository root:

    python3 test/registry/generate-hook-fixtures.py
"""
import copyreg
import io
import json
import os
import pickle
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import protocol_classes as pc  # noqa: E402


class Row:
    """Stands for a database row pickled by reference (persistent id)."""

    def __init__(self, key):
        self.key = key


class PersistentPickler(pickle.Pickler):
    def persistent_id(self, obj):
        return f'row:{obj.key}' if isinstance(obj, Row) else None


class Pt:
    def __init__(self, x, y):
        self.x, self.y = x, y


def reduce_pt(p):
    return (pc.make_custom, (p.x, p.y))


class OverridePickler(pickle.Pickler):
    def reducer_override(self, obj):
        if isinstance(obj, Pt):
            return (pc.make_custom, (obj.y, obj.x))
        return NotImplemented


def dump_with(cls, value, proto, **attrs):
    f = io.BytesIO()
    p = cls(f, proto)
    for k, v in attrs.items():
        setattr(p, k, v)
    p.dump(value)
    return f.getvalue().hex()


EXT_CODES = [1, 255, 256, 65535, 65536, 0x7fffffff]


def main():
    out = {}
    out['persistent'] = [dump_with(PersistentPickler, [Row(1), 'x', Row(2)], p) for p in range(6)]
    out['dispatch_table'] = [dump_with(pickle.Pickler, [Pt(1, 2)], p, dispatch_table={Pt: reduce_pt}) for p in range(6)]
    out['reducer_override'] = [dump_with(OverridePickler, [Pt(1, 2)], p) for p in range(6)]
    ext = {}
    for code in EXT_CODES:
        copyreg.add_extension('protocol_classes', 'Plain', code)
        try:
            ext[str(code)] = [pickle.dumps([pc.Plain, pc.Plain()], p).hex() for p in range(6)]
        finally:
            copyreg.remove_extension('protocol_classes', 'Plain', code)
    out['extensions'] = ext
    data = bytes(range(256)) * 4
    for name, buf in (('readonly', data), ('writable', bytearray(data))):
        bufs = []
        out[f'oob_{name}'] = pickle.dumps([pickle.PickleBuffer(buf), 'end'], 5, buffer_callback=bufs.append).hex()
        out[f'inband_{name}'] = pickle.dumps([pickle.PickleBuffer(buf), 'end'], 5).hex()
    if '--stdout' in sys.argv:
        json.dump(out, sys.stdout, indent=1, sort_keys=True)
        return
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'hook-fixtures.json')
    with open(path, 'w') as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write('\n')
    print(f'wrote {path}')


if __name__ == '__main__':
    main()
