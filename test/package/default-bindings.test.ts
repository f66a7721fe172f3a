// The seam between the core VMs and picklejar's default bindings: the core's
// loads/dumps/Unpickler/Pickler consult only what they are given as their last
// argument; picklejar's inject the standard and ML types, passing the options
// `standardTypes`, `mlTypes` and `lossless` (or the caller's registry) through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as core from '../../src/core.js';
import * as full from '../../src/index.js';
import type { DefaultBindings, DumpRegistry, LoadRegistry } from '../../src/registry/index.js';

/** pickle.dumps(decimal.Decimal('1.5'), protocol=4) */
const DECIMAL = Uint8Array.from(Buffer.from('80049521000000000000008c07646563696d616c948c07446563696d616c9493948c03312e3594859452942e', 'hex'));

/** Bindings that record how they were asked and answer with the standard types. */
function recording(): { bindings: DefaultBindings; loads: [boolean, boolean, boolean][]; dumps: [boolean, boolean, DumpRegistry | undefined][] } {
  const loads: [boolean, boolean, boolean][] = [];
  const dumps: [boolean, boolean, DumpRegistry | undefined][] = [];
  const bindings: DefaultBindings = {
    forLoad(standard, ml, lossless): LoadRegistry | undefined {
      loads.push([standard, ml, lossless]);
      return standard ? full.standardTypes : undefined;
    },
    forDump(standard, ml, registry): DumpRegistry | undefined {
      dumps.push([standard, ml, registry]);
      return standard ? full.standardTypes : undefined;
    },
  };
  return { bindings, loads, dumps };
}

test('the core loads with the built-ins only: a Decimal stays an inert PyObject', () => {
  const inert = core.loads(DECIMAL);
  assert.ok(inert instanceof core.PyObject);
  assert.ok(inert.callable instanceof core.PyGlobal);
  assert.equal(`${inert.callable.module}.${inert.callable.name}`, 'decimal.Decimal');
  assert.deepEqual([...(inert.args as core.Tuple)], ['1.5']);
  assert.ok(new core.Unpickler(DECIMAL).load() instanceof core.PyObject);
});

test("picklejar's loads and Unpickler inject the standard types; the core's are the same VMs", () => {
  assert.ok(full.loads(DECIMAL) instanceof full.Decimal);
  const u = new full.Unpickler(DECIMAL);
  assert.ok(u instanceof core.Unpickler);
  assert.ok(u.load() instanceof full.Decimal);
  assert.equal(u.position, DECIMAL.length);
  assert.ok(full.loads(DECIMAL, { standardTypes: false }) instanceof core.PyObject);
});

test('the core loader asks its injected bindings once per Unpickler, with standardTypes, mlTypes and lossless', () => {
  const r = recording();
  assert.ok(core.loads(DECIMAL, {}, r.bindings) instanceof full.Decimal);
  assert.ok(core.loads(DECIMAL, { standardTypes: false, lossless: true }, r.bindings) instanceof core.PyObject);
  assert.ok(new core.Unpickler(DECIMAL, { mlTypes: false }, r.bindings).load() instanceof full.Decimal);
  assert.deepEqual(r.loads, [
    [true, true, false],
    [false, true, true],
    [true, false, false],
  ]);
});

test("the caller's registry comes before the injected bindings", () => {
  const mine = new full.Registry().registerFunction('decimal', 'Decimal', (text: string) => `my ${text}`);
  assert.equal(core.loads(DECIMAL, { registry: mine }, recording().bindings), 'my 1.5');
  assert.equal(full.loads(DECIMAL, { registry: mine }), 'my 1.5');
});

test('the core pickler knows no standard type; injected bindings, or picklejar’s dumps, write it as CPython', () => {
  const value = full.loads(DECIMAL);
  assert.throws(() => core.dumps(value), core.PicklingError);
  const r = recording();
  assert.deepEqual(core.dumps(value, { protocol: 4 }, r.bindings), DECIMAL);
  assert.deepEqual(
    new core.Pickler({ protocol: 4, standardTypes: false, mlTypes: false }, r.bindings).dump(full.loads(core.dumps(1))),
    core.dumps(1, { protocol: 4 }),
  );
  assert.deepEqual(full.dumps(value, { protocol: 4 }), DECIMAL);
  assert.deepEqual(new full.Pickler({ protocol: 4 }).dump(value), DECIMAL);
  assert.ok(new full.Pickler() instanceof core.Pickler);
  const mine = new full.Registry();
  core.dumps(1, { registry: mine }, r.bindings);
  assert.deepEqual(r.dumps, [
    [true, true, undefined],
    [false, false, undefined],
    [true, true, mine],
  ]);
});
