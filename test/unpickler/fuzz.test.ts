import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PickleError } from '../../src/errors.js';
import { loads, Unpickler } from '../../src/unpickler/index.js';
import { hex, readGolden } from './helpers.js';

/** xorshift32: a fixed-seed PRNG so every run mutates the same way. */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x28, 0x2e, 0x0a, 0x5c, 0x27, 0x93, 0x94, 0x95, 0x97, 0x98, 0x68, 0x6a, 0x72, 0x52, 0x62, 0x81, 0x92];

function mutate(src: Uint8Array, rnd: () => number): Uint8Array {
  const out = Array.from(src);
  const edits = 1 + Math.floor(rnd() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * (out.length + 1));
    const kind = Math.floor(rnd() * 6);
    const byte = rnd() < 0.5 ? INTERESTING[Math.floor(rnd() * INTERESTING.length)]! : Math.floor(rnd() * 256);
    if (kind === 0) out[at] = byte;
    else if (kind === 1) out.splice(at, 0, byte);
    else if (kind === 2) out.splice(at, 1);
    else if (kind === 3) out.length = at;
    else if (kind === 4) out.splice(at, 0, ...out.slice(at, at + 1 + Math.floor(rnd() * 16)));
    else out[at] = (out[at] ?? 0) ^ (1 << Math.floor(rnd() * 8));
  }
  return new Uint8Array(out);
}

const seeds = readGolden<{ values: { hex: string }[] }>('values.json')
  .values.map((c) => hex(c.hex))
  .filter((d) => d.length < 400);

test('seeded mutation fuzz: only PickleErrors escape loads (fixed seed and count)', () => {
  const rnd = prng(0x5eed);
  const limits = { maxWork: 1_000_000, maxStringBytes: 1 << 20 };
  let loaded = 0;
  let rejected = 0;
  for (let i = 0; i < 12_000; i++) {
    const data = mutate(seeds[i % seeds.length]!, rnd);
    const options = i % 3 === 0 ? { lossless: true, limits } : i % 3 === 1 ? { dictType: 'object' as const, limits } : { limits };
    try {
      const u = new Unpickler(data, options);
      u.load();
      if (!u.atEnd) {
        try {
          u.load();
        } catch (e) {
          if (!(e instanceof PickleError)) throw e;
        }
      }
      loaded++;
    } catch (e) {
      if (!(e instanceof PickleError)) {
        assert.fail(`${Buffer.from(data).toString('hex')} escaped ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      }
      assert.match(e.message, / at byte \d+/);
      rejected++;
    }
  }
  assert.ok(loaded > 100 && rejected > 1000, `${loaded} loaded, ${rejected} rejected`);
});

test('random bytes: only PickleErrors escape', () => {
  const rnd = prng(42);
  for (let i = 0; i < 5_000; i++) {
    const data = new Uint8Array(1 + Math.floor(rnd() * 40));
    for (let j = 0; j < data.length; j++) data[j] = rnd() < 0.3 ? INTERESTING[Math.floor(rnd() * INTERESTING.length)]! : Math.floor(rnd() * 256);
    try {
      loads(data);
    } catch (e) {
      if (!(e instanceof PickleError)) assert.fail(`${Buffer.from(data).toString('hex')} escaped ${String(e)}`);
    }
  }
});
