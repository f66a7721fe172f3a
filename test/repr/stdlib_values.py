"""The standard-type corpus of the repr goldens: (name, Python expression)
pairs evaluated with the names below in scope. REPR_CASES are compared by
repr(); PPRINT_CASES also by pprint.pformat at several widths and indents."""
import collections
import datetime
import decimal
import fractions
import pathlib
import uuid

import repr_types as rt

td = datetime.timedelta
utc = datetime.timezone.utc
OrderedDict = collections.OrderedDict
defaultdict = collections.defaultdict
Counter = collections.Counter
deque = collections.deque


def self_ref_od():
    od = OrderedDict(a=1)
    od['self'] = od
    return od


def self_ref_dd():
    dd = defaultdict(None)
    dd['a'] = dd
    return dd


def self_ref_deque():
    d = deque([1])
    d.append(d)
    return d


def self_ref_list_in_deque():
    items = []
    d = deque([items])
    items.append(d)
    return items


NAMESPACE = dict(globals())

REPR_CASES = [
    ('datetime', 'datetime.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=datetime.timezone.utc)'),
    ('datetime_minutes', 'datetime.datetime(2024, 1, 2)'),
    ('datetime_seconds', 'datetime.datetime(2024, 1, 2, 3, 4, 5)'),
    ('datetime_us_only', 'datetime.datetime(2024, 1, 2, 0, 0, 0, 7)'),
    ('datetime_fold_tz', 'datetime.datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=datetime.timezone(td(hours=-5), "EST"))'),
    ('datetime_fold', 'datetime.datetime(2024, 11, 3, 1, 30, fold=1)'),
    ('datetime_min', 'datetime.datetime.min'),
    ('datetime_max', 'datetime.datetime.max'),
    ('datetime_offset', 'datetime.datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=datetime.timezone(td(hours=-5, minutes=-30)))'),
    ('date', 'datetime.date(2024, 1, 2)'),
    ('date_min', 'datetime.date.min'),
    ('time_midnight', 'datetime.time()'),
    ('time', 'datetime.time(1, 2, 3, 4)'),
    ('time_seconds', 'datetime.time(1, 2, 3)'),
    ('time_aware_fold', 'datetime.time(23, 59, 59, 999999, tzinfo=datetime.timezone(td(hours=9)), fold=1)'),
    ('timedelta', 'td(days=1, seconds=2)'),
    ('timedelta_all', 'td(1, 2, 3)'),
    ('timedelta_zero', 'td(0)'),
    ('timedelta_us', 'td(microseconds=5)'),
    ('timedelta_negative', 'td(microseconds=-1)'),
    ('timedelta_max', 'td.max'),
    ('timedelta_min', 'td.min'),
    ('timezone_named', 'datetime.timezone(td(seconds=3600), "X")'),
    ('timezone_unnamed', 'datetime.timezone(-td(hours=5, minutes=30))'),
    ('timezone_odd', 'datetime.timezone(td(seconds=1, microseconds=5))'),
    ('timezone_utc_named', 'datetime.timezone(td(0), "UTC")'),
    ('timezone_utc', 'utc'),
    ('decimal', 'decimal.Decimal("1.10")'),
    ('decimal_neg_zero', 'decimal.Decimal("-0")'),
    ('decimal_nan', 'decimal.Decimal("NaN")'),
    ('decimal_snan', 'decimal.Decimal("-sNaN123")'),
    ('decimal_exp', 'decimal.Decimal("1E+5")'),
    ('decimal_tiny', 'decimal.Decimal("1e-7")'),
    ('decimal_small', 'decimal.Decimal("0.000001")'),
    ('decimal_inf', 'decimal.Decimal("-Infinity")'),
    ('decimal_long', 'decimal.Decimal("123456789012345678901234567890.5")'),
    ('fraction', 'fractions.Fraction(1, 3)'),
    ('fraction_big', 'fractions.Fraction(-7, 2**70)'),
    ('fraction_int', 'fractions.Fraction(5)'),
    ('uuid', 'uuid.UUID(int=5)'),
    ('uuid_str', 'uuid.UUID("12345678-1234-5678-1234-567812345678")'),
    ('uuid_max', 'uuid.UUID(int=2**128 - 1, is_safe=uuid.SafeUUID.safe)'),
    ('ordered_dict', 'OrderedDict([("b", 1), ("a", [2])])'),
    ('ordered_dict_empty', 'OrderedDict()'),
    ('ordered_dict_nested', 'OrderedDict(x=OrderedDict(y=(1,)), z=OrderedDict())'),
    ('ordered_dict_self', 'self_ref_od()'),
    ('defaultdict_list', 'defaultdict(list, {"a": [1]})'),
    ('defaultdict_none', 'defaultdict(None, {1: 2})'),
    ('defaultdict_int_empty', 'defaultdict(int)'),
    ('defaultdict_set', 'defaultdict(set, {"k": {1, 2}})'),
    ('defaultdict_dict', 'defaultdict(dict, {"k": {}})'),
    ('defaultdict_counter', 'defaultdict(Counter, {"x": Counter("aab")})'),
    ('defaultdict_ordered', 'defaultdict(OrderedDict)'),
    ('defaultdict_self', 'self_ref_dd()'),
    ('counter', 'Counter("abracadabra")'),
    ('counter_empty', 'Counter()'),
    ('counter_order', 'Counter({"x": 2, "y": 5, "z": 2, "w": 7})'),
    ('counter_mixed', 'Counter({"a": 1.5, "b": 2, "c": -1, "d": 2**70})'),
    ('deque', 'deque([1, 2, 3])'),
    ('deque_empty', 'deque()'),
    ('deque_maxlen', 'deque(["a"], maxlen=3)'),
    ('deque_maxlen_empty', 'deque([], maxlen=0)'),
    ('deque_self', 'self_ref_deque()'),
    ('deque_in_list_self', 'self_ref_list_in_deque()'),
    ('namedtuple', 'rt.Point(1, 2)'),
    ('namedtuple_nested', 'rt.Point(rt.Point(1, "a"), [3])'),
    ('namedtuple_empty', 'rt.Empty()'),
    ('enum', 'rt.Color.RED'),
    ('enum_str', 'rt.Color.BLUE'),
    ('enum_int', 'rt.Num.TWO'),
    ('enum_tuple', 'rt.Pair.AB'),
    ('enum_list', '[rt.Color.GREEN, rt.Num.ONE, rt.Color.GREEN]'),
    ('range', 'range(0, 10, 2)'),
    ('range_stop', 'range(10)'),
    ('range_big', 'range(0, 2**70, 3)'),
    ('range_down', 'range(5, 0, -1)'),
    ('slice', 'slice(1, 2)'),
    ('slice_stop', 'slice(5)'),
    ('slice_step', 'slice(1, None, 2)'),
    ('slice_objects', 'slice("a", (1, 2), None)'),
    ('ellipsis', 'Ellipsis'),
    ('not_implemented', 'NotImplemented'),
    ('singletons', '[Ellipsis, NotImplemented, Ellipsis]'),
    ('posix_path', 'pathlib.PosixPath("/x")'),
    ('pure_posix_path', 'pathlib.PurePosixPath("/usr/lib/x.so")'),
    ('pure_posix_relative', 'pathlib.PurePosixPath("a/./b//c")'),
    ('pure_posix_empty', 'pathlib.PurePosixPath()'),
    ('pure_posix_quote', 'pathlib.PurePosixPath("it\'s")'),
    ('pure_windows_path', 'pathlib.PureWindowsPath("c:/Program Files/x")'),
    ('pure_windows_backslash', 'pathlib.PureWindowsPath("c:\\\\a\\\\b")'),
    ('pure_windows_unc', 'pathlib.PureWindowsPath("//server/share/f.txt")'),
    ('pure_windows_relative', 'pathlib.PureWindowsPath("a/b")'),
    ('value_error', 'ValueError("x")'),
    ('exception_empty', 'Exception()'),
    ('exception_args', 'Exception(1, "two")'),
    ('key_error', 'KeyError("k")'),
    ('os_error_filename', 'OSError(2, "No such file", "f")'),
    ('os_error_two', 'OSError(2, "x")'),
    ('os_error_none_filename', 'OSError(2, "x", None)'),
    ('os_error_five', 'PermissionError(13, "denied", "/root", None, "/x")'),
    ('os_error_six', 'OSError(2, "x", "f", "g", 5, 6)'),
    ('blocking_io_written', 'BlockingIOError(11, "x", 5)'),
    ('stop_iteration', 'StopIteration(5)'),
    ('unicode_decode', 'UnicodeDecodeError("utf-8", b"\\xff", 0, 1, "invalid start byte")'),
    ('my_list', 'rt.MyList([1, 2])'),
    ('my_dict', 'rt.MyDict(a=1, b=2)'),
    ('my_set', 'rt.MySet([3])'),
    ('my_set_empty', 'rt.MySet()'),
    ('my_frozenset', 'rt.MyFrozenSet([4])'),
    ('my_frozenset_empty', 'rt.MyFrozenSet()'),
    ('my_tuple', 'rt.MyTuple((1, "a"))'),
    ('my_ordered_dict', 'rt.MyOrderedDict(a=1)'),
    ('my_counter', 'rt.MyCounter("aab")'),
    ('my_deque', 'rt.MyDeque([1, 2], maxlen=3)'),
    ('classes', '[datetime.date, datetime.datetime, datetime.time, datetime.timedelta, datetime.timezone, '
                'decimal.Decimal, fractions.Fraction, uuid.UUID, OrderedDict, defaultdict, Counter, deque, '
                'pathlib.PurePosixPath, pathlib.PureWindowsPath, pathlib.PosixPath, range, slice]'),
    ('mixed', '[decimal.Decimal("2.5"), datetime.date(2020, 2, 29), Counter({"x": 2}), fractions.Fraction(1, 3)]'),
]

PPRINT_CASES = [
    ('pp_ordered_dict', 'OrderedDict(("key%d" % i, list(range(i))) for i in range(8))'),
    ('pp_ordered_dict_in_list', '[OrderedDict(a=1, b="x" * 30), OrderedDict()]'),
    ('pp_ordered_dict_long_str', 'OrderedDict(text="words and more words " * 6)'),
    ('pp_defaultdict', 'defaultdict(list, {"k%d" % i: list(range(i)) for i in range(6)})'),
    ('pp_defaultdict_none', 'defaultdict(None, {"a": 1, "b": 2})'),
    ('pp_defaultdict_nested', '{"dd": defaultdict(int, {"x": 1, "y": 2}), "empty": defaultdict(list)}'),
    ('pp_defaultdict_counter', 'defaultdict(Counter, {"w": Counter("mississippi")})'),
    ('pp_counter', 'Counter("the quick brown fox jumps over the lazy dog")'),
    ('pp_counter_in_dict', '{"counts": Counter({"alpha": 3, "beta": 10, "gamma": 3}), "none": Counter()}'),
    ('pp_deque', 'deque(range(30))'),
    ('pp_deque_maxlen', 'deque(range(30), maxlen=40)'),
    ('pp_deque_strings', 'deque(["long string " * 5, "x"], maxlen=2)'),
    ('pp_deque_nested', '[deque([OrderedDict(a=[1] * 20)]), deque(), deque([], maxlen=5)]'),
    ('pp_nested_collections', 'OrderedDict([("a", deque([1, 2, 3] * 5, maxlen=20)), ("b", Counter("aabbbcccc"))])'),
    ('pp_namedtuples', '[rt.Point(1, "x" * 40), rt.Point(2, "y")]'),
    ('pp_datetimes', '[datetime.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=utc)] * 3 + [datetime.date(2024, 1, 2)]'),
    ('pp_record', '{"when": datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone(td(hours=2), "CEST")), '
                  '"delta": td(days=3, seconds=5), "price": decimal.Decimal("12.50"), '
                  '"id": uuid.UUID("12345678-1234-5678-1234-567812345678"), "ratio": fractions.Fraction(2, 3), '
                  '"path": pathlib.PurePosixPath("/var/log/app.log"), "color": rt.Color.BLUE}'),
    ('pp_my_set', 'rt.MySet(range(30))'),
    ('pp_my_frozenset', 'rt.MyFrozenSet(range(25))'),
    ('pp_my_list', '[rt.MyList(range(30))]'),
    ('pp_my_dict', 'rt.MyDict({"k%d" % i: i for i in range(10)})'),
    ('pp_my_tuple', 'rt.MyTuple(range(30))'),
    ('pp_my_collections', '[rt.MyOrderedDict(a=list(range(12))), rt.MyCounter("abcabcab"), rt.MyDeque(range(12), maxlen=12)]'),
    ('pp_enums', '[rt.Color.RED, rt.Color.GREEN, rt.Color.BLUE, rt.Num.ONE, rt.Pair.AB] * 2'),
    ('pp_exceptions', '[ValueError("x" * 50), KeyError("y"), OSError(2, "No such file or directory", "/tmp/f")]'),
    ('pp_builtins', '[range(0, 100, 7), slice(1, None, 2), Ellipsis, NotImplemented, range(10 ** 20)]'),
    ('pp_paths', '{"posix": pathlib.PosixPath("/usr/local/lib/python3.11/site-packages"), '
                 '"windows": pathlib.PureWindowsPath("c:/Users/someone/AppData/Local")}'),
]

WIDTHS = (10, 20, 40, 80)
INDENTS = (1, 4)
