"""Generates test/stdlib/fixtures.json: CPython 3.11 pickles of the standard
types at protocols 0-5. Run from the repository root:

    python3 test/stdlib/generate-fixtures.py            (rewrites fixtures.json)
    python3 test/stdlib/generate-fixtures.py --stdout   (prints it; the tests compare)

Each case is a Python expression; its pickle at each protocol is stored as hex
(null where CPython refuses that protocol). The JS tests know the expected JS
value of each case by name.
"""
import json
import os
import pickle
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import collections  # noqa: E402
import datetime  # noqa: E402
import decimal  # noqa: E402
import fractions  # noqa: E402
import pathlib  # noqa: E402
import uuid  # noqa: E402
import zoneinfo  # noqa: E402

import fixture_types as ft  # noqa: E402

utc = datetime.timezone.utc
td = datetime.timedelta


def od_with_attr():
    d = collections.OrderedDict(a=1)
    d.extra = 'x'
    return d


def err_with_note():
    e = ValueError('bad')
    e.add_note('note')
    return e


def mylist_attr():
    v = ft.MyList([1, 2])
    v.z = 3
    return v


def plain():
    p = ft.Plain()
    p.n = 1
    p.s = 'two'
    p.l = [3]
    p.d = {'k': 4}
    p.t = (5, 6)
    return p


CASES = {
    'datetime_naive': 'datetime.datetime(2024, 5, 6, 7, 8, 9, 123456)',
    'datetime_fold': 'datetime.datetime(2024, 11, 3, 1, 30, fold=1)',
    'datetime_utc': 'datetime.datetime(2024, 5, 6, tzinfo=utc)',
    'datetime_offset': "datetime.datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=datetime.timezone(td(hours=-5, minutes=-30), 'X'))",
    'datetime_min': 'datetime.datetime.min',
    'datetime_max': 'datetime.datetime.max',
    'datetime_zoneinfo': "datetime.datetime(2024, 3, 31, 2, 30, tzinfo=zoneinfo.ZoneInfo('Europe/Paris'))",
    'datetime_shared_utc': '[datetime.datetime(2020, 1, 1, tzinfo=utc), datetime.datetime(2021, 2, 3, 4, 5, 6, tzinfo=utc)]',
    'date': 'datetime.date(2024, 1, 2)',
    'date_min': 'datetime.date.min',
    'date_max': 'datetime.date.max',
    'time': 'datetime.time(1, 2, 3, 4)',
    'time_aware_fold': 'datetime.time(23, 59, 59, 999999, tzinfo=datetime.timezone(td(hours=9)), fold=1)',
    'timedelta': 'td(1, 2, 3)',
    'timedelta_negative': 'td(microseconds=-1)',
    'timedelta_max': 'td.max',
    'timedelta_min': 'td.min',
    'timezone_utc': 'utc',
    'timezone_named': "datetime.timezone(td(hours=1), 'CET')",
    'decimal': "decimal.Decimal('1.10')",
    'decimal_neg_zero': "decimal.Decimal('-0')",
    'decimal_exp': "decimal.Decimal('1E+5')",
    'decimal_small': "decimal.Decimal('0.000001')",
    'decimal_tiny': "decimal.Decimal('1e-7')",
    'decimal_nan': "decimal.Decimal('NaN')",
    'decimal_snan': "decimal.Decimal('-sNaN123')",
    'decimal_inf': "decimal.Decimal('-Infinity')",
    'decimal_long': "decimal.Decimal('123456789012345678901234567890.5')",
    'fraction': 'fractions.Fraction(3, 4)',
    'fraction_big': 'fractions.Fraction(-7, 2**70)',
    'uuid': 'uuid.UUID(int=5)',
    'uuid_str': "uuid.UUID('12345678-1234-5678-1234-567812345678')",
    'uuid_safe': 'uuid.UUID(int=2**128 - 1, is_safe=uuid.SafeUUID.safe)',
    'ordered_dict': "collections.OrderedDict([('b', 1), ('a', [2])])",
    'ordered_dict_empty': 'collections.OrderedDict()',
    'ordered_dict_attr': 'od_with_attr()',
    'defaultdict_list': "collections.defaultdict(list, {'a': [1]})",
    'defaultdict_none': 'collections.defaultdict(None, {1: 2})',
    'counter': "collections.Counter('abracadabra')",
    'counter_empty': 'collections.Counter()',
    'deque': 'collections.deque([1, 2, 3])',
    'deque_maxlen': "collections.deque(['a'], maxlen=3)",
    'deque_empty': 'collections.deque()',
    'namedtuple': 'ft.Point(1, 2)',
    'namedtuple_nested': "ft.Point(ft.Point(1, 'a'), [3])",
    'enum': 'ft.Color.RED',
    'enum_list': '[ft.Color.GREEN, ft.Color.BLUE, ft.Color.GREEN]',
    'range': 'range(1, 5, 2)',
    'range_stop': 'range(10)',
    'range_big': 'range(0, 2**70, 3)',
    'slice': 'slice(1, None, 2)',
    'slice_stop': 'slice(5)',
    'slice_objects': "slice('a', (1, 2), None)",
    'ellipsis': 'Ellipsis',
    'not_implemented': 'NotImplemented',
    'builtin_singletons': '[Ellipsis, NotImplemented, Ellipsis]',
    'pure_posix_path': "pathlib.PurePosixPath('/usr/lib/x.so')",
    'pure_posix_relative': "pathlib.PurePosixPath('a/./b//c')",
    'posix_path': "pathlib.PosixPath('/tmp')",
    'pure_windows_path': "pathlib.PureWindowsPath('c:/Program Files/x')",
    'pure_windows_unc': "pathlib.PureWindowsPath('//server/share/f.txt')",
    'value_error': "ValueError('x')",
    'key_error': "KeyError('k')",
    'exception_empty': 'Exception()',
    'exception_args': "Exception(1, 'two')",
    'os_error': "OSError(2, 'No such file', 'f')",
    'stop_iteration': 'StopIteration(5)',
    'error_with_note': 'err_with_note()',
    'my_list': 'ft.MyList([1, 2])',
    'my_list_attr': 'mylist_attr()',
    'my_dict': "ft.MyDict(a=1, b=2)",
    'my_set': 'ft.MySet([3])',
    'my_frozenset': 'ft.MyFrozenSet([4])',
    'my_tuple': "ft.MyTuple((1, 'a'))",
    'plain': 'plain()',
    'with_args': "ft.WithArgs(1, b='two')",
    'mixed': "[decimal.Decimal('2.5'), datetime.date(2020, 2, 29), collections.Counter({'x': 2}), fractions.Fraction(1, 3)]",
}


def main():
    out = {'python': sys.version.split()[0], 'cases': {}}
    for name, expr in CASES.items():
        pickles = []
        for proto in range(6):
            value = eval(expr)
            try:
                pickles.append(pickle.dumps(value, proto).hex())
            except Exception:  # noqa: BLE001 - a refused protocol is data
                pickles.append(None)
        out['cases'][name] = {'expr': expr, 'pickles': pickles}
    if '--stdout' in sys.argv:
        json.dump(out, sys.stdout, indent=1, sort_keys=True)
        return
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures.json')
    with open(path, 'w') as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write('\n')
    print(f'wrote {len(CASES)} cases to {path}')


if __name__ == '__main__':
    main()
