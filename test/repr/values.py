"""Shared by the repr goldens and the live repr test: a corpus of Python values
and their typed-JSON encoding (what test/repr/typed-values.ts decodes into the
value model)."""
import math


def encode(value):
    """Typed JSON for a value; shared and recursive containers become refs."""
    ids = {}

    def enc(v):
        if v is None:
            return {"t": "none"}
        if isinstance(v, bool):
            return {"t": "bool", "v": v}
        if isinstance(v, int):
            return {"t": "int", "v": str(v)}
        if isinstance(v, float):
            return {"t": "float", "v": repr(v)}
        if isinstance(v, complex):
            return {"t": "complex", "re": repr(v.real), "im": repr(v.imag)}
        if isinstance(v, str):
            return {"t": "str", "v": v}
        if isinstance(v, bytearray):
            return {"t": "bytearray", "v": bytes(v).hex()}
        if isinstance(v, bytes):
            return {"t": "bytes", "v": v.hex()}
        if id(v) in ids:
            return {"t": "ref", "id": ids[id(v)]}
        ids[id(v)] = len(ids)
        node = {"id": ids[id(v)]}
        if isinstance(v, list):
            node.update(t="list", v=[enc(x) for x in v])
        elif isinstance(v, tuple):
            node.update(t="tuple", v=[enc(x) for x in v])
        elif isinstance(v, dict):
            node.update(t="dict", v=[[enc(k), enc(x)] for k, x in v.items()])
        elif isinstance(v, frozenset):
            node.update(t="frozenset", v=[enc(x) for x in v])
        elif isinstance(v, set):
            node.update(t="set", v=[enc(x) for x in v])
        else:
            raise TypeError(type(v))
        return node

    return enc(value)


def js_representable(s):
    """False for strs holding a high surrogate right before a low one: a JS string would pair them."""
    return not any(0xD800 <= ord(a) <= 0xDBFF and 0xDC00 <= ord(b) <= 0xDFFF for a, b in zip(s, s[1:]))


def values():
    rec = [1]
    rec.append(rec)
    rec_dict = {"a": 1}
    rec_dict["self"] = rec_dict
    rec_in_tuple = []
    rec_in_tuple.append((rec_in_tuple,))
    rec_set_holder = []
    rec_set_holder.append({"k": rec_set_holder})
    shared = [1, 2]
    out = [
        None, True, False, 0, 1, -1, 2**53, 2**53 + 1, -(2**63), 10**40, -(10**40),
        0.0, -0.0, 1.0, -1.5, 0.1, 1e16, 1e-5, 1e-4, 123456789.125, 1e300, 5e-324, math.inf, -math.inf, math.nan,
        2.0**53, 1e22, 9007199254740993.0,
        "", "a", "'", '"', "'\"", "it's", 'say "hi"', "both ' and \"", "\\", "\t\n\r\x0b\x0c\x00\x1f\x7f",
        "\x80\x9f\xa0\xa1\xad\xff", "\u0100\u0300\u200b\u200e\u2028\u2029\u3000\ufeff\uffff",
        "\ud800", "\udfff", "a\udc00b", "\ud800x\udc00",
        "\U0001f600", "\U000e0001", "\U0010ffff", "\U000f0000", "\U0001fae8", "\u0378", "\u08a0\u0890\u0891",
        "日本語テキスト", "Ελληνικά", "עברית", "\u0600\u061c\u06dd",
        b"", b"a", b"'", b'"', b"'\"", b"\\", bytes(range(256)), bytearray(), bytearray(b"x\x00'"),
        [], [1], [1, 2, 3], (), (1,), (1, 2), ((),), ([],), {}, {"a": 1}, {1: "x", (1, 2): [3], None: None},
        {frozenset({1}): b"v"}, set(), {1}, {1, 2, 3}, {"a", "b"}, frozenset(), frozenset({1}),
        frozenset({frozenset({2})}), {(1, 2), (3,)},
        0j, 1j, -1j, 1 + 2j, -1.5 - 2.5j, complex(-0.0, 1), complex(0.0, -0.0), complex(-0.0, -0.0),
        complex(1, math.inf), complex(math.nan, 1), complex(1e16, 1e-5), complex(0, 3.0),
        rec, rec_dict, rec_in_tuple, rec_set_holder, [shared, shared, (shared,)],
        [[[[[]]]]], {"nested": {"deeper": [1, (2, {3: {4}})]}},
        [1.0, 2.5, -0.0, [True, None]],
    ]
    return out


def pprint_values():
    """Values whose pprint.pp layout picklejar's pyFormat reproduces (no long strs to split)."""
    return [
        list(range(40)),
        {"key%d" % i: list(range(i)) for i in range(12)},
        [(i, str(i) * 3, {"x": [i] * 5}) for i in range(10)],
        {"a": {"b": {"c": {"d": list(range(30))}}}},
        (list(range(25)),),
        [set(range(30)), frozenset(range(20)), frozenset()],
        {(1, 2): [{"deep": list(range(15))}], None: (1,)},
        [[1, 2], [3, 4]] * 10,
        {"short": 1},
        [],
        [b"bytes" * 3, bytearray(b"ba" * 10), 1.5, -0.0, 10**30] * 3,
        "word " * 30,
        "line one\nline two is a longer line of words\r\nthird\x0bfourth " * 3,
        ["a long string of several words in a list " * 3, "short"],
        {"k": "long text with words " * 8, "b": b"\x00\x01abc'" * 12},
        b"x" * 100,
        bytearray(range(60)),
        [bytearray(b"in a list, long enough to wrap" * 2)],
        "\U0001f600 emoji words " * 10,
        ["\U0001f600" * 15, "\U0001f600" * 17, "\U0001f600" * 19],
        "oneverylongwordwithoutanyspacesthatcannotbesplitatallbecauseithasnowhitespace" * 2,
    ]
