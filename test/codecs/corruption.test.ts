// Truncated and bit-flipped input raises DecompressionError: never another
// error class, never a hang. Files whose codec checks its content (CRC,
// Adler-32, xxHash) either fail or decode to exactly the original.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecompressionError, compress, decompress } from '../../src/index.js';
import type { CodecName } from '../../src/codecs/index.js';
import { MANIFEST, fixture, pseudoRandom } from './helpers.js';

interface Case {
  readonly name: string;
  readonly data: Uint8Array;
  readonly codec: CodecName;
  /** True when every byte of the content is covered by a checksum. */
  readonly checked: boolean;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const [name, e] of Object.entries(MANIFEST.files)) {
    if (name.startsWith('large')) continue; // the small ones cover the same code faster
    const unchecked = name === 'small-none.xz' || e.codec === 'lzma' || (e.codec === 'lz4' && name !== 'large-linked.lz4') || name === 'multi-frame.zst';
    out.push({ name, data: fixture(name), codec: e.codec, checked: !unchecked });
  }
  const text = new TextEncoder().encode('picklejar '.repeat(300));
  for (const codec of ['gzip', 'zlib', 'bz2', 'xz', 'zstd'] as const)
    out.push({ name: `picklejar ${codec}`, data: compress(text, codec), codec, checked: true });
  return out;
}

function outcome(data: Uint8Array, codec: CodecName): Uint8Array | DecompressionError {
  try {
    return decompress(data, { codec, limits: { maxOutputBytes: 1 << 24, maxRatio: 1e6 } });
  } catch (e) {
    if (e instanceof DecompressionError) return e;
    throw new Error(`not a DecompressionError: ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
  }
}

for (const c of cases()) {
  test(`${c.name}: every truncation raises DecompressionError`, () => {
    const original = outcome(c.data, c.codec);
    assert.ok(original instanceof Uint8Array);
    // Every offset of a small file; about 150 evenly spread ones of a larger one.
    const step = c.data.length > 300 ? Math.ceil(c.data.length / 150) : 1;
    for (let n = 0; n < c.data.length; n += step) {
      const r = outcome(c.data.subarray(0, n), c.codec);
      if (r instanceof Uint8Array) {
        // A prefix may be a complete file only at a member/stream boundary
        // (or before trailing padding); its output is then a prefix of the original.
        assert.ok(/multi|empty/.test(c.name), `${c.name}: truncated to ${n} bytes decoded`);
        assert.deepEqual(r, original.subarray(0, r.length), `${c.name}: truncated to ${n} bytes decoded to something else`);
      }
    }
  });

  test(`${c.name}: bit flips raise DecompressionError or decode ${c.checked ? 'to the original' : 'to something'}`, () => {
    const original = outcome(c.data, c.codec) as Uint8Array;
    const rand = pseudoRandom(4096, c.data.length);
    const flips = Math.min(200, c.data.length * 8);
    for (let k = 0; k < flips; k++) {
      const bit = c.data.length * 8 <= 200 ? k : (((rand[(k * 2) % 4096]! << 8) | rand[(k * 2 + 1) % 4096]!) * 7919) % (c.data.length * 8);
      const copy = c.data.slice();
      copy[bit >> 3]! ^= 1 << (bit & 7);
      const r = outcome(copy, c.codec);
      if (r instanceof Uint8Array && c.checked) {
        // In a file of several streams, a flip that unmakes the second
        // stream's magic leaves trailing bytes, ignored as Python ignores them.
        const want = /multi/.test(c.name) ? original.subarray(0, r.length) : original;
        assert.deepEqual(r, want, `${c.name}: flipping bit ${bit} decoded to different bytes`);
      }
    }
  });
}

test('garbage is refused by every decoder', () => {
  const junk = pseudoRandom(2000, 99);
  for (const codec of ['gzip', 'zlib', 'bz2', 'xz', 'lzma', 'zstd', 'lz4'] as const) {
    const r = outcome(junk, codec);
    assert.ok(r instanceof DecompressionError, codec);
  }
  assert.throws(() => decompress(junk), DecompressionError);
  assert.throws(() => decompress(new Uint8Array(0)), DecompressionError);
});
