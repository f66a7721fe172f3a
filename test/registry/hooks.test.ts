/**
 * Every pickling hook, each shown by a test that fails without it, against
 * the bytes CPython 3.11 writes with the same hook (hook-fixtures.json):
 * persistent ids, dispatch table, reducer override, findClass, the copyreg
 * extension registry (EXT1/EXT2/EXT4 at their boundaries) and protocol 5
 * out-of-band buffers with PickleBuffer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { ByteArray, ExtensionRegistry, PickleBuffer, PickleError, PicklingError, PyGlobal, PyObject, Registry, UnpicklingError } from '../../src/index.js';
import { dumps, loads } from '../../src/index.js';
import { Empty, MAKE_CUSTOM, Plain, protocolRegistry } from './protocol-classes.js';
import { PICKLE_PROTOCOLS } from '../helpers/protocols.js';

const here = dirname(fileURLToPath(import.meta.url));
const G = JSON.parse(readFileSync(join(here, '..', '..', '..', 'test', 'registry', 'hook-fixtures.json'), 'utf8')) as {
  persistent: string[];
  dispatch_table: string[];
  reducer_override: string[];
  extensions: Record<string, string[]>;
  oob_readonly: string;
  oob_writable: string;
  inband_readonly: string;
  inband_writable: string;
};
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));

class Row {
  constructor(readonly key: number) {}
}

test('persistentId: rows pickle as persistent ids, as CPython at protocols 0-5', () => {
  const value = [new Row(1), 'x', new Row(2)];
  assert.throws(() => dumps!(value, { protocol: 2 }), PicklingError);
  for (const p of PICKLE_PROTOCOLS) {
    const out = dumps!(value, { protocol: p, persistentId: (v: unknown) => (v instanceof Row ? `row:${v.key}` : undefined) });
    assert.equal(hex(out), G.persistent[p], `protocol ${p}`);
  }
});

test('persistentLoad: persistent ids resolve through the hook', () => {
  for (const p of PICKLE_PROTOCOLS) {
    const data = bytes(G.persistent[p]!);
    assert.throws(() => loads!(data), UnpicklingError);
    const rows = new Map([
      ['row:1', new Row(1)],
      ['row:2', new Row(2)],
    ]);
    const v = loads!(data, { persistentLoad: (pid: unknown) => rows.get(pid as string) }) as unknown[];
    assert.equal(v[0], rows.get('row:1'));
    assert.equal(v[1], 'x');
    assert.equal(v[2], rows.get('row:2'));
  }
});

class Pt {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

test('dispatch table (Registry.dispatch, like copyreg.pickle): CPython bytes at protocols 0-5', () => {
  assert.throws(() => dumps!([new Pt(1, 2)], { protocol: 2, registry: new Registry() }), PicklingError);
  const registry = new Registry().dispatch(Pt, (p) => ({ callable: MAKE_CUSTOM, args: [p.x, p.y] }));
  for (const p of PICKLE_PROTOCOLS) assert.equal(hex(dumps!([new Pt(1, 2)], { protocol: p, registry })), G.dispatch_table[p], `protocol ${p}`);
});

test('reducer override: runs before the dispatch table, CPython bytes at protocols 0-5', () => {
  const registry = new Registry()
    .dispatch(Pt, (p) => ({ callable: MAKE_CUSTOM, args: [p.x, p.y] }))
    .setReducerOverride((o) => (o instanceof Pt ? { callable: MAKE_CUSTOM, args: [o.y, o.x] } : undefined));
  for (const p of PICKLE_PROTOCOLS) assert.equal(hex(dumps!([new Pt(1, 2)], { protocol: p, registry })), G.reducer_override[p], `protocol ${p}`);
  const passThrough = new Registry().setReducerOverride(() => undefined);
  assert.throws(() => dumps!([new Pt(1, 2)], { protocol: 2, registry: passThrough }), PicklingError);
});

test('findClass: binds a global for one load; without it the object stays inert; throwing refuses', () => {
  const data = bytes(EMPTY_P2);
  assert.ok(loads!(data) instanceof PyObject);
  const v = loads!(data, {
    findClass: (m: string, n: string) => (m === 'protocol_classes' && n === 'Empty' ? protocolRegistry.lookup(m, n) : undefined),
  });
  assert.ok(v instanceof Empty);
  assert.throws(
    () =>
      loads!(data, {
        findClass: () => {
          throw new Error('no globals today');
        },
      }),
    (e: unknown) => e instanceof UnpicklingError && /no globals today|refused/.test(e.message),
  );
});

test('findClass: BUILD on an instance it created applies the state (own fields or [pickleSetState])', () => {
  const v = loads!(bytes(PLAIN_P2), { findClass: (m: string, n: string) => protocolRegistry.lookup(m, n) });
  assert.ok(v instanceof Plain);
  assert.equal(v.a, 1);
});

/** CPython 3.11's `pickle.dumps(protocol_classes.Empty(), 2)` and `...Plain()...`. */
const EMPTY_P2 = '80026370726f746f636f6c5f636c61737365730a456d7074790a7100298171012e';
const PLAIN_P2 = '80026370726f746f636f6c5f636c61737365730a506c61696e0a7100298171017d71022858010000006171034b015801000000627104580100000078710575622e';

test('ExtensionRegistry: copyreg rules (range, conflicts, idempotent add, remove)', () => {
  const ext = new ExtensionRegistry().add('m', 'a', 1).add('m', 'a', 1);
  assert.equal(ext.size, 1);
  assert.throws(() => ext.add('m', 'b', 1), PickleError);
  assert.throws(() => ext.add('m', 'a', 2), PickleError);
  assert.throws(() => ext.add('m', 'c', 0), PickleError);
  assert.throws(() => ext.add('m', 'c', 0x80000000), PickleError);
  assert.throws(() => ext.add('m', 'c', 1.5), PickleError);
  assert.deepEqual(ext.lookupCode(1), new PyGlobal('m', 'a'));
  assert.equal(ext.get(1), ext.lookupCode(1));
  assert.equal(ext.codeOf('m', 'a'), 1);
  assert.equal(ext.codeOf('m', '__proto__'), undefined);
  assert.throws(() => ext.remove('m', 'a', 2), PickleError);
  ext.remove('m', 'a', 1);
  assert.equal(ext.size, 0);
  assert.equal(ext.lookupCode(1), undefined);
});

for (const code of Object.keys(G.extensions).map(Number)) {
  test(`EXT code ${code}: CPython's EXT pickles load through an ExtensionRegistry`, () => {
    for (let p = 2; p <= 5; p++) {
      const data = bytes(G.extensions[String(code)]![p]!);
      assert.throws(() => loads!(data, { registry: protocolRegistry }), UnpicklingError);
      const ext = new ExtensionRegistry([['protocol_classes', 'Plain', code]]);
      const v = loads!(data, { registry: protocolRegistry, extensions: ext }) as unknown[];
      assert.ok(v[1] instanceof Plain, `protocol ${p}`);
      assert.ok(v[0] === Plain || String(v[0]) === 'protocol_classes.Plain');
    }
  });
  test(`EXT code ${code}: the pickler writes EXT1/EXT2/EXT4 as CPython`, () => {
    const ext = new ExtensionRegistry([['protocol_classes', 'Plain', code]]);
    for (const p of PICKLE_PROTOCOLS) {
      const out = dumps!([Plain, new Plain()], { protocol: p, registry: protocolRegistry, extensions: ext });
      assert.equal(hex(out), G.extensions[String(code)]![p], `protocol ${p}`);
    }
  });
}

const DATA = Uint8Array.from({ length: 1024 }, (_, i) => i & 0xff);

test('PickleBuffer: a zero-copy view; readonly follows bytes vs bytearray; release', () => {
  const backing = new Uint8Array(8);
  const view = new Uint16Array(backing.buffer, 2, 2);
  const pb = new PickleBuffer(view);
  backing[2] = 7;
  assert.equal(pb.raw()[0], 7, 'shares memory');
  assert.equal(pb.raw().buffer, backing.buffer);
  assert.equal(pb.byteLength, 4);
  assert.equal(pb.readonly, true);
  assert.equal(new PickleBuffer(ByteArray.fromBytes([1])).readonly, false);
  assert.equal(new PickleBuffer(new Uint8Array(1), { readonly: false }).readonly, false);
  pb.release();
  assert.throws(() => pb.raw(), PickleError);
});

test('buffers: out-of-band buffers load zero-copy (protocol 5)', () => {
  for (const h of [G.oob_readonly, G.oob_writable]) {
    const data = bytes(h);
    assert.throws(() => loads!(data), UnpicklingError);
    const buf = DATA.slice();
    const v = loads!(data, { buffers: [buf] }) as unknown[];
    assert.ok(v[0] instanceof Uint8Array);
    assert.equal((v[0] as Uint8Array).buffer, buf.buffer, 'same memory, not a copy');
    assert.equal(v[1], 'end');
  }
});

test('bufferCallback: PickleBuffers go out of band as NEXT_BUFFER (+READONLY_BUFFER)', () => {
  for (const [h, readonly] of [
    [G.oob_readonly, true],
    [G.oob_writable, false],
  ] as const) {
    const seen: PickleBuffer[] = [];
    const pb = new PickleBuffer(DATA, { readonly });
    const out = dumps!([pb, 'end'], {
      protocol: 5,
      bufferCallback: (b: PickleBuffer) => {
        seen.push(b);
        return false;
      },
    });
    assert.equal(hex(out), h);
    assert.equal(seen[0], pb);
  }
});

test('PickleBuffer in band: bytes (readonly) or BYTEARRAY8 (writable) at protocol 5', () => {
  assert.equal(hex(dumps!([new PickleBuffer(DATA, { readonly: true }), 'end'], { protocol: 5 })), G.inband_readonly);
  assert.equal(hex(dumps!([new PickleBuffer(DATA, { readonly: false }), 'end'], { protocol: 5 })), G.inband_writable);
  assert.throws(() => dumps!([new PickleBuffer(DATA)], { protocol: 4 }), PicklingError);
});
