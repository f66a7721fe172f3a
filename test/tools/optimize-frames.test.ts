// optimize re-frames through the pickler's framer (PickleWriter): frames are
// committed at the opcode boundary past 64 KiB, and an opcode larger than
// 64 KiB goes outside any frame. Compared with CPython's pickletools.optimize
// on pickles built to hit those edges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { optimize } from '../../src/tools/index.js';
import { pythonSkip, PYTHON } from '../helpers/python.js';

const SCRIPT = String.raw`
import pickle, pickletools, sys, json
big = b'x' * 70000
edge = b'e' * (65536 - 5)         # SHORT_BINBYTES/BINBYTES header + payload lands on the 64 KiB edge
exact = b'q' * 65536
values = [
    [big, list(range(30000)), 'y' * 65536, edge, [str(i) for i in range(5000)], big],
    [exact, exact, [exact]],
    [[i * 0.5 for i in range(20000)], 'z' * 65537],
]
out = []
for v in values:
    for proto in range(6):
        p = pickle.dumps(v, proto)
        out.append([proto, p.hex(), pickletools.optimize(p).hex()])
json.dump(out, sys.stdout)
`;

test('optimize frames large pickles byte for byte as CPython', { skip: pythonSkip() }, () => {
  const run = spawnSync(PYTHON, ['-c', SCRIPT], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(run.status, 0, run.stderr);
  const cases = JSON.parse(run.stdout) as [number, string, string][];
  assert.equal(cases.length, 18);
  for (const [i, [proto, input, expected]] of cases.entries()) {
    const ours = Buffer.from(optimize(new Uint8Array(Buffer.from(input, 'hex')))).toString('hex');
    assert.ok(ours === expected, `case ${i} (protocol ${proto}): ${ours.length / 2} bytes, CPython ${expected.length / 2}`);
  }
});
