import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dis, optimize, PickletoolsError, type DisMemo } from '../../src/tools/index.js';
import { UnpicklingError } from '../../src/errors.js';

const bytes = (s: string): Uint8Array => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));

test('annotate: true is annotate 1', () => {
  const data = bytes('\x80\x02]q\x00K\x01a.');
  assert.equal(dis(data, { annotate: true }), dis(data, { annotate: 1 }));
  assert.notEqual(dis(data, { annotate: true }), dis(data));
});

test("the memo option is pickletools' memo: filled by one call, read by the next", () => {
  const memo: DisMemo = new Map();
  dis(bytes(']q\x00.'), { memo });
  assert.deepEqual([...memo], [[0, 'list']]);
  assert.equal(dis(bytes('h\x00.'), { memo }), '    0: h    BINGET     0\n    2: .    STOP\nhighest protocol among opcodes = 1\n');
  assert.throws(
    () => dis(bytes('h\x00.')),
    (e: unknown) => e instanceof PickletoolsError && e.reason === 'memo key 0 has never been stored into',
  );
});

test('errors carry the text printed so far, the reason and the position', () => {
  assert.throws(
    () => dis(bytes('K\x01a.')),
    (e: unknown) => {
      assert.ok(e instanceof UnpicklingError && e instanceof PickletoolsError);
      assert.equal(e.reason, 'tries to pop 2 items from stack with only 1 items');
      assert.equal(e.output, '    0: K    BININT1    1\n    2: a    APPEND\n');
      assert.equal(e.offset, 2);
      assert.equal(e.opcode, 'APPEND');
      return true;
    },
  );
});

test('maxOutput stops a disassembly too large for a string, with a PickleError', () => {
  const data = new Uint8Array(20001).fill(0x28);
  data[20000] = 0x2e;
  assert.throws(
    () => dis(data, { maxOutput: 1_000_000 }),
    (e: unknown) => e instanceof PickletoolsError && e.pythonType === 'PicklejarLimit' && e.output.length <= 1_000_000,
  );
});

test('optimize drops unused PUTs and renumbers the rest', () => {
  // [x, x] where x = [] with a useless PUT on the outer list, at protocol 2.
  const data = bytes('\x80\x02]q\x05(]q\x07h\x07e.');
  assert.deepEqual([...optimize(data)], [...bytes('\x80\x02](]q\x00h\x00e.')]);
});
