import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decompress } from '../../../src/codecs/decompress.js';
import { DataFrame, joblibCompression, NDArray, PicklingError, readJoblib, Series, writeJoblib, type JoblibCompression } from '../../../src/index.js';
import { assertPyEqual } from '../../helpers/py-equal.js';
import { ML_PYTHON, mlPythonSkip } from '../../helpers/python.js';
import { fixture, fixtureDir } from '../numpy/helpers.js';
import { dictObject } from '../../helpers/default-dicts.js';

const CASES_PY = fileURLToPath(new URL('../../../../test/ml/joblib/joblib_cases.py', import.meta.url));
const COMPRESSIONS: readonly JoblibCompression[] = ['zlib', 'gzip', 'bz2', 'xz', 'lzma', 'lz4'];

/** The values of joblib_cases.py, built in JS. */
function jsCase(name: string): unknown {
  switch (name) {
    case 'arrays': {
      const utf32 = new Uint8Array(16);
      const dv = new DataView(utf32.buffer);
      dv.setUint32(0, 0x61, true);
      dv.setUint32(4, 0x62, true);
      dv.setUint32(8, 0xe7, true);
      return {
        a: NDArray.from(
          Float64Array.from({ length: 12 }, (_, i) => i / 2),
          [3, 4],
        ),
        f: NDArray.from(Int32Array.of(0, 3, 1, 4, 2, 5), [2, 3], { order: 'F' }),
        be: NDArray.from(BigInt64Array.of(1n, -2n, 1n << 40n), [3], { dtype: '>i8' }),
        u: NDArray.from(Uint8Array.of(0, 1, 2, 3, 4)),
        b: NDArray.from(Uint8Array.of(1, 0, 1), [3], { dtype: '|b1' }),
        e: NDArray.from(new Float32Array(0)),
        h: NDArray.from(Uint16Array.of(0x3e00, 0xc000), [2], { dtype: '<f2' }),
        c: NDArray.from(Float64Array.of(1, 2), [1], { dtype: '<c16' }),
        s: NDArray.from(utf32, [2], { dtype: '<U2' }),
        d: NDArray.from(BigInt64Array.of(0n, 86400n), [2], { dtype: '<M8[s]' }),
        z: NDArray.from(Float64Array.of(7.5), []),
      };
    }
    case 'shared': {
      const x = NDArray.from(BigInt64Array.of(0n, 1n, 2n));
      return [x, x, { y: x }];
    }
    case 'object':
      return { o: NDArray.from([1, 'x', null, 2.5]), n: 3 };
    case 'large':
      return { w: NDArray.from(Uint32Array.from({ length: 20000 }, (_, i) => (i * 7) % 1000)), tail: 'end' };
    default:
      throw new Error(name);
  }
}

/** NDArrays as ['ndarray', dtype, order, tolist()]: comparable by py-equality. */
function expand(v: unknown): unknown {
  if (v instanceof NDArray) return ['ndarray', v.dtype, v.isFortran, expand(v.tolist())];
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, expand(x)]));
  if (Array.isArray(v)) return v.map(expand);
  if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === null) return dictObject(Object.entries(v).map(([k, x]) => [k, expand(x)] as const));
  if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expand(x)]));
  }
  return v;
}

for (const name of ['arrays', 'shared', 'object']) {
  for (const protocol of [2, 3, 4, 5] as const) {
    test(`writeJoblib ${name} p${protocol}: joblib 1.2's bytes for the same value`, () => {
      const golden = fixture('joblib', `write.${name}.p${protocol}.joblib`);
      assert.deepEqual(writeJoblib(jsCase(name), { protocol }), golden);
    });
    test(`writeJoblib ${name} p${protocol}: a lossless read writes back the same bytes`, () => {
      const golden = fixture('joblib', `write.${name}.p${protocol}.joblib`);
      const v = readJoblib(golden, { unpickler: { lossless: true } });
      assert.deepEqual(writeJoblib(v, { protocol }), golden);
    });
  }
}

test('writeJoblib shared: every occurrence of one array is written afresh, and reads back as three arrays', () => {
  const bytes = writeJoblib(jsCase('shared'));
  const v = readJoblib(bytes) as unknown[];
  assert.ok(v[0] instanceof NDArray && v[1] instanceof NDArray && v[0] !== v[1]);
  assert.deepEqual((v[2] as Record<string, NDArray>)['y']!.tolist(), [0, 1, 2]);
});

for (const c of COMPRESSIONS) {
  test(`writeJoblib arrays ${c}: the stream inside is joblib's, and reads back`, () => {
    const golden = fixture('joblib', `write.arrays.${c}.joblib`);
    const ours = writeJoblib(jsCase('arrays'), { compress: c });
    assert.equal(joblibCompression(ours), c);
    // The compressed bytes differ (other encoders); what they hold is joblib's stream exactly.
    assert.deepEqual(decompress(ours), decompress(golden));
    assertPyEqual(expand(readJoblib(ours, { unpickler: { dictType: 'map' } })), expand(readJoblib(golden, { unpickler: { dictType: 'map' } })));
    if (c === 'gzip') assert.deepEqual(ours.subarray(0, 10), golden.subarray(0, 10));
  });
}

test('writeJoblib arrays: the data of each array starts at a multiple of 16 bytes', () => {
  const bytes = writeJoblib({ x: NDArray.from(Float64Array.of(1, 2)), y: NDArray.from(Int16Array.of(3)) });
  for (const pattern of [Float64Array.of(1, 2), Int16Array.of(3)]) {
    const needle = new Uint8Array(pattern.buffer);
    let found = -1;
    for (let i = 0; i + needle.length <= bytes.length && found < 0; i++) {
      if (needle.every((b, k) => bytes[i + k] === b)) found = i;
    }
    assert.ok(found > 0);
    assert.equal(found % 16, 0);
  }
});

test('writeJoblib: bad compression levels and names raise PicklingError', () => {
  assert.throws(() => writeJoblib(1, { compress: 'zlib', level: 10 }), PicklingError);
  assert.throws(() => writeJoblib(1, { compress: 'bz2', level: 0 }), PicklingError);
  assert.throws(() => writeJoblib(1, { compress: 'zip' as JoblibCompression }), PicklingError);
  assert.throws(() => writeJoblib(() => 1), PicklingError);
});

test('writeJoblib: a failed dump leaves no trailer behind for the next one', () => {
  const a = NDArray.from(Float64Array.of(1));
  assert.throws(() => writeJoblib([a, Symbol('x')]), PicklingError);
  assert.deepEqual(writeJoblib([a]).length, writeJoblib([NDArray.from(Float64Array.of(1))]).length);
});

const skip = mlPythonSkip('numpy', 'joblib');

test('writeJoblib live: joblib.load reads every case and compression back equal', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'picklejar-joblib-'));
  try {
    const runs: [string, string][] = [];
    for (const name of ['arrays', 'shared', 'object', 'large']) {
      for (const c of name === 'arrays' ? (['none', ...COMPRESSIONS] as const) : (['none'] as const)) {
        const path = join(dir, `${name}.${c}.joblib`);
        writeFileSync(path, writeJoblib(jsCase(name), { compress: c }));
        runs.push([name, path]);
      }
    }
    for (const [name, path] of runs) {
      const r = spawnSync(ML_PYTHON, [CASES_PY, 'check', name, path], { encoding: 'utf8' });
      assert.equal(r.stdout.trim(), 'ok', `${path}: ${r.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeJoblib live: an array over 64 KiB is written as joblib writes it, at protocols 2 and 4', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'picklejar-joblib-'));
  try {
    for (const protocol of [2, 4] as const) {
      const path = join(dir, `large.p${protocol}.joblib`);
      const r = spawnSync(ML_PYTHON, [CASES_PY, 'dump', 'large', path, String(protocol), 'none'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(writeJoblib(jsCase('large'), { protocol }), new Uint8Array(readFileSync(path)));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const c of ['none', ...COMPRESSIONS] as const) {
  // The dict key 'scalar' and numpy's global name 'scalar' are two str objects in that file
  // (CPython writes the second afresh): the lossless scalar keeps the global as loaded, which
  // records that, so the re-dump writes 'scalar' again rather than fetching it from the memo.
  test(`writeJoblib: value.${c}.joblib read losslessly writes back joblib's stream`, () => {
    const bytes = fixture('joblib', `value.${c}.joblib`);
    const stream = c === 'none' ? bytes : decompress(bytes);
    const v = readJoblib(bytes, { unpickler: { lossless: true } });
    assert.deepEqual(writeJoblib(v), stream);
  });
}

test('node dump: a .joblib path (and .joblib.gz, .joblib.bz2) writes joblib files that load reads back', async () => {
  const { dump, load } = await import('../../../src/node/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'picklejar-joblib-'));
  try {
    for (const [name, c] of [
      ['m.joblib', 'none'],
      ['m.joblib.gz', 'gzip'],
      ['m.joblib.bz2', 'bz2'],
      ['m.JOBLIB.z', 'zlib'],
    ] as const) {
      const path = join(dir, name);
      await dump(jsCase('object'), path);
      const bytes = new Uint8Array(readFileSync(path));
      assert.equal(joblibCompression(bytes), c);
      assert.deepEqual(c === 'none' ? bytes : decompress(bytes), fixture('joblib', 'write.object.p4.joblib'));
      const back = await load(path);
      const o = back instanceof Map ? back.get('o') : (back as Record<string, unknown>)['o'];
      assert.ok(o instanceof NDArray, `${name}: ${Object.keys(back as object).join(', ')}`);
      assert.deepEqual(o.tolist(), [1, 'x', null, 2.5]);
    }
    await assert.rejects(dump(1, join(dir, 'x.joblib'), { compression: 'zstd' }), PicklingError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// joblib pickles object arrays with protocol 2, where a 1-byte bytes is written through its
// Latin-1 text: CPython's one-char str singleton, so a one-char str in the data ('b') is a memo
// hit on it (df_basic, df_categorical).
for (const name of ['df_basic', 'df_datetime', 'df_categorical', 'series_str', 'df_long']) {
  test(`writeJoblib pandas ${name}: DataFrame/Series arrays become wrappers; a lossless read writes joblib's bytes back`, () => {
    const golden = fixture('joblib', `pandas.${name}.joblib`);
    const v = readJoblib(golden, { unpickler: { lossless: true } });
    assert.ok(v instanceof DataFrame || v instanceof Series);
    assert.deepEqual(writeJoblib(v), golden);
  });
}

test('writeJoblib live: pandas frames read from joblib files and written again load in pandas equal', { skip: mlPythonSkip('pandas', 'joblib') }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'picklejar-joblib-'));
  try {
    const names = ['df_basic', 'df_datetime', 'df_categorical', 'series_str', 'df_long'];
    for (const name of names) writeFileSync(join(dir, `${name}.joblib`), writeJoblib(readJoblib(fixture('joblib', `pandas.${name}.joblib`))));
    const check = spawnSync(
      ML_PYTHON,
      [
        '-c',
        [
          'import sys, joblib',
          'for name in sys.argv[3:]:',
          '    ours = joblib.load(sys.argv[1] + "/" + name + ".joblib")',
          '    theirs = joblib.load(sys.argv[2] + "pandas." + name + ".joblib")',
          '    assert type(ours) is type(theirs) and ours.equals(theirs), name',
          '    assert list(ours.index) == list(theirs.index) and ours.index.name == theirs.index.name, name',
          '    kinds = lambda x: str(x.dtypes) if hasattr(x, "columns") else str(x.dtype)',
          '    assert kinds(ours) == kinds(theirs), name',
          'print("ok")',
        ].join('\n'),
        dir,
        fixtureDir('joblib'),
        ...names,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(check.stdout.trim(), 'ok', check.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
