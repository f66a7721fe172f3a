// loads, Unpickler and scan take the bytes in any binary form JavaScript has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps, loads, scan, scanAsync, Unpickler, UnpicklingError, PickleError, Tuple } from '../../src/index.js';

const pickle = dumps(new Tuple([1, 'two', [3.5]]), { protocol: 2 });

/** The same pickle, at an odd offset inside a larger buffer, in every form. */
function forms(): [string, unknown][] {
  const padded = new ArrayBuffer(pickle.length + 7);
  new Uint8Array(padded, 3, pickle.length).set(pickle);
  const exact = pickle.slice().buffer;
  const shared = new SharedArrayBuffer(pickle.length);
  new Uint8Array(shared).set(pickle);
  return [
    ['ArrayBuffer', exact],
    ['SharedArrayBuffer', shared],
    ['DataView with an offset', new DataView(padded, 3, pickle.length)],
    ['Uint8Array with an offset', new Uint8Array(padded, 3, pickle.length)],
    ['Int8Array', new Int8Array(exact)],
    ['Uint8ClampedArray', new Uint8ClampedArray(exact)],
    ['Buffer', Buffer.from(pickle)],
  ];
}

for (const [name, input] of forms()) {
  test(`loads, Unpickler and scan read a ${name}`, async () => {
    const expected = [1, 'two', [3.5]];
    assert.deepEqual([...(loads(input as ArrayBuffer) as Tuple<unknown>)], expected);
    const u = new Unpickler(input as ArrayBuffer);
    assert.deepEqual([...(u.load() as Tuple<unknown>)], expected);
    assert.equal(u.position, pickle.length);
    assert.equal(scan(input as ArrayBuffer).verdict, 'safe');
    assert.equal((await scanAsync(input as ArrayBuffer)).verdict, 'safe');
  });
}

test('a typed array wider than a byte is read as its underlying bytes', () => {
  // [0x4b 0x07] [0x2e 0x00] little-endian: BININT1 7, STOP; the trailing byte is ignored as by pickle.loads.
  const words = new Uint16Array(2);
  new Uint8Array(words.buffer).set([0x4b, 0x07, 0x2e, 0x00]);
  assert.equal(loads(words), 7);
});

test('non-binary input is refused with the library errors', () => {
  assert.throws(
    () => loads('abc' as unknown as Uint8Array),
    (e: unknown) => e instanceof UnpicklingError && /not 'str'/.test((e as Error).message),
  );
  assert.throws(() => loads([1, 2] as unknown as Uint8Array), UnpicklingError);
  assert.throws(
    () => scan({} as unknown as Uint8Array),
    (e: unknown) => e instanceof PickleError && /expects the bytes/.test((e as Error).message),
  );
});
