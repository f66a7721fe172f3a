"""Python classes for the object-protocol tests (module `protocol_classes`).
Their JS twins are in test/registry/protocol-classes.ts."""


def _eq(self, other):
    return type(self) is type(other) and vars(self) == vars(other)


class Plain:
    __eq__ = _eq

    def __init__(self):
        self.a = 1
        self.b = 'x'


class Empty:
    __eq__ = _eq


class Slotted:
    __slots__ = ('x', 'y')

    def __init__(self):
        self.x = 1
        self.y = 2

    def __eq__(self, other):
        return type(self) is type(other) and (self.x, self.y) == (other.x, other.y)


class DictAndSlots:
    __slots__ = ('s', '__dict__')

    def __init__(self):
        self.s = 'slot'
        self.d = 'dict'

    def __eq__(self, other):
        return type(self) is type(other) and (self.s, self.d) == (other.s, other.d)


class NewArgs:
    __eq__ = _eq

    def __new__(cls, *args):
        self = object.__new__(cls)
        self.args = args
        return self

    def __getnewargs__(self):
        return self.args


class Custom:
    __eq__ = _eq

    def __init__(self, x=0, y=0):
        self.x = x
        self.y = y

    def __reduce__(self):
        return (make_custom, (self.x, self.y))


def make_custom(x, y):
    return Custom(x, y)


class WithSetter:
    __eq__ = _eq

    def __init__(self):
        self.v = 5

    def __reduce__(self):
        return (WithSetter, (), {'v': self.v}, None, None, set_state)


def set_state(obj, state):
    obj.v = state['v'] * 1


class Bag:
    """Custom reduce with list items and dict items."""

    def __init__(self):
        self.items = [1, 2]
        self.table = {'k': 'v'}

    def __reduce__(self):
        return (Bag, (), None, iter(self.items), iter(self.table.items()))

    def append(self, x):
        self.items.append(x)

    def extend(self, xs):
        self.items.extend(xs)

    def __setitem__(self, k, v):
        self.table[k] = v

    def __eq__(self, other):
        return type(self) is type(other) and (self.items, self.table) == (other.items, other.table)

    def __new__(cls, *a):
        self = object.__new__(cls)
        self.items = []
        self.table = {}
        return self
