import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_GLOBALS, loads } from '../../src/unpickler/index.js';
import type { LoadBinding, LoadRegistry } from '../../src/registry/contract.js';
import { PyGlobal, PyObject, Tuple } from '../../src/values/index.js';
import { assertUnpicklingError, b, pyDumps, NEEDS_PYTHON } from './helpers.js';

class Point {
  constructor(
    public x = 0,
    public y = 0,
  ) {}
}

const registry: LoadRegistry = {
  lookup(module, name) {
    if (module === 'geo' && name === 'Point') {
      return {
        call: (args) => new Point(args[0] as number, args[1] as number),
        create: () => new Point(),
      };
    }
    return undefined;
  },
  setState(target, state) {
    if (!(target instanceof Point) || !(state instanceof Map)) return false;
    target.x = state.get('x') as number;
    target.y = state.get('y') as number;
    return true;
  },
};

test('strict mode refuses globals outside allowGlobals, naming the global and its offset', () => {
  const e = assertUnpicklingError(() => loads(b('\x80\x02cos\nsystem\n(Vid\ntR.'), { allowGlobals: [] }), "global 'os.system' is forbidden", 2);
  assert.equal(e.opcode, 'GLOBAL');
  assertUnpicklingError(() => loads(b('\x80\x04\x8c\x02os\x8c\x06system\x93.'), { allowGlobals: [['os', 'getcwd']] }), "'os.system'", 14);
  assertUnpicklingError(() => loads(b('(ios\nsystem\n.'), { allowGlobals: [] }), "'os.system'", 1);
  assertUnpicklingError(() => loads(b('\x82\x01.'), { allowGlobals: [], extensions: new Map([[1, { module: 'os', name: 'system' }]]) }), "'os.system'", 0);
  // Exact module + name after Python 2 mapping.
  assert.ok(loads(b('c__builtin__\nset\n(]tR.'), { allowGlobals: [['builtins', 'set']] }) instanceof Set);
  assertUnpicklingError(() => loads(b('c__builtin__\nset\n(]tR.'), { allowGlobals: [['__builtin__', 'set']] }), "'builtins.set'");
  assertUnpicklingError(() => loads(b('cos.path\njoin\n.'), { allowGlobals: [{ module: 'os', name: 'path.join' }] }), "'os.path.join'");
  assert.ok(loads(b('cos.path\njoin\n.'), { allowGlobals: [{ module: 'os.path', name: 'join' }] }) instanceof PyGlobal);
});

test('BUILTIN_GLOBALS lets CPython-written standard types load in strict mode', { skip: NEEDS_PYTHON }, () => {
  for (let proto = 0; proto <= 5; proto++) {
    const v = loads(pyDumps("[{1, 2}, frozenset([3]), bytearray(b'x'), b'ab', b'', 1j]", proto), { allowGlobals: BUILTIN_GLOBALS }) as unknown[];
    assert.ok(v[0] instanceof Set, `protocol ${proto}`);
    assert.deepEqual(v[3], new Uint8Array([97, 98]));
  }
});

test('a registry binds globals: REDUCE calls, NEWOBJ creates, BUILD goes to setState', () => {
  const reduced = loads(b('cgeo\nPoint\n(K\x01K\x02tR.'), { registry }) as Point;
  assert.ok(reduced instanceof Point);
  assert.deepEqual([reduced.x, reduced.y], [1, 2]);
  const built = loads(b('\x80\x02cgeo\nPoint\n)\x81}(X\x01\x00\x00\x00xK\x03X\x01\x00\x00\x00yK\x04ub.'), { registry }) as Point;
  assert.deepEqual([built.x, built.y], [3, 4]);
  const viaReconstructor = loads(b('ccopy_reg\n_reconstructor\n(cgeo\nPoint\nc__builtin__\nobject\nNtR(dVx\nI5\nsVy\nI6\nsb.'), { registry }) as Point;
  assert.ok(viaReconstructor instanceof Point);
  assert.deepEqual([viaReconstructor.x, viaReconstructor.y], [5, 6]);
  const viaNewobj = loads(b('\x80\x02ccopyreg\n__newobj__\ncgeo\nPoint\n\x85R.'), { registry });
  assert.ok(viaNewobj instanceof Point);
  // BUILD on a registered object the registry does not handle raises as CPython would.
  assertUnpicklingError(() => loads(b('cgeo\nPoint\n)R]b.'), { registry }), 'state is not a dictionary');
});

test('findClass decides first: a binding, null for inert, or a refusal', () => {
  const calls: string[] = [];
  const binding: LoadBinding = { call: (args) => `called with ${args.length}` };
  const findClass = (module: string, name: string): LoadBinding | null | undefined => {
    calls.push(`${module}.${name}`);
    if (name === 'bound') return binding;
    if (name === 'set') return null;
    if (name === 'evil') throw new Error('no evil');
    return undefined;
  };
  assert.equal(loads(b('cm\nbound\n)R.'), { findClass }), 'called with 0');
  assert.ok(loads(b('c__builtin__\nset\n(]tR.'), { findClass }) instanceof PyObject, 'null keeps even built-ins inert');
  assert.deepEqual(calls, ['m.bound', 'builtins.set']);
  const e = assertUnpicklingError(() => loads(b('cm\nevil\n.'), { findClass }), 'findClass refused m.evil', 0);
  assert.ok((e as { cause?: unknown }).cause instanceof Error);
});

test('errors thrown by bindings and hooks become UnpicklingErrors with the cause', () => {
  const bad: LoadRegistry = {
    lookup: () => ({
      call: () => {
        throw new RangeError('boom');
      },
    }),
  };
  const e = assertUnpicklingError(() => loads(b('cm\nf\n)R.'), { registry: bad }), 'm.f raised: RangeError: boom', 6);
  assert.equal(e.opcode, 'REDUCE');
  assertUnpicklingError(
    () =>
      loads(b('NQ.'), {
        persistentLoad: () => {
          throw new TypeError('nope');
        },
      }),
    'TypeError: nope',
    1,
  );
  assertUnpicklingError(
    () =>
      loads(b('\x80\x05\x97.'), {
        buffers: {
          [Symbol.iterator]: () => ({
            next: () => {
              throw new Error('it');
            },
          }),
        },
      }),
    'it',
    2,
  );
});

test('REDUCE and NEWOBJ check their operands like CPython', () => {
  assertUnpicklingError(() => loads(b('cm\nf\nNR.')), 'argument list must be a tuple', 6);
  assertUnpicklingError(() => loads(b('K\x01)R.')), "'int' object is not callable", 3);
  assertUnpicklingError(() => loads(b('cm\nC\nN\x81.')), 'NEWOBJ args argument must be a tuple, not NoneType');
  assertUnpicklingError(() => loads(b('cm\nC\n)N\x92.')), 'NEWOBJ_EX kwargs argument must be a dict, not NoneType');
  // A class produced by REDUCE (e.g. getattr(Outer, 'Inner') at protocol < 4) is a valid NEWOBJ class.
  const nested = loads(b('\x80\x02c__builtin__\ngetattr\ncm\nOuter\nX\x05\x00\x00\x00Inner\x86R)\x81.')) as PyObject;
  assert.equal(nested.creation, 'NEWOBJ');
  assert.ok(nested.callable instanceof PyObject);
  assert.ok((nested.callable as PyObject).args instanceof Tuple);
});
