import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dumps } from '../../src/pickler/index.js';
import { writeNpy } from '../../src/containers/npy.js';
import { NDArray } from '../../src/ml/numpy/ndarray.js';
import { isOneLineError, picklejar } from './harness.js';

const F = 'test/node/fixtures/';
const tmp = mkdtempSync(join(tmpdir(), 'picklejar-cli-files-'));

test('show, dis, convert and optimize open compressed files and pandas zips by content', () => {
  const plain = picklejar(['show', F + 'multi.pkl']);
  assert.equal(plain.status, 0, plain.stderr);
  assert.equal(plain.text, "{'C': 1.0, 'name': 'Ada', 'n': [1, 2, 3]}\n");
  for (const name of ['multi.pkl.gz', 'multi.pkl.z']) {
    assert.equal(picklejar(['show', F + name]).text, plain.text, name);
    assert.equal(picklejar(['dis', F + name]).text, picklejar(['dis', F + 'multi.pkl']).text, name);
    assert.equal(picklejar(['convert', F + name]).text, picklejar(['convert', F + 'multi.pkl']).text, name);
    assert.deepEqual(picklejar(['optimize', F + name]).stdout, picklejar(['optimize', F + 'multi.pkl']).stdout, name);
  }
  assert.equal(picklejar(['show', F + 'frame.pkl.zip']).text, picklejar(['show', F + 'frame.pkl']).text);
  assert.equal(picklejar(['dis', F + 'frame.pkl.zip']).text, picklejar(['dis', F + 'frame.pkl']).text);
  // Standard input is opened by content too.
  assert.equal(picklejar(['show'], readFileSync(F + 'multi.pkl.gz')).text, plain.text);
});

test('show prints floats as Python does', () => {
  const run = picklejar(
    ['show', '-'],
    dumps(
      new Map<unknown, unknown>([
        ['C', 1.5],
        ['D', -0],
      ]),
      { protocol: 2 },
    ),
  );
  assert.equal(run.text, "{'C': 1.5, 'D': -0.0}\n");
  const py = picklejar(['show', '-'], Buffer.from('\x80\x02}q\x00X\x01\x00\x00\x00Cq\x01G?\xf0\x00\x00\x00\x00\x00\x00s.', 'latin1'));
  assert.equal(py.text, "{'C': 1.0}\n");
});

test('show --all prints each pickle, then the first failure with its byte position', () => {
  const all = picklejar(['show', '--all', '--max-items', '3', F + 'multi.pkl.gz']);
  assert.equal(all.status, 0, all.stderr);
  const lines = all.text.split('\n');
  assert.equal(lines[0], "{'C': 1.0, 'name': 'Ada', 'n': [1, 2, 3]}");
  assert.match(lines[1]!, /^\[1\.5, -0\.0, inf, \.\.\., 1000000000000000000000000000000, b'\\x00\\xff', \(1, 'two'\)\]$/);
  const tail = picklejar(['show', '--all', F + 'tail.pkl']);
  assert.equal(tail.status, 1);
  assert.equal(tail.text, "{'a': 1}\n");
  assert.ok(isOneLineError(tail.stderr), tail.stderr);
  assert.match(tail.stderr, /^picklejar show: test\/node\/fixtures\/tail\.pkl: UnpicklingError: invalid load key, '\\x00'\. at byte 17\n$/);
});

test('errors suggest what to type: --lossless for persistent ids and buffers, --encoding for Python 2', () => {
  const persid = Buffer.from('\x80\x02X\x01\x00\x00\x00aQ.', 'latin1');
  const run = picklejar(['show', '-'], persid);
  assert.equal(run.status, 1);
  assert.ok(isOneLineError(run.stderr), run.stderr);
  assert.match(run.stderr, /persistent.*\(hint: --lossless shows persistent ids unresolved instead of failing\)\n$/);
  assert.equal(picklejar(['show', '--lossless', '-'], persid).text, "persistent_id('a')\n");
  const oob = picklejar(['show', '-'], Buffer.from('\x80\x05\x97.', 'latin1'));
  assert.match(oob.stderr, /hint: --lossless shows out-of-band buffers/);
  const py2 = Buffer.from('U\x02\xe9\xe9.', 'latin1');
  assert.match(picklejar(['show', '-'], py2).stderr, /hint: this looks like a Python 2 pickle; try --encoding latin1/);
  assert.equal(picklejar(['show', '--encoding', 'latin1', '-'], py2).text, "'éé'\n");
});

test('files that are not pickles are named in words', () => {
  const text = picklejar(['show', F + 'notes.txt']);
  assert.equal(text.status, 1);
  assert.equal(text.stderr, 'picklejar show: test/node/fixtures/notes.txt: NotAPickleError: this is not a pickle: it looks like text ("name,value")\n');
  assert.match(picklejar(['show', F + 'text.txt.gz']).stderr, /this is a gzip file whose content is not a pickle: it looks like text/);
  assert.match(picklejar(['show', F + 'two.zip']).stderr, /this is a zip archive of 2 files \(a\.txt, b\.txt\), not a pickle/);
  assert.match(picklejar(['dis', F + 'two.zip']).stderr, /this is a zip archive of 2 files/);
  assert.match(picklejar(['show', F + 'truncated.pkl.gz']).stderr, /DecompressionError: .*(corrupt|truncated)/);
});

test('show summarises large values numpy-style; --max-items and --depth control it', () => {
  const list = Array.from({ length: 5000 }, (_, i) => i);
  assert.equal(picklejar(['show', '-'], dumps(list)).text, '[0, 1, 2, ..., 4997, 4998, 4999]\n');
  assert.equal(picklejar(['show', '--max-items', '0', '-'], dumps(list)).text.split(',').length, 5000);
  assert.equal(picklejar(['show', '--depth', '1', '-'], dumps([1, [2, [3]], { a: 1 }])).text, '[1, [...], {...}]\n');
  const bytes = new Uint8Array(40 << 20);
  bytes[bytes.length - 1] = 0xff;
  const big = picklejar(['show', '-'], dumps({ data: bytes }, { protocol: 4 }));
  assert.equal(big.status, 0, big.stderr);
  assert.equal(big.text, `{'data': b'${'\\x00'.repeat(24)}'...b'${'\\x00'.repeat(23)}\\xff'}\n`);
});

test('scan reads standard input without "-", prints a readable report, and JSON with --json', () => {
  const safe = picklejar(['scan'], readFileSync('examples/records.pkl'));
  assert.equal(safe.status, 0, safe.stderr);
  assert.equal(safe.text, '<stdin>: safe: loading it imports and calls only what is allowed\n  pickle, 1 pickle, 0 globals\n');
  const evil = picklejar(['scan'], "cos\nsystem\n(S'echo hi'\ntR.");
  assert.equal(evil.status, 1);
  const lines = evil.text.split('\n');
  assert.deepEqual(lines.slice(0, 2), ['<stdin>: DANGEROUS: loading it would import or call something that can run code', '  pickle, 1 pickle, 1 global']);
  assert.match(lines[2]!, /^ {2}critical REDUCE calls os\.system .*\(imported at byte 0, called at byte 24\)$/);
  assert.equal(lines.length, 4);
  const gz = picklejar(['scan', F + 'frame.pkl.gz']);
  assert.equal(gz.status, 0, gz.text);
  assert.equal(
    gz.text,
    'test/node/fixtures/frame.pkl.gz: safe: loading it imports and calls only what is allowed\n  gzip, 1 pickle, 10 globals (10 allowed: numpy, pandas, stdlib)\n',
  );
  const json = picklejar(['scan', '--json', F + 'multi.pkl.gz']);
  const doc = JSON.parse(json.text) as { files: { container: string; pickles: number }[] };
  assert.equal(doc.files[0]!.container, 'gzip');
});

test('dis streams a long disassembly to -o, identical to the text on standard output', () => {
  const data = dumps(
    Array.from({ length: 20000 }, (_, i) => i + 0.5),
    { protocol: 4 },
  );
  const out = join(tmp, 'dis.txt');
  const run = picklejar(['dis', '-o', out, '-'], data);
  assert.equal(run.status, 0, run.stderr);
  const text = readFileSync(out, 'utf8');
  assert.equal(text, picklejar(['dis', '-'], data).text);
  assert.ok(text.endsWith('highest protocol among opcodes = 4\n'));
  assert.equal(text.split('BINFLOAT').length, 20001);
});

test('show prints a 40 MB numpy array numpy-style, reading only the elements it shows', () => {
  const data = new Float64Array(5_000_000);
  for (let i = 0; i < data.length; i++) data[i] = i;
  const npy = writeNpy(NDArray.from(data, [data.length]));
  const run = picklejar(['show', '-'], npy);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.text, 'array([0.000000e+00, 1.000000e+00, 2.000000e+00, ..., 4.999997e+06,\n       4.999998e+06, 4.999999e+06])\n');
  const grid = writeNpy(
    NDArray.from(
      Int32Array.from({ length: 40000 }, (_, i) => i),
      [200, 200],
    ),
  );
  assert.equal(
    picklejar(['show', '-'], grid).text,
    'array([[    0,     1,     2, ...,   197,   198,   199],\n       [  200,   201,   202, ...,   397,   398,   399],\n       [  400,   401,   402, ...,   597,   598,   599],\n       ...,\n       [39400, 39401, 39402, ..., 39597, 39598, 39599],\n       [39600, 39601, 39602, ..., 39797, 39798, 39799],\n       [39800, 39801, 39802, ..., 39997, 39998, 39999]], dtype=int32)\n',
  );
});
