import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnpicklingError } from '../../src/errors.js';
import { dumps } from '../../src/pickler/index.js';
import { genops } from '../../src/tools/genops.js';
import { analyze, openInput } from '../../src/web/analysis/analyze.js';
import { arrayStats, accessPath, findArrays, halfToNumber, readElements } from '../../src/web/analysis/arrays.js';
import { decodePastedText } from '../../src/web/analysis/input-text.js';
import { replaySlots, tokenIndex } from '../../src/web/analysis/op-slots.js';
import { childrenOf, indexTree, referenceKind, typeNameOf } from '../../src/web/analysis/value-tree.js';
import { gzip, zlib } from '../../src/codecs/deflate.js';
import { FIXTURES } from './browser.js';
import { preview } from '../../src/web/ui/preview.js';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));

test('pasted hex in its usual spellings and base64 decode to the same bytes', () => {
  const bytes = [0x80, 0x04, 0x4b, 0x07, 0x2e];
  for (const text of [
    '80044b072e',
    '80 04 4b 07 2e',
    '\\x80\\x04\\x4b\\x07\\x2e',
    '0x80, 0x04, 0x4b, 0x07, 0x2e',
    '80:04:4B:07:2E',
    'gARLBy4=',
    'gARLBy4',
    ' gARL\nBy4= ',
  ]) {
    assert.deepEqual(Array.from(decodePastedText(text)), bytes, text);
  }
  assert.deepEqual(Array.from(decodePastedText('-_8')), [0xfb, 0xff]);
});

test('pasted text that is neither hex nor base64 raises UnpicklingError with the offset', () => {
  assert.throws(
    () => decodePastedText('   '),
    (e: unknown) => e instanceof UnpicklingError && e.message === 'nothing was pasted',
  );
  assert.throws(
    () => decodePastedText('gAR!'),
    (e: unknown) => e instanceof UnpicklingError && e.message === 'not base64 or hex: unexpected "!" at offset 3',
  );
  assert.throws(
    () => decodePastedText('gARLB'),
    (e: unknown) => e instanceof UnpicklingError && e.message === 'not base64 or hex: 5 base64 digits cannot encode whole bytes',
  );
});

test('openInput peels gzip and zlib and leaves a pickle alone', () => {
  const pickle = dumps([1, 2, 3]);
  assert.deepEqual(openInput(pickle).layers, ['pickle']);
  const gz = openInput(gzip(pickle));
  assert.deepEqual(gz.layers, ['gzip', 'pickle']);
  assert.deepEqual(Array.from(gz.pickles[0]!.bytes), Array.from(pickle));
  assert.deepEqual(openInput(zlib(gzip(pickle))).layers, ['zlib', 'gzip', 'pickle']);
});

test('the slot replay links every opcode of a list to the node it builds', () => {
  const data = dumps([10, 'x', [20]], { protocol: 2 });
  const tokens = Array.from(genops(data));
  const replay = replaySlots(tokens);
  const root = replay.root!;
  assert.equal(root.kind, 'list');
  assert.equal(root.items.length, 3);
  const names = (offset: number): string => tokens.find((t) => t.offset === offset)!.op.name;
  assert.equal(names(root.offset), 'EMPTY_LIST');
  assert.deepEqual(root.ops.map(names), ['BINPUT', 'APPENDS']);
  assert.equal(names(root.items[0]!.offset), 'BININT1');
  assert.equal(names(root.items[1]!.offset), 'BINUNICODE');
  assert.equal(root.items[2]!.items.length, 1);
  const index = indexTree([10, 'x', [20]], root);
  assert.deepEqual(index.slotPath(root.items[2]!.items[0]!), [2, 0]);
  assert.deepEqual(index.slotPath(replay.slots[tokenIndex(tokens, root.items[1]!.offset)]!), [1]);
  assert.equal(replay.slots.length, tokens.length);
  assert.equal(tokenIndex(tokens, 1), -1);
});

test('the slot replay follows memo GETs to the shared slot and objects to callable, args and state', async () => {
  const a = await analyze(fixture('malicious.pkl'));
  const p = a.pickles[0]!;
  const root = p.replay.root!;
  assert.equal(root.kind, 'object');
  assert.equal(root.offset, 27);
  assert.equal(root.callable!.kind, 'global');
  assert.equal(root.callable!.offset, 0);
  assert.deepEqual(
    childrenOf(p.value, root).map((c) => [c.label, c.slot?.offset]),
    [
      ['callable', 0],
      ['args', 26],
    ],
  );
  assert.equal(typeNameOf(p.value), 'os.system');
});

test('indexTree marks shared and recursive references by first occurrence', async () => {
  const a = await analyze(fixture('sample.pkl'));
  // Lossless loads give str-keyed dicts as objects too (they dump back byte-identically).
  const value = a.pickles[0]!.value as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(value), null);
  const index = indexTree(value, a.pickles[0]!.replay.root);
  assert.deepEqual(index.firstPath(value['shared_a'] as object), [3]);
  assert.equal(referenceKind(index, value['shared_b'], [4]), 'shared');
  assert.equal(referenceKind(index, value['shared_a'], [3]), undefined);
  assert.equal(referenceKind(index, (value['recursive'] as unknown[])[1], [5, 1]), 'recursive');
  assert.equal(index.occurrences.get(value['shared_a'] as object), 2);
  assert.equal(index.truncated, false);
});

test('analyze splits a stream of pickles and reports a truncated one', async () => {
  const stream = await analyze(fixture('stream.pkl'));
  assert.deepEqual(
    stream.pickles.map((p) => [p.stream, p.start, p.end, p.error]),
    [
      [0, 0, 21, undefined],
      [1, 21, 48, undefined],
      [2, 48, 59, undefined],
    ],
  );
  assert.equal(stream.pickles[2]!.value, 'third');
  assert.match(stream.pickles[1]!.disassemble().text, /^ {3}21: \\x80 PROTO {6}4\n/);
  const truncated = await analyze(fixture('truncated.pkl'));
  assert.equal(truncated.pickles.length, 1);
  assert.equal(truncated.pickles[0]!.error, 'pickle data was truncated at byte 2 (FRAME)');
  assert.equal(truncated.report.verdict, 'error');
});

test('analyze reports a corrupt gzip layer instead of throwing', async () => {
  const bad = gzip(dumps(1)).slice(0, 12);
  const a = await analyze(bad);
  assert.ok(a.openError !== undefined && a.openError.length > 0);
  assert.equal(a.pickles.length, 0);
});

test('inert numpy arrays decode to shape, dtype and elements', async () => {
  const a = await analyze(fixture('arrays.pkl'));
  const arrays = findArrays(a.pickles[0]!.value, 0);
  assert.deepEqual(
    arrays.map((x) => [x.name, x.kind, x.shape, x.dtype, x.nbytes]),
    [
      ["['layer.weight']", 'numpy.ndarray', [3, 4], 'float32', 48],
      ["['layer.bias']", 'numpy.ndarray', [3], 'float64', 24],
      ["['steps']", 'numpy.ndarray', [4], 'int64', 32],
    ],
  );
  assert.deepEqual(Array.from(arrays[0]!.values()!), [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75]);
  assert.deepEqual(Array.from(arrays[2]!.values()!), [1, 2, 3, 4]);
});

test('array statistics and element readers', () => {
  const s = arrayStats([1, 2, 3, NaN, 4], 4)!;
  assert.deepEqual(s, { min: 1, max: 4, mean: 2.5, nan: 1, histogram: [1, 1, 1, 1] });
  assert.deepEqual(arrayStats([5, 5], 2)!.histogram, [2, 0]);
  assert.equal(arrayStats([NaN]), undefined);
  assert.equal(halfToNumber(0x3c00), 1);
  assert.equal(halfToNumber(0xc000), -2);
  assert.equal(halfToNumber(0x7c00), Infinity);
  assert.deepEqual(Array.from(readElements('i2', false, new Uint8Array([0xff, 0xfe, 0x00, 0x01]), 2)!), [-2, 1]);
  assert.equal(readElements('i4', true, new Uint8Array(3), 1), undefined);
  assert.equal(accessPath(["'a':", '[0]', 'state']), "['a'][0].state");
  assert.equal(accessPath([]), '(root)');
});

test('previews stay exact for small values and cut big ones without printing them whole', () => {
  assert.equal(preview(new Map<unknown, unknown>([['a', [1, 2.5]]]), 80), "{'a': [1, 2.5]}");
  assert.equal(preview('x'.repeat(5000), 8), "'xxxxxxxx'…");
  assert.equal(preview(new Uint8Array(9000), 4), "b'\\x00\\x00\\x00\\x00'…");
  const big = new Map<unknown, unknown>([
    ['blob', new Uint8Array(1 << 20)],
    ['n', 1],
  ]);
  assert.equal(preview(big, 400), "{'blob': b'" + '\\x00'.repeat(32) + "'…, 'n': 1}");
  assert.equal(preview([[1, 2], 'y'.repeat(5000)], 200), "[[1, 2], '" + 'y'.repeat(32) + "'…]");
});
