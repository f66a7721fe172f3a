/**
 * `bytesViews` is the same in every entry point that loads bytes: `loads`, the
 * streaming reader (web/async sources, Node Buffers or plain Uint8Arrays as
 * chunks) and Node's `load(path)`. With it, bytes are plain `Uint8Array` views
 * of the bytes the loader holds (so two bytes of one pickle share one
 * buffer); without it each is a copy of its own. Bytes handed out by the
 * streaming reader stay intact while it reads on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dumps, loads, loadFromStream, openPickleStream, NDArray, PickleBuffer } from '../../src/index.js';
import { load } from '../../src/node/index.js';
import { alignmentPad, readInput } from '../../src/node/input.js';
import { Progress } from '../../src/node/progress.js';
import { fixture } from '../ml/numpy/helpers.js';

const small = new Uint8Array(100).fill(0x61);
const large = new Uint8Array(70_000).fill(0x62); // over 64 KiB: written outside frames
const pickle = dumps([small, large], { protocol: 5 });

/** `data` as chunks of `size` bytes, as Buffers or plain Uint8Arrays (each a copy of its own). */
function chunked(data: Uint8Array, size: number, asBuffer: boolean): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < data.length; at += size) {
    const part = data.slice(at, at + size);
    out.push(asBuffer ? Buffer.from(part) : part);
  }
  return out;
}

function checkLoaded(value: unknown, views: boolean): void {
  const [a, b] = value as [Uint8Array, Uint8Array];
  for (const x of [a, b]) assert.equal(Object.getPrototypeOf(x), Uint8Array.prototype);
  assert.deepEqual(a, small);
  assert.deepEqual(b, large);
  // Views of one loader buffer share it; copies each own theirs.
  assert.equal(a.buffer === b.buffer, views);
  if (!views) {
    assert.equal(a.byteLength, a.buffer.byteLength);
    assert.equal(b.byteLength, b.buffer.byteLength);
  }
}

for (const asBuffer of [false, true]) {
  const kind = asBuffer ? 'Node Buffer' : 'plain Uint8Array';
  for (const views of [false, true]) {
    test(`loads of a ${kind}: bytesViews ${views}`, () => {
      const input = asBuffer ? Buffer.from(pickle) : pickle.slice();
      const value = loads(input, { bytesViews: views }) as Uint8Array[];
      checkLoaded(value, views);
      assert.equal(value[0]!.buffer === input.buffer, views);
    });
    test(`the streaming reader with ${kind} chunks: bytesViews ${views}`, async () => {
      checkLoaded(await loadFromStream(chunked(pickle, 4096, asBuffer), { bytesViews: views }), views);
    });
  }
}

test('bytes handed out by the streaming reader stay intact while it reads on', async () => {
  const second = dumps([new Uint8Array(90_000).fill(0x63)], { protocol: 5 });
  const both = new Uint8Array(pickle.length + second.length);
  both.set(pickle);
  both.set(second, pickle.length);
  const reader = openPickleStream(chunked(both, 1000, true), { bytesViews: true });
  const first = (await reader.next())!.value as Uint8Array[];
  const next = (await reader.next())!.value as Uint8Array[];
  checkLoaded(first, true);
  assert.deepEqual(next[0], new Uint8Array(90_000).fill(0x63));
  assert.equal(await reader.next(), undefined);
});

test("Node's load(path): bytesViews gives views of what it read, copies otherwise", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'picklejar-views-'));
  try {
    const path = join(dir, 'two-bytes.pkl');
    writeFileSync(path, pickle);
    checkLoaded(await load(path, { bytesViews: true }), true);
    checkLoaded(await load(path, { bytesViews: false }), false);
    checkLoaded(await load(path), false);
    // A numpy array through a file is right whether its payload landed aligned (a view) or not (deferred).
    const npPath = join(dir, 'f8.pkl');
    const f8 = fixture('numpy', 'f8_1d.p5.pkl');
    writeFileSync(npPath, f8);
    const a = (await load(npPath, { bytesViews: true })) as NDArray;
    assert.deepEqual(a.tolist(), (loads(f8) as NDArray).tolist());
    assert.deepEqual(dumps(a, { protocol: 5 }), f8);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A protocol 5 numpy float64 array pickle of `n` elements, its payload at an offset that is not 8-aligned. */
function bigArrayPickle(n: number): { pickle: Uint8Array; values: Float64Array } {
  const values = new Float64Array(n).map((_, i) => i * 0.25);
  const pickle = dumps(NDArray.from(values), { protocol: 5 });
  return { pickle, values };
}

test('the streaming reader places a large payload on a 64-byte boundary: a numpy array loads as a view', async () => {
  const { pickle: p, values } = bigArrayPickle(50_000);
  const a = (await loadFromStream(chunked(p, 16_384, false), { bytesViews: true })) as NDArray;
  assert.equal(a.deferred, false);
  const data = a.data as Float64Array;
  assert.equal(data.byteOffset % 64, 0);
  assert.deepEqual(data, values);
  // Loaded whole from the same bytes, the payload is at its odd offset: deferred, same values.
  const whole = loads(p, { bytesViews: true }) as NDArray;
  assert.equal(whole.deferred, true);
  assert.deepEqual(whole.data, values);
});

test("Node's load(path) of a large numpy pickle gives an array viewing what it read", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'picklejar-views-'));
  try {
    const { pickle: p, values } = bigArrayPickle(300_000); // 2.4 MB: read in several chunks
    const path = join(dir, 'big.pkl');
    writeFileSync(path, p);
    const a = (await load(path, { bytesViews: true })) as NDArray;
    assert.equal(a.deferred, false);
    assert.equal((a.data as Float64Array).byteOffset % 64, 0);
    assert.deepEqual(a.data, values);
    assert.deepEqual(dumps(a, { protocol: 5 }), p);
    const copied = (await load(path)) as NDArray;
    assert.equal(copied.deferred, false);
    assert.deepEqual(copied.data, values);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a length prefix alone does not make the streaming reader reserve its payload', async () => {
  // PROTO 5, BINBYTES8 claiming 512 MiB, then only 256 KiB of it before the stream ends.
  const head = Uint8Array.from([0x80, 0x05, 0x8e, 0, 0, 0, 0x20, 0, 0, 0, 0]);
  const chunks = [head, ...Array.from({ length: 4 }, () => new Uint8Array(65_536))];
  const before = process.memoryUsage().arrayBuffers;
  let peak = 0;
  async function* source(): AsyncGenerator<Uint8Array> {
    for (const c of chunks) {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
      yield c;
    }
  }
  await assert.rejects(loadFromStream(source()), { name: 'UnpicklingError' });
  peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
  assert.ok(peak < 64 * 1024 * 1024, `reserved ${peak} bytes for 256 KiB of input`);
});

test('out-of-band buffers are zero-copy both ways, whatever bytesViews says', () => {
  const big = new Uint8Array(100_000).fill(0x5a);
  const buffers: PickleBuffer[] = [];
  const head = dumps([new PickleBuffer(big)], { protocol: 5, bufferCallback: (b) => (buffers.push(b), false) });
  assert.equal(head.length < 100, true, 'the payload is not in the pickle');
  const raw = buffers[0]!.raw();
  assert.equal(raw.buffer, big.buffer);
  for (const bytesViews of [false, true]) {
    const [back] = loads(head, { buffers: [raw], bytesViews }) as [Uint8Array];
    assert.equal(back.buffer, big.buffer);
  }
});

test('CLI file reading places a large file in one buffer with its big payload on a 64-byte boundary', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'picklejar-views-'));
  try {
    const { pickle: p, values } = bigArrayPickle(300_000); // 2.4 MB: read in 1 MiB chunks
    const path = join(dir, 'big.pkl');
    writeFileSync(path, p);
    const input = await readInput(path, {} as never, new Progress({ write: () => true } as never, false));
    assert.deepEqual(input.data, p);
    const a = loads(input.data, { bytesViews: true }) as NDArray;
    assert.equal(a.deferred, false);
    assert.equal((a.data as Float64Array).buffer, input.data.buffer);
    assert.deepEqual(a.data, values);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('alignmentPad: 0 unless a pickle head stops inside a large payload', () => {
  const { pickle: p } = bigArrayPickle(300_000);
  const head = p.subarray(0, 4096);
  const pad = alignmentPad(head);
  const a = loads(new Uint8Array(p), { bytesViews: true }) as NDArray;
  assert.equal(a.deferred, true, 'at offset 0 the payload is not aligned');
  const placedInput = new Uint8Array(pad + p.length);
  placedInput.set(p, pad);
  assert.equal((loads(placedInput.subarray(pad), { bytesViews: true }) as NDArray).deferred, false);
  assert.equal(alignmentPad(pickle.subarray(0, 50)), 0, 'small payloads are left where they are');
  assert.equal(alignmentPad(Uint8Array.from([0x50, 0x4b, 3, 4])), 0, 'not a pickle');
  assert.equal(alignmentPad(Uint8Array.from([0x80, 0x05, 0xff])), 0, 'a malformed head');
  assert.equal(alignmentPad(p), 0, 'a complete pickle: nothing pending');
});
