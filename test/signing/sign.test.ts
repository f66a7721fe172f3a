import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sign, verify } from '../../src/signing/index.js';
import { PickleError, UnpicklingError } from '../../src/errors.js';

const KEY = new Uint8Array(32).map((_, i) => i * 7 + 1);
const OTHER = new Uint8Array(32).map((_, i) => i * 7 + 2);
// A small protocol-4 pickle of {'a': [1, 2]} as CPython 3.11 writes it.
const PAYLOAD = Uint8Array.from([
  0x80, 0x04, 0x95, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x7d, 0x94, 0x8c, 0x01, 0x61, 0x94, 0x5d, 0x94, 0x28, 0x4b, 0x01, 0x4b, 0x02, 0x65, 0x73, 0x2e,
]);

async function rejects(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof UnpicklingError, `expected UnpicklingError, got ${String(e)}`);
    assert.match((e as Error).message, pattern);
    return true;
  });
}

test('round trip without, with a string and with a numeric key id', async () => {
  for (const keyId of [undefined, 'prod-2026', 0, 4294967295, '', 'ключ']) {
    const signed = await sign(PAYLOAD, KEY, { keyId });
    const out = await verify(signed, KEY, { keyId });
    assert.deepEqual(out, PAYLOAD);
    assert.deepEqual(await verify(signed, KEY), PAYLOAD);
  }
  assert.deepEqual(await verify(await sign(new Uint8Array(0), KEY), KEY), new Uint8Array(0));
});

test('the envelope layout is the documented one', async () => {
  const signed = await sign(PAYLOAD, KEY, { keyId: 'k1' });
  assert.deepEqual([...signed.subarray(0, 9)], [0x50, 0x4a, 0x53, 0x47, 1, 2, 2, 0x6b, 0x31]);
  assert.deepEqual([...signed.subarray(9, 17)], [PAYLOAD.length, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(signed.subarray(17, 17 + PAYLOAD.length), PAYLOAD);
  assert.equal(signed.length, 47 + 2 + PAYLOAD.length);
  const numeric = await sign(PAYLOAD, KEY, { keyId: 0x01020304 });
  assert.deepEqual([...numeric.subarray(4, 11)], [1, 1, 4, 4, 3, 2, 1]);
  // The tag is HMAC-SHA256 over everything before it.
  const key = await crypto.subtle.importKey('raw', KEY, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const tag = new Uint8Array(await crypto.subtle.sign('HMAC', key, signed.slice(0, signed.length - 32)));
  assert.deepEqual(signed.subarray(signed.length - 32), tag);
});

test('every single-bit flip is rejected', async () => {
  const signed = await sign(PAYLOAD, KEY, { keyId: 'k' });
  let rejected = 0;
  for (let i = 0; i < signed.length; i++) {
    for (let bit = 0; bit < 8; bit++) {
      const bad = signed.slice();
      bad[i]! ^= 1 << bit;
      await assert.rejects(verify(bad, KEY), UnpicklingError, `flip of bit ${bit} at byte ${i}`);
      rejected++;
    }
  }
  assert.equal(rejected, signed.length * 8);
});

test('truncation at every offset is rejected', async () => {
  const signed = await sign(PAYLOAD, KEY, { keyId: 7 });
  for (let n = 0; n < signed.length; n++) {
    await rejects(verify(signed.subarray(0, n), KEY), /truncated|wrong magic/);
  }
  await rejects(verify(signed.subarray(0, signed.length - 1), KEY), /truncated: 77 bytes, the header declares 78/);
});

test('a trailing byte is rejected, whatever its value', async () => {
  const signed = await sign(PAYLOAD, KEY);
  for (const extra of [0, 0x2e, 0xff]) {
    const bad = new Uint8Array(signed.length + 1);
    bad.set(signed);
    bad[signed.length] = extra;
    await rejects(verify(bad, KEY), /1 byte\(s\) beyond the signed length of 74/);
  }
});

test('a wrong key is rejected', async () => {
  const signed = await sign(PAYLOAD, KEY);
  await rejects(verify(signed, OTHER), /HMAC-SHA256 tag mismatch/);
  await rejects(verify(signed, KEY.subarray(0, 31)), /tag mismatch/);
});

test('key id mismatch, wrong magic and wrong version are named', async () => {
  const signed = await sign(PAYLOAD, KEY, { keyId: 'a' });
  await rejects(verify(signed, KEY, { keyId: 'b' }), /key id mismatch: the envelope has key id "a", expected key id "b"/);
  const numeric = await sign(PAYLOAD, KEY, { keyId: 1 });
  await rejects(verify(numeric, KEY, { keyId: '1' }), /key id mismatch: the envelope has key id 1, expected key id "1"/);
  await rejects(verify(await sign(PAYLOAD, KEY), KEY, { keyId: 1 }), /the envelope has no key id, expected key id 1/);
  const magic = signed.slice();
  magic[0] = 0x80;
  await rejects(verify(magic, KEY), /wrong magic/);
  const version = signed.slice();
  version[4] = 2;
  await rejects(verify(version, KEY), /unsupported version 2/);
  await rejects(verify(PAYLOAD, KEY), /wrong magic/);
});

test('a key resolver chooses the key by key id; the key id itself is authenticated', async () => {
  const keys = new Map<string | number | undefined, Uint8Array>([
    ['old', OTHER],
    ['new', KEY],
  ]);
  const resolver = (id: string | number | undefined) => keys.get(id);
  assert.deepEqual(await verify(await sign(PAYLOAD, KEY, { keyId: 'new' }), resolver), PAYLOAD);
  assert.deepEqual(await verify(await sign(PAYLOAD, OTHER, { keyId: 'old' }), resolver), PAYLOAD);
  await rejects(verify(await sign(PAYLOAD, KEY, { keyId: 'gone' }), resolver), /no key for key id "gone"/);
  // Relabelling an envelope signed with the old key as "new" breaks the tag.
  const relabelled = await sign(PAYLOAD, OTHER, { keyId: 'old' });
  relabelled.set([0x6e, 0x65, 0x77], 7);
  await rejects(verify(relabelled, resolver), /tag mismatch/);
});

test('CryptoKey keys work; unusable keys and key ids raise PickleError', async () => {
  const cryptoKey = await crypto.subtle.importKey('raw', KEY, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signed = await sign(PAYLOAD, cryptoKey);
  assert.deepEqual(await verify(signed, KEY), PAYLOAD);
  assert.deepEqual(await verify(await sign(PAYLOAD, KEY), cryptoKey), PAYLOAD);
  const sha1 = await crypto.subtle.importKey('raw', KEY, { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  await assert.rejects(sign(PAYLOAD, sha1), (e: unknown) => e instanceof PickleError && /not HMAC\/SHA-256/.test((e as Error).message));
  await assert.rejects(sign(PAYLOAD, new Uint8Array(0)), (e: unknown) => e instanceof PickleError && /empty/.test((e as Error).message));
  await assert.rejects(sign(PAYLOAD, KEY, { keyId: -1 }), PickleError);
  await assert.rejects(sign(PAYLOAD, KEY, { keyId: 1.5 }), PickleError);
  await assert.rejects(sign(PAYLOAD, KEY, { keyId: 'x'.repeat(256) }), PickleError);
});
