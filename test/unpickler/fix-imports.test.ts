import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { pythonSkip } from '../helpers/python.js';
import { fromPython2, toPython2 } from '../../src/compat/fix-imports.js';
import { IMPORT_MAPPING, NAME_MAPPING, REVERSE_IMPORT_MAPPING, REVERSE_NAME_MAPPING } from '../../src/compat/fix-imports-table.js';

const hasPython = pythonSkip() === false;

test('well-known Python 2 names map as CPython does (offline)', () => {
  assert.deepEqual(fromPython2('__builtin__', 'unicode'), { module: 'builtins', name: 'str' });
  assert.deepEqual(fromPython2('__builtin__', 'set'), { module: 'builtins', name: 'set' });
  assert.deepEqual(fromPython2('copy_reg', '_reconstructor'), { module: 'copyreg', name: '_reconstructor' });
  assert.deepEqual(fromPython2('exceptions', 'ValueError'), { module: 'builtins', name: 'ValueError' });
  assert.deepEqual(fromPython2('UserDict', 'IterableUserDict'), { module: 'collections', name: 'UserDict' });
  assert.deepEqual(fromPython2('mymod', 'Thing'), { module: 'mymod', name: 'Thing' });
  assert.deepEqual(toPython2('builtins', 'str'), { module: '__builtin__', name: 'unicode' });
  assert.deepEqual(toPython2('builtins', 'set'), { module: '__builtin__', name: 'set' });
  assert.deepEqual(toPython2('builtins', 'FileNotFoundError'), { module: 'exceptions', name: 'OSError' });
  assert.deepEqual(toPython2('copyreg', '_reconstructor'), { module: 'copy_reg', name: '_reconstructor' });
  assert.deepEqual(toPython2('mymod', 'Thing'), { module: 'mymod', name: 'Thing' });
  // No prototype-chain lookups: these are not table entries.
  assert.deepEqual(fromPython2('__proto__', 'constructor'), { module: '__proto__', name: 'constructor' });
  assert.deepEqual(toPython2('constructor', '__proto__'), { module: 'constructor', name: '__proto__' });
});

test('both directions agree with python3 for every table entry', { skip: hasPython ? false : 'python3 not found' }, () => {
  const pairs: [string, string][] = [];
  for (const [m, n, m2, n2] of NAME_MAPPING) pairs.push([m, n], [m2, n2]);
  for (const [m, n, m2, n2] of REVERSE_NAME_MAPPING) pairs.push([m, n], [m2, n2]);
  for (const [m, m2] of IMPORT_MAPPING) pairs.push([m, 'anything'], [m2, 'anything'], [m, 'object']);
  for (const [m, m2] of REVERSE_IMPORT_MAPPING) pairs.push([m, 'anything'], [m2, 'anything']);
  pairs.push(['mymod', 'x'], ['__proto__', 'constructor'], ['builtins', 'OSError'], ['builtins', 'ModuleNotFoundError']);
  // The lookup order is pickle.py's find_class / save_global: name mapping, then import mapping.
  const script = `
import sys, json, _compat_pickle as c
pairs = json.load(sys.stdin)
out = []
for m, n in pairs:
    f = (m, n)
    if f in c.NAME_MAPPING: f = c.NAME_MAPPING[f]
    elif m in c.IMPORT_MAPPING: f = (c.IMPORT_MAPPING[m], n)
    t = (m, n)
    if t in c.REVERSE_NAME_MAPPING: t = c.REVERSE_NAME_MAPPING[t]
    elif m in c.REVERSE_IMPORT_MAPPING: t = (c.REVERSE_IMPORT_MAPPING[m], n)
    out.append([list(f), list(t)])
json.dump(out, sys.stdout)
`;
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(pairs), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const expected = JSON.parse(r.stdout) as [[string, string], [string, string]][];
  assert.equal(expected.length, pairs.length);
  let checked = 0;
  for (let i = 0; i < pairs.length; i++) {
    const [m, n] = pairs[i]!;
    const [[fm, fn], [tm, tn]] = expected[i]!;
    assert.deepEqual(fromPython2(m, n), { module: fm, name: fn }, `fromPython2(${m}, ${n})`);
    assert.deepEqual(toPython2(m, n), { module: tm, name: tn }, `toPython2(${m}, ${n})`);
    checked++;
  }
  assert.ok(checked > 400, `checked ${checked}`);
});

test('the generated table matches the installed _compat_pickle', { skip: hasPython ? false : 'python3 not found' }, () => {
  const r = spawnSync(
    'python3',
    [
      '-c',
      `
import json, _compat_pickle as c
print(json.dumps([len(c.IMPORT_MAPPING), len(c.NAME_MAPPING), len(c.REVERSE_IMPORT_MAPPING), len(c.REVERSE_NAME_MAPPING)]))
`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [IMPORT_MAPPING.length, NAME_MAPPING.length, REVERSE_IMPORT_MAPPING.length, REVERSE_NAME_MAPPING.length]);
});
