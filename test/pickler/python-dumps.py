"""Pickler test oracle: reads JSON from stdin, writes JSON to stdout.

mode "dumps": [{name, py}] -> {name: [result for protocols 0..5]}, each result the
  hex of CPython's C pickle.dumps(eval(py), protocol), or "ERR:<Type>: <message>".
mode "readback": [{name, py, protocol, hex}] -> {name/protocol: "ok" | reason}: our
  bytes load in CPython and dump again (at that protocol) to what CPython writes
  for eval(py), so the loaded value has the same content and sharing. Where that
  differs only because CPython's str/bytes identities are not kept by a load
  (the loaded strs are new objects), the loaded value must equal eval(py).
Run with PYTHONHASHSEED=0.
"""
import argparse, collections, datetime, json, pickle, sys, types

sys.setrecursionlimit(20000)


def dump_all(value):
    out = []
    for protocol in range(6):
        try:
            out.append(pickle.dumps(value, protocol).hex())
        except Exception as e:  # noqa: BLE001 - the error is the expected result
            out.append('ERR:%s: %s' % (type(e).__name__, e))
    return out


def main():
    mode = sys.argv[1]
    cases = json.load(sys.stdin)
    out = {}
    if mode == 'dumps':
        for c in cases:
            out[c['name']] = dump_all(eval(c['py']))
    else:
        for c in cases:
            key = '%s/%d' % (c['name'], c['protocol'])
            try:
                loaded = pickle.loads(bytes.fromhex(c['hex']))
                again = pickle.dumps(loaded, c['protocol'])
                expected = pickle.dumps(eval(c['py']), c['protocol'])  # noqa: S307 - test expressions
                value = eval(c['py'])
                if again == expected or (type(loaded) is type(value) and loaded == value):
                    out[key] = 'ok'
                else:
                    out[key] = 'differs: ' + again.hex()[:200]
            except Exception as e:  # noqa: BLE001
                out[key] = 'ERR:%s: %s' % (type(e).__name__, e)
    json.dump(out, sys.stdout)


main()
