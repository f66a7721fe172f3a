"""Live oracle for test/tools/text-arguments.test.ts: reads JSON [[kind, hex]] and
writes, for each, CPython's result as {"ok": repr} or {"error": [type, message]}."""
import codecs
import json
import sys


def run(kind, data):
    if kind == "int10":
        return repr(int(data))
    if kind == "int0":
        return repr(int(data, 0))
    if kind == "float":
        return repr(float(data))
    if kind == "escape":
        return repr(codecs.escape_decode(data)[0])
    if kind == "rawunicode":
        return repr([ord(c) for c in str(data, "raw-unicode-escape")])
    if kind == "utf8":
        return repr([ord(c) for c in str(data, "utf-8", "surrogatepass")])
    raise ValueError(kind)


out = []
for kind, hexdata in json.load(sys.stdin):
    try:
        out.append({"ok": run(kind, bytes.fromhex(hexdata))})
    except Exception as e:  # noqa: BLE001
        out.append({"error": [type(e).__name__, str(e)]})
json.dump(out, sys.stdout)
