/**
 * Issue 12, bug 1: a structure CPython cannot pickle (it raises RecursionError)
 * makes `dumps` raise PicklingError instead of looping until out of memory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PicklingError } from '../../src/errors.js';
import { dumps } from '../../src/pickler/index.js';
import { loads } from '../../src/unpickler/index.js';
import { PICKLE_PROTOCOLS } from '../helpers/protocols.js';
import { PyGlobal, PyObject, Tuple } from '../../src/values/index.js';

// {m.C(<the set>)}: EMPTY_SET MEMOIZE MARK 'm' 'C' STACK_GLOBAL BINGET 0 TUPLE1 REDUCE ADDITEMS STOP.
const SELF_SET = Buffer.from('8f94288c016d8c01439368008552902e', 'hex');

test('a set holding an object reduced from the set: PicklingError below protocol 4, as CPython', () => {
  assert.equal(SELF_SET.length, 16);
  const value = loads(SELF_SET) as Set<unknown>;
  for (const protocol of [0, 1, 2, 3] as const) {
    assert.throws(
      () => dumps(value, { protocol }),
      (e: unknown) => e instanceof PicklingError && /maximum recursion depth exceeded/.test(e.message),
      `protocol ${protocol}`,
    );
  }
  // At protocol 4+ the set is memoized before its items (EMPTY_SET), as CPython writes it.
  for (const protocol of [4, 5] as const) {
    const back = loads(dumps(value, { protocol })) as Set<unknown>;
    const [member] = [...back];
    assert.ok(member instanceof PyObject);
    assert.equal((member.args as Tuple)[0], back);
  }
});

test('a reduce whose arguments hold itself through a tuple: PicklingError at every protocol', () => {
  // Python: __reduce__ returning (C, (self,)) raises RecursionError at every protocol.
  const obj = new PyObject(new PyGlobal('m', 'C'), undefined);
  (obj as { args: unknown }).args = new Tuple([obj]);
  for (const protocol of PICKLE_PROTOCOLS) {
    assert.throws(
      () => dumps(obj, { protocol }),
      (e: unknown) => e instanceof PicklingError && e.path.startsWith('root.args[0]'),
    );
  }
  // Through a list (memoized before its items) the same cycle is fine.
  const list: unknown[] = [];
  const ok = new PyObject(new PyGlobal('m', 'C'), new Tuple([list]));
  list.push(ok);
  const back = loads(dumps(ok, { protocol: 2 })) as PyObject;
  assert.equal(((back.args as Tuple)[0] as unknown[])[0], back);
});

test('the guard does not trip on deep but finite nesting of tuples and reduces', () => {
  let v: unknown = 0;
  for (let i = 0; i < 5000; i++) v = i % 2 === 0 ? new Tuple([v]) : new PyObject(new PyGlobal('m', 'C'), new Tuple([v]));
  const out = dumps(v, { protocol: 2 });
  assert.ok(out.length > 5000);
});
