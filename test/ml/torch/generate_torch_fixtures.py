"""Writes the torch checkpoint fixtures of test/ml/torch/ and their expected values.

Run with the Python that has torch (Debian's python3-torch):
    /usr/bin/python3 test/ml/torch/generate_torch_fixtures.py
(PICKLEJAR_ML_PYTHON names another interpreter in the tests; this script only
needs `torch`). Every case is saved twice: the zip format (`<name>.zip.pt`,
to a BytesIO, so the archive directory is `archive/`) and the legacy format
(`<name>.legacy.pt`). expected.json holds, per case, the value as summarised
by summary.py's `summarize` (tensors with dtype, shape, stride, offset,
storage identity and tolist()). reprs.zip.pt holds a list of tensors and
reprs.json torch's repr() of each.
"""
import io
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from summary import summarize  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'fixtures')


def dtype_cases():
    cases = {}
    cases['float32'] = torch.tensor([[1.5, -2.0, 0.1], [3.0, 0.25, -0.0]], dtype=torch.float32)
    cases['float64'] = torch.tensor([0.1, -1e300, 2.5, float('inf')], dtype=torch.float64)
    cases['float16'] = torch.tensor([0.1, -65504.0, 6e-8, 1.0, float('-inf')], dtype=torch.float16)
    cases['bfloat16'] = torch.tensor([0.1, -3.0e38, 1.0, 7.5], dtype=torch.bfloat16)
    cases['int8'] = torch.tensor([-128, 0, 127], dtype=torch.int8)
    cases['uint8'] = torch.tensor([0, 200, 255], dtype=torch.uint8)
    cases['int16'] = torch.tensor([-32768, 1234, 32767], dtype=torch.int16)
    cases['int32'] = torch.tensor([[-2**31, 7], [2**31 - 1, 0]], dtype=torch.int32)
    cases['int64'] = torch.tensor([-2**63, 2**53 + 1, 42, 2**63 - 1], dtype=torch.int64)
    cases['bool'] = torch.tensor([True, False, True], dtype=torch.bool)
    cases['complex64'] = torch.tensor([1 + 2j, -0.5 - 0.25j], dtype=torch.complex64)
    cases['complex128'] = torch.tensor([[1e-300 + 3j], [-2 + 0j]], dtype=torch.complex128)
    return cases


def tiny_module():
    torch.manual_seed(0)
    m = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.BatchNorm1d(2))
    m(torch.randn(4, 3))  # updates the running statistics and num_batches_tracked
    return m


def cases():
    out = {}
    out['dtypes'] = dtype_cases()
    out['scalar'] = torch.tensor(3.5)
    out['empty'] = {'rows': torch.zeros(0, 3), 'cols': torch.zeros(2, 0, dtype=torch.int64)}
    base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    out['views'] = {
        'transposed': base.t(),
        'slice': torch.arange(10, dtype=torch.int32)[3:9:2],
        'column': base[:, 1],
        'expanded': torch.tensor([1.0, 2.0]).expand(3, 2),
    }
    shared = torch.arange(6, dtype=torch.float64)
    out['shared'] = {'whole': shared, 'tail': shared[2:], 'matrix': shared.view(2, 3)}
    m = tiny_module()
    out['state_dict'] = m.state_dict()
    opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
    loss = m(torch.randn(4, 3)).sum()
    loss.backward()
    opt.step()
    out['checkpoint'] = {'epoch': 5, 'model': m.state_dict(), 'optimizer': opt.state_dict(), 'loss': 0.25}
    out['parameter'] = torch.nn.Parameter(torch.tensor([[1.0, -1.0]]))
    out['grad'] = torch.tensor([2.0, 4.0], requires_grad=True)
    out['tensor'] = torch.linspace(0, 1, 5)
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {'torch': torch.__version__, 'cases': {}}
    for name, value in cases().items():
        for fmt, zipped in (('zip', True), ('legacy', False)):
            buf = io.BytesIO()
            torch.save(value, buf, _use_new_zipfile_serialization=zipped)
            with open(os.path.join(OUT, f'{name}.{fmt}.pt'), 'wb') as f:
                f.write(buf.getvalue())
        expected['cases'][name] = summarize(value)
    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump(expected, f, separators=(',', ':'))
        f.write('\n')


def repr_cases():
    """Tensors whose repr() the tests compare with picklejar's, saved as one list."""
    big = torch.arange(2000, dtype=torch.float32).reshape(40, 50) / 7
    return [
        torch.tensor([[1.5, -2.0, 0.1], [3.0, 0.25, -0.0]]),
        torch.tensor([1.0, 2.0, -3.0]),
        torch.tensor([1e-5, 1.0, 3.0]),
        torch.tensor([1e9, 1.0]),
        torch.tensor([float('inf'), float('nan'), 0.0, 2.5], dtype=torch.float64),
        torch.tensor([0.1, -65504.0, 1.0], dtype=torch.float16),
        torch.tensor([0.1, 7.5], dtype=torch.bfloat16),
        torch.tensor([-128, 0, 127], dtype=torch.int8),
        torch.tensor([-2**63, 42], dtype=torch.int64),
        torch.tensor([True, False]),
        torch.tensor([1 + 2j, -0.5 - 0.25j], dtype=torch.complex64),
        torch.tensor(3.5),
        torch.tensor(7, dtype=torch.int32),
        torch.zeros(0, 3, dtype=torch.int64),
        torch.zeros(0),
        torch.zeros(2, 0),
        torch.tensor([1.0, 2.0], requires_grad=True),
        torch.nn.Parameter(torch.tensor([[1.0, -1.0]])),
        big,
        big.t(),
        torch.arange(24, dtype=torch.int16).reshape(2, 3, 4),
        torch.arange(1500, dtype=torch.int64),
        torch.linspace(-1, 1, 40, dtype=torch.float64),
        torch.tensor([1.03125, 2.5]),
    ]


def write_reprs():
    values = repr_cases()
    buf = io.BytesIO()
    torch.save(values, buf)
    with open(os.path.join(OUT, 'reprs.zip.pt'), 'wb') as f:
        f.write(buf.getvalue())
    with open(os.path.join(OUT, 'reprs.json'), 'w') as f:
        json.dump([repr(v) for v in values], f, indent=0)
        f.write('\n')


def write_tar():
    """A torch < 0.4 tar checkpoint, built by hand from torch 1.13's reader
    (serialization.py legacy_load: 'storages', 'tensors', 'pickle' members), then
    checked by loading it with torch.load; expected.json gets that result's summary."""
    import pickle
    import struct
    import tarfile

    def member(tar, name, data):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mtime = 0
        tar.addfile(info, io.BytesIO(data))

    root = torch.arange(6, dtype=torch.float32)
    longs = torch.tensor([5, -6], dtype=torch.int64)
    storages = io.BytesIO()
    pickle.dump(2, storages, protocol=2)
    for key, st, cls in ((100, root, torch.FloatStorage), (101, longs, torch.LongStorage)):
        pickle.dump((key, 'cpu', cls), storages, protocol=2)
        storages.write(struct.pack('<q', st.numel()))
        storages.write(st.numpy().tobytes())
    # Storage 102 is a view of 100: elements 2..5.
    pickle.dump([(102, 100, 2, 4)], storages, protocol=2)
    tensors = io.BytesIO()
    specs = [
        (0, 100, torch.FloatTensor, (2, 3), (3, 1), 0),
        (1, 100, torch.FloatTensor, (3, 2), (1, 3), 0),
        (2, 101, torch.LongTensor, (2,), (1,), 0),
        (3, 102, torch.FloatTensor, (2,), (2,), 1),
    ]
    pickle.dump(len(specs), tensors, protocol=2)
    for key, storage_id, cls, size, stride, offset in specs:
        pickle.dump((key, storage_id, cls), tensors, protocol=2)
        tensors.write(struct.pack('<i', len(size)) + b'\0\0\0\0')
        tensors.write(struct.pack(f'<{len(size)}q', *size))
        tensors.write(struct.pack(f'<{len(stride)}q', *stride))
        tensors.write(struct.pack('<q', offset))

    class Ref:
        def __init__(self, key):
            self.key = key

    class Writer(pickle.Pickler):
        def persistent_id(self, obj):
            return str(obj.key) if isinstance(obj, Ref) else None

    obj = io.BytesIO()
    Writer(obj, protocol=2).dump({'w': Ref(0), 'wt': Ref(1), 'b': Ref(2), 'view': Ref(3), 'epoch': 7})
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w', format=tarfile.PAX_FORMAT) as tar:
        member(tar, 'sys_info', pickle.dumps({'protocol_version': 1000, 'little_endian': True}, protocol=2))
        member(tar, 'storages', storages.getvalue())
        member(tar, 'tensors', tensors.getvalue())
        member(tar, 'pickle', obj.getvalue())
    data = buf.getvalue()
    target = os.path.join(OUT, 'tar_era.tar.pt')
    with open(target, 'wb') as f:
        f.write(data)
    # torch tries the tar reader only for real files (it needs fileno()).
    loaded = torch.load(target)
    path = os.path.join(OUT, 'expected.json')
    with open(path) as f:
        expected = json.load(f)
    expected['tar'] = summarize(loaded)
    with open(path, 'w') as f:
        json.dump(expected, f, separators=(',', ':'))
        f.write('\n')


def write_plain_pickles():
    """Tensors pickled with plain `pickle` (storages become torch.storage._load_from_bytes
    of a legacy torch.save), at protocols 2 and 4; expected.json gets pickle.loads' summary."""
    import pickle
    t = torch.arange(4, dtype=torch.float32)
    value = {'w': t, 'v': t[1:], 'h': torch.tensor([0.5, -2.0], dtype=torch.float16), 'n': 3}
    path = os.path.join(OUT, 'expected.json')
    with open(path) as f:
        expected = json.load(f)
    for protocol in (2, 4):
        data = pickle.dumps(value, protocol=protocol)
        with open(os.path.join(OUT, f'plain.p{protocol}.pkl'), 'wb') as f:
            f.write(data)
        expected[f'plain.p{protocol}'] = summarize(pickle.loads(data))
    with open(path, 'w') as f:
        json.dump(expected, f, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main()
    write_reprs()
    write_tar()
    write_plain_pickles()
