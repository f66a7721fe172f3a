"""The module the corpus's dill.dump_module session pickle saves."""
answer = 42
names = ['a', 'b']
scale = 0.5
