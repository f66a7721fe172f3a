"""Classes the fidelity corpus pickles by reference (importable by readback.py)."""
import enum


class Color(enum.Enum):
    RED = 1
    GREEN = 2


class Perm(enum.IntFlag):
    R = 4
    W = 2


class Old:
    """Stands for a Python 2 old-style class in the hand-written INST pickle."""

    def __eq__(self, other):
        return type(other) is Old and vars(self) == vars(other)



class Holder:
    """An object whose constructor args and state hold strs (separate-strs corpus case)."""

    def __init__(self, name):
        self.name = name

    def __reduce__(self):
        return (Holder, (self.name,), vars(self))

    def __eq__(self, other):
        return type(other) is Holder and vars(self) == vars(other)


class NewArgsEx:
    """Made with keyword arguments to __new__ (__getnewargs_ex__): CPython writes
    functools.partial(cls.__new__, cls, *args, **kwargs) below protocol 4."""

    def __new__(cls, a, *, b=0):
        self = super().__new__(cls)
        self.a = a
        self.b = b
        return self

    def __getnewargs_ex__(self):
        return (self.a,), {'b': self.b}

    def __eq__(self, other):
        return type(other) is NewArgsEx and vars(self) == vars(other)


def set_state(obj, state):
    """The sixth element of Setter's reduce value (state_setter)."""
    obj.__dict__.update(state)


class Setter:
    """Reduced with a state_setter: CPython writes set_state(obj, state) and POP instead of BUILD."""

    def __init__(self, v):
        self.v = v

    def __reduce__(self):
        return (Setter, (0,), {'v': self.v}, None, None, set_state)

    def __eq__(self, other):
        return type(other) is Setter and vars(self) == vars(other)


class MyList(list):
    """A list subclass (items written by APPENDS after the object)."""


class MyDict(dict):
    """A dict subclass (items written by SETITEMS after the object)."""


class MySet(set):
    """A set subclass (its reduce: cls(list(items)), state)."""
