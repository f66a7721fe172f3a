import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { stringifyTypedJson, writeTypedJson, TypedJsonError, type WriteTypedJsonOptions } from '../../src/typed-json/index.js';
import { loads } from '../../src/index.js';
import { Tuple, Float, Complex, PyGlobal, PyObject, PersistentRef, ExtensionRef, BufferRef, ByteArray, FrozenSet } from '../../src/values/index.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';
import { addDiscardedAfter, addDiscardedBefore } from '../../src/values/discarded.js';

const CORPUS_DIR = fileURLToPath(new URL('../../../test/fidelity/corpus/', import.meta.url));

/** The streamed text, and the chunks it came in. */
function streamed(value: unknown, options: WriteTypedJsonOptions = {}): { text: string; chunks: string[] } {
  const chunks: string[] = [];
  writeTypedJson(value, (c) => chunks.push(c), options);
  return { text: chunks.join(''), chunks };
}

function pickleFiles(): string[] {
  const pickles = join(FIXTURES_DIR, 'pickles');
  return [
    ...readdirSync(pickles)
      .filter((f) => f.endsWith('.pickle'))
      .map((f) => join(pickles, f)),
    ...readdirSync(CORPUS_DIR)
      .filter((f) => f.endsWith('.pkl'))
      .map((f) => join(CORPUS_DIR, f)),
  ];
}

test('every fixture and corpus pickle streams to the text stringifyTypedJson gives, both load modes, both layouts', () => {
  let compared = 0;
  for (const file of pickleFiles()) {
    const data = new Uint8Array(readFileSync(file));
    for (const lossless of [false, true]) {
      let value: unknown;
      try {
        value = loads(data, { lossless });
      } catch {
        continue; // needs options this comparison does not pass (a loader, an encoding)
      }
      for (const indent of [0, 2]) {
        let expected: string;
        try {
          expected = stringifyTypedJson(value, { indent });
        } catch (e) {
          assert.throws(() => streamed(value, { indent }), TypedJsonError, file);
          assert.ok(e instanceof TypedJsonError);
          continue;
        }
        // A small chunk size exercises the flushing on every fixture.
        assert.equal(streamed(value, { indent, chunkSize: 7 }).text, expected, `${file} lossless=${lossless} indent=${indent}`);
        compared++;
      }
    }
  }
  assert.ok(compared > 4000, `only ${compared} comparisons`);
});

test('every kind of value, shared and cyclic, writes the same text', () => {
  const shared = new Tuple([1, 'x']);
  const cyclic: unknown[] = [];
  cyclic.push(cyclic, shared);
  const obj = new PyObject(new PyGlobal('m', 'C'), new Tuple([1]), 'NEWOBJ_EX', new Map([['k', 2]]));
  obj.state = shared;
  obj.listItems.push('x', 1.5);
  obj.dictItems.push([1, 'y']);
  const value = [
    null,
    undefined,
    true,
    false,
    'a\ud800"b',
    0,
    -0,
    1.5,
    NaN,
    -Infinity,
    2 ** 53,
    2n ** 70n,
    7n,
    new Float(3),
    new Complex(-0, NaN),
    new Complex(1, 2),
    new Tuple([]),
    [],
    new Map(),
    {},
    new Uint8Array([0, 255]),
    ByteArray.fromBytes([1]),
    new Set([3]),
    new FrozenSet([shared]),
    new Map<unknown, unknown>([
      ['a', 1],
      ['__proto__', 2],
    ]),
    new Map<unknown, unknown>([
      ['1', 1],
      [shared, 2],
    ]),
    { b: [1, { c: 2 }] },
    obj,
    obj,
    new PersistentRef(shared, false),
    new ExtensionRef(7),
    new BufferRef(1, false),
    new PyGlobal('builtins', 'len'),
    cyclic,
    cyclic,
    new Date(0),
  ];
  for (const indent of [0, 1, 2, 4]) {
    const expected = stringifyTypedJson(value, { indent });
    for (const chunkSize of [1, 5, 65536]) assert.equal(streamed(value, { indent, chunkSize }).text, expected);
  }
});

test('chunks are about chunkSize characters, not one string', () => {
  const list = Array.from({ length: 10000 }, (_, i) => i + 0.5);
  const { text, chunks } = streamed(list, { chunkSize: 1000 });
  assert.equal(text, stringifyTypedJson(list));
  assert.ok(chunks.length > 100, `${chunks.length} chunks`);
  for (const c of chunks.slice(0, -1)) assert.ok(c.length >= 1000 && c.length < 1100, `chunk of ${c.length}`);
});

test('100,000-deep nesting writes without recursion', () => {
  let deep: unknown = 'end';
  for (let i = 0; i < 100000; i++) deep = i % 2 === 0 ? [deep] : new Tuple([deep]);
  const { text } = streamed(deep);
  assert.equal(text, stringifyTypedJson(deep));
  assert.ok(text.startsWith('{"$tuple":[[{"$tuple":[['));
  assert.ok(text.includes('{"$tuple":[["end"]]}]]}') && text.endsWith(']]}]]}'));
});

test('an unrepresentable value raises TypedJsonError with its path, as the tree converter does', () => {
  const bad = [1, new Map<unknown, unknown>([['k', [2, () => 3]]])];
  let expected: unknown;
  try {
    stringifyTypedJson(bad);
  } catch (e) {
    expected = e;
  }
  assert.ok(expected instanceof TypedJsonError);
  assert.throws(
    () => streamed(bad),
    (e: unknown) => e instanceof TypedJsonError && e.message === (expected as Error).message,
  );
  assert.throws(() => streamed(Symbol('s')), TypedJsonError);
});

test('discarded calls ($after, $before) write the same text, with and without shared values', () => {
  const call = (name: string, arg: unknown): PyObject => new PyObject(new PyGlobal('m', name), new Tuple([arg]), 'REDUCE');
  // Not shared: written in text order by the streaming path.
  const inner = new Tuple(['x']);
  const root: unknown[] = [inner, [1.5]];
  addDiscardedAfter(inner, call('f', 2));
  addDiscardedBefore(root, [call('g', 3), call('h', 4)]);
  for (const indent of [0, 2]) assert.equal(streamed(root, { indent, chunkSize: 3 }).text, stringifyTypedJson(root, { indent }));
  // Shared inside and outside the calls: $id numbering follows the tree converter.
  const shared = new Tuple(['s']);
  const anchor = new Tuple([shared]);
  const root2: unknown[] = [anchor, shared];
  addDiscardedAfter(anchor, call('f', shared));
  addDiscardedBefore(root2, [call('g', new Tuple([shared]))]);
  for (const indent of [0, 2]) assert.equal(streamed(root2, { indent, chunkSize: 3 }).text, stringifyTypedJson(root2, { indent }));
  assert.match(stringifyTypedJson(root2), /"\$after".*"\$before"/);
});
