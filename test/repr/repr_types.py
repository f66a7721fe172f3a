"""Python classes the standard-type repr goldens use (module `repr_types`).

Their JS twins are registered in test/repr/repr-types.ts under the same names.
"""
import collections
import enum

Point = collections.namedtuple('Point', 'x y')
Empty = collections.namedtuple('Empty', '')


class Color(enum.Enum):
    RED = 1
    GREEN = 2
    BLUE = 'blue'


class Num(enum.IntEnum):
    ONE = 1
    TWO = 2


class Pair(enum.Enum):
    AB = ('a', 'b')


class MyList(list):
    pass


class MyDict(dict):
    pass


class MySet(set):
    pass


class MyFrozenSet(frozenset):
    pass


class MyTuple(tuple):
    pass


class MyOrderedDict(collections.OrderedDict):
    pass


class MyCounter(collections.Counter):
    pass


class MyDeque(collections.deque):
    pass
