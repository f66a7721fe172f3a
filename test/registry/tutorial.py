"""Python twins of examples/tutorial/*.ts, in module `tutorial`, so CPython can
load what the examples pickle. test/registry/tutorial.test.ts imports this
through python3 with this directory on sys.path."""


def default_format(name, n):
    return f'{n}: hello, {name}'


def hello(name):
    return f'hello, {name}'


class Record:
    def __init__(self):
        self.number = 42
        self.text = 'hello'
        self.list = [1, 2, 3]
        self.dict = {'a': 1}
        self.tuple = ('x', 2)


class NaiveGreeter:
    def __init__(self, name='world', format=default_format):
        self.count = 0
        self.name = name
        self.format = format

    def greet(self):
        self.count += 1
        return self.format(self.name, self.count)


class Greeter(NaiveGreeter):
    def __getstate__(self):
        state = self.__dict__.copy()
        del state['format']
        return state


class RestoringGreeter(Greeter):
    def __setstate__(self, state):
        self.__dict__.update(state)
        self.format = default_format
