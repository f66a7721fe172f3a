"""Live oracle for the pickletools tests: reads JSON [{hex, options}] on stdin
and writes, for each, pickletools.dis's text and exception for those options
and pickletools.optimize's result, in the goldens' format."""
import hashlib
import io
import json
import pickletools
import sys


def run_dis(data, options):
    out = io.StringIO()
    try:
        pickletools.dis(data, out=out, **options)
        return {"out": out.getvalue()}
    except Exception as e:  # noqa: BLE001
        return {"out": out.getvalue(), "error": {"type": type(e).__name__, "message": str(e)}}


def run_optimize(data):
    try:
        result = pickletools.optimize(data)
        if len(result) > 16384:
            return {"sha256": hashlib.sha256(result).hexdigest(), "length": len(result)}
        return {"hex": result.hex()}
    except Exception as e:  # noqa: BLE001
        return {"error": {"type": type(e).__name__, "message": str(e)}}


def main():
    requests = json.load(sys.stdin)
    results = []
    for req in requests:
        data = bytes.fromhex(req["hex"])
        results.append({"dis": run_dis(data, req.get("options", {})), "optimize": run_optimize(data)})
    json.dump(results, sys.stdout)


main()
