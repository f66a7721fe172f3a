// Python reads what picklejar writes, the way Python users open files: pickle.load on gzip/bz2/lzma/zstandard
// file objects, again and again until EOF.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { dump } from '../../src/node/files.js';
import { mlPythonSkip, pythonSkip } from '../helpers/python.js';
import { python } from './fixture-files.js';
import { asProtocol } from '../helpers/protocols.js';

const tmp = mkdtempSync(join(tmpdir(), 'picklejar-readback-'));

// Big enough for several bz2 blocks, xz chunks and zstd blocks; repr summarised by Python itself.
const VALUE = { floats: Array.from({ length: 200_000 }, (_, i) => i / 7), text: 'picklejar '.repeat(100_000) };
const SUMMARY = '200000 28571.285714285714 1000000\n';
const READ = [
  'import sys, pickle, gzip, bz2, lzma',
  'OPEN = {"gz": gzip.open, "bz2": bz2.open, "xz": lzma.open, "pkl": lambda p: open(p, "rb")}',
  'if len(sys.argv) > 1 and sys.argv[1] == "zstd":',
  '    import zstandard',
  '    OPEN["zst"] = lambda p: zstandard.ZstdDecompressor().stream_reader(open(p, "rb"))',
  '    del sys.argv[1]',
  'for p in sys.argv[1:]:',
  '    with OPEN[p.rsplit(".", 1)[1]](p) as f:',
  '        v = pickle.load(f)',
  '        print(len(v["floats"]), v["floats"][-1], len(v["text"]))',
].join('\n');

test('Python opens .pkl, .pkl.gz, .pkl.bz2 and .pkl.xz files dump writes and pickle.loads them', { skip: pythonSkip() }, async () => {
  const files: string[] = [];
  for (const name of ['r.pkl', 'r.pkl.gz', 'r.pkl.bz2', 'r.pkl.xz']) {
    await dump(VALUE, join(tmp, name));
    files.push(join(tmp, name));
  }
  const run = python(READ, files);
  assert.equal(run.status, 0, run.err);
  assert.equal(run.out, SUMMARY.repeat(4));
});

test('Python zstandard reads the .pkl.zst files dump writes', { skip: mlPythonSkip('zstandard') }, async () => {
  const path = join(tmp, 'r.pkl.zst');
  await dump(VALUE, path);
  const run = python(READ, ['zstd', path], true);
  assert.equal(run.status, 0, run.err);
  assert.equal(run.out, SUMMARY);
});

test('several dumps to one stream are read back by pickle.load called until EOF', { skip: pythonSkip() }, async () => {
  const path = join(tmp, 'several.pkl');
  const out = createWriteStream(path);
  const values = [[1, 2.5, 'three'], { four: 4 }, new Uint8Array([5, 6])];
  for (const [i, v] of values.entries()) await dump(v, out, { protocol: asProtocol(i + 2) });
  out.end();
  await once(out, 'close');
  const code = ['import sys, pickle', 'f = open(sys.argv[1], "rb")', 'while True:', '    try: print(repr(pickle.load(f)))', '    except EOFError: break'].join(
    '\n',
  );
  const run = python(code, [path]);
  assert.equal(run.status, 0, run.err);
  assert.equal(run.out, "[1, 2.5, 'three']\n{'four': 4}\nb'\\x05\\x06'\n");
});
