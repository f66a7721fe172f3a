/**
 * Short strings (≤ 32 bytes) with non-ASCII bytes take a one-pass decoder;
 * it must give exactly what the long-string path gives (TextDecoder, then
 * the surrogatepass decoder): same string, same Utf8Error, for valid text,
 * lone surrogates, overlong forms, truncation and bytes beyond U+10FFFF.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeUtf8, Utf8Error } from '../../src/wire/utf8.js';

const PAD = 'p'.repeat(40);

function outcome(bytes: Uint8Array): string {
  try {
    return `ok ${JSON.stringify(decodeUtf8(bytes, 0, bytes.length))}`;
  } catch (e) {
    assert.ok(e instanceof Utf8Error, String(e));
    return `error ${e.message}`;
  }
}

/**
 * The same bytes decoded through the long path: after an ASCII prefix that
 * takes them past 32 bytes (ASCII never joins a sequence), the prefix then
 * removed. Errors compare by kind: their offsets count the prefix.
 */
function longOutcome(bytes: Uint8Array): string {
  const padded = new Uint8Array(PAD.length + bytes.length);
  padded.set(new TextEncoder().encode(PAD));
  padded.set(bytes, PAD.length);
  const r = outcome(padded);
  return r.startsWith('ok ') ? `ok ${JSON.stringify((JSON.parse(r.slice(3)) as string).slice(PAD.length))}` : 'error';
}

function shortOutcome(bytes: Uint8Array): string {
  const r = outcome(bytes);
  return r.startsWith('ok ') ? r : 'error';
}

test('short non-ASCII strings decode as the long path does', () => {
  const cases: number[][] = [
    [0x63, 0x61, 0x66, 0xc3, 0xa9], // café
    [0xe2, 0x82, 0xac], // €
    [0xf0, 0x9f, 0x98, 0x80], // 😀 as a surrogate pair
    [0xed, 0xa0, 0x80], // lone high surrogate (surrogatepass)
    [0xed, 0xbf, 0xbf, 0x41], // lone low surrogate
    [0xc0, 0x80], // overlong
    [0xe0, 0x80, 0x80], // overlong
    [0xf0, 0x80, 0x80, 0x80], // overlong
    [0xf4, 0x90, 0x80, 0x80], // beyond U+10FFFF
    [0xe2, 0x82], // truncated
    [0x41, 0xc3], // truncated
    [0xff],
    [0x80],
    [0xc3, 0x41],
  ];
  for (const c of cases) {
    const bytes = Uint8Array.from(c);
    assert.equal(shortOutcome(bytes), longOutcome(bytes), c.map((x) => x.toString(16)).join(' '));
  }
  assert.equal(decodeUtf8(Uint8Array.from([0xed, 0xa0, 0x80]), 0, 3), '\ud800');
  assert.throws(() => decodeUtf8(Uint8Array.from([0x41, 0xe2, 0x82]), 0, 3), { message: 'unexpected end of data' });
  assert.throws(() => decodeUtf8(Uint8Array.from([0x41, 0xc0, 0x80]), 0, 3), { message: 'invalid start byte 0xc0 at +1' });
  assert.equal(decodeUtf8(Uint8Array.from([0xf0, 0x9f, 0x98, 0x80]), 0, 4), '\u{1f600}');
});

test('random short byte strings: the same string or the same error as the long path', () => {
  let seed = 12345;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  // Bytes drawn mostly from lead and continuation ranges, so many are valid and many are not.
  const pool = [0x41, 0x7a, 0x80, 0x9f, 0xa0, 0xbf, 0xc2, 0xc3, 0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xc0, 0xff];
  for (let n = 0; n < 4000; n++) {
    const length = 1 + Math.floor(next() * 32);
    const bytes = new Uint8Array(length);
    for (let i = 0; i < length; i++) bytes[i] = pool[Math.floor(next() * pool.length)]!;
    assert.equal(shortOutcome(bytes), longOutcome(bytes), Array.from(bytes, (x) => x.toString(16)).join(' '));
  }
  // Valid text of every width, up to 32 bytes.
  for (const s of ['é', '€uro', '日本語テキスト', 'a😀b', 'ÿ'.repeat(16), '€'.repeat(10) + 'ab']) {
    const bytes = new TextEncoder().encode(s);
    assert.ok(bytes.length <= 32);
    assert.equal(decodeUtf8(bytes, 0, bytes.length), s);
  }
});

test('one non-ASCII byte at any position of a short string sends it down the UTF-8 path', () => {
  for (let n = 1; n <= 33; n++) {
    for (let at = 0; at < n; at++) {
      // 'é' (2 bytes) at `at` of an ASCII string of n - 1 other bytes; and a lone 0x80 there (an error).
      const ascii = Array.from({ length: n - 1 }, (_, i) => 0x61 + (i % 26));
      const ok = new Uint8Array([...ascii.slice(0, at), 0xc3, 0xa9, ...ascii.slice(at)]);
      assert.equal(decodeUtf8(ok, 0, ok.length), new TextDecoder().decode(ok), `n=${n} at=${at}`);
      const bad = new Uint8Array([...ascii.slice(0, at), 0x80, ...ascii.slice(at)]);
      assert.throws(() => decodeUtf8(bad, 0, bad.length), Utf8Error, `n=${n} at=${at}`);
    }
  }
  // Only the slice is decoded: non-ASCII bytes around it do not matter.
  const around = new Uint8Array([0xff, 0x61, 0x62, 0xff]);
  assert.equal(decodeUtf8(around, 1, 3), 'ab');
});
