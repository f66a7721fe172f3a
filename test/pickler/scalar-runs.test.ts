/**
 * Short lists and dicts are written at once as far as their items are
 * scalars, and a frame takes over at the first item that is not (plain
 * objects walked with for…in, Maps walked in place): the bytes stay CPython's
 * wherever the first non-scalar item sits. Hashes by CPython 3.11 (python3):
 *
 *     def value():
 *         out = []
 *         for i in range(3000):
 *             r = i % 6
 *             if r == 0: out.append({'a': i, 'b': [i], 'c': 'x%d' % i})
 *             elif r == 1: out.append({'t': (i, i)})
 *             elif r == 2: out.append({'s': 'y%d' % i})
 *             elif r == 3: out.append({'p': [1, [2]], 'q': 2.5})
 *             elif r == 4: out.append({(i, 'k'): i, 'z': None})
 *             elif i % 600 == 5: out.append({'k%d_%d' % (i, j): j + 0.5 for j in range(1200)})
 *             else: out.append([i, 'w%d' % i, [i, (i,)], None] if i % 12 == 5 else [[i], i])
 *         return out
 *     hashlib.sha256(pickle.dumps(value(), protocol=p)).hexdigest()
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { dumps } from '../../src/pickler/index.js';
import { Tuple } from '../../src/values/index.js';
import { PICKLE_PROTOCOLS } from '../helpers/protocols.js';

const CPYTHON = [
  '8c28c71ee05d5a02395cf524be34b86650b5e4d7481aec0639e66eae62fd6d7e',
  'a44ac0bfb64208901ff3c0ee269aa9eb30710813e7feeac36865082d124b93fb',
  'ca09669872dcba32de4e72aa386e057ab27ad13e36003aa72f54340dcb5a49c1',
  '21f235a168e022bcbd520d6ba8c6f82994f96ab0f5218970fdcad665c9db74d5',
  '814673802ced7b81dad3afb0b437197b076858a2d920d284360efe64e52d489c',
  'a120d8cc8dfdf1a4c86845c68769e4d95f1a8fe15c6b716346e1af835664d4f6',
];

/** The value above; dicts as plain objects, or Maps, or null-prototype objects. */
function value(dict: 'plain' | 'map' | 'null'): unknown[] {
  const make = (entries: [unknown, unknown][]): unknown => {
    if (dict === 'map' || entries.some(([k]) => typeof k !== 'string')) return new Map(entries);
    const o: Record<string, unknown> = dict === 'null' ? (Object.create(null) as Record<string, unknown>) : {};
    for (const [k, v] of entries) o[k as string] = v;
    return o;
  };
  const out: unknown[] = [];
  for (let i = 0; i < 3000; i++) {
    const r = i % 6;
    if (r === 0)
      out.push(
        make([
          ['a', i],
          ['b', [i]],
          ['c', `x${i}`],
        ]),
      );
    else if (r === 1) out.push(make([['t', new Tuple([i, i])]]));
    else if (r === 2) out.push(make([['s', `y${i}`]]));
    else if (r === 3)
      out.push(
        make([
          ['p', [1, [2]]],
          ['q', 2.5],
        ]),
      );
    else if (r === 4)
      out.push(
        make([
          [new Tuple([i, 'k']), i],
          ['z', null],
        ]),
      );
    else if (i % 600 === 5) out.push(make(Array.from({ length: 1200 }, (_, j): [unknown, unknown] => [`k${i}_${j}`, j + 0.5])));
    else out.push(i % 12 === 5 ? [i, `w${i}`, [i, new Tuple([i])], null] : [[i], i]);
  }
  return out;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

test('scalar runs cut at every position: CPython bytes, plain objects, Maps and null-prototype objects', () => {
  for (const p of PICKLE_PROTOCOLS) {
    for (const kind of ['plain', 'map', 'null'] as const) {
      assert.equal(sha256(dumps(value(kind), { protocol: p })), CPYTHON[p], `protocol ${p}, ${kind}`);
      assert.equal(sha256(dumps(value(kind), { protocol: p, sharedReferences: false })), CPYTHON[p], `protocol ${p}, ${kind}, trees only`);
    }
  }
});

test('an enumerable property on Object.prototype is not written as a key', () => {
  const proto = Object.prototype as Record<string, unknown>;
  Object.defineProperty(proto, 'polluted', { value: 1, enumerable: true, configurable: true, writable: true });
  try {
    for (const p of [2, 4] as const) assert.equal(sha256(dumps(value('plain'), { protocol: p })), CPYTHON[p], `protocol ${p}`);
  } finally {
    delete proto['polluted'];
  }
});
