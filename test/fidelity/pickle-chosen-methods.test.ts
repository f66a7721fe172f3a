/**
 * Issue 12, bug 2: the loader never calls a method a pickle chose. BUILD can
 * give an instance of a registered Map/Array/Set subclass its own `set`,
 * `push`, `add` or `then` (here: a registered function, the only callable a
 * pickle can name); SETITEMS/APPENDS/ADDITEMS use the built-in operations and
 * async APIs refuse thenables.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnpicklingError } from '../../src/errors.js';
import { Registry } from '../../src/registry/index.js';
import { loadsSigned, sign } from '../../src/signing/index.js';
import { loads } from '../../src/unpickler/index.js';

class M extends Map<unknown, unknown> {}
class A extends Array<unknown> {}
class S extends Set<unknown> {}

const calls: unknown[][] = [];
function hijack(...args: unknown[]): string {
  calls.push(args);
  if (typeof args[0] === 'function') (args[0] as (v: unknown) => void)('hijacked');
  return 'hijacked';
}

const registry = new Registry().registerClass(M, 'm', 'M').registerClass(A, 'm', 'A').registerClass(S, 'm', 'S').registerFunction('m', 'f', hijack);

function str(s: string): number[] {
  return [0x8c, s.length, ...Buffer.from(s)];
}
const GLOBAL_F = [...str('m'), ...str('f'), 0x93];

/** m.<cls>() with BUILD {name: m.f}, then `items` (opcodes) applied onto it, protocol 4. */
function pickle(cls: string, name: string, items: number[]): Uint8Array {
  return new Uint8Array([
    0x80,
    0x04,
    ...str('m'),
    ...str(cls),
    0x93,
    0x29,
    0x81, // m.cls.__new__(m.cls)
    0x7d,
    ...str(name),
    ...GLOBAL_F,
    0x73,
    0x62, // BUILD {name: m.f}
    ...items,
    0x2e,
  ]);
}

test('SETITEM/SETITEMS on a Map subclass with an own `set` use Map.prototype.set', () => {
  calls.length = 0;
  const one = loads(pickle('M', 'set', [...str('k'), 0x4b, 0x01, 0x73]), { registry }) as M;
  assert.ok(one instanceof M);
  assert.equal(Object.getOwnPropertyDescriptor(one, 'set')?.value, hijack);
  assert.deepEqual([...Map.prototype.entries.call(one)], [['k', 1]]);
  const two = loads(pickle('M', 'set', [0x28, ...str('a'), 0x4b, 0x01, ...str('b'), 0x4b, 0x02, 0x75]), { registry }) as M;
  assert.deepEqual(
    [...Map.prototype.entries.call(two)],
    [
      ['a', 1],
      ['b', 2],
    ],
  );
  // dictType: 'object' rebuilds Maps in place, also without their own methods.
  const three = loads(pickle('M', 'set', [...str('k'), 0x4b, 0x01, 0x73]), { registry, dictType: 'object' }) as M;
  assert.deepEqual([...Map.prototype.entries.call(three)], [['k', 1]]);
  assert.deepEqual(calls, []);
});

test('APPEND/APPENDS on an Array subclass with an own `push` write indices', () => {
  calls.length = 0;
  const one = loads(pickle('A', 'push', [0x4b, 0x07, 0x61]), { registry }) as A;
  assert.ok(one instanceof A);
  assert.deepEqual([...one], [7]);
  const two = loads(pickle('A', 'push', [0x28, 0x4b, 0x01, 0x4b, 0x02, 0x65]), { registry }) as A;
  assert.deepEqual([...two], [1, 2]);
  // The float batch fast path too.
  const floats = [
    0x28,
    0x47,
    ...new Uint8Array(new Float64Array([0.5]).buffer).reverse(),
    0x47,
    ...new Uint8Array(new Float64Array([1.5]).buffer).reverse(),
    0x65,
  ];
  const three = loads(pickle('A', 'push', floats), { registry }) as A;
  assert.deepEqual([...three], [0.5, 1.5]);
  assert.deepEqual(calls, []);
});

test('ADDITEMS on a Set subclass with an own `add` uses Set.prototype.add', () => {
  calls.length = 0;
  // S is not a set to ADDITEMS (only exact sets and subclasses of Set) — it is one here.
  const one = loads(pickle('S', 'add', [0x28, 0x4b, 0x01, 0x4b, 0x02, 0x90]), { registry }) as S;
  assert.ok(one instanceof S);
  assert.deepEqual([...Set.prototype.values.call(one)], [1, 2]);
  assert.deepEqual(calls, []);
});

test('an async API never resolves with a thenable the pickle made', async () => {
  calls.length = 0;
  const key = new Uint8Array(32).fill(3);
  const data = pickle('M', 'then', []);
  // The synchronous API returns it as is.
  assert.equal(Object.getOwnPropertyDescriptor(loads(data, { registry }), 'then')?.value, hijack);
  await assert.rejects(
    loadsSigned(await sign(data, key), key, { unpickler: { registry } }),
    (e: unknown) => e instanceof UnpicklingError && /callable 'then'/.test(e.message),
  );
  // An object-mode dict with a `then` key holding a registered function is refused too.
  const dict = new Uint8Array([0x80, 0x04, 0x7d, ...str('then'), ...GLOBAL_F, 0x73, 0x2e]);
  await assert.rejects(loadsSigned(await sign(dict, key), key, { unpickler: { registry, dictType: 'object' } }), UnpicklingError);
  assert.deepEqual(calls, []);
});
