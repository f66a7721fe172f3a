/**
 * A hook that itself calls `loads` (a persistentLoad that loads the object it
 * names, a findClass that loads a config) must not disturb the outer load:
 * every buffer and scratch object the VM reuses belongs to one Unpickler.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps } from '../../src/pickler/index.js';
import { loads, Unpickler } from '../../src/unpickler/index.js';
import { PyGlobal, Tuple } from '../../src/values/index.js';

const floats = Array.from({ length: 3000 }, (_, i) => i + 0.25);
const inner = dumps([floats, ['a', 'é', 'a'], new Map<string, unknown>([['k', 1]])], { protocol: 5 });

test('persistentLoad calling loads in the middle of a float run and a string memo', () => {
  // [floats, persistent id, floats, str, str] at protocol 5.
  const outer = dumps([floats, 'x', floats, 'y', 'y'], { protocol: 5, persistentId: (v) => (v === 'x' ? 'inner' : undefined) });
  let calls = 0;
  const v = loads(outer, {
    persistentLoad: (pid) => {
      calls++;
      assert.equal(pid, 'inner');
      return loads(inner);
    },
  }) as unknown[];
  assert.equal(calls, 1);
  assert.deepEqual(v[0], floats);
  assert.deepEqual(v[1], loads(inner));
  assert.deepEqual(v[2], floats);
  assert.deepEqual(v.slice(3), ['y', 'y']);
});

test('a nested load with another memo layout leaves the outer memo intact', () => {
  // Outer memo: 0 the list, 1 pair, 2 'a', 3 'b'; after the hook, BINGET 1 fetches pair again.
  // The inner pickle memoizes strings first, so its slot 1 holds a string's offset in its own input.
  const pair = ['a', 'b'];
  const outer = dumps([pair, 'x', pair, 'y', 'y'], { protocol: 4, persistentId: (v) => (v === 'x' ? 'inner' : undefined) });
  const innerStrings = dumps(['zz', 'ww', 'vv', 'uu', 'tt'], { protocol: 4 });
  const v = loads(outer, { persistentLoad: () => loads(innerStrings) }) as unknown[];
  assert.deepEqual(v, [pair, ['zz', 'ww', 'vv', 'uu', 'tt'], pair, 'y', 'y']);
  assert.equal(v[0], v[2]);
});

test('findClass calling loads, and an Unpickler loading two pickles around it', () => {
  const one = dumps([new PyGlobal('m', 'C'), floats, 'é', 'é'], { protocol: 4 });
  const both = new Uint8Array(one.length * 2);
  both.set(one, 0);
  both.set(one, one.length);
  const u = new Unpickler(both, {
    findClass: () => {
      assert.deepEqual(loads(inner), loads(inner));
      return undefined;
    },
  });
  for (let i = 0; i < 2; i++) {
    const v = u.load() as unknown[];
    assert.ok(v[0] instanceof PyGlobal);
    assert.deepEqual(v[1], floats);
    assert.deepEqual(v.slice(2), ['é', 'é']);
  }
  assert.ok(u.atEnd);
  assert.ok(loads(dumps(new Tuple([1]))) instanceof Tuple);
});
