import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnpicklingError } from '../../src/errors.js';
import { OPCODE_LIST } from '../../src/opcodes.js';
import { loads } from '../../src/unpickler/index.js';
import { hex, NEEDS_PYTHON, python, readGolden } from './helpers.js';

const goldens = readGolden<{ values: { name: string; proto: number; hex: string }[] }>('values.json');

test('every proper prefix of real pickles raises UnpicklingError (never anything else)', () => {
  let prefixes = 0;
  for (const c of goldens.values) {
    const data = hex(c.hex);
    // Long pickles repeat the same opcodes; the short ones cover every opcode kind.
    if (data.length > 700) continue;
    for (let n = 0; n < data.length; n++) {
      const prefix = data.subarray(0, n);
      try {
        loads(prefix);
        assert.fail(`${c.name} p${c.proto}: prefix of ${n}/${data.length} bytes loaded`);
      } catch (e) {
        if (!(e instanceof UnpicklingError)) throw e;
        // A prefix ends inside an argument or before an opcode: CPython's two messages.
        assert.ok(/pickle data was truncated|Ran out of input/.test(e.message), `${c.name} p${c.proto} @${n}: ${e.message}`);
      }
      prefixes++;
    }
  }
  assert.ok(prefixes > 10_000, String(prefixes));
});

/** Each opcode alone, with a STOP, and with a plausible argument, on an empty stack. */
function emptyStackInputs(): Uint8Array[] {
  const out: Uint8Array[] = [];
  const args: Record<string, number[]> = {
    none: [],
    uint1: [1],
    uint2: [1, 0],
    int4: [1, 0, 0, 0],
    uint4: [1, 0, 0, 0],
    uint8: [1, 0, 0, 0, 0, 0, 0, 0],
    float8: [0x3f, 0xf0, 0, 0, 0, 0, 0, 0],
    decimalnl_short: [0x31, 10],
    decimalnl_long: [0x31, 0x4c, 10],
    stringnl: [0x27, 0x61, 0x27, 10],
    stringnl_noescape: [0x61, 10],
    stringnl_noescape_pair: [0x61, 10, 0x62, 10],
    unicodestringnl: [0x61, 10],
    floatnl: [0x31, 10],
    string1: [1, 0x61],
    string4: [1, 0, 0, 0, 0x61],
    bytes1: [1, 0x61],
    bytes4: [1, 0, 0, 0, 0x61],
    bytes8: [1, 0, 0, 0, 0, 0, 0, 0, 0x61],
    bytearray8: [1, 0, 0, 0, 0, 0, 0, 0, 0x61],
    unicodestring1: [1, 0x61],
    unicodestring4: [1, 0, 0, 0, 0x61],
    unicodestring8: [1, 0, 0, 0, 0, 0, 0, 0, 0x61],
    long1: [1, 1],
    long4: [1, 0, 0, 0, 1],
  };
  for (const info of OPCODE_LIST) {
    out.push(new Uint8Array([info.code]));
    out.push(new Uint8Array([info.code, 0x2e]));
    out.push(new Uint8Array([info.code, ...args[info.arg]!, 0x2e]));
    out.push(new Uint8Array([0x28, info.code, ...args[info.arg]!, 0x2e])); // after a MARK
  }
  return out;
}

test('each opcode on an empty stack (and after a lone MARK) raises only UnpicklingError', () => {
  for (const data of emptyStackInputs()) {
    try {
      loads(data);
    } catch (e) {
      assert.ok(e instanceof UnpicklingError, `${Buffer.from(data).toString('hex')}: ${String(e)}`);
    }
  }
});

test('each opcode on an empty stack raises exactly where CPython raises', { skip: NEEDS_PYTHON }, () => {
  const inputs = emptyStackInputs();
  const verdicts = JSON.parse(
    python(
      `
import json, pickle, sys, warnings
warnings.simplefilter('ignore')
out = []
for h in json.load(sys.stdin):
    try:
        pickle.loads(bytes.fromhex(h), buffers=None)
        out.append(True)
    except Exception:
        out.append(False)
print(json.dumps(out))
`,
      JSON.stringify(inputs.map((d) => Buffer.from(d).toString('hex'))),
    ).toString(),
  ) as boolean[];
  const mismatches: string[] = [];
  inputs.forEach((data, i) => {
    let ok = true;
    try {
      loads(data);
    } catch (e) {
      if (!(e instanceof UnpicklingError)) throw e;
      ok = false;
    }
    // CPython imports module 'a' for the GLOBAL/INST probes and fails; picklejar keeps a PyGlobal.
    const global = data.includes(0x63) || data.includes(0x69);
    if (ok !== verdicts[i] && !global) mismatches.push(`${Buffer.from(data).toString('hex')}: CPython ${verdicts[i] ? 'loads' : 'raises'}`);
  });
  assert.deepEqual(mismatches, []);
});
