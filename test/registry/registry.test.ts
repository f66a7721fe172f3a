/** Registry mechanics: lookups, composition, freezing, safe state, messages. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ellipsis, PickleError, PyGlobal, Registry, Tuple, applyDefaultState, pickleSetState, standardTypes, unpicklableMessage } from '../../src/index.js';

class A {
  x = 1;
}
class B {}

test('lookup is by exact module and name; prototype-ish names find nothing', () => {
  const reg = new Registry().registerClass(A, 'app', 'A');
  assert.ok(reg.lookup('app', 'A'));
  for (const [m, n] of [
    ['app', '__proto__'],
    ['app', 'constructor'],
    ['app', 'toString'],
    ['__proto__', 'A'],
    ['constructor', 'constructor'],
    ['app', 'a'],
    ['App', 'A'],
  ]) {
    assert.equal(reg.lookup(m!, n!), undefined, `${m}.${n}`);
  }
});

test('globals named __proto__ are ordinary keys', () => {
  const reg = new Registry().registerClass(A, '__proto__', '__proto__');
  assert.equal(reg.lookup('__proto__', '__proto__')?.value, A);
  assert.equal(reg.lookup('__proto__', 'constructor'), undefined);
  assert.equal(Object.getPrototypeOf({}), Object.prototype);
});

test('default BUILD defines fields: __proto__ in a state is a field, never the prototype', () => {
  const reg = new Registry().registerClass(A, 'app', 'A');
  const a = reg.lookup('app', 'A')!.create!([], undefined) as A;
  const evil = { polluted: true };
  assert.equal(
    reg.setState(
      a,
      new Map<string, unknown>([
        ['__proto__', evil],
        ['constructor', 1],
        ['x', 2],
      ]),
    ),
    true,
  );
  assert.equal(Object.getPrototypeOf(a), A.prototype);
  assert.ok(a instanceof A);
  assert.equal(Object.getOwnPropertyDescriptor(a, '__proto__')?.value, evil);
  assert.equal((a as unknown as Record<string, unknown>)['constructor'], 1);
  assert.equal(a.x, 2);
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
});

test('default BUILD: (dict, slots) tuple form, and non-str keys are refused', () => {
  const target = {};
  applyDefaultState(target, new Tuple([null, new Map([['s', 1]])]));
  applyDefaultState(target, new Tuple([new Map([['d', 2]]), null]));
  assert.deepEqual(target, { s: 1, d: 2 });
  assert.throws(() => applyDefaultState({}, new Map([[1, 2]])), TypeError);
  assert.throws(() => applyDefaultState({}, [1, 2]), TypeError);
});

test('setState uses [pickleSetState] when the class has one; unregistered targets are not handled', () => {
  class S {
    got: unknown;
    [pickleSetState](state: unknown): void {
      this.got = state;
    }
  }
  const reg = new Registry().registerClass(S, 'app', 'S');
  const s = Object.create(S.prototype) as S;
  assert.equal(reg.setState(s, 'st'), true);
  assert.equal(s.got, 'st');
  assert.equal(reg.setState(new B(), new Map()), false);
  assert.equal(reg.setState(new Map(), new Map()), false);
});

test('dump rules match the exact prototype; subclasses of registered classes are not caught', () => {
  class Sub extends A {}
  const reg = new Registry().registerClass(A, 'app', 'A');
  assert.ok(reg.reduce(new A(), 4));
  assert.equal(reg.reduce(new Sub(), 4), undefined);
  assert.deepEqual(reg.reduce(A, 4), new PyGlobal('app', 'A'));
});

test('composition copies entries; later registries win; the source is unchanged', () => {
  const one = new Registry().registerClass(A, 'app', 'A');
  const two = new Registry().registerClass(B, 'app', 'A');
  const both = new Registry([one, two]);
  assert.equal(both.lookup('app', 'A')?.value, B);
  assert.equal(one.lookup('app', 'A')?.value, A);
  both.registerClass(A, 'app', 'Other');
  assert.equal(one.lookup('app', 'Other'), undefined);
  const ext = new Registry().extend(one);
  assert.equal(ext.lookup('app', 'A')?.value, A);
});

test('standardTypes is frozen; a registry built on it is not', () => {
  assert.equal(standardTypes.frozen, true);
  assert.throws(() => standardTypes.registerClass(A, 'app', 'A'), PickleError);
  const mine = new Registry([standardTypes]).registerClass(A, 'app', 'A');
  assert.equal(mine.lookup('builtins', 'Ellipsis')?.value, Ellipsis);
  assert.equal(standardTypes.lookup('app', 'A'), undefined);
});

test('registerValue needs an identity; registerClass needs a class', () => {
  const reg = new Registry();
  assert.throws(() => reg.registerValue('m', 'n', 3 as unknown as object), PickleError);
  assert.throws(() => reg.registerClass(3 as never, 'm', 'n'), PickleError);
});

test('registerFunction: REDUCE calls it, and it dumps by reference', () => {
  const fn = (a: number, b: number): number => a + b;
  const reg = new Registry().registerFunction('ops', 'add', fn);
  assert.equal(reg.lookup('ops', 'add')!.call!([2, 3]), 5);
  assert.deepEqual(reg.reduce(fn, 2), new PyGlobal('ops', 'add'));
  assert.equal(reg.globalOf(fn), reg.reduce(fn, 0), 'one PyGlobal per registration');
});

test('unpicklable messages name the class or function and how to register it', () => {
  class Widget {}
  assert.match(unpicklableMessage(new Widget()), /'Widget' object: JS class Widget is not registered \(registry\.registerClass/);
  assert.match(
    unpicklableMessage(function hello() {}),
    /function hello: functions pickle by reference only/,
  );
  assert.match(unpicklableMessage(Widget), /class Widget/);
  assert.match(unpicklableMessage(Object.create(null)), /'anonymous' object/);
});

test('reconstruct: copyreg._reconstructor(cls, base, state) for object, list, dict and tuple bases', () => {
  class L extends Array<unknown> {}
  class D extends Map<unknown, unknown> {}
  class T extends Tuple<unknown> {}
  const reg = new Registry().registerClass(A, 'm', 'A').registerClass(L, 'm', 'L').registerClass(D, 'm', 'D').registerClass(T, 'm', 'T');
  const b = (name: string): PyGlobal => new PyGlobal('builtins', name);
  const a = reg.lookup('m', 'A')!.reconstruct!(b('object'), null);
  assert.ok(a instanceof A);
  assert.equal(Object.keys(a).length, 0, 'constructor not run');
  const l = reg.lookup('m', 'L')!.reconstruct!(b('list'), [1, 2]) as L;
  assert.ok(l instanceof L && Array.isArray(l));
  assert.deepEqual([...l], [1, 2]);
  l.push(3);
  assert.equal(l.length, 3, 'a real array');
  const d = reg.lookup('m', 'D')!.reconstruct!(b('dict'), new Map([['k', 1]])) as D;
  assert.ok(d instanceof D);
  assert.deepEqual([...d], [['k', 1]]);
  const t = reg.lookup('m', 'T')!.reconstruct!(b('tuple'), new Tuple([1, 'a'])) as T;
  assert.ok(t instanceof T && Object.isFrozen(t));
  assert.deepEqual([...t], [1, 'a']);
  assert.throws(() => reg.lookup('m', 'A')!.reconstruct!(b('list'), [1]), TypeError);
  assert.throws(() => reg.lookup('m', 'L')!.reconstruct!(b('dict'), new Map()), TypeError);
  assert.equal(reg.lookup('m', 'L')!.value, L, 'GLOBAL pushes the class itself');
});
