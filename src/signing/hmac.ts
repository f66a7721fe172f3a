/**
 * HMAC-SHA256 through WebCrypto (`globalThis.crypto.subtle`), which Node 20+
 * and every current browser provide, so the core needs no `node:crypto`.
 */
import { PickleError } from '../errors.js';

/**
 * The part of WebCrypto's `CryptoKey` picklejar reads. Declared here rather
 * than naming the DOM's `CryptoKey`, so that the published types compile for
 * users whose `lib` has no DOM; every real `CryptoKey` matches it.
 */
export interface CryptoKeyLike {
  /** The key's algorithm; picklejar accepts `HMAC` with hash `SHA-256`. */
  readonly algorithm: { readonly name: string };
  /** `'secret'` for an HMAC key. */
  readonly type: string;
  /** Whether the key material can be exported. */
  readonly extractable: boolean;
  /** What the key may be used for; signing needs `'sign'`. */
  readonly usages: readonly string[];
}

/** A secret: raw key bytes (32 random bytes recommended) or an HMAC-SHA256 `CryptoKey`. */
export type SigningKey = Uint8Array | CryptoKeyLike;

function subtle(): SubtleCrypto {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (c === undefined || c.subtle === undefined) {
    throw new PickleError('WebCrypto (globalThis.crypto.subtle) is not available in this environment');
  }
  return c.subtle;
}

/**
 * Turns raw key bytes into a CryptoKey for HMAC-SHA256 (both sign and verify
 * usages: verification recomputes the tag and compares it itself).
 * @throws PickleError for an empty key, a non-HMAC CryptoKey or a WebCrypto failure.
 */
export async function toHmacKey(key: SigningKey): Promise<CryptoKeyLike> {
  if (key instanceof Uint8Array) {
    if (key.length === 0) throw new PickleError('the signing key is empty');
    try {
      // Copy so the caller's buffer (maybe a Node Buffer slice of a pool) is not retained.
      return await subtle().importKey('raw', key.slice(), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    } catch (e) {
      throw new PickleError(`cannot import the signing key: ${(e as Error)?.message ?? String(e)}`);
    }
  }
  if (key === null || typeof key !== 'object' || (key as CryptoKeyLike).algorithm === undefined) {
    throw new PickleError('the signing key must be a Uint8Array or a CryptoKey');
  }
  const algorithm = key.algorithm as HmacKeyAlgorithm;
  if (algorithm.name !== 'HMAC' || algorithm.hash?.name !== 'SHA-256') {
    throw new PickleError(`the CryptoKey is for ${algorithm.name}${algorithm.hash ? '/' + algorithm.hash.name : ''}, not HMAC/SHA-256`);
  }
  return key;
}

/**
 * HMAC-SHA256 of the concatenation of `parts`.
 * @throws PickleError when WebCrypto refuses the key (e.g. no "sign" usage).
 */
export async function hmacSha256(key: CryptoKeyLike, parts: readonly Uint8Array[]): Promise<Uint8Array> {
  let total = 0;
  for (const p of parts) total += p.length;
  const data = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  try {
    return new Uint8Array(await subtle().sign('HMAC', key as CryptoKey, data));
  } catch (e) {
    throw new PickleError(`HMAC-SHA256 failed: ${(e as Error)?.message ?? String(e)}`);
  }
}

/**
 * Compares two byte strings in time that depends only on their lengths, so a
 * forger learns nothing from how long a rejection took.
 * @throws never.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
