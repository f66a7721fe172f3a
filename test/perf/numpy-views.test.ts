/**
 * numpy arrays under `bytesViews: true`: views of the input when the payload
 * is aligned for the dtype; otherwise (or when the data needs a byte swap) the
 * typed `data` is deferred to its first read, while shape, dtype, tolist, repr
 * and dumps read the payload in place. Without the option an array owns its
 * memory, as before. Dumps of an array write its memory once (a view, not a
 * `toBytes` copy), and out-of-band buffers are the array's own memory both ways.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps, loads, NDArray, pyRepr, PickleBuffer, ByteArray, readNpy, writeNpy, readNpz, writeNpz } from '../../src/index.js';
import { dumpChunks } from '../../src/ml/default-pickler.js';
import { fixture } from '../ml/numpy/helpers.js';

const BYTEARRAY8 = 0x96;

/** Offset of the payload of the first BYTEARRAY8 in `p` (numpy's in-band protocol 5 buffer). */
function payloadAt(p: Uint8Array): number {
  // The fixtures are small: the first 0x96 after the `_frombuffer` global and its MARK is the opcode.
  const mark = p.indexOf(0x28, p.indexOf(0x93));
  assert.equal(p[mark + 1], BYTEARRAY8);
  return mark + 2 + 8;
}

/** `pickle` copied into a fresh buffer at a position where its payload lands `misalign` bytes past an 8-byte boundary. */
function placed(pickle: Uint8Array, misalign: number): Uint8Array {
  const at = payloadAt(pickle);
  const shift = (((8 + misalign - (at % 8)) % 8) + 8) % 8;
  const outer = new Uint8Array(pickle.length + 16);
  outer.set(pickle, shift);
  return outer.subarray(shift, shift + pickle.length);
}

/** The same, as a Node Buffer over that memory (`Buffer.from(bytes)` would copy into the pool and lose the placement). */
function placedBuffer(pickle: Uint8Array, misalign: number): Buffer {
  const u = placed(pickle, misalign);
  return Buffer.from(u.buffer, u.byteOffset, u.length);
}

const f8 = fixture('numpy', 'f8_1d.p5.pkl');
const f8be = fixture('numpy', 'f8_be.p5.pkl');

test('an aligned float64 payload loads as a view of the input', () => {
  for (const input of [placed(f8, 0), placedBuffer(f8, 0)]) {
    const a = loads(input, { bytesViews: true }) as NDArray;
    assert.equal(a.deferred, false);
    assert.equal(Object.getPrototypeOf(a.data), Float64Array.prototype);
    assert.equal((a.data as Float64Array).buffer, input.buffer);
    assert.equal((a.data as Float64Array).byteOffset, input.byteOffset + payloadAt(f8));
    const before = (a.data as Float64Array)[0];
    // Aliasing, as documented: a write to the input shows in the array.
    input[payloadAt(f8) + 7] ^= 0x40;
    assert.notEqual((a.data as Float64Array)[0], before);
    input[payloadAt(f8) + 7] ^= 0x40;
    assert.deepEqual(dumps(a, { protocol: 5 }), f8);
  }
});

test('an unaligned payload defers the copy to the first read of data', () => {
  const eager = loads(f8) as NDArray;
  for (const input of [placed(f8, 2), placedBuffer(f8, 2)]) {
    const a = loads(input, { bytesViews: true }) as NDArray;
    assert.equal(a.deferred, true);
    assert.deepEqual(a.shape, eager.shape);
    assert.equal(a.dtype, '<f8');
    assert.deepEqual(a.tolist(), eager.tolist());
    assert.equal(pyRepr(a), pyRepr(eager));
    assert.deepEqual(a.toBytes(), eager.toBytes());
    assert.deepEqual(dumps(a, { protocol: 5 }), f8);
    assert.deepEqual(dumps(a, { protocol: 2 }), dumps(eager, { protocol: 2 }));
    assert.equal(a.deferred, true, 'nothing above made the typed data');
    const data = a.data as Float64Array;
    assert.equal(a.deferred, false);
    assert.equal(Object.getPrototypeOf(data), Float64Array.prototype);
    assert.notEqual(data.buffer, input.buffer);
    assert.equal(data.byteOffset % 8, 0);
    assert.deepEqual([...data], [...(eager.data as Float64Array)]);
    assert.equal(a.data, data, 'made once');
  }
});

test('deepStrictEqual compares a deferred array by its data (own enumerable property through the getter)', () => {
  const eager = loads(f8) as NDArray;
  const lazy = loads(placed(f8, 3), { bytesViews: true }) as NDArray;
  assert.equal(lazy.deferred, true);
  assert.deepEqual(Object.keys(lazy), Object.keys(eager));
  assert.deepStrictEqual(lazy, eager);
  const other = placed(f8, 3);
  other[payloadAt(f8) + 7] ^= 0x40;
  const changed = loads(other, { bytesViews: true }) as NDArray;
  assert.throws(() => assert.deepStrictEqual(changed, eager), { name: 'AssertionError' });
});

test('a deferred array can still be given new data (BUILD, user code)', () => {
  const a = loads(placed(f8, 1), { bytesViews: true }) as NDArray;
  const fresh = new Float64Array(a.size).fill(7);
  (a as { data: unknown }).data = fresh;
  assert.equal(a.deferred, false);
  assert.equal(a.data, fresh);
});

test('without bytesViews an array owns its memory and nothing is deferred', () => {
  for (const misalign of [0, 2]) {
    const input = placed(f8, misalign);
    const a = loads(input) as NDArray;
    assert.equal(a.deferred, false);
    assert.notEqual((a.data as Float64Array).buffer, input.buffer);
  }
});

test('a big-endian payload is swapped on first read, and written back unswapped', () => {
  const eager = loads(f8be) as NDArray;
  const a = loads(f8be, { bytesViews: true }) as NDArray;
  assert.equal(a.deferred, true);
  assert.deepEqual(a.tolist(), eager.tolist());
  assert.deepEqual(dumps(a, { protocol: 5 }), f8be);
  assert.deepEqual([...(a.data as Float64Array)], [...(eager.data as Float64Array)]);
  assert.deepEqual(dumps(a, { protocol: 5 }), f8be);
});

test('a bytearray that does not feed numpy._frombuffer stays a copy with bytesViews', () => {
  // EMPTY_LIST, MARK, BYTEARRAY8 b'xy', APPENDS: first item after a MARK, but under a list.
  const p = Uint8Array.from([0x80, 0x05, 0x5d, 0x28, 0x96, 2, 0, 0, 0, 0, 0, 0, 0, 0x78, 0x79, 0x65, 0x2e]);
  const [ba] = loads(p, { bytesViews: true }) as [ByteArray];
  assert.ok(ba instanceof ByteArray);
  assert.notEqual(ba.buffer, p.buffer);
});

test('dumps of an array writes its memory, not a copy: dumpChunks hands out the array data itself', () => {
  const data = new Float64Array(16384).map((_, i) => i / 3); // 128 KiB: a payload written outside frames
  const a = NDArray.from(data);
  const chunks = [...dumpChunks(a, { protocol: 5 })];
  assert.ok(chunks.some((c) => c.buffer === data.buffer && c.byteOffset === data.byteOffset && c.length === data.byteLength));
  const whole = dumps(a, { protocol: 5 });
  const total = chunks.reduce((n, c) => n + c.length, 0);
  assert.equal(whole.length, total);
  assert.deepEqual((loads(whole) as NDArray).data, data);
});

test('out-of-band buffers are the array memory both ways', () => {
  const data = new Float32Array([1.5, -2, 3.25, 4]);
  const a = NDArray.from(data, [2, 2]);
  const buffers: PickleBuffer[] = [];
  const head = dumps(a, { protocol: 5, bufferCallback: (b) => (buffers.push(b), false) });
  assert.equal(buffers.length, 1);
  const raw = buffers[0]!.raw();
  assert.equal(raw.buffer, data.buffer);
  const back = loads(head, { buffers: [raw] }) as NDArray;
  assert.equal((back.data as Float32Array).buffer, data.buffer);
  assert.deepEqual(back.shape, [2, 2]);
  // An unaligned out-of-band buffer is not copied at load either: deferred to the first read.
  const outer = new Uint8Array(raw.length + 1);
  outer.set(raw, 1);
  const odd = loads(head, { buffers: [outer.subarray(1)] }) as NDArray;
  assert.equal(odd.deferred, true);
  assert.deepEqual(odd.tolist(), [
    [1.5, -2],
    [3.25, 4],
  ]);
});

test('.npy: the data views an aligned file buffer, and is deferred at an odd offset (an .npz member)', () => {
  const values = new Float64Array([0.5, 1.5, -2.25, 1e300]);
  const file = writeNpy(NDArray.from(values));
  const aligned = readNpy(file);
  assert.equal(aligned.deferred, false);
  assert.equal((aligned.data as Float64Array).buffer, file.buffer);
  const outer = new Uint8Array(file.length + 3);
  outer.set(file, 3);
  const odd = readNpy(outer.subarray(3));
  assert.equal(odd.deferred, true);
  assert.deepEqual(odd.tolist(), [...values]);
  assert.deepEqual(odd.data, values);
  const npz = readNpz(writeNpz(new Map([['x', NDArray.from(values)]])));
  assert.deepEqual(npz.get('x')!.data, values);
});

test('a deferred array that was frozen still makes its data on first read', () => {
  const a = Object.freeze(loads(placed(f8, 5), { bytesViews: true }) as NDArray);
  assert.equal(a.deferred, true);
  const data = a.data as Float64Array;
  assert.deepEqual([...data], [...((loads(f8) as NDArray).data as Float64Array)]);
  assert.equal(a.data, data);
  assert.equal(a.deferred, false);
});

test("numpy 2's module name (numpy._core.numeric._frombuffer) gets the same view", () => {
  const np2 = fixture('numpy', 'f8_1d.np2.p5.pkl');
  const input = placed(np2, 0);
  const a = loads(input, { bytesViews: true }) as NDArray;
  assert.equal(a.deferred, false);
  assert.equal((a.data as Float64Array).buffer, input.buffer);
  // This fixture was written without frames: compare with what a copying load dumps.
  assert.deepEqual(dumps(a, { protocol: 5 }), dumps(loads(np2), { protocol: 5 }));
});
