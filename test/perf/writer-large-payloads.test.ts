/**
 * The writer keeps payloads of 64 KiB or more aside and assembles the pickle
 * once (issue 11): the output stays CPython's bytes, and a large dump no
 * longer takes over (and loses) the spare buffer that later dumps reuse.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { dumps, loads } from '../../src/index.js';
import { returnScratch, takeScratch } from '../../src/pickler/scratch.js';
import { ByteArray } from '../../src/values/index.js';

/** The size of the output buffer the next one-shot dumps will reuse (0: none). */
const spareSize = (): number => {
  const scratch = takeScratch();
  const size = scratch.buffer?.length ?? 0;
  returnScratch(scratch);
  return size;
};

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

// [b'x'*70000, 'abc', b'y'*100000, 1, {'k': bytearray(b'z'*65536)}, 'q'*70000]
const mixed = (): unknown[] => [
  new Uint8Array(70000).fill(0x78),
  'abc',
  new Uint8Array(100000).fill(0x79),
  1,
  new Map([['k', new ByteArray(new Uint8Array(65536).fill(0x7a))]]),
  'q'.repeat(70000),
];

test('large payloads between frames: CPython 3.11 bytes at protocols 4 and 5', () => {
  // sha256 of pickle.dumps(value, protocol=p) written by CPython 3.11.
  const p4 = dumps(mixed(), { protocol: 4 });
  assert.equal(p4.length, 305638);
  assert.equal(sha256(p4), '7107c62582b75178cfea2ca410460ab6d3160b71b0311be082f7d5d33218a046');
  const p5 = dumps(mixed(), { protocol: 5 });
  assert.equal(p5.length, 305604);
  assert.equal(sha256(p5), '53b945022d22bfa6f4793f8a995fa4b2c5040ed258ec5b1b250baf93174ddd66');
});

test('the output is a standalone exact-size array, not a view of a larger buffer', () => {
  const out = dumps(mixed(), { protocol: 5 });
  assert.equal(out.byteOffset, 0);
  assert.equal(out.buffer.byteLength, out.length);
  const back = loads(out) as unknown[];
  assert.equal((back[2] as Uint8Array).length, 100000);
  assert.equal((back[2] as Uint8Array)[99999], 0x79);
});

test('a 32 MiB bytes dump leaves the spare buffer of earlier dumps in place', () => {
  // 1M floats need a buffer of 16 MiB (9 MB pickle): it becomes the spare.
  const floats = Array.from({ length: 1_000_000 }, (_, i) => i + 0.5);
  dumps(floats, { protocol: 5 });
  const before = spareSize();
  assert.ok(before >= 9_000_009, `spare after the floats dump: ${before}`);

  const big = new Uint8Array(32 << 20);
  big[0] = 1;
  big[big.length - 1] = 2;
  const out = dumps(big, { protocol: 5 });
  assert.equal(out.length, 2 + 5 + (32 << 20) + 2); // PROTO, BINBYTES + u32, payload, MEMOIZE, STOP
  assert.equal(out[7], 1);
  assert.equal(out[out.length - 3], 2);

  const kept = spareSize();
  assert.equal(kept, before);
});

test('a dump that fails after a large payload leaves the spare buffer too', () => {
  dumps(
    Array.from({ length: 100_000 }, (_, i) => i + 0.5),
    { protocol: 4 },
  );
  const before = spareSize();
  assert.throws(() => dumps([new Uint8Array(1 << 20), () => 0], { protocol: 4 }), { name: 'PicklingError' });
  const kept = spareSize();
  assert.equal(kept, before);
});
