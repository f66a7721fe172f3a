"""Writes test/repr/golden/repr.json: Python's repr() of a corpus of values
(test/repr/values.py), of strings sweeping Unicode (a sample of code points in
every block, one string per 64), and pprint.pp layouts at several widths.
Run: python3 test/repr/generate-goldens.py   (CPython 3.11)"""
import io
import json
import os
import pprint
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from values import encode, js_representable, pprint_values, values  # noqa: E402

if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)


def sweep():
    """Strings of 64 code points: all below 0x800, every 5th below 0x3400, then every 61st."""
    cps = list(range(0x800)) + list(range(0x800, 0x3400, 5)) + list(range(0x3400, 0x110000, 61))
    strings = []
    for i in range(0, len(cps), 64):
        s = "".join(chr(c) for c in cps[i:i + 64])
        if js_representable(s):
            strings.append(s)
    return strings


def main():
    out = {
        "python": sys.version.split()[0],
        "values": [{"value": encode(v), "repr": repr(v)} for v in values()],
        "sweep": [{"value": s, "repr": repr(s)} for s in sweep()],
        "pprint": [],
    }
    for v in pprint_values():
        for width in (20, 40, 80):
            for indent in (1, 4):
                stream = io.StringIO()
                pprint.pp(v, stream=stream, width=width, indent=indent)
                out["pprint"].append({"value": encode(v), "width": width, "indent": indent,
                                      "text": stream.getvalue().rstrip("\n")})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden", "repr.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=0, ensure_ascii=True)
    print("wrote %d values, %d sweep strings, %d layouts" % (len(out["values"]), len(out["sweep"]), len(out["pprint"])))


main()
