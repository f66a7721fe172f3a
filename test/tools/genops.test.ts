import { test } from 'node:test';
import assert from 'node:assert/strict';
import { genops, readOp, PickletoolsError, type OpToken } from '../../src/tools/index.js';
import { UnpicklingError } from '../../src/errors.js';
import { ByteArray, Float } from '../../src/values/index.js';
import { fromHex, readGolden, type GoldenCase } from './golden-helpers.js';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

const summary = (tokens: Iterable<OpToken>): unknown[] => [...tokens].map((t) => [t.op.name, t.arg, t.offset, t.length]);

test('genops yields opcode, decoded argument, offset and length', () => {
  const data = bytes([0x80, 4, 0x95], [9, 0, 0, 0, 0, 0, 0, 0], [0x8c, 2], 'hi', [0x94, 0x4b, 7, 0x47, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0x86, 0x2e]);
  assert.deepEqual(summary(genops(data)), [
    ['PROTO', 4, 0, 2],
    ['FRAME', 9, 2, 9],
    ['SHORT_BINUNICODE', 'hi', 11, 4],
    ['MEMOIZE', null, 15, 1],
    ['BININT1', 7, 16, 2],
    ['BINFLOAT', new Float(1), 18, 9],
    ['TUPLE2', null, 27, 1],
    ['STOP', null, 28, 1],
  ]);
});

test('text arguments decode as pickletools decodes them', () => {
  const data = bytes("(I01\nI00\nI-12\nL5L\nF0.5\nS'a\\n'\ncmod\nname\nVx\\u00e9\nPpid\n\x96", [1, 0, 0, 0, 0, 0, 0, 0], 'z', 't.');
  const args = [...genops(data)].map((t) => t.arg);
  assert.deepEqual(args, [null, true, false, -12, 5, 0.5, 'a\n', 'mod name', 'xé', 'pid', ByteArray.fromBytes([0x7a]), null, null]);
});

test('genops stops after STOP; start reads the next pickle of a stream', () => {
  const data = bytes('K', [1], '.', 'N.', [0x80, 2, 0x88, 0x2e]);
  const first = [...genops(data)];
  assert.deepEqual(summary(first), [
    ['BININT1', 1, 0, 2],
    ['STOP', null, 2, 1],
  ]);
  const second = [...genops(data, { start: 3 })];
  assert.deepEqual(summary(second), [
    ['NONE', null, 3, 1],
    ['STOP', null, 4, 1],
  ]);
  const third = [...genops(data, { start: 5 })];
  assert.deepEqual(summary(third), [
    ['PROTO', 2, 5, 2],
    ['NEWTRUE', null, 7, 1],
    ['STOP', null, 8, 1],
  ]);
  assert.throws(
    () => [...genops(data, { start: 9 })],
    (e: unknown) => e instanceof PickletoolsError && e.reason === 'pickle exhausted before seeing STOP' && e.offset === 9,
  );
});

test('errors are UnpicklingErrors with pickletools messages, offsets and opcode names', () => {
  const cases: [Uint8Array, string, number, string][] = [
    [bytes('K', [1], [0xff]), "at position 2, opcode b'\\xff' unknown", 2, ''],
    [bytes('NK'), 'not enough data in stream to read uint1', 1, 'BININT1'],
    [bytes('X', [5, 0, 0, 0], 'ab'), 'expected 5 bytes in a unicodestring4, but only 2 remain', 0, 'BINUNICODE'],
    [bytes('T', [0xff, 0xff, 0xff, 0xff]), 'string4 byte count < 0: -1', 0, 'BINSTRING'],
    [bytes('I12'), 'no newline found when trying to read stringnl', 0, 'INT'],
    [bytes('X', [1, 0, 0, 0, 0xff], '.'), "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte", 0, 'BINUNICODE'],
    [bytes("S'abc\n."), 'strinq quote b"\'" not found at both ends of b"\'abc"', 0, 'STRING'],
  ];
  for (const [data, reason, offset, opcode] of cases) {
    assert.throws(
      () => [...genops(data)],
      (e: unknown) => {
        assert.ok(e instanceof UnpicklingError && e instanceof PickletoolsError);
        assert.equal(e.reason, reason);
        assert.equal(e.offset, offset);
        assert.equal(e.opcode, opcode);
        assert.equal(e.message, `${reason} at byte ${offset}${opcode ? ` (${opcode})` : ''}`);
        return true;
      },
    );
  }
});

test('readOp without decoding finds the same lengths as with decoding', () => {
  const golden = readGolden<{ cases: GoldenCase[] }>('dis.json');
  let compared = 0;
  for (const c of golden.cases) {
    const data = fromHex(c.hex);
    let pos = 0;
    for (;;) {
      let full: OpToken;
      try {
        full = readOp(data, pos);
      } catch {
        break;
      }
      const fast = readOp(data, pos, false);
      assert.equal(fast.length, full.length, `${c.name} at ${pos}`);
      assert.equal(fast.op, full.op);
      assert.equal(fast.arg, full.op.arg === 'none' ? null : undefined);
      compared++;
      if (full.op.name === 'STOP') break;
      pos += full.length;
    }
  }
  assert.ok(compared > 10000, `compared ${compared}`);
});

test('integers beyond 2^53 are bigints; floats that are integral are Floats', () => {
  const data = bytes([0x95, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], [0x8a, 8, 0, 0, 0, 0, 0, 0, 0, 0x80], 'F-0.0\nF2.5\n.');
  const args = [...genops(data)].map((t) => t.arg);
  assert.deepEqual(args, [2n ** 63n - 1n, -(2n ** 63n), new Float(-0), 2.5, null]);
});
