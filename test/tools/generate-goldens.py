"""Writes the goldens for picklejar's pickletools port (test/tools/golden/*.json)
from CPython's own pickletools: for a corpus of pickles (CPython's output for a
broad set of values at every protocol, hand-made odd pickles, malformed ones)
the exact text of pickletools.dis for several option sets, including the
partial text and the exception where dis fails; pickletools.optimize's output;
and genops over multi-pickle streams.

Run: python3 test/tools/generate-goldens.py   (CPython 3.11)
"""
import collections
import copyreg
import datetime
import decimal
import fractions
import glob
import hashlib
import io
import json
import os
import pickle
import pickletools
import sys

if os.environ.get("PYTHONHASHSEED") != "0":
    # Set iteration order depends on str hashing; fix it so the goldens are reproducible.
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "golden")
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))

# Option sets: name -> pickletools.dis keyword arguments.
OPTION_SETS = {
    "default": {},
    "annotate1": {"annotate": 1},
    "annotate30": {"annotate": 30},
    "indent0": {"indentlevel": 0},
    "indent2": {"indentlevel": 2},
}


def run_dis(data, **kwargs):
    out = io.StringIO()
    try:
        pickletools.dis(data, out=out, **kwargs)
        return {"out": out.getvalue()}
    except Exception as e:  # noqa: BLE001 - the golden records whatever pickletools raises
        return {"out": out.getvalue(), "error": {"type": type(e).__name__, "message": str(e)}}


def run_optimize(data):
    try:
        result = pickletools.optimize(data)
        if len(result) > 16384:
            # Large outputs are recorded by digest to keep the goldens small.
            return {"sha256": hashlib.sha256(result).hexdigest(), "length": len(result)}
        return {"hex": result.hex()}
    except Exception as e:  # noqa: BLE001
        return {"error": {"type": type(e).__name__, "message": str(e)}}


def run_genops(data):
    f = io.BytesIO(data)
    pickles = []
    while f.tell() < len(data):
        ops = []
        try:
            for op, arg, pos in pickletools.genops(f):
                ops.append([op.name, None if arg is None else repr(arg), pos])
        except Exception as e:  # noqa: BLE001
            pickles.append({"ops": ops, "error": {"type": type(e).__name__, "message": str(e)}})
            break
        pickles.append({"ops": ops})
    return pickles


# ---------------------------------------------------------------- values

class Plain:
    def __init__(self, a=1, b="two"):
        self.a = a
        self.b = b


class Slotted:
    __slots__ = ("x", "y")

    def __init__(self):
        self.x = 1
        self.y = [1, 2]


class WithState:
    def __init__(self):
        self.v = 3

    def __getstate__(self):
        return ("state", self.v)

    def __setstate__(self, state):
        self.v = state[1]


class NewArgsEx:
    def __new__(cls, *args, **kwargs):
        return super().__new__(cls)

    def __init__(self, *args, **kwargs):
        self.args = args
        self.kwargs = kwargs

    def __getnewargs_ex__(self):
        return self.args, self.kwargs


class Outer:
    class Inner:
        pass


class MyList(list):
    pass


class MyDict(dict):
    pass


class Extended:
    pass


class Extended2:
    pass


class Extended4:
    pass


copyreg.add_extension(__name__, "Extended", 1)
copyreg.add_extension(__name__, "Extended2", 300)
copyreg.add_extension(__name__, "Extended4", 70000)


def values():
    rec_list = [1]
    rec_list.append(rec_list)
    rec_dict = {}
    rec_dict["self"] = rec_dict
    shared = [1, 2]
    many = list(range(1001))
    nested = []
    cur = nested
    for _ in range(40):
        nxt = []
        cur.append(nxt)
        cur = nxt
    ml = MyList([1, 2])
    ml.attr = "x"
    md = MyDict(a=1)
    return {
        "none": None,
        "bools": [True, False],
        "small_ints": [0, 1, -1, 255, 256, 65535, 65536, -65536],
        "int32": [2**31 - 1, -2**31, 2**31, -2**31 - 1],
        "big_ints": [2**63, -2**64, 10**100, -(10**100)],
        "huge_int": 2**2100,
        "floats": [0.0, -0.0, 1.5, 1e300, 1e-300, 3.0, 1e16, 0.1, float("inf"), float("-inf"), float("nan")],
        "strings": ["", "a", "it's", 'q"', "both '\"", "tab\tnl\nbs\\", "\x00\x7f\x80\xff", "\u0100\u20ac\uffff"],
        "unicode": ["\U0001f600 emoji", "\u200b zero width", "\xa0nbsp\xad", "\ud800 lone", "\u0378 unassigned",
                    "\U000e0001 tag", "\u2028 sep", "\ue000 private", "\U0001fae8 new in 15"],
        "bytes": [b"", b"abc", bytes(range(256)), b"'", b"\"'", b"x" * 300],
        "bytearray": bytearray(b"ba\x00"),
        "tuples": [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)],
        "list": [1, "two", 3.0],
        "many": many,
        "dict": {"a": 1, 2: "b", (3, 4): [5]},
        "bigdict": {i: i for i in range(1001)},
        "sets": [set(), {1, 2, 3}, frozenset(), frozenset({"a", "b"}), set(range(1001))],
        "shared": [shared, shared, (shared,)],
        "rec_list": rec_list,
        "rec_dict": rec_dict,
        "nested": nested,
        "complex": [1 + 2j, complex(0, -1)],
        "plain": Plain(),
        "slotted": Slotted(),
        "with_state": WithState(),
        "newargs_ex": NewArgsEx(1, 2, key="v"),
        "inner": Outer.Inner,
        "inner_obj": Outer.Inner(),
        "globals": [len, collections.OrderedDict, pickle.dumps, Outer],
        "ordered": collections.OrderedDict([("x", 1), ("y", 2)]),
        "datetime": [datetime.datetime(2024, 1, 2, 3, 4, 5, 6), datetime.date(2020, 2, 29),
                     datetime.timedelta(days=1, seconds=2)],
        "decimal": decimal.Decimal("3.14"),
        "fraction": fractions.Fraction(1, 3),
        "mylist": ml,
        "mydict": md,
        "extensions": [Extended, Extended2, Extended4],
        "mixed": {"k": [1, (2, {3: frozenset({4})}), b"b", None, True, 1.25, "s"]},
        "range": range(1, 10, 2),
        "slice": slice(1, 5, None),
    }


class PersPickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, str) and obj.startswith("pid:"):
            return obj[4:]
        if isinstance(obj, int) and not isinstance(obj, bool) and obj == 4242:
            return ("tuple-pid", 7)
        return None


def persistent_pickles():
    out = []
    for proto in range(6):
        f = io.BytesIO()
        PersPickler(f, proto).dump(["pid:abc", 4242, "plain"])
        out.append(("persistent_p%d" % proto, f.getvalue()))
    return out


def buffer_pickles():
    out = []
    buf = pickle.PickleBuffer(b"outofband")
    rw = pickle.PickleBuffer(bytearray(b"rw"))
    out.append(("buffers_oob", pickle.dumps([buf, rw], protocol=5, buffer_callback=lambda b: False)))
    out.append(("buffers_inband", pickle.dumps([buf, rw], protocol=5)))
    return out


def big_pickles():
    # Opcodes over 64 KiB: optimize writes them outside frames.
    out = []
    for proto in (3, 4):
        out.append(("big_bytes_p%d" % proto, pickle.dumps([b"a" * 66000, "b" * 66000, 1], protocol=proto)))
    out.append(("many_frames_p4", pickle.dumps([str(i) * 3 for i in range(7000)], protocol=4)))
    return out


# ---------------------------------------------------------------- hand-made pickles

HAND_MADE = {
    # structure oddities
    "proto_in_middle": b"\x80\x02K\x01\x80\x03.",
    "proto_in_middle_p4": b"\x80\x02K\x01\x80\x04\x95\x02\x00\x00\x00\x00\x00\x00\x00N0.",
    "mark_heavy_p0": b"(((I1\nI2\nlp0\n(I3\nttp1\n(dp2\nS'k'\np3\ng0\nsl.",
    "pop_mark_via_pop": b"((0l.",
    "pop_mark": b"(K\x011N.",
    "inst": b"(I1\nS'x'\ni__main__\nPlain\np0\n.",
    "obj": b"(c__main__\nPlain\nK\x01o.",
    "obj_p0_nested": b"((c__main__\nPlain\no(c__main__\nPlain\notp0\n.",
    "persid": b"Pabc\n.",
    "persid_escape": b"Pa\\x41b\n.",
    "binpersid": b"K\x01Q.",
    "ext1": b"\x82\x01.",
    "ext2": b"\x83\x01\x01.",
    "ext4": b"\x84\x01\x00\x00\x00.",
    "ext4_negative": b"\x84\xff\xff\xff\xff.",
    "frame_mid": b"\x80\x04K\x01\x95\x02\x00\x00\x00\x00\x00\x00\x00K\x02\x86.",
    "frame_huge_length": b"\x80\x04\x95\xff\xff\xff\xff\xff\xff\xff\xffN.",
    "memo_gaps": b"K\x01q\x05h\x05r\x00\x01\x00\x00j\x00\x01\x00\x00\x86q\x09.",
    "memo_get_true": b"I01\np01\ng1\n\x86.",
    "memo_put_true_then_1": b"I01\np01\nq\x01.",
    "memoize_after_gap": b"\x80\x04K\x01q\x05\x94K\x02\x94\x86h\x01h\x00\x86\x86.",
    "long_with_L": b"L123L\n.",
    "long_without_L": b"L-456\n.",
    "long_big": b"L123456789012345678901234567890L\n.",
    "long1": b"\x8a\x02\xff\x00.",
    "long1_zero": b"\x8a\x00.",
    "long4": b"\x8b\x03\x00\x00\x00\x00\x00\x80.",
    "float_texts": b"(F1.5\nF1e300\nFinf\nF-inf\nFnan\nF-0.0\nF  1_0.5 \nF3\nF.5\nF5.\nt.",
    "int_texts": b"(I 12 \nI1_000\nI-0\nI+7\nI99999999999999999999\nI00\nI01\nI001\nt.",
    "int_big_negative": b"I-99999999999999999999999\n.",
    "string_quotes": b"(S'abc'\nS\"abc\"\nS'a\\'b'\nS'\\x41\\101\\n\\t\\\\'\nS'\nS'it\\'s \"q\"'\nt.",
    "string_unknown_escape": b"S'a\\qb'\n.",
    "string_line_continuation": b"S'a\\\nb'\n.",
    "binstring_latin1": b"T\x03\x00\x00\x00a\xe9\xff.",
    "short_binstring": b"U\x04\x00\x01\x7f\x80.",
    "unicode_raw": b"Vab\\u00e9\\U0001f600\xe9\n.",
    "unicode_backslashes": b"V\\\\u1234 \\\\\\u1234 \\x41\n.",
    "unicode_surrogate_escape": b"V\\ud800\n.",
    "global_escape": b"cmod\\x41\nname\n.",
    "global_dotted": b"\x80\x04\x8c\x03mod\x8c\x05a.b.c\x93.",
    "binunicode_surrogate": b"X\x03\x00\x00\x00\xed\xa0\x80.",
    "binunicode_astral": b"\x8c\x04\xf0\x9f\x98\x80\x8c\x05\xf0\x9f\x98\x80x\x86.",
    "binunicode8": b"\x8d\x02\x00\x00\x00\x00\x00\x00\x00hi.",
    "binbytes8": b"\x8e\x02\x00\x00\x00\x00\x00\x00\x00hi.",
    "bytearray8": b"\x96\x02\x00\x00\x00\x00\x00\x00\x00hi.",
    "next_buffer": b"\x80\x05\x97\x98.",
    "empty_containers": b"\x80\x04]}\x8f)\x85\x86\x86.",
    "frozenset_op": b"\x80\x04(K\x01K\x02\x91.",
    "additems": b"\x80\x04\x8f(K\x01\x90.",
    "appends_setitems": b"](K\x01K\x02e}(K\x01K\x02u\x86.",
    "dict_op": b"(K\x01K\x02d.",
    "tuple123": b"K\x01\x85K\x01K\x02\x86K\x01K\x02K\x03\x87\x87.",
    "newobj": b"\x80\x02c__main__\nPlain\n)\x81.",
    "newobj_ex": b"\x80\x04c__main__\nPlain\n)}\x92.",
    "reduce_build": b"c__main__\nPlain\n)R}b.",
    "stack_global": b"\x80\x04\x8c\x08builtins\x8c\x03len\x93.",
    "dup": b"K\x012\x86.",
    "trailing_after_stop": b"K\x01.K\x02.",
    "bool_int_p1": b"\x80\x01I01\n.",
    "deep_marks": b"(" * 30 + b"l" * 30 + b".",
    "annotate_long_lines": b"\x80\x04\x8c\x3c" + b"x" * 60 + b"\x94\x8c\x01a\x86.",
    "annotate_astral": b"\x80\x04\x8c\x0c\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80ab\x94.",
    "proto_high_optimize": b"\x80\x06N.",
    "get_before_put_p0": b"(g0\nI1\np0\nl.",
    "binget_before_put": b"\x80\x02(h\x00K\x01q\x00l.",
    "long_binput": b"\x80\x02K\x01r\x00\x01\x00\x00j\x00\x01\x00\x00\x86.",
    "put_big_index_p0": b"I1\np99999999999999999999\ng99999999999999999999\n\x86.",
    # errors pickletools.dis raises
    "err_memo_redefined": b"K\x01p0\np0\n.",
    "err_memoize_redefined": b"K\x01q\x01\x94.",
    "err_get_undefined": b"h\x05.",
    "err_put_empty_stack": b"q\x00.",
    "err_put_mark": b"(q\x00.",
    "err_missing_mark": b"K\x01l.",
    "err_missing_mark_tuple": b"t.",
    "err_pop_underflow": b"a.",
    "err_stop_empty": b".",
    "err_stack_not_empty": b"K\x01K\x02.",
    "err_stack_not_empty_mark": b"(K\x01K\x02.",
    "err_stack_not_empty_memo_types": b"]q\x00}q\x01h\x00.",
    "err_dup_mark_list": b"(2l.",
    "err_append_eats_mark": b"](a(t.",
    "err_truncated_uint1": b"K",
    "err_truncated_proto": b"\x80",
    "err_truncated_binunicode": b"X\x05\x00\x00\x00ab",
    "err_truncated_binunicode_len": b"X\x05\x00",
    "err_binbytes8_maxsize": b"\x8e\xff\xff\xff\xff\xff\xff\xff\xff",
    "err_binbytes8_big": b"\x8e\x00\x00\x00\x00\x00\x00\x01\x00ab",
    "err_binstring_negative": b"T\xff\xff\xff\xff",
    "err_long4_negative": b"\x8b\xff\xff\xff\xff",
    "err_long4_truncated": b"\x8b\x05\x00\x00\x00ab",
    "err_long1_truncated": b"\x8a\x05ab",
    "err_int_no_newline": b"I12",
    "err_unicode_no_newline": b"Vab",
    "err_global_second_line": b"cmod\nname",
    "err_empty": b"",
    "err_exhausted": b"K\x01",
    "err_unknown_opcode": b"\xff",
    "err_unknown_opcode_later": b"K\x01\x00",
    "err_int_invalid": b"I12L\n.",
    "err_int_too_long": b"I" + b"1" * 4301 + b"\n.",
    "err_long_invalid": b"Labc\n.",
    "err_float_invalid": b"Fabc\n.",
    "err_string_no_quotes": b"Sabc\n.",
    "err_string_quote_mismatch": b"S'abc\n.",
    "err_string_dquote_mismatch": b"S\"abc'\n.",
    "err_string_bad_x": b"S'\\x4'\n.",
    "err_string_trailing_backslash": b"S'ab\\'\n.",
    "err_string_non_ascii": b"S'\xe9'\n.",
    "err_global_non_ascii": b"c\xe9\nx\n.",
    "err_unicode_truncated_escape": b"Vab\\u12\n.",
    "err_unicode_big_escape": b"V\\U00110000\n.",
    "err_utf8_invalid_start": b"X\x01\x00\x00\x00\xff.",
    "err_utf8_truncated": b"\x8c\x02\xe1\x80.",
    "err_utf8_bad_continuation": b"\x8c\x03ab\xc3.",
    "err_utf8_lone_surrogate_truncated": b"\x8c\x02\xed\xa0.",
    "err_long4_repr_too_big": b"\x8b\xd0\x07\x00\x00" + b"\x11" * 2000 + b".",
    "err_pop_mark_no_mark": b"1.",
    "err_build_underflow": b"Nb.",
}


def memo_streams():
    """Pickles written by one Pickler with one memo, disassembled with a shared memo."""
    out = []
    for proto in (0, 2, 4):
        f = io.BytesIO()
        p = pickle.Pickler(f, proto)
        shared = [1, 2]
        p.dump(shared)
        p.dump([shared, "x"])
        p.dump(shared)
        out.append(("memo_stream_p%d" % proto, f.getvalue()))
    # A second pickle that redefines a memo key the first defined.
    out.append(("memo_stream_redefined", b"K\x01q\x00.K\x02q\x00."))
    return out


def dis_stream(data):
    """pickletools.dis called repeatedly on one file object with one memo, as `python -m pickletools -m` does."""
    f = io.BytesIO(data)
    memo = {}
    results = []
    while f.tell() < len(data):
        start = f.tell()
        out = io.StringIO()
        try:
            pickletools.dis(f, out=out, memo=memo)
            results.append({"start": start, "out": out.getvalue()})
        except Exception as e:  # noqa: BLE001
            results.append({"start": start, "out": out.getvalue(),
                            "error": {"type": type(e).__name__, "message": str(e)}})
            break
    return results


def corpus():
    items = []
    for name, value in values().items():
        for proto in range(6):
            try:
                data = pickle.dumps(value, protocol=proto)
            except (TypeError, pickle.PicklingError):
                continue  # e.g. __slots__ without __getstate__ before protocol 2
            items.append(("%s_p%d" % (name, proto), data))
    items.extend(persistent_pickles())
    items.extend(buffer_pickles())
    items.extend(HAND_MADE.items())
    return items


def record(name, data, option_sets=OPTION_SETS):
    # Long pickles get the default options only, to keep the goldens small.
    if len(data) > 1500:
        option_sets = {"default": {}} if option_sets else {}
    return {
        "name": name,
        "hex": data.hex(),
        "dis": {key: run_dis(data, **kwargs) for key, kwargs in option_sets.items()},
        "optimize": run_optimize(data),
    }


def fixture_files():
    base = os.path.join(ROOT, "test", "fixtures", "pickles")
    paths = sorted(p for p in glob.glob(os.path.join(base, "**", "*"), recursive=True) if os.path.isfile(p))
    return base, paths


def opcode_facts():
    """pickletools' description of every opcode, for checking src/opcodes.ts."""
    return [{"name": o.name, "code": ord(o.code), "arg": None if o.arg is None else o.arg.name,
             "before": [repr(x) for x in o.stack_before], "after": [repr(x) for x in o.stack_after],
             "proto": o.proto, "doc": o.doc.split("\n", 1)[0]} for o in pickletools.opcodes]


def main():
    os.makedirs(GOLDEN, exist_ok=True)
    with open(os.path.join(GOLDEN, "opcodes.json"), "w") as f:
        json.dump({"python": sys.version.split()[0], "opcodes": opcode_facts()}, f, indent=1, sort_keys=True)
    cases = [record(name, data) for name, data in corpus()]
    # Over 64 KiB: optimize only (its framing is what they test).
    cases.extend(record(name, data, {}) for name, data in big_pickles())
    with open(os.path.join(GOLDEN, "dis.json"), "w") as f:
        json.dump({"python": sys.version.split()[0], "cases": cases}, f, indent=0, sort_keys=True)
    streams = []
    for name, data in memo_streams() + [("trailing", HAND_MADE["trailing_after_stop"]),
                                         ("three_pickles", pickle.dumps(1, 0) + pickle.dumps([2], 2) + pickle.dumps({3}, 5)),
                                         ("stream_then_garbage", pickle.dumps(1, 4) + b"\xff")]:
        streams.append({"name": name, "hex": data.hex(), "dis": dis_stream(data), "genops": run_genops(data)})
    with open(os.path.join(GOLDEN, "streams.json"), "w") as f:
        json.dump({"python": sys.version.split()[0], "streams": streams}, f, indent=0, sort_keys=True)
    base, paths = fixture_files()
    fixtures = []
    for path in paths:
        with open(path, "rb") as fh:
            data = fh.read()
        # Fixtures are many and some are large: record digests, not texts.
        dis_result = run_dis(data)
        dis_digest = {"sha256": hashlib.sha256(dis_result["out"].encode("utf-8", "surrogatepass")).hexdigest()}
        if "error" in dis_result:
            dis_digest["error"] = dis_result["error"]
        optimize_result = run_optimize(data)
        if "hex" in optimize_result:
            optimized = bytes.fromhex(optimize_result["hex"])
            optimize_result = {"sha256": hashlib.sha256(optimized).hexdigest(), "length": len(optimized)}
        fixtures.append({"path": os.path.relpath(path, base).replace(os.sep, "/"),
                         "content": hashlib.sha256(data).hexdigest(),
                         "dis": dis_digest, "optimize": optimize_result})
    with open(os.path.join(GOLDEN, "fixtures.json"), "w") as f:
        json.dump({"python": sys.version.split()[0], "fixtures": fixtures}, f, indent=0, sort_keys=True)
    print("wrote %d cases, %d streams, %d fixtures to %s" % (len(cases), len(streams), len(fixtures), GOLDEN))


if __name__ == "__main__":
    main()
