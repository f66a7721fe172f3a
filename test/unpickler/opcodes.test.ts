import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loads, Unpickler } from '../../src/unpickler/index.js';
import { BufferRef, ByteArray, Complex, ExtensionRef, Float, FrozenSet, PersistentRef, PyGlobal, PyObject, Tuple } from '../../src/values/index.js';
import { assertUnpicklingError, b } from './helpers.js';
import { dictObject } from '../helpers/default-dicts.js';

test('integers: BININT1/BININT2/BININT, INT, LONG, LONG1/LONG4', () => {
  assert.equal(loads(b('K\xff.')), 255);
  assert.equal(loads(b('M\xff\xff.')), 65535);
  assert.equal(loads(b('J\xff\xff\xff\xff.')), -1);
  assert.equal(loads(b('J\x00\x00\x00\x80.')), -2147483648);
  assert.equal(loads(b('I42\n.')), 42);
  assert.equal(loads(b('I-42\n.')), -42);
  assert.equal(loads(b('I01\n.')), true);
  assert.equal(loads(b('I00\n.')), false);
  assert.equal(loads(b('I9007199254740993\n.')), 9007199254740993n);
  assert.equal(loads(b('L123L\n.')), 123);
  assert.equal(loads(b('L-18446744073709551616L\n.')), -18446744073709551616n);
  assert.equal(loads(b('\x8a\x00.')), 0);
  assert.equal(loads(b('\x8a\x01\x80.')), -128);
  assert.equal(loads(b('\x8a\x02\x00\x80.')), -32768);
  assert.equal(loads(b('\x8a\x08\xff\xff\xff\xff\xff\xff\x1f\x00.')), 9007199254740991);
  assert.equal(loads(b('\x8a\x08\x00\x00\x00\x00\x00\x00\x20\x00.')), 9007199254740992n);
  assert.equal(loads(b('\x8a\x09\x00\x00\x00\x00\x00\x00\x00\x00\x01.')), 18446744073709551616n);
  assert.equal(loads(b('\x8b\x02\x00\x00\x00\xff\x7f.')), 32767);
  assert.equal(loads(b('\x8b\x00\x00\x00\x00.')), 0);
});

test('floats: BINFLOAT exact bits, FLOAT text, lossless Float', () => {
  assert.equal(loads(b('G?\xb9\x99\x99\x99\x99\x99\x9a.')), 0.1);
  assert.ok(Object.is(loads(b('G\x80\x00\x00\x00\x00\x00\x00\x00.')), -0));
  assert.ok(Number.isNaN(loads(b('G\x7f\xf8\x00\x00\x00\x00\x00\x00.'))));
  assert.equal(loads(b('G\x7f\xf0\x00\x00\x00\x00\x00\x00.')), Infinity);
  assert.equal(loads(b('F1e-05\n.')), 1e-5);
  assert.equal(loads(b('F-inf\n.')), -Infinity);
  assert.equal(loads(b('F2.0\n.')), 2);
  const f = loads(b('F2.0\n.'), { lossless: true });
  assert.ok(f instanceof Float && f.value === 2);
  const z = loads(b('G\x80\x00\x00\x00\x00\x00\x00\x00.'), { lossless: true });
  assert.ok(z instanceof Float && Object.is(z.value, -0));
  assert.equal(loads(b('G?\xf8\x00\x00\x00\x00\x00\x00.'), { lossless: true }), 1.5);
});

test('None, bools, str opcodes', () => {
  assert.equal(loads(b('N.')), null);
  assert.equal(loads(b('\x88.')), true);
  assert.equal(loads(b('\x89.')), false);
  assert.equal(loads(b('\x8c\x03abc.')), 'abc');
  assert.equal(loads(b('X\x04\x00\x00\x00\xf0\x9f\x98\x80.')), '\u{1F600}');
  assert.equal(loads(b('X\x03\x00\x00\x00\xed\xb2\x80.')), '\udc80');
  assert.equal(loads(b('\x8d\x02\x00\x00\x00\x00\x00\x00\x00\xc3\xa9.')), '\u00e9');
  assert.equal(loads(b('Vcaf\xe9 \\u20ac \\U0001f600\n.')), 'caf\u00e9 \u20ac \u{1F600}');
  assert.equal(loads(b('X\x13\x00\x00\x00abcdefghijklmnopqrs.')), 'abcdefghijklmnopqrs');
  const long = 'x'.repeat(70000);
  assert.equal(loads(new Uint8Array([0x58, 0x70, 0x11, 0x01, 0x00, ...Buffer.from(long), 0x2e])), long);
});

test('bytes, bytearray and Python 2 str opcodes', () => {
  assert.deepEqual(loads(b('C\x02ab.')), new Uint8Array([97, 98]));
  assert.deepEqual(loads(b('B\x00\x00\x00\x00.')), new Uint8Array(0));
  assert.deepEqual(loads(b('\x8e\x01\x00\x00\x00\x00\x00\x00\x00z.')), new Uint8Array([122]));
  const ba = loads(b('\x96\x02\x00\x00\x00\x00\x00\x00\x00hi.'));
  assert.ok(ba instanceof ByteArray);
  assert.deepEqual(Array.from(ba as ByteArray), [104, 105]);
  // A loaded bytes value is a copy, not a view of the input.
  const input = b('C\x01a.');
  const out = loads(input) as Uint8Array;
  input[2] = 0x7a;
  assert.equal(out[0], 97);
  assert.equal(loads(b("S'a\\x41\\101\\n'\n.")), 'aAA\n');
  assert.equal(loads(b('U\x03abc.')), 'abc');
  assert.equal(loads(b('T\x03\x00\x00\x00abc.')), 'abc');
});

test('containers: lists, tuples, dicts, sets, frozensets', () => {
  assert.deepEqual(loads(b('](K\x01K\x02e.')), [1, 2]);
  assert.deepEqual(loads(b('(K\x01K\x02l.')), [1, 2]);
  assert.deepEqual(loads(b(']K\x01a.')), [1]);
  const t = loads(b('(K\x01K\x02K\x03K\x04t.'));
  assert.ok(t instanceof Tuple && Object.isFrozen(t));
  assert.deepEqual(Array.from(t as Tuple), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(loads(b('K\x01\x85.')) as Tuple), [1]);
  assert.deepEqual(Array.from(loads(b('K\x01K\x02\x86.')) as Tuple), [1, 2]);
  assert.deepEqual(Array.from(loads(b('K\x01K\x02K\x03\x87.')) as Tuple), [1, 2, 3]);
  assert.equal(loads(b(').')), loads(b(').')), 'the empty tuple is one shared value, as in CPython');
  assert.deepEqual(
    loads(b('}(K\x01K\x02K\x03K\x04u.')),
    new Map([
      [1, 2],
      [3, 4],
    ]),
  );
  assert.deepEqual(loads(b('(K\x01K\x02d.')), new Map([[1, 2]]));
  assert.deepEqual(loads(b('}K\x01K\x02s.')), new Map([[1, 2]]));
  const key = loads(b('}K\x01K\x02\x86K\x03s.')) as Map<unknown, unknown>;
  assert.ok([...key.keys()][0] instanceof Tuple);
  const s = loads(b('\x8f(K\x01K\x02\x90.'));
  assert.ok(s instanceof Set && !(s instanceof FrozenSet));
  assert.deepEqual([...(s as Set<number>)], [1, 2]);
  const fs = loads(b('(K\x01K\x02\x91.'));
  assert.ok(fs instanceof FrozenSet);
  assert.deepEqual([...(fs as Set<number>)], [1, 2]);
});

test('stack and memo opcodes: MARK, POP, POP_MARK, DUP, PUT/GET in all widths, MEMOIZE', () => {
  assert.equal(loads(b('K\x01K\x020.')), 1);
  assert.equal(loads(b('K\x01(K\x02K\x031.')), 1);
  const l = loads(b(']2a.')) as unknown[];
  assert.equal(l[0], l);
  assert.deepEqual(loads(b('K\x07p3\n0g3\n.')), 7);
  assert.deepEqual(loads(b('K\x07q\xff0h\xff.')), 7);
  assert.deepEqual(loads(b('K\x07r\x00\x00\x01\x000j\x00\x00\x01\x00.')), 7);
  assert.deepEqual(loads(b('K\x07\x940h\x00.')), 7);
  // MEMOIZE uses the number of entries, as CPython: after PUT 5 the next MEMOIZE is index 1.
  assert.deepEqual(loads(b('K\x01q\x05K\x02\x94(h\x05h\x01t.')), new Tuple([1, 2]));
  // Huge sparse indices use no memory proportional to the index.
  assert.equal(loads(b('K\x09r\xff\xff\xff\xff0j\xff\xff\xff\xff.')), 9);
  assertUnpicklingError(() => loads(b('h\x00.')), 'Memo value not found at index 0', 0);
});

test('globals, REDUCE, NEWOBJ, NEWOBJ_EX, INST, OBJ, BUILD give inert objects', () => {
  const g = loads(b('cmod\nName\n.'));
  assert.ok(g instanceof PyGlobal);
  assert.equal((g as PyGlobal).module, 'mod');
  assert.equal((g as PyGlobal).name, 'Name');
  const sg = loads(b('\x80\x04\x8c\x03mod\x8c\x0bOuter.Inner\x93.')) as PyGlobal;
  assert.equal(sg.name, 'Outer.Inner');
  const pair = loads(b('\x80\x04\x8c\x01m\x8c\x01n\x93\x8c\x01m\x8c\x01n\x93\x86.')) as Tuple;
  assert.equal(pair[0], pair[1], 'one PyGlobal per name within a load');
  const r = loads(b("cmod\nf\n(K\x01tR}S'a'\nK\x02sb.")) as PyObject;
  assert.ok(r instanceof PyObject);
  assert.equal(r.creation, 'REDUCE');
  assert.deepEqual(Array.from(r.args as Tuple), [1]);
  assert.deepEqual(r.state, dictObject([['a', 2]]));
  const n = loads(b('\x80\x02cmod\nC\n)\x81}b.')) as PyObject;
  assert.equal(n.creation, 'NEWOBJ');
  assert.equal((n.cls as PyGlobal).name, 'C');
  const nx = loads(b('\x80\x04\x8c\x03mod\x8c\x01C\x93K\x01\x85}\x8c\x01kK\x02s\x92.')) as PyObject;
  assert.equal(nx.creation, 'NEWOBJ_EX');
  assert.deepEqual(nx.kwargs, dictObject([['k', 2]]));
  const i = loads(b('(K\x01imod\nC\n.')) as PyObject;
  assert.equal(i.creation, 'INST');
  assert.deepEqual(Array.from(i.args as Tuple), [1]);
  const o = loads(b('(cmod\nC\nK\x01o.')) as PyObject;
  assert.equal(o.creation, 'OBJ');
  const items = loads(b('\x80\x02cmod\nL\n)\x81(K\x01K\x02e}bK\x03K\x04s.')) as PyObject;
  assert.deepEqual(items.listItems, [1, 2]);
  assert.deepEqual(items.dictItems, [[3, 4]]);
  assert.deepEqual(items.state, dictObject());
  // copyreg._reconstructor(cls, object, None): .cls is the class.
  const rc = loads(b('ccopy_reg\n_reconstructor\n(cmod\nC\nc__builtin__\nobject\nNtR.')) as PyObject;
  assert.equal((rc.cls as PyGlobal).toString(), 'mod.C');
  assert.equal((rc.callable as PyGlobal).toString(), 'copyreg._reconstructor');
});

test('built-in bindings: set, frozenset, bytearray, bytes, complex, _codecs.encode, list/dict/tuple/str/int/float/bool', () => {
  assert.deepEqual(loads(b('c__builtin__\nset\n((lK\x01aK\x02atR.')), new Set([1, 2]));
  assert.ok(loads(b('c__builtin__\nfrozenset\n((ltR.')) instanceof FrozenSet);
  const ba = loads(b('\x80\x02c__builtin__\nbytearray\nc_codecs\nencode\nX\x02\x00\x00\x00\xc3\xbfX\x06\x00\x00\x00latin1\x86R\x85R.'));
  assert.ok(ba instanceof ByteArray);
  assert.deepEqual(Array.from(ba as ByteArray), [255]);
  assert.deepEqual(loads(b('c_codecs\nencode\n(Vab\nVlatin1\ntR.')), new Uint8Array([97, 98]));
  assert.deepEqual(loads(b('c__builtin__\nbytes\n)R.')), new Uint8Array(0));
  const c = loads(b('c__builtin__\ncomplex\nG?\xf0\x00\x00\x00\x00\x00\x00G@\x00\x00\x00\x00\x00\x00\x00\x86R.'));
  assert.ok(c instanceof Complex && c.real === 1 && c.imag === 2);
  assert.deepEqual(loads(b('cbuiltins\nlist\n((K\x01ttR.')), [1]);
  assert.deepEqual(loads(b('cbuiltins\nint\n(V12\ntR.')), new PyObject(new PyGlobal('builtins', 'int'), new Tuple(['12'])), 'int(str) stays inert');
  assert.equal(loads(b('cbuiltins\nint\n(G@\x04\x00\x00\x00\x00\x00\x00tR.')), 2);
  assert.equal(loads(b('cbuiltins\nstr\n(K\x05tR.')), '5');
  // Lossless: constructors whose result a pickler would not write back as REDUCE stay inert.
  assert.ok(loads(b('cbuiltins\nlist\n((K\x01ttR.'), { lossless: true }) instanceof PyObject);
  assert.deepEqual(loads(b('c__builtin__\nset\n((lK\x01atR.'), { lossless: true }), new Set([1]));
});

test('PROTO anywhere, FRAME, STOP and trailing data', () => {
  assert.equal(loads(b('\x80\x02\x80\x05N.')), null);
  assert.equal(loads(b('K\x01\x80\x03.')), 1);
  assert.equal(loads(b('\x95\x02\x00\x00\x00\x00\x00\x00\x00N.')), null);
  assert.equal(loads(b('N.trailing garbage')), null);
  assertUnpicklingError(() => loads(b('\x80\x06N.')), 'unsupported pickle protocol: 6', 0);
});

test('persistent ids, extensions and out-of-band buffers', () => {
  const seen: unknown[] = [];
  const v = loads(b('Pabc\nK\x05Q\x86.'), { persistentLoad: (pid) => (seen.push(pid), `<${String(pid)}>`) });
  assert.deepEqual(Array.from(v as Tuple), ['<abc>', '<5>']);
  assert.deepEqual(seen, ['abc', 5]);
  const refs = loads(b('Pabc\nK\x05Q\x86.'), { lossless: true }) as Tuple;
  assert.ok(refs[0] instanceof PersistentRef && refs[0].pid === 'abc' && refs[0].binary === false);
  assert.ok(refs[1] instanceof PersistentRef && refs[1].pid === 5 && refs[1].binary === true);
  const ext = loads(b('\x82\x07.'), { extensions: new Map([[7, { module: 'copy_reg', name: '_reconstructor' }]]) }) as PyGlobal;
  assert.equal(ext.toString(), 'copyreg._reconstructor', 'EXT names are mapped like GLOBAL at protocol < 3');
  const er = loads(b('\x83\x00\x01.'), { lossless: true });
  assert.ok(er instanceof ExtensionRef && er.code === 256);
  const buf = new Uint8Array([1, 2, 3]);
  assert.equal(loads(b('\x80\x05\x97.'), { buffers: [buf] }), buf);
  assert.equal(loads(b('\x80\x05\x97\x98.'), { buffers: [buf] }), buf, 'READONLY_BUFFER returns the buffer as given');
  const br = loads(b('\x80\x05\x97\x97\x98\x86.'), { lossless: true }) as Tuple;
  assert.ok(br[0] instanceof BufferRef && br[0].index === 0 && br[0].readonly === false);
  assert.ok(br[1] instanceof BufferRef && br[1].index === 1 && br[1].readonly === true);
  assertUnpicklingError(() => loads(b('\x80\x05\x97\x97.'), { buffers: [buf] }), 'not enough out-of-band buffers', 3);
});

test('several pickles in one buffer, with positions', () => {
  const data = b('\x80\x04K\x01.\x80\x04]\x94K\x02a.N.');
  const u = new Unpickler(data);
  assert.equal(u.position, 0);
  assert.equal(u.load(), 1);
  assert.equal(u.position, 5);
  assert.deepEqual(u.load(), [2]);
  assert.equal(u.position, 13);
  assert.equal(u.atEnd, false);
  assert.equal(u.load(), null);
  assert.equal(u.atEnd, true);
  assertUnpicklingError(() => u.load(), 'Ran out of input', 15);
  assert.equal(u.position, 15);
  // The memo carries over between loads of one Unpickler, as with CPython's Pickler.dump x2.
  const shared = new Unpickler(b(']q\x00.h\x00.'));
  const first = shared.load();
  assert.equal(shared.load(), first);
});

test('float batches: the MARK/BINFLOAT.../APPENDS fast path gives what the general path gives', () => {
  const g = (x: number): number[] => {
    const d = Buffer.alloc(8);
    d.writeDoubleBE(x);
    return [0x47, ...d];
  };
  const floats = [0.5, -0, 1, 1e300, Number.NaN];
  const batch = floats.flatMap(g);
  const plain = loads(new Uint8Array([0x5d, 0x28, ...batch, 0x65, 0x2e])) as number[];
  assert.deepEqual(plain, floats);
  assert.ok(Object.is(plain[1], -0));
  // Split by a FRAME, onto a list that already has items, and after a second MARK.
  const split = loads(new Uint8Array([0x5d, 0x4e, 0x61, 0x28, ...g(1.5), 0x95, 0, 0, 0, 0, 0, 0, 0, 0, ...g(2.5), 0x65, 0x2e])) as unknown[];
  assert.deepEqual(split, [null, 1.5, 2.5]);
  // Onto an inert object the items go to listItems; lossless keeps integral floats as Float.
  const obj = loads(new Uint8Array([...b('cm\nC\n)R'), 0x28, ...g(1), ...g(2.5), 0x65, 0x2e])) as PyObject;
  assert.deepEqual(obj.listItems, [1, 2.5]);
  const lossless = loads(new Uint8Array([0x5d, 0x28, ...g(1), ...g(2.5), 0x65, 0x2e]), { lossless: true }) as unknown[];
  assert.ok(lossless[0] instanceof Float);
  // Limits still apply.
  assertUnpicklingError(() => loads(new Uint8Array([0x5d, 0x28, ...batch, 0x65, 0x2e]), { limits: { maxItems: 4 } }), 'maxItems');
  // A MARK with nothing below it is an underflow, as on the general path.
  assertUnpicklingError(() => loads(new Uint8Array([0x28, ...g(1), 0x65, 0x2e])), 'unpickling stack underflow');
});
