/**
 * Issue 12, bug 3: calls whose result a pickle discards (POP, POP_MARK) are
 * effects CPython performs; lossless loads keep them, dumps writes them back
 * byte for byte, and show prints them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dumps } from '../../src/pickler/index.js';
import { pyFormat } from '../../src/repr/index.js';
import { loads } from '../../src/unpickler/index.js';
import { discardedAfter, discardedBefore, PyGlobal, PyObject, Tuple } from '../../src/values/index.js';
import { asProtocol } from '../helpers/protocols.js';

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'fidelity', 'corpus');

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(CORPUS, name)));
}

test("dill closure: the _setattr(cell, 'cell_contents', 5) call survives a lossless round trip", () => {
  for (const name of ['dill-closure-p2.pkl', 'dill-closure-p4.pkl']) {
    const data = fixture(name);
    const value = loads(data, { lossless: true });
    const out = dumps(value, { protocol: asProtocol(data[1]!) });
    assert.deepEqual(Buffer.from(out), Buffer.from(data), name);
    const text = pyFormat(value);
    assert.match(
      text,
      /\n# called for its effect, result discarded: builtins\.getattr\(dill\._dill, '_setattr', builtins\.setattr\)\(dill\._dill\._create_cell\(None\), 'cell_contents', 5\)$/,
      name,
    );
  }
});

test('POP after a call: kept after the object below it, written back with POP', () => {
  // [m.obj(), m.effect(<list>) POP] : the effect refers to the list built so far.
  const p2 = Buffer.concat([
    Buffer.from([0x80, 0x02, 0x5d, 0x71, 0x00]), // PROTO 2, EMPTY_LIST, BINPUT 0
    Buffer.from('cm\neffect\nq\x01h\x00\x85q\x02R0', 'latin1'), // m.effect((list,)) REDUCE POP
    Buffer.from('K\x07a.', 'latin1'), // APPEND 7, STOP
  ]);
  const value = loads(p2, { lossless: true }) as unknown[];
  assert.deepEqual([...value], [7]);
  // Nothing below the call but the list: kept after the list... which the pickler writes
  // complete first. The effect is kept (never lost), even where its place moves.
  const kept = discardedAfter(value) ?? [];
  assert.equal(kept.length, 1);
  assert.ok(kept[0] instanceof PyObject);
  assert.equal(String((kept[0] as PyObject).callable), 'm.effect');
  assert.ok(Buffer.from(dumps(value, { protocol: 2 })).includes(Buffer.from('cm\neffect\n', 'latin1')));
  // Default mode keeps the effect too (issue 12: dill closures), written back the same way.
  const plain = loads(p2) as unknown[];
  assert.equal(discardedAfter(plain)?.length, 1);
  assert.deepEqual(Buffer.from(dumps(plain, { protocol: 2 })), Buffer.from(dumps(value, { protocol: 2 })));
});

test('a pickle that starts with an effect writes it back before the value', () => {
  const p2 = Buffer.from('\x80\x02cm\nf\nq\x00)R0]q\x01K\x01a.', 'latin1');
  const value = loads(p2, { lossless: true }) as unknown[];
  assert.equal(discardedBefore(value)?.length, 1);
  assert.deepEqual(Buffer.from(dumps(value, { protocol: 2 })), p2);
});

test("CPython's own recursion patterns (POP or POP_MARK, then a memo fetch) are not effects", () => {
  // A reduce whose args hold itself through a list: REDUCE, POP, BINGET (written by the pickler itself).
  const list: unknown[] = [];
  const obj = new PyObject(new PyGlobal('m', 'C'), new Tuple([list]));
  list.push(obj);
  for (const protocol of [1, 2, 4] as const) {
    const data = dumps(obj, { protocol });
    const back = loads(data, { lossless: true });
    assert.equal(discardedAfter(back as object), undefined);
    assert.deepEqual(Buffer.from(dumps(back, { protocol })), Buffer.from(data));
  }
  // A tuple holding itself through a list: POP_MARK, BINGET.
  const inner: unknown[] = [];
  const t = new Tuple([inner, 1]);
  inner.push(t);
  const data = dumps(t, { protocol: 1 });
  const back = loads(data, { lossless: true });
  assert.deepEqual(Buffer.from(dumps(back, { protocol: 1 })), Buffer.from(data));
});
