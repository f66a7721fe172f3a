"""Python classes the standard-type fixtures and the JS read-back tests share.

Their JS twins are registered in test/stdlib/fixture-registry.ts under the
module name `fixture_types`.
"""
import collections
import enum

Point = collections.namedtuple('Point', 'x y')


class Color(enum.Enum):
    RED = 1
    GREEN = 2
    BLUE = 'blue'


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


class Plain:
    def __eq__(self, other):
        return type(self) is type(other) and self.__dict__ == other.__dict__


class WithArgs:
    """A class whose constructor arguments travel as __getnewargs_ex__ (NEWOBJ_EX)."""

    def __new__(cls, a, *, b):
        self = object.__new__(cls)
        self.a = a
        self.b = b
        return self

    def __getnewargs_ex__(self):
        return ((self.a,), {'b': self.b})

    def __eq__(self, other):
        return type(self) is type(other) and self.__dict__ == other.__dict__
