/**
 * The pickler's fast paths (runs of floats written per batch, scalar items
 * written without a frame, short strs with their MEMOIZE, small all-scalar
 * dicts written at once, the open-addressing str memo) against CPython's
 * bytes for the same values, at every protocol: frame and batch boundaries,
 * non-ASCII and repeated strs, dicts of 1, 999, 1000 and 1001 items, a memo
 * past 256 and 65536 entries. Runs python3; skips without it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Pickler, dumps } from '../../src/pickler/index.js';
import { PicklingError } from '../../src/errors.js';
import { Float } from '../../src/values/index.js';
import { pythonSkip } from '../helpers/python.js';
import { PICKLE_PROTOCOLS } from '../helpers/protocols.js';

const hasPython = pythonSkip() === false;
const skip = hasPython ? false : 'python3 not available';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const dictOf = (n: number): Record<string, unknown> => Object.fromEntries(range(n).map((i) => [`k${i}`, i % 3 ? i + 0.5 : `v${i % 7}`]));

/** JS value and the Python expression that builds the same value. */
const CASES: [string, () => unknown, string][] = [
  ['floats over frames and batches', () => range(20_000).map((i) => i + 0.25), '[i + 0.25 for i in range(20000)]'],
  [
    'mixed scalars',
    () => range(3001).map((i) => [i + 0.5, i, -i, i * 70000, `s${i % 500}`, `é${i}`, i % 2 === 0, null][i % 8]),
    "[[i + 0.5, i, -i, i * 70000, S500[i % 500], f'é{i}', i % 2 == 0, None][i % 8] for i in range(3001)]",
  ],
  ['strs past memo 256 and 65536', () => range(70_000).map((i) => `s${i % 69_000}`), '[S69000[i % 69000] for i in range(70000)]'],
  [
    'strs of 85 and 86 chars, ASCII and not',
    () => ['a'.repeat(85), 'a'.repeat(86), 'é'.repeat(85), 'é'.repeat(42), 'ab'],
    "['a' * 85, 'a' * 86, 'é' * 85, 'é' * 42, 'ab']",
  ],
  [
    'dicts of 1, 2, 999, 1000, 1001 scalar items',
    () => [1, 2, 999, 1000, 1001].map(dictOf),
    '[{K[i]: (i + 0.5 if i % 3 else V7[i % 7]) for i in range(n)} for n in (1, 2, 999, 1000, 1001)]',
  ],
  [
    'many small records',
    () => range(5000).map((i) => ({ a: i, b: 2.5, c: 'x', d: null, e: true })),
    "[{'a': i, 'b': 2.5, 'c': 'x', 'd': None, 'e': True} for i in range(5000)]",
  ],
  [
    'tuples and nested records',
    () => range(2000).map((i) => ({ t: [i, `t${i}`], n: { x: i + 0.5 } })),
    "[{'t': [i, f't{i}'], 'n': {'x': i + 0.5}} for i in range(2000)]",
  ],
];

for (const [name, make, expr] of CASES) {
  test(`fast paths: ${name} as CPython, protocols 0-5`, { skip }, () => {
    // Equal strs are one object in Python here (S500, S69000, V7, K), as picklejar shares them by value.
    const script = `import pickle, sys\nS500 = [f's{i}' for i in range(500)]\nS69000 = [f's{i}' for i in range(69000)]\nV7 = [f'v{i}' for i in range(7)]\nK = [f'k{i}' for i in range(1001)]\nv = ${expr}\nfor p in range(6):\n    sys.stdout.write(pickle.dumps(v, p).hex() + '\\n')`;
    const run = spawnSync('python3', ['-c', script], { encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(run.status, 0, run.stderr);
    const expected = run.stdout.trim().split('\n');
    for (const p of PICKLE_PROTOCOLS) {
      // Twice: the second dump reuses the buffer and the str table the first one left.
      for (let k = 0; k < 2; k++) assert.equal(Buffer.from(dumps(make(), { protocol: p })).toString('hex'), expected[p], `protocol ${p}`);
    }
  });
}

test('a failed dump leaves the str memo as it was, also past its growth', () => {
  const pickler = new Pickler({ protocol: 4 });
  const first = pickler.dump(['kept']);
  assert.ok(first.length > 0);
  const many = range(5000).map((i) => `n${i}`);
  assert.throws(() => pickler.dump([...many, () => 1]), PicklingError);
  // 'kept' is still a memo hit (BINGET 1, after the list's 0); the strs of the failed dump are not.
  const again = Buffer.from(pickler.dump(['kept', 'n1', new Float(1)])).toString('hex');
  assert.ok(again.includes('68018c026e3194'), again);
  assert.ok(again.includes(Buffer.from('n1').toString('hex')), again);
});
