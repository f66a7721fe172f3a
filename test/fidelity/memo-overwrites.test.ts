/**
 * Issue 12: a call result that a pickle memoized and popped, whose memo
 * entry a later PUT overwrites before any fetch, was made for its effect:
 * lossless loads keep it (after the object below it) and `dumps` writes it
 * back, as a call followed by POP.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps } from '../../src/pickler/index.js';
import { loads } from '../../src/unpickler/index.js';
import { discardedAfter, discardedBefore, PyObject } from '../../src/values/index.js';

test('memo overwrite: a popped, memoized call whose entry is overwritten is kept as an effect', () => {
  // [] PUT 0; m.f() PUT 1 POP; 1 PUT 1 (overwrites m.f()) POP; APPEND 2.
  const p2 = Buffer.from('\x80\x02]q\x00cm\nf\nq\x02)Rq\x010K\x01q\x010K\x02a.', 'latin1');
  const value = loads(p2, { lossless: true }) as unknown[];
  assert.deepEqual([...value], [2]);
  const kept = discardedAfter(value) ?? [];
  assert.equal(kept.length, 1);
  assert.ok(kept[0] instanceof PyObject);
  assert.equal(String((kept[0] as PyObject).callable), 'm.f');
  // Written back: the list, m.f() REDUCE POP once complete.
  assert.equal(Buffer.from(dumps(value, { protocol: 2 })).toString('latin1'), '\x80\x02]q\x00K\x02acm\nf\nq\x01)R0.');
});

test('memo overwrite: nothing is kept when the popped object was fetched before, or never overwritten', () => {
  // m.f() PUT 1 POP; GET 1 APPEND; 1 PUT 1 POP: used, so not an effect.
  const used = Buffer.from('\x80\x02]q\x00cm\nf\nq\x02)Rq\x010h\x01aK\x01q\x010.', 'latin1');
  assert.equal(discardedAfter(loads(used, { lossless: true }) as object), undefined);
  // m.f() PUT 1 POP and no overwrite: still reachable through the memo, as before.
  const kept = Buffer.from('\x80\x02]q\x00cm\nf\nq\x02)Rq\x010.', 'latin1');
  assert.equal(discardedAfter(loads(kept, { lossless: true }) as object), undefined);
  // Nothing below it: kept before the root.
  const leading = Buffer.from('\x80\x02cm\nf\nq\x00)Rq\x010K\x01q\x010]q\x02.', 'latin1');
  assert.equal(discardedBefore(loads(leading, { lossless: true }) as object)?.length, 1);
});

test('memo overwrite: the re-dump is not the input bytes (documented), but it is a fixed point with the same effects', () => {
  // The overwriting PUT is not replayed: memo indices are the pickler's own, the effect follows the
  // completed object it was read after, and the value that overwrote the entry (here K1) is not written.
  for (const [input, expected] of [
    ['\x80\x02]q\x00cm\nf\nq\x02)Rq\x010K\x01q\x010K\x02a.', '\x80\x02]q\x00K\x02acm\nf\nq\x01)R0.'],
    ['\x80\x02cm\nf\nq\x00)Rq\x010K\x01q\x010]q\x02.', '\x80\x02cm\nf\nq\x00)R0]q\x01.'],
  ] as const) {
    const once = dumps(loads(Buffer.from(input, 'latin1'), { lossless: true }), { protocol: 2 });
    assert.equal(Buffer.from(once).toString('latin1'), expected);
    assert.notEqual(Buffer.from(once).toString('latin1'), input);
    const twice = dumps(loads(once, { lossless: true }), { protocol: 2 });
    assert.deepEqual(twice, once);
  }
});
