// Live interop with Python's own codecs, when Python is present: Python
// compresses, picklejar decompresses; picklejar compresses, Python reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compress, decompress } from '../../src/codecs/index.js';
import { ML_PYTHON, STD_PYTHON, pseudoRandom, pythonHas, runPythonBatch } from './helpers.js';

const HAS_STD = pythonHas(STD_PYTHON, ['gzip', 'bz2', 'lzma', 'zlib']);
const HAS_ZSTD = pythonHas(ML_PYTHON, ['zstandard']);
const HAS_LZ4 = pythonHas(ML_PYTHON, ['lz4.frame']);

/** Inputs: empty, tiny, runs, text, random, structured (a pickle-like float table). */
function inputs(): [string, Uint8Array][] {
  const text = new TextEncoder().encode('The quick brown fox jumps over the lazy dog. '.repeat(2000));
  const runs = new Uint8Array(70000);
  for (let i = 0; i < runs.length; i++) runs[i] = Math.floor(i / 300) % 3 === 0 ? 0 : (i * 31) & 0xff;
  const floats = new Uint8Array(9 * 20000);
  const view = new DataView(floats.buffer);
  for (let i = 0; i < 20000; i++) {
    floats[i * 9] = 0x47;
    view.setFloat64(i * 9 + 1, Math.sin(i) * 1000);
  }
  return [
    ['empty', new Uint8Array(0)],
    ['one byte', new Uint8Array([42])],
    ['runs', runs],
    ['text', text],
    ['random', pseudoRandom(150000, 3)],
    ['floats', floats],
    ['long run', new Uint8Array(300000).fill(7)],
  ];
}

const PY_COMPRESS: Record<string, string> = {
  gzip: 'gzip.compress(b)',
  zlib: 'zlib.compress(b)',
  bz2: 'bz2.compress(b)',
  xz: 'lzma.compress(b)',
  lzma: 'lzma.compress(b, format=lzma.FORMAT_ALONE)',
};
const PY_DECOMPRESS: Record<string, string> = {
  gzip: 'gzip.decompress(b)',
  zlib: 'zlib.decompress(b)',
  bz2: 'bz2.decompress(b)',
  xz: 'lzma.decompress(b, format=lzma.FORMAT_XZ)',
};
const STD_IMPORTS = 'import gzip, zlib, bz2, lzma';

for (const codec of ['gzip', 'zlib', 'bz2', 'xz', 'lzma'] as const) {
  test(`Python's ${codec} output decodes (live)`, { skip: HAS_STD ? false : 'python3 with gzip/bz2/lzma is not available' }, () => {
    const list = inputs();
    const packed = runPythonBatch(
      STD_PYTHON,
      STD_IMPORTS,
      PY_COMPRESS[codec]!,
      list.map(([, d]) => d),
    );
    list.forEach(([name, data], i) => assert.deepEqual(decompress(packed[i]!, { codec, limits: { maxRatio: 1e6 } }), data, `${codec} ${name}`));
  });
}

for (const codec of ['gzip', 'zlib', 'bz2', 'xz'] as const) {
  test(`Python reads picklejar's ${codec} (live)`, { skip: HAS_STD ? false : 'python3 with gzip/bz2/lzma is not available' }, () => {
    const levels = codec === 'bz2' ? [1, 9] : codec === 'xz' ? [undefined] : [0, 1, 6, 9];
    const cases = inputs().flatMap(([name, data]) =>
      levels.map((level) => ({ name: `${codec} level ${level} ${name}`, data, packed: compress(data, codec, { level }) })),
    );
    const back = runPythonBatch(
      STD_PYTHON,
      STD_IMPORTS,
      PY_DECOMPRESS[codec]!,
      cases.map((c) => c.packed),
    );
    cases.forEach((c, i) => assert.deepEqual(back[i], c.data, c.name));
  });
}

test(
  'Python reads picklejar gzip files written as several members and bz2 as several streams (live)',
  { skip: HAS_STD ? false : 'python3 is not available' },
  () => {
    const [, text] = inputs()[3]!;
    const gz = new Uint8Array([...compress(text.subarray(0, 1000), 'gzip'), ...compress(text.subarray(1000), 'gzip')]);
    const bz = new Uint8Array([...compress(text.subarray(0, 1000), 'bz2'), ...compress(text.subarray(1000), 'bz2')]);
    assert.deepEqual(runPythonBatch(STD_PYTHON, STD_IMPORTS, PY_DECOMPRESS['gzip']!, [gz])[0], text);
    assert.deepEqual(runPythonBatch(STD_PYTHON, STD_IMPORTS, PY_DECOMPRESS['bz2']!, [bz])[0], text);
    assert.deepEqual(decompress(gz), text);
    assert.deepEqual(decompress(bz), text);
  },
);

test('zstd both ways with Python zstandard (live)', { skip: HAS_ZSTD ? false : `${ML_PYTHON} with zstandard is not available` }, () => {
  const list = inputs();
  const packed = runPythonBatch(
    ML_PYTHON,
    'import zstandard',
    'zstandard.ZstdCompressor(level=3, write_checksum=True).compress(b)',
    list.map(([, d]) => d),
  );
  list.forEach(([name, data], i) => assert.deepEqual(decompress(packed[i]!, { limits: { maxRatio: 1e6 } }), data, `decode ${name}`));
  const back = runPythonBatch(
    ML_PYTHON,
    'import zstandard',
    'zstandard.ZstdDecompressor().decompress(b)',
    list.map(([, d]) => compress(d, 'zstd')),
  );
  list.forEach(([name, data], i) => assert.deepEqual(back[i], data, `encode ${name}`));
});

test('lz4 frames from Python lz4.frame decode (live)', { skip: HAS_LZ4 ? false : `${ML_PYTHON} with lz4 is not available` }, () => {
  const list = inputs();
  for (const opts of ['', ', block_linked=False, content_checksum=True', ', block_checksum=True, compression_level=12, store_size=False']) {
    const packed = runPythonBatch(
      ML_PYTHON,
      'import lz4.frame',
      `lz4.frame.compress(b${opts})`,
      list.map(([, d]) => d),
    );
    list.forEach(([name, data], i) => assert.deepEqual(decompress(packed[i]!, { limits: { maxRatio: 1e6 } }), data, `${name} ${opts}`));
  }
});

test("gzip headers are the bytes Python's gzip.compress(data, mtime=0) writes (live)", { skip: HAS_STD ? false : 'python3 is not available' }, () => {
  const data = inputs()[3]![1];
  for (const level of [0, 1, 6, 9]) {
    const py = runPythonBatch(STD_PYTHON, STD_IMPORTS, `gzip.compress(b, compresslevel=${level}, mtime=0)`, [data])[0]!;
    assert.deepEqual(compress(data, 'gzip', { level }).subarray(0, 10), py.subarray(0, 10), `level ${level}`);
  }
});
