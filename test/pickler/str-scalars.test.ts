/**
 * Short strs at protocol 4+: the machine hashes each one for the str memo in
 * the pass that writes its UTF-8 (machine.ts `saveScalar`), so its bytes are
 * written before the memo is asked, and a memo hit writes its GET over them.
 * Exact bytes (from CPython 3.11, see each case's Python expression) for
 * ASCII, 2- and 3-byte chars, surrogate pairs and lone surrogates, the
 * 32/33-unit boundary between the table and the Map, repeats; and the memo's
 * reused entry lists (scratch.ts) never carrying a str from one dump to the next.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Pickler, dumpChunks, dumps } from '../../src/pickler/index.js';
import { PicklingError } from '../../src/errors.js';
import { hashShort, StringMemo } from '../../src/pickler/string-memo.js';
import { Scratch } from '../../src/pickler/scratch.js';
import { PickleMachine } from '../../src/pickler/machine.js';
import { resolvePicklerOptions } from '../../src/pickler/options.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

// python3: pickle.dumps(['a', 'bb', 'a', 'é', '€x', '\U0001F600', '\ud800', 'a\udc00b', '\ud800\U0001F600\udfff', 'bb', '\U0001F600'], p)
const MIXED = ['a', 'bb', 'a', 'é', '€x', '\u{1F600}', '\ud800', 'a\udc00b', '\ud800\u{1F600}\udfff', 'bb', '\u{1F600}'];
const MIXED_4 =
  '80049542000000000000005d94288c0161948c0262629468018c02c3a9948c04e282ac78948c04f09f9880948c03eda080948c0561edb08062948c0aeda080f09f9880edbfbf9468026805652e';
const MIXED_2 =
  '80025d710028580100000061710158020000006262710268015802000000c3a971035804000000e282ac7871045804000000f09f988071055803000000eda0807106580500000061edb080627107580a000000eda080f09f9880edbfbf710868026805652e';

test('short strs: ASCII, 2/3/4-byte UTF-8, lone surrogates and repeats as CPython writes them', () => {
  assert.equal(hex(dumps(MIXED, { protocol: 4 })), MIXED_4);
  assert.equal(hex(dumps(MIXED, { protocol: 5 })), '8005' + MIXED_4.slice(4));
  assert.equal(hex(dumps(MIXED, { protocol: 2 })), MIXED_2);
});

test('short strs whose surrogate pair straddles the two-unit steps of the pass, and 2/3-byte boundaries', () => {
  // python3: pickle.dumps(['a\U0001F600', '\u00fc\U0001F600b', '\u00e9\u00e8\u20ac', 'ab\u07ff\u0800'], 4)
  const v = ['a\u{1F600}', '\u00fc\u{1F600}b', '\u00e9\u00e8\u20ac', 'ab\u07ff\u0800'];
  assert.equal(hex(dumps(v, { protocol: 4 })), '8004952b000000000000005d94288c0561f09f9880948c07c3bcf09f988062948c07c3a9c3a8e282ac948c076162dfbfe0a08094652e');
});

test('strs at the 32/33-unit boundary of the hashed table, 3- and 4-byte chars', () => {
  // python3: pickle.dumps(['\u20ac'*32, '\u20ac'*33, '\U0001F600'*16, '\U0001F600'*17, 'x'*32, 'x'*33, '\u20ac'*32, 'x'*33], 4)
  // (CPython folds the equal constants into one object, as picklejar shares equal strs.)
  const v = ['€'.repeat(32), '€'.repeat(33), '\u{1F600}'.repeat(16), '\u{1F600}'.repeat(17), 'x'.repeat(32), 'x'.repeat(33), '€'.repeat(32), 'x'.repeat(33)];
  const euro = 'e282ac';
  const smile = 'f09f9880';
  const expected =
    '800495a3010000000000005d9428' +
    `8c60${euro.repeat(32)}94` +
    `8c63${euro.repeat(33)}94` +
    `8c40${smile.repeat(16)}94` +
    `8c44${smile.repeat(17)}94` +
    `8c20${'78'.repeat(32)}94` +
    `8c21${'78'.repeat(33)}94` +
    '68016806652e';
  assert.equal(hex(dumps(v, { protocol: 4 })), expected);
});

test('a memo hit after many distinct short strs (table growth) writes the right GET', () => {
  const strs = Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? `é${i}` : `s${i}`));
  const p = new Pickler({ protocol: 4 });
  p.dump(strs);
  // A new list of the same strs: each str a LONG_BINGET/BINGET of its first index (1 + i; the first list is 0).
  const again = p.dump([...strs]);
  let body = '5d94'; // EMPTY_LIST, MEMOIZE
  for (let start = 0; start < 3000; start += 1000) {
    body += '28';
    for (let i = start; i < start + 1000; i++) {
      const idx = 1 + i;
      body += idx < 256 ? `68${idx.toString(16).padStart(2, '0')}` : `6a${Buffer.from(new Uint32Array([idx]).buffer).toString('hex')}`;
    }
    body += '65';
  }
  body += '2e';
  // One frame: FRAME, its 8-byte length (STOP included), the body.
  const length = body.length / 2;
  const expected = `800495${Buffer.from(new BigUint64Array([BigInt(length)]).buffer).toString('hex')}${body}`;
  assert.equal(hex(again), expected);
});

test('one-shot dumps never carry a str from one dump to the next (reused memo lists)', () => {
  const first = dumps(['x', 'yy', 'é'], { protocol: 4 });
  const second = dumps(['x', 'yy', 'é'], { protocol: 4 });
  assert.equal(hex(second), hex(first));
  // python3: pickle.dumps(['yy'], 4)
  assert.equal(hex(dumps(['yy'], { protocol: 4 })), '80049509000000000000005d948c02797994612e');
});

test('a failed dump rolls the str memo back, for the hashed strs too', () => {
  const p = new Pickler({ protocol: 4 });
  p.dump(['kept']);
  assert.throws(() => p.dump(['dropped', 'kept', Symbol('no')]), PicklingError);
  // python3: p = pickle.Pickler(f, 4); p.dump([k]); then p.dump(['dropped', k]) writes:
  assert.equal(hex(p.dump(['dropped', 'kept'])), '80049511000000000000005d94288c0764726f70706564946801652e');
});

test('StringMemo.getHashed finds what get inserted, and the lists come back empty from the scratch', () => {
  const scratch = new Scratch();
  const memo = new StringMemo(scratch);
  const keys = Array.from({ length: 1000 }, (_, i) => `k${i}`);
  keys.forEach((k, i) => {
    assert.equal(memo.get(k), -1);
    memo.setAfterMiss(k, i * 3);
  });
  for (const [i, k] of keys.entries()) {
    assert.equal(memo.getHashed(k, hashShort(k, memo.seed)), i * 3);
  }
  memo.release();
  const lists = scratch.strLists;
  assert.ok(lists !== undefined);
  assert.ok(lists.keys.every((k) => k === undefined));
  const next = new StringMemo(scratch);
  assert.equal(next.get('k1'), -1);
  next.setAfterMiss('k1', 7);
  assert.equal(next.get('k1'), 7);
  assert.equal(next.get('k2'), -1);
});

test('float runs: -0, ±Infinity, NaN, tiny and subnormal floats and ints among floats, across batches, as CPython and streamed alike', () => {
  // python3: v = [[0.5, -0.0, inf, -inf, nan, 3, 2.5, -1.5e-300, 5e-324, -7][i % 10] for i in range(2500)]
  const kinds = [0.5, -0, Infinity, -Infinity, NaN, 3, 2.5, -1.5e-300, 5e-324, -7];
  const v = Array.from({ length: 2500 }, (_, i) => kinds[i % 10]);
  const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
  const p4 = dumps(v, { protocol: 4 });
  assert.equal(p4.length, 19770);
  assert.equal(sha(p4), '3e9a80e948633a795619a86304151fd7775df4c929c34f2771650f0e6e2717b3');
  const p5 = dumps(v, { protocol: 5 });
  assert.equal(sha(p5), '594df9b48c735bdafdc42ec5b4a31393c1a543be44e4df1065ea93ab974dc658');
  assert.equal(sha(Buffer.concat(Array.from(dumpChunks(v, { protocol: 5 }), (c) => c.slice()))), sha(p5));
});

test("the machine's inline hash is hashShort: strs it memoized are found by StringMemo.get", () => {
  const machine = new PickleMachine(resolvePicklerOptions({ protocol: 4 }), new Scratch());
  const strs = ['', 'a', 'ab', 'abc', 'é', 'aé', 'éa', '\u{1F600}', 'x\ud800', 'k'.repeat(31), 'k'.repeat(32), 'é'.repeat(32)];
  machine.dump(strs);
  // Memo index 0 is the list; the strs follow in order.
  strs.forEach((s, i) => assert.equal(machine.memoStrs.get(s), i + 1, JSON.stringify(s)));
  assert.equal(machine.memoStrs.get('abd'), -1);
});

test('StringMemo past the 2^20 entries a table slot can name: the rest go to the Map, all found', () => {
  const memo = new StringMemo(new Scratch());
  const n = (1 << 20) + 50;
  for (let i = 0; i < n; i++) {
    const k = `m${i}`;
    assert.equal(memo.get(k), -1);
    memo.setAfterMiss(k, i);
  }
  for (const i of [0, 1, 1000, (1 << 20) - 2, (1 << 20) - 1, 1 << 20, n - 1]) assert.equal(memo.get(`m${i}`), i);
  memo.dropFrom((1 << 20) - 1);
  assert.equal(memo.get(`m${(1 << 20) - 2}`), (1 << 20) - 2);
  assert.equal(memo.get(`m${(1 << 20) - 1}`), -1);
  assert.equal(memo.get(`m${n - 1}`), -1);
});

test('scalar dict values: ±Infinity, NaN and -0 as floats, integral numbers as ints', () => {
  // python3: pickle.dumps({'a': inf, 'b': -inf, 'c': nan, 'd': -0.0, 'e': 0, 'f': 2.5, 'g': -3, 'h': 2**53}, 4)
  const v = { a: Infinity, b: -Infinity, c: NaN, d: -0, e: 0, f: 2.5, g: -3, h: 2 ** 53 };
  assert.equal(
    hex(dumps(v, { protocol: 4 })),
    '80049562000000000000007d94288c016194477ff00000000000008c01629447fff00000000000008c016394477ff80000000000008c0164944780000000000000008c0165944b008c0166944740040000000000008c0167944afdffffff8c0168948a0700000000000020752e',
  );
});
