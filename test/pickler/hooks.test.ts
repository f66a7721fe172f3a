/**
 * persistentId, the registry (save_reduce semantics), inert values written back
 * with their opcodes, Pickler reuse. Expected bytes were written by python3.11's
 * C pickler (the script that made them is quoted beside each).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pickler, dumps } from '../../src/pickler/index.js';
import { PicklingError } from '../../src/errors.js';
import { BufferRef, ByteArray, ExtensionRef, PersistentRef, PyGlobal, PyObject, Tuple } from '../../src/values/index.js';
import { PickleBuffer } from '../../src/registry/pickle-buffer.js';
import type { DumpRegistry, ReduceValue } from '../../src/registry/contract.js';
import { PICKLE_PROTOCOLS } from '../helpers/protocols.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

// class P(pickle.Pickler):
//     def persistent_id(self, obj):
//         if isinstance(obj, str) and obj.startswith('@'): return obj[1:]
//         if type(obj) is int and obj >= 1000: return ('big', obj % 1000)
// P(f, p).dump(['@a', 'b', ['@c', 5]])
const PERS_STR = [
  '286c70300a50610a6156620a70310a61286c70320a50630a6149350a61612e',
  '5d71002858010000006171015158010000006271025d7103285801000000637104514b0565652e',
  '80025d71002858010000006171015158010000006271025d7103285801000000637104514b0565652e',
  '80035d71002858010000006171015158010000006271025d7103285801000000637104514b0565652e',
  '80049519000000000000005d94288c016194518c0162945d94288c016394514b0565652e',
  '80059519000000000000005d94288c016194518c0162945d94288c016394514b0565652e',
];
// P(f, p).dump([1000, 1001, 7]), protocols 1..5
const PERS_TUPLE = [
  '5d71002828580300000062696771014b00747102512868014b01747103514b07652e',
  '80025d710028580300000062696771014b008671025168014b01867103514b07652e',
  '80035d710028580300000062696771014b008671025168014b01867103514b07652e',
  '80049519000000000000005d94288c03626967944b0086945168014b018694514b07652e',
  '80059519000000000000005d94288c03626967944b0086945168014b018694514b07652e',
];

const persistentId = (v: unknown): unknown => {
  if (typeof v === 'string' && v.startsWith('@')) return v.slice(1);
  if (typeof v === 'number' && v >= 1000) return new Tuple(['big', v % 1000]);
  return undefined;
};

test('persistentId writes PERSID / BINPERSID as CPython save_pers', () => {
  for (const p of PICKLE_PROTOCOLS) assert.equal(hex(dumps(['@a', 'b', ['@c', 5]], { protocol: p, persistentId })), PERS_STR[p], `protocol ${p}`);
  for (const p of PICKLE_PROTOCOLS.slice(1)) assert.equal(hex(dumps([1000, 1001, 7], { protocol: p, persistentId })), PERS_TUPLE[p - 1], `protocol ${p}`);
  // Protocol 0 only takes ASCII text ids.
  assert.throws(() => dumps([1000], { protocol: 0, persistentId }), PicklingError);
  assert.throws(() => dumps(['@é'], { protocol: 0, persistentId }), /ASCII/);
});

test('PersistentRef writes back as the persistent id it was read from', () => {
  for (const p of PICKLE_PROTOCOLS) {
    const value = [new PersistentRef('a', p > 0), 'b', [new PersistentRef('c', p > 0), 5]];
    assert.equal(hex(dumps(value, { protocol: p })), PERS_STR[p], `protocol ${p}`);
  }
  for (const p of PICKLE_PROTOCOLS.slice(1)) {
    const value = [new PersistentRef(new Tuple(['big', 0]), true), new PersistentRef(new Tuple(['big', 1]), true), 7];
    assert.equal(hex(dumps(value, { protocol: p })), PERS_TUPLE[p - 1], `protocol ${p}`);
  }
});

// copyreg.add_extension('argparse', 'Namespace', code)
// pickle.dumps([argparse.Namespace, argparse.Namespace], p) for p in (2, 4)
const EXT: [number, string, string][] = [
  [1, '80025d71002882018201652e', '80049509000000000000005d942882018201652e'],
  [255, '80025d71002882ff82ff652e', '80049509000000000000005d942882ff82ff652e'],
  [256, '80025d710028830001830001652e', '8004950b000000000000005d9428830001830001652e'],
  [65535, '80025d71002883ffff83ffff652e', '8004950b000000000000005d942883ffff83ffff652e'],
  [65536, '80025d71002884000001008400000100652e', '8004950f000000000000005d942884000001008400000100652e'],
  [0x7fffffff, '80025d71002884ffffff7f84ffffff7f652e', '8004950f000000000000005d942884ffffff7f84ffffff7f652e'],
];

test('ExtensionRef writes EXT1 / EXT2 / EXT4 by size, not memoized', () => {
  for (const [code, p2, p4] of EXT) {
    const ref = new ExtensionRef(code);
    assert.equal(hex(dumps([ref, ref], { protocol: 2 })), p2, `code ${code}`);
    assert.equal(hex(dumps([ref, new ExtensionRef(code)], { protocol: 4 })), p4, `code ${code}`);
  }
  assert.throws(() => dumps(new ExtensionRef(1), { protocol: 1 }), PicklingError);
  assert.throws(() => dumps(new ExtensionRef(0), { protocol: 2 }), /out of range/);
});

test('BufferRef writes NEXT_BUFFER [READONLY_BUFFER] at protocol 5 only', () => {
  // pickle.dumps([PickleBuffer(b'ab'), PickleBuffer(bytearray(b'cd'))], 5, buffer_callback=lambda b: False)
  assert.equal(hex(dumps([new BufferRef(0, true), new BufferRef(1, false)], { protocol: 5 })), '80059508000000000000005d9428979897652e');
  assert.throws(() => dumps(new BufferRef(0, true), { protocol: 4 }), /protocol >= 5/);
});

test('PyObject NEWOBJ_EX writes cls, args, kwargs, NEWOBJ_EX at protocol 4+', () => {
  // class K: def __getnewargs_ex__(self): return ((1,), {'x': 2})   (in __main__); pickle.dumps(K(), p)
  const expected = '80049521000000000000008c085f5f6d61696e5f5f948c014b9493944b0185947d948c0178944b027392942e';
  const k = new PyObject(new PyGlobal('__main__', 'K'), new Tuple([1]), 'NEWOBJ_EX', new Map([['x', 2]]));
  assert.equal(hex(dumps(k, { protocol: 4 })), expected);
  assert.equal(hex(dumps(k, { protocol: 5 })), '8005' + expected.slice(4));
  // Below protocol 4, as CPython 3.11 (issue 12): functools.partial(K.__new__, K, 1, x=2)() through
  // REDUCE, for a K with its own __new__ (def __new__(cls, *a, **k)), what a class taking keyword arguments has.
  assert.equal(
    hex(dumps(k, { protocol: 2 })),
    '80026366756e63746f6f6c730a7061727469616c0a7100635f5f6275696c74696e5f5f0a676574617474720a7101635f5f6d61696e5f5f0a4b0a710258070000005f5f6e65775f5f710386710452710585710652710728680568024b018671087d7109580100000078710a4b02734e74710b622952710c2e',
  );
});

test('PyObject INST and OBJ are written back with MARK … INST / OBJ', () => {
  const inst = new PyObject(new PyGlobal('builtins', 'str'), new Tuple(['x']), 'INST');
  inst.state = { a: 1 };
  // MARK 'x' INST "__builtin__\nunicode\n" PUT 0 … BUILD at protocol 0 (fix_imports applies).
  assert.equal(Buffer.from(dumps(inst, { protocol: 0 })).toString('latin1'), '(Vx\np0\ni__builtin__\nunicode\np1\n(dp2\nVa\np3\nI1\nsb.');
  assert.equal(
    Buffer.from(dumps(inst, { protocol: 3 })).toString('latin1'),
    '\x80\x03(X\x01\x00\x00\x00xq\x00ibuiltins\nstr\nq\x01}q\x02X\x01\x00\x00\x00aq\x03K\x01sb.',
  );
  const obj = new PyObject(new PyGlobal('m', 'C'), new Tuple([1, 2]), 'OBJ');
  assert.equal(Buffer.from(dumps(obj, { protocol: 1 })).toString('latin1'), '(cm\nC\nq\x00K\x01K\x02oq\x01.');
  assert.throws(() => dumps(new PyObject('notaclass', new Tuple([]), 'INST'), { protocol: 0 }), PicklingError);
});

class Point {
  constructor(
    public x: unknown,
    public y: unknown,
  ) {}
}
const POINT = new PyGlobal('__main__', 'Point');
const pointRegistry: DumpRegistry = {
  reduce(value: object, protocol: number): ReduceValue | PyGlobal | undefined {
    if (value === Point) return POINT;
    if (!(value instanceof Point)) return undefined;
    const state = { x: value.x, y: value.y };
    // What object.__reduce_ex__ returns: copyreg._reconstructor below protocol 2, __newobj__ from 2.
    if (protocol < 2) return { callable: new PyGlobal('copyreg', '_reconstructor'), args: [Point, new PyGlobal('builtins', 'object'), null], state };
    return { callable: new PyGlobal('copyreg', '__newobj__'), args: [Point], state };
  },
};
// class Point: def __init__(self, x, y): self.x = x; self.y = y
// pickle.dumps([Point(1, 2), Point(3, 'a')], p)
const POINTS = [
  '286c70300a63636f70795f7265670a5f7265636f6e7374727563746f720a70310a28635f5f6d61696e5f5f0a506f696e740a70320a635f5f6275696c74696e5f5f0a6f626a6563740a70330a4e7470340a5270350a286470360a56780a70370a49310a7356790a70380a49320a73626167310a2867320a67330a4e7470390a527031300a28647031310a67370a49330a7367380a56610a7031320a7362612e',
  '5d71002863636f70795f7265670a5f7265636f6e7374727563746f720a710128635f5f6d61696e5f5f0a506f696e740a7102635f5f6275696c74696e5f5f0a6f626a6563740a71034e7471045271057d71062858010000007871074b0158010000007971084b027562680128680268034e74710952710a7d710b2868074b036808580100000061710c7562652e',
  '80025d710028635f5f6d61696e5f5f0a506f696e740a7101298171027d71032858010000007871044b0158010000007971054b0275626801298171067d71072868044b03680558010000006171087562652e',
  '80035d710028635f5f6d61696e5f5f0a506f696e740a7101298171027d71032858010000007871044b0158010000007971054b0275626801298171067d71072868044b03680558010000006171087562652e',
  '80049542000000000000005d94288c085f5f6d61696e5f5f948c05506f696e749493942981947d94288c0178944b018c0179944b02756268032981947d942868064b0368078c0161947562652e',
  '80059542000000000000005d94288c085f5f6d61696e5f5f948c05506f696e749493942981947d94288c0178944b018c0179944b02756268032981947d942868064b0368078c0161947562652e',
];

test('registry reductions follow save_reduce: _reconstructor, NEWOBJ, BUILD, class memo', () => {
  for (const p of PICKLE_PROTOCOLS) {
    assert.equal(hex(dumps([new Point(1, 2), new Point(3, 'a')], { protocol: p, registry: pointRegistry })), POINTS[p], `protocol ${p}`);
  }
});

test('registry reductions: list items, dict items and a state setter', () => {
  // class S: def __reduce__(self): return (S, (), {'a': 1}, iter([1, 2]), iter([('k', 'v')]), operator.setitem)
  const expected = [
    '635f5f6d61696e5f5f0a530a70300a28745270310a49310a6149320a61566b0a70320a56760a70330a73635f6f70657261746f720a7365746974656d0a70340a67310a286470350a56610a70360a49310a738652302e',
    '635f5f6d61696e5f5f0a530a710029527101284b014b026558010000006b7102580100000076710373635f6f70657261746f720a7365746974656d0a710468017d710558010000006171064b01738652302e',
    '8002635f5f6d61696e5f5f0a530a710029527101284b014b026558010000006b7102580100000076710373635f6f70657261746f720a7365746974656d0a710468017d710558010000006171064b01738652302e',
    '8003635f5f6d61696e5f5f0a530a710029527101284b014b026558010000006b7102580100000076710373635f6f70657261746f720a7365746974656d0a710468017d710558010000006171064b01738652302e',
    '8004954a000000000000008c085f5f6d61696e5f5f948c0153949394295294284b014b02658c016b948c017694738c095f6f70657261746f72948c077365746974656d94939468037d948c0161944b01738652302e',
    '8005954a000000000000008c085f5f6d61696e5f5f948c0153949394295294284b014b02658c016b948c017694738c095f6f70657261746f72948c077365746974656d94939468037d948c0161944b01738652302e',
  ];
  class S {}
  const registry: DumpRegistry = {
    reduce: (v) =>
      v instanceof S
        ? {
            callable: new PyGlobal('__main__', 'S'),
            args: [],
            state: { a: 1 },
            listItems: [1, 2].values(),
            dictItems: new Map([['k', 'v']]),
            stateSetter: new PyGlobal('_operator', 'setitem'),
          }
        : undefined,
  };
  for (const p of PICKLE_PROTOCOLS) assert.equal(hex(dumps(new S(), { protocol: p, registry })), expected[p], `protocol ${p}`);
});

test('registry reduction checks, as save_reduce', () => {
  class A {}
  const reg = (r: ReduceValue): DumpRegistry => ({ reduce: (v) => (v instanceof A ? r : undefined) });
  const newobj = new PyGlobal('copyreg', '__newobj__');
  assert.throws(() => dumps(new A(), { registry: reg({ callable: newobj, args: [] }) }), /__newobj__ arglist is empty/);
  assert.throws(() => dumps(new A(), { registry: reg({ callable: newobj, args: [5] }) }), /is not a type/);
  class B {}
  assert.throws(() => dumps(new A(), { registry: reg({ callable: newobj, args: [B] }) }), /has the wrong class/);
  assert.throws(() => dumps(new A(), { registry: reg({ callable: 5, args: [] }) }), /must be callable/);
  assert.throws(() => dumps(new A(), { registry: reg({ callable: newobj, args: 'x' as unknown as unknown[] }) }), /must be a tuple/);
  // Below protocol 2, __newobj__ is an ordinary REDUCE.
  const r = dumps(new A(), { protocol: 1, registry: reg({ callable: newobj, args: [new PyGlobal('m', 'A')] }) });
  assert.equal(Buffer.from(r).toString('latin1'), 'ccopy_reg\n__newobj__\nq\x00(cm\nA\nq\x01tq\x02Rq\x03.');
});

test('a registry maps JS functions to globals, memoized by identity', () => {
  const f = (): void => {};
  const registry: DumpRegistry = { reduce: (v) => (v === f ? new PyGlobal('builtins', 'len') : undefined) };
  // pickle.dumps([len, len], 2)
  assert.equal(
    hex(dumps([f, f, new PyGlobal('builtins', 'len')], { protocol: 2, registry })),
    '80025d710028635f5f6275696c74696e5f5f0a6c656e0a710168016801652e',
  );
});

test('a Pickler keeps its memo across dump() until clearMemo()', () => {
  // f = io.BytesIO(); p = pickle.Pickler(f, 2); l = [1, 'x']; p.dump(l); p.dump(l); p.clear_memo(); p.dump(l)
  const pickler = new Pickler({ protocol: 2 });
  const l = [1, 'x'];
  assert.equal(hex(pickler.dump(l)), '80025d7100284b015801000000787101652e');
  assert.equal(hex(pickler.dump(l)), '800268002e');
  pickler.clearMemo();
  assert.equal(hex(pickler.dump(l)), '80025d7100284b015801000000787101652e');
});

test('a failed dump() leaves the memo as it was', () => {
  const pickler = new Pickler({ protocol: 2 });
  const shared = ['s'];
  pickler.dump(shared);
  assert.throws(() => pickler.dump([['new'], 'str', () => 1]), PicklingError);
  // Nothing of the failed dump is remembered: 'new' and 'str' are written again.
  const again = Buffer.from(pickler.dump([shared, ['new'], 'str'])).toString('latin1');
  assert.equal(again, '\x80\x02]q\x02(h\x00]q\x03X\x03\x00\x00\x00newq\x04aX\x03\x00\x00\x00strq\x05e.');
});

test('the extensions option writes registered globals as EXT codes at protocol 2+', () => {
  for (const [code, p2, p4] of EXT) {
    const extensions = {
      codeOf: (module: string, name: string) => (module === 'argparse' && name === 'Namespace' ? code : undefined),
      lookupCode: () => undefined,
    };
    const ns = new PyGlobal('argparse', 'Namespace');
    assert.equal(hex(dumps([ns, ns], { protocol: 2, extensions })), p2, `code ${code}`);
    assert.equal(hex(dumps([ns, new PyGlobal('argparse', 'Namespace')], { protocol: 4, extensions })), p4, `code ${code}`);
    // Protocol 0/1 have no EXT opcodes: the global is written by name.
    assert.equal(Buffer.from(dumps(ns, { protocol: 1, extensions })).toString('latin1'), 'cargparse\nNamespace\nq\x00.');
  }
});

test('PickleBuffer: in band as bytes / bytearray, out of band through bufferCallback', () => {
  const b = new PickleBuffer(Uint8Array.of(97, 98));
  const w = new PickleBuffer(ByteArray.fromBytes([99, 100]));
  // pickle.dumps([b, b, w, w], 5) with b = PickleBuffer(b'ab'), w = PickleBuffer(bytearray(b'cd'))
  assert.equal(hex(dumps([b, b, w, w], { protocol: 5 })), '8005951a000000000000005d9428430261629468019602000000000000006364946802652e');
  assert.equal(hex(dumps([b, w], { protocol: 5, bufferCallback: () => true })), '80059516000000000000005d94284302616294960200000000000000636494652e');
  const seen: PickleBuffer[] = [];
  const out = dumps([b, w, b], { protocol: 5, bufferCallback: (x) => void seen.push(x) });
  assert.equal(hex(out), '8005950a000000000000005d94289798979798652e');
  assert.deepEqual(seen, [b, w, b]);
  assert.throws(() => dumps(b, { protocol: 4 }), /PickleBuffer can only be pickled with protocol >= 5/);
  assert.throws(() => dumps(b, { protocol: 4, bufferCallback: () => true }), /buffer_callback needs protocol >= 5/);
});
