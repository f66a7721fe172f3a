/**
 * Issue 12: objects made with keyword arguments to `__new__`
 * (`__getnewargs_ex__`) at protocols 2-3, where CPython writes
 * `functools.partial(cls.__new__, cls, *args, **kwargs)` called with `()`:
 * a JS class with `[pickleGetNewArgsEx]` dumps so, such pickles load as
 * instances of the registered class (default mode), and protocol 4's
 * NEWOBJ_EX read losslessly dumps at protocols 2-3 as CPython would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dumps } from '../../src/pickler/index.js';
import { loads } from '../../src/unpickler/index.js';
import { Registry } from '../../src/registry/index.js';
import { pickleGetNewArgsEx, pickleNew } from '../../src/registry/protocol.js';
import { PyObject } from '../../src/values/index.js';
import { PYTHON, pythonSkip } from '../helpers/python.js';
import { asProtocol } from '../helpers/protocols.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'fidelity');

class NewArgsEx {
  constructor(
    public a: unknown,
    public b: unknown,
  ) {}

  static [pickleNew](args: readonly unknown[], kwargs: ReadonlyMap<unknown, unknown> | undefined): NewArgsEx {
    return new NewArgsEx(args[0], kwargs?.get('b'));
  }

  [pickleGetNewArgsEx](): [unknown[], Map<string, unknown>] {
    return [[this.a], new Map([['b', this.b]])];
  }
}

const registry = new Registry().registerClass(NewArgsEx, 'fidelity_types', 'NewArgsEx');
const SCRIPT =
  "import pickle; from fidelity_types import NewArgsEx; x = NewArgsEx(1, b='k'); print(' '.join(pickle.dumps([x, x], p).hex() for p in (2, 3, 4)))";
// SCRIPT's output with CPython 3.11.
const GOLDEN: Record<number, string> = {
  2: '80025d7100286366756e63746f6f6c730a7061727469616c0a7101635f5f6275696c74696e5f5f0a676574617474720a710263666964656c6974795f74797065730a4e65774172677345780a710358070000005f5f6e65775f5f710486710552710685710752710828680668034b018671097d710a580100000062710b58010000006b710c734e74710d622952710e7d710f2858010000006171104b01680b680c7562680e652e',
  3: '80035d7100286366756e63746f6f6c730a7061727469616c0a7101636275696c74696e730a676574617474720a710263666964656c6974795f74797065730a4e65774172677345780a710358070000005f5f6e65775f5f710486710552710685710752710828680668034b018671097d710a580100000062710b58010000006b710c734e74710d622952710e7d710f2858010000006171104b01680b680c7562680e652e',
  4: '80049546000000000000005d94288c0e666964656c6974795f7479706573948c094e65774172677345789493944b0185947d948c0162948c016b947392947d94288c0161944b016806680775626808652e',
};

test('getnewargs_ex: a JS class dumps as CPython at protocols 2-4 and loads back as the class', () => {
  const x = new NewArgsEx(1, 'k');
  for (const [p, hex] of Object.entries(GOLDEN)) {
    assert.equal(Buffer.from(dumps([x, x], { protocol: asProtocol(Number(p)), registry })).toString('hex'), hex, `protocol ${p}`);
    const back = loads(Buffer.from(hex, 'hex'), { registry }) as NewArgsEx[];
    assert.ok(back[0] instanceof NewArgsEx, `protocol ${p}`);
    assert.equal(back[0], back[1]);
    assert.deepEqual({ ...back[0] }, { a: 1, b: 'k' });
  }
});

test('getnewargs_ex: lossless loads keep the partial; NEWOBJ_EX read at protocol 4 dumps as the partial below it', () => {
  for (const p of [2, 3] as const) {
    const data = Buffer.from(GOLDEN[p]!, 'hex');
    const value = loads(data, { lossless: true }) as PyObject[];
    assert.ok(value[0] instanceof PyObject && value[0].callable instanceof PyObject);
    assert.deepEqual(Buffer.from(dumps(value, { protocol: p })), data);
    assert.equal(Buffer.from(dumps(loads(Buffer.from(GOLDEN[4]!, 'hex'), { lossless: true }), { protocol: p })).toString('hex'), GOLDEN[p]);
    // Default mode without the class: the inert partial call, written back the same way.
    assert.deepEqual(Buffer.from(dumps(loads(data), { protocol: p })), data);
  }
});

test('getnewargs_ex: the golden is what CPython 3.11 writes', { skip: pythonSkip() }, () => {
  const r = spawnSync(PYTHON, ['-c', SCRIPT], { encoding: 'utf8', cwd: DIR });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split(' '), [GOLDEN[2], GOLDEN[3], GOLDEN[4]]);
});
