// The one opcode table (src/opcodes.ts) says what CPython's pickletools says about every opcode:
// what dis prints and checks depends on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARG_KINDS, OPCODE_LIST, OPCODES_BY_CODE, OPCODES_BY_NAME, STACK_ITEM_NAMES } from '../../src/opcodes.js';
import { readGolden } from './golden-helpers.js';

interface PyOpcode {
  name: string;
  code: number;
  arg: string | null;
  before: string[];
  after: string[];
  proto: number;
  doc: string;
}

const golden = readGolden<{ opcodes: PyOpcode[] }>('opcodes.json');

test('the table lists pickletools opcodes in pickletools order', () => {
  assert.deepEqual(
    OPCODE_LIST.map((o) => o.name),
    golden.opcodes.map((o) => o.name),
  );
});

for (const py of golden.opcodes) {
  test(`opcode ${py.name} matches pickletools`, () => {
    const ours = OPCODES_BY_NAME[py.name]!;
    assert.equal(OPCODES_BY_CODE[py.code], ours);
    assert.equal(ours.code, py.code);
    assert.equal(ours.arg === 'none' ? null : ARG_KINDS[ours.arg].name, py.arg);
    assert.deepEqual(
      ours.before.map((s) => STACK_ITEM_NAMES[s]),
      py.before,
    );
    assert.deepEqual(
      ours.after.map((s) => STACK_ITEM_NAMES[s]),
      py.after,
    );
    assert.equal(ours.proto, py.proto);
    assert.equal(ours.pickletoolsDoc, py.doc);
  });
}
