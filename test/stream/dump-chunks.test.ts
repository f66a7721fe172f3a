/**
 * Streaming dumps (issue 10): `dumpChunks` hands the pickle out frame by frame
 * from one reused buffer; the chunks together are CPython's bytes at every
 * protocol, and the buffer stays about one frame large however big the
 * pickle. The hashes below are CPython 3.11's (`python3` running):
 *
 *     def value():
 *         rows = [[i + 0.5, str(i), {'k': i, 'b': bytes(i % 50 + 2)}] for i in range(30000)]
 *         return {'rows': rows, 'floats': [(i + 0.5) / 7 for i in range(100000)], 'blob': b'x' * 100000,
 *                 'text': 'q' * 70000, 'tail': ('end', 1 << 70)}
 *     d = pickle.dumps(value(), protocol=p); print(p, len(d), hashlib.sha256(d).hexdigest())
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { dumps } from '../../src/pickler/index.js';
import { dumpChunks } from '../../src/pickler/pickler.js';
import { PickleMachine } from '../../src/pickler/machine.js';
import { resolvePicklerOptions } from '../../src/pickler/options.js';
import { Scratch } from '../../src/pickler/scratch.js';
import { FRAME_SIZE_TARGET } from '../../src/pickler/writer.js';
import { dumpToSink } from '../../src/stream/index.js';
import { PicklingError } from '../../src/errors.js';
import { Tuple } from '../../src/values/index.js';
import { PICKLE_PROTOCOLS, type PickleProtocol } from '../helpers/protocols.js';

const CPYTHON: readonly [number, string][] = [
  [9640043, 'd830c3bb6852b5557bd72745cc076de7037787f5683fd3bbbbc9d9657fb7915c'],
  [4073352, 'b422ce46fb51090fd69f03795e66d0b74181b607bd3bec3c67c084e403b58f9b'],
  [4043338, '6f4bdbf0e7be40e55394d6f445e6ed49f880b69b00ef5f8a8ea0f7b0da66e82e'],
  [3473289, 'f8fa21aaea811d65e8447610f2c2935d1dbe369447ed8e9378d7a9e19a11726b'],
  [2904373, 'a49fc77b6ca2d449f3fa501b6c7fddb668827e5827c7a75e4cee215b8b22ca34'],
  [2904373, '2582acc4030adfa04aa34427b6918c3971a4b3529061062f7b4a331981777628'],
];

const value = (): unknown => ({
  rows: Array.from({ length: 30000 }, (_, i) => [i + 0.5, String(i), { k: i, b: new Uint8Array((i % 50) + 2) }]),
  floats: Array.from({ length: 100000 }, (_, i) => (i + 0.5) / 7),
  blob: new Uint8Array(100000).fill(0x78),
  text: 'q'.repeat(70000),
  tail: new Tuple(['end', 1n << 70n]),
});

const sha256 = (parts: readonly Uint8Array[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

/** Streams `v` through a machine of its own, recording the chunks (copied) and the largest buffer it used. */
function streamed(v: unknown, protocol: PickleProtocol): { chunks: Uint8Array[]; capacity: number } {
  const machine = new PickleMachine(resolvePicklerOptions({ protocol }), new Scratch());
  machine.begin(v, true);
  const w = machine.w;
  const chunks: Uint8Array[] = [];
  let capacity = 0;
  try {
    for (;;) {
      const done = machine.advance();
      if (done) w.commitFrame();
      capacity = Math.max(capacity, w.capacity);
      for (const c of w.takeDue()) chunks.push(c.slice());
      w.compact();
      if (done) return { chunks, capacity };
    }
  } finally {
    machine.end();
  }
}

test("dumpChunks writes CPython's bytes at every protocol, in chunks", () => {
  for (const p of PICKLE_PROTOCOLS) {
    const chunks = Array.from(dumpChunks(value(), { protocol: p }), (c) => c.slice());
    const total = chunks.reduce((n, c) => n + c.length, 0);
    assert.equal(total, CPYTHON[p]![0], `protocol ${p}: length`);
    assert.equal(sha256(chunks), CPYTHON[p]![1], `protocol ${p}: sha256`);
    assert.ok(chunks.length > 20, `protocol ${p}: ${chunks.length} chunks`);
  }
});

test('dumps gives the same bytes as the stream', () => {
  for (const p of PICKLE_PROTOCOLS) {
    const one = dumps(value(), { protocol: p });
    assert.equal(one.length, CPYTHON[p]![0]);
    assert.equal(sha256([one]), CPYTHON[p]![1], `protocol ${p}`);
  }
});

test('every chunk is at most about one frame, or a large payload handed out as it is', () => {
  for (const p of PICKLE_PROTOCOLS) {
    let payloads = 0;
    for (const c of dumpChunks(value(), { protocol: p })) {
      // Protocol 1+ writes the 100000-byte blob (below 3: its Latin-1 text) and the 70000-char str by reference.
      if (p >= 1 && (c.length === 100000 || c.length === 70000)) {
        payloads++;
        continue;
      }
      // Protocol 0 writes those two as UNICODE text, inside the buffer: a chunk may hold one of them.
      const largestItem = p === 0 ? 100000 : 2 * 1024;
      assert.ok(c.length <= FRAME_SIZE_TARGET + 9 + largestItem, `protocol ${p}: chunk of ${c.length}`);
    }
    assert.equal(payloads, p >= 1 ? 2 : 0, `protocol ${p}`);
  }
});

test("the stream's buffer stays bounded by a frame, not the pickle", () => {
  for (const p of PICKLE_PROTOCOLS) {
    const { chunks, capacity } = streamed(value(), p);
    assert.equal(sha256(chunks), CPYTHON[p]![1], `protocol ${p}`);
    // 4 KiB doubled up to hold one frame plus one item: 128 KiB, against a pickle of 3-10 MB. At protocol 0
    // the 100000-char text is escaped in place, reserving its worst case (10 bytes a char): 1 MiB.
    assert.ok(capacity <= (p === 0 ? 1 << 20 : 256 * 1024), `protocol ${p}: buffer grew to ${capacity}`);
  }
});

test('a value that fails mid-stream raises PicklingError with its path', () => {
  const v = [Array.from({ length: 50000 }, (_, i) => i + 0.5), { bad: Symbol('s') }];
  const got: number[] = [];
  assert.throws(
    () => {
      for (const c of dumpChunks(v, { protocol: 4 })) got.push(c.length);
    },
    (e: unknown) => e instanceof PicklingError && /root\[1\]\.bad/.test(e.message),
  );
  assert.ok(got.length > 0, 'frames before the failure were handed out');
  // The one-shot scratch was given back: the next dumps works as before.
  assert.equal(dumps([1, 2], { protocol: 2 }).length, dumps([1, 2], { protocol: 2 }).length);
});

test("dumpToSink: the sink gets CPython's bytes, awaited between chunks", async () => {
  for (const p of [0, 2, 4, 5] as const) {
    const chunks: Uint8Array[] = [];
    let pending = 0;
    const written = await dumpToSink(
      value(),
      async (c) => {
        assert.equal(pending, 0, 'the sink is not called again before its promise settles');
        pending++;
        await new Promise((r) => setImmediate(r));
        chunks.push(c.slice());
        pending--;
      },
      { protocol: p, chunkSize: 50000 },
    );
    assert.equal(written, CPYTHON[p]![0]);
    assert.equal(sha256(chunks), CPYTHON[p]![1], `protocol ${p}`);
    assert.ok(chunks.slice(0, -1).every((c) => c.length === 50000));
  }
});

test('a consumer that stops early ends the dump: later dumps are unaffected', () => {
  let seen = 0;
  for (const c of dumpChunks(value(), { protocol: 4 })) {
    seen += c.length;
    if (seen > 200000) break;
  }
  assert.ok(seen > 200000);
  const again = dumps(value(), { protocol: 4 });
  assert.equal(sha256([again]), CPYTHON[4]![1]);
  const streamed4 = Array.from(dumpChunks(value(), { protocol: 4 }), (c) => c.slice());
  assert.equal(sha256(streamed4), CPYTHON[4]![1]);
});
