"""A JSON summary of a torch.load result that the TypeScript tests rebuild from picklejar's values.

Tensors: {"tensor": {dtype, shape, stride, offset, requires_grad, parameter, storage, storage_numel, values}}
where `storage` numbers storages in order of first appearance (tensors that
share one get the same number) and `values` is tolist() with non-finite floats
as strings, ints beyond 2**53 as {"int": "..."} and complex as [re, im].
Dicts (and OrderedDicts) are {"dict": [[key, value], ...]}; tuples {"tuple": [...]}.
"""
import math

import torch

SAFE = 2 ** 53 - 1


def scalar(x):
    if isinstance(x, bool) or x is None or isinstance(x, str):
        return x
    if isinstance(x, int):
        return x if -SAFE <= x <= SAFE else {'int': str(x)}
    if isinstance(x, float):
        if math.isnan(x):
            return 'nan'
        if math.isinf(x):
            return 'inf' if x > 0 else '-inf'
        return x
    if isinstance(x, complex):
        return [scalar(x.real), scalar(x.imag)]
    raise TypeError(type(x))


def values(v):
    # Iterative would be overkill here: fixtures have a handful of dimensions.
    if isinstance(v, list):
        return [values(x) for x in v]
    return scalar(v)


def summarize(value, storages=None):
    if storages is None:
        storages = {}
    if isinstance(value, torch.Tensor):
        st = value.storage()
        key = st.data_ptr() if st.size() else ('empty', len(storages))
        if key not in storages:
            storages[key] = len(storages)
        return {'tensor': {
            'dtype': str(value.dtype).replace('torch.', ''),
            'shape': list(value.shape),
            'stride': list(value.stride()),
            'offset': value.storage_offset(),
            'requires_grad': value.requires_grad,
            'parameter': isinstance(value, torch.nn.Parameter),
            'storage': storages[key],
            'storage_numel': st.size(),
            'values': values(value.detach().tolist()),
        }}
    if isinstance(value, dict):
        return {'dict': [[summarize(k, storages), summarize(v, storages)] for k, v in value.items()]}
    if isinstance(value, tuple):
        return {'tuple': [summarize(x, storages) for x in value]}
    if isinstance(value, list):
        return [summarize(x, storages) for x in value]
    return scalar(value)
