/**
 * Re-entrancy: a `persistentId` or `reducerOverride` hook that itself calls
 * `dumps` (with the outer dump still running) gets a pickler and buffers of
 * its own, and the outer output stays CPython's bytes (issue 15). Expected
 * bytes were written by python3.11's C pickler:
 *
 *     class Point:
 *         def __init__(self, x, y): self.x, self.y = x, y
 *     class P(pickle.Pickler):
 *         def persistent_id(self, obj):
 *             if isinstance(obj, str) and obj.startswith('@'):
 *                 return pickle.dumps([obj[1:], 2.5, {'k': obj}], protocol=p)
 *         def reducer_override(self, obj):
 *             if type(obj) is Point:
 *                 return (pickle.loads, (pickle.dumps((obj.x, obj.y, 'xy'), protocol=p),))
 *             return NotImplemented
 *     P(f, p).dump(['@a', 'b', ['@c', {'k': 1.5}], Point(1, 'b'), 'xy'])
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pickler, dumps } from '../../src/pickler/index.js';
import { PyGlobal, Tuple } from '../../src/values/index.js';
import { PICKLE_PROTOCOLS, type PickleProtocol } from '../helpers/protocols.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Protocols 1 to 5. */
const EXPECTED = [
  '5d710028635f636f646563730a656e636f64650a710128582c0000005d71002858010000006171014740040000000000007d710258010000006b710358020000004061710473652e710258060000006c6174696e3171037471045271055158010000006271065d710728680128582c0000005d71002858010000006371014740040000000000007d710258010000006b710358020000004063710473652e7108680374710952710a517d710b58010000006b710c473ff80000000000007365637069636b6c650a6c6f6164730a710d286801285818000000284b0158010000006271005802000000787971017471022e710e680374710f527110747111527112580200000078797113652e',
  '80025d710028635f636f646563730a656e636f64650a7101582f000000c280025d71002858010000006171014740040000000000007d710258010000006b710358020000004061710473652e710258060000006c6174696e3171038671045271055158010000006271065d7107286801582f000000c280025d71002858010000006371014740040000000000007d710258010000006b710358020000004063710473652e7108680386710952710a517d710b58010000006b710c473ff80000000000007365637069636b6c650a6c6f6164730a710d6801581b000000c280024b015801000000627100580200000078797101c28771022e710e680386710f527110857111527112580200000078797113652e',
  '80035d710028432e80035d71002858010000006171014740040000000000007d710258010000006b710358020000004061710473652e71015158010000006271025d710328432e80035d71002858010000006371014740040000000000007d710258010000006b710358020000004063710473652e7104517d710558010000006b7106473ff80000000000007365635f7069636b6c650a6c6f6164730a7107431980034b0158010000006271005802000000787971018771022e710885710952710a58020000007879710b652e',
  '800495b0000000000000005d942843298004951e000000000000005d94288c0161944740040000000000007d948c016b948c0240619473652e94518c0162945d942843298004951e000000000000005d94288c0163944740040000000000007d948c016b948c0240639473652e94517d948c016b94473ff800000000000073658c075f7069636b6c65948c056c6f61647394939443198004950e000000000000004b018c0162948c0278799487942e94859452948c02787994652e',
  '800595b0000000000000005d942843298005951e000000000000005d94288c0161944740040000000000007d948c016b948c0240619473652e94518c0162945d942843298005951e000000000000005d94288c0163944740040000000000007d948c016b948c0240639473652e94517d948c016b94473ff800000000000073658c075f7069636b6c65948c056c6f61647394939443198005950e000000000000004b018c0162948c0278799487942e94859452948c02787994652e',
];

class Point {
  constructor(
    readonly x: number,
    readonly y: string,
  ) {}
}

function options(p: PickleProtocol) {
  return {
    protocol: p,
    persistentId: (v: unknown): unknown => (typeof v === 'string' && v.startsWith('@') ? dumps([v.slice(1), 2.5, { k: v }], { protocol: p }) : undefined),
    reducerOverride: (v: object) =>
      v instanceof Point ? { callable: new PyGlobal('_pickle', 'loads'), args: [dumps(new Tuple([v.x, v.y, 'xy']), { protocol: p })] } : undefined,
  };
}

const value = (): unknown[] => ['@a', 'b', ['@c', { k: 1.5 }], new Point(1, 'b'), 'xy'];

test("hooks that call dumps inside a dump: the outer pickle is CPython's, at every protocol", () => {
  for (const p of PICKLE_PROTOCOLS.slice(1)) assert.equal(hex(dumps(value(), options(p))), EXPECTED[p - 1], `protocol ${p}`);
});

test('hooks that call dumps inside a Pickler.dump, twice in a row', () => {
  for (const p of PICKLE_PROTOCOLS.slice(1)) {
    const pickler = new Pickler(options(p));
    assert.equal(hex(pickler.dump(value())), EXPECTED[p - 1], `protocol ${p}`);
    pickler.clearMemo();
    assert.equal(hex(pickler.dump(value())), EXPECTED[p - 1], `protocol ${p}, again`);
  }
});

test('a hook that calls dumps on a large value does not disturb the outer buffer', () => {
  const big = Array.from({ length: 20000 }, (_, i) => i + 0.25);
  const inner = dumps(big, { protocol: 5 });
  const outer = dumps(['@x', big], {
    protocol: 5,
    persistentId: (v) => (v === '@x' ? dumps(big, { protocol: 5 }) : undefined),
  });
  const alone = dumps(big, { protocol: 5 });
  assert.deepEqual(inner, alone);
  // The inner pickle sits in the outer one as a BINBYTES payload, written before the list.
  assert.ok(Buffer.from(outer).includes(Buffer.from(inner)));
  assert.equal(hex(outer.subarray(outer.length - 2)), '652e');
});
