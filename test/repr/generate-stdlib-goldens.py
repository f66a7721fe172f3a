"""Writes test/repr/golden/stdlib.json: for each standard-type value of
test/repr/stdlib_values.py, its pickle (protocol 4), CPython's repr() and, for
the layout cases, pprint.pformat(sort_dicts=False) at several widths and indents.
Run: python3 test/repr/generate-stdlib-goldens.py   (CPython 3.11)
     python3 test/repr/generate-stdlib-goldens.py --stdout   (print instead of writing)"""
import json
import os
import pickle
import pprint
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

from stdlib_values import INDENTS, NAMESPACE, PPRINT_CASES, REPR_CASES, WIDTHS  # noqa: E402


def case(name, expr, layouts):
    value = eval(expr, NAMESPACE)
    out = {"name": name, "expr": expr, "pickle": pickle.dumps(value, 4).hex(), "repr": repr(value)}
    if layouts:
        out["pprint"] = [{"width": w, "indent": i, "text": pprint.pformat(value, width=w, indent=i, sort_dicts=False)}
                         for w in WIDTHS for i in INDENTS]
    return out


def main():
    out = {
        "python": sys.version.split()[0],
        "cases": [case(n, e, False) for n, e in REPR_CASES] + [case(n, e, True) for n, e in PPRINT_CASES],
    }
    text = json.dumps(out, indent=1, ensure_ascii=True) + "\n"
    if "--stdout" in sys.argv:
        sys.stdout.write(text)
        return
    with open(os.path.join(HERE, "golden", "stdlib.json"), "w") as f:
        f.write(text)
    print("wrote %d cases, %d layouts" % (len(out["cases"]), sum(len(c.get("pprint", [])) for c in out["cases"])))


main()
