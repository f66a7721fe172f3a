/**
 * `sign` / `verify`: authenticate a pickle (or any payload) with HMAC-SHA256
 * in the envelope described in `envelope.ts`.
 */
import { PickleError, UnpicklingError } from '../errors.js';
import { encodeHeader, readHeader, TAG_LENGTH, type KeyId } from './envelope.js';
import { constantTimeEqual, hmacSha256, toHmacKey, type SigningKey } from './hmac.js';

/** Options of {@link sign}. */
export interface SignOptions {
  /** Label of the key, stored (authenticated) in the envelope for key rotation. Default: none. */
  readonly keyId?: KeyId;
}

/** Options of {@link verify}. */
export interface VerifyOptions {
  /**
   * The key id the envelope must carry. Default: undefined, which accepts any
   * key id (including none). A number and a string never match each other.
   */
  readonly keyId?: KeyId;
}

/**
 * Chooses the key for an envelope from its declared key id (undefined when the
 * envelope has none); return undefined to reject the envelope. The key id is
 * not authenticated until the tag has been checked with the key returned.
 */
export type KeyResolver = (keyId: KeyId | undefined) => SigningKey | undefined | Promise<SigningKey | undefined>;

/**
 * Wraps `payload` in a signed envelope: magic "PJSG", version 1, key id,
 * payload length (uint64 LE), payload, HMAC-SHA256 over all of them.
 * See `envelope.ts` for the exact byte layout.
 * @param payload the bytes to sign, normally the output of `dumps`.
 * @param key raw secret bytes (32 random bytes recommended) or an HMAC/SHA-256 CryptoKey with the "sign" usage.
 * @returns a new array of `47 + keyIdLength + payload.length` bytes.
 * @throws PickleError for an empty or unusable key, an invalid key id, or missing WebCrypto.
 */
export async function sign(payload: Uint8Array, key: SigningKey, options: SignOptions = {}): Promise<Uint8Array> {
  if (!(payload instanceof Uint8Array)) throw new PickleError('sign() expects the payload as a Uint8Array');
  const header = encodeHeader(options.keyId, payload.length);
  const hmacKey = await toHmacKey(key);
  const tag = await hmacSha256(hmacKey, [header, payload]);
  const out = new Uint8Array(header.length + payload.length + TAG_LENGTH);
  out.set(header, 0);
  out.set(payload, header.length);
  out.set(tag, header.length + payload.length);
  return out;
}

function describe(keyId: KeyId | undefined): string {
  if (keyId === undefined) return 'no key id';
  return typeof keyId === 'number' ? `key id ${keyId}` : `key id ${JSON.stringify(keyId)}`;
}

/**
 * Checks a signed envelope and returns its payload, before anything parses
 * the payload. The tag is recomputed and compared in constant time.
 * @param signed the envelope, exactly as `sign` wrote it.
 * @param key the secret, or a {@link KeyResolver} choosing it by the envelope's key id.
 * @returns a copy of the authenticated payload (feed it to `loads`, which still applies its safe defaults).
 * @throws UnpicklingError naming what is wrong: wrong magic or version, a malformed key id,
 *   truncation, bytes beyond the signed length, a key id mismatch, no key for the key id,
 *   or a tag mismatch (wrong key or altered data).
 * @throws PickleError for an empty or unusable key or missing WebCrypto.
 */
export async function verify(signed: Uint8Array, key: SigningKey | KeyResolver, options: VerifyOptions = {}): Promise<Uint8Array> {
  if (!(signed instanceof Uint8Array)) throw new UnpicklingError('verify() expects the envelope as a Uint8Array');
  const header = readHeader(signed);
  if (options.keyId !== undefined && header.keyId !== options.keyId) {
    throw new UnpicklingError(`signed envelope rejected: key id mismatch: the envelope has ${describe(header.keyId)}, expected ${describe(options.keyId)}`);
  }
  let secret: SigningKey | undefined;
  if (typeof key === 'function') {
    secret = await key(header.keyId);
    if (secret === undefined) {
      throw new UnpicklingError(`signed envelope rejected: no key for ${describe(header.keyId)}`);
    }
  } else {
    secret = key;
  }
  const hmacKey = await toHmacKey(secret);
  const tagAt = header.payloadOffset + header.payloadLength;
  const expected = await hmacSha256(hmacKey, [signed.subarray(0, tagAt)]);
  if (!constantTimeEqual(expected, signed.subarray(tagAt))) {
    throw new UnpicklingError('signed envelope rejected: HMAC-SHA256 tag mismatch (wrong key, or the data was altered)', {
      offset: tagAt,
    });
  }
  return signed.slice(header.payloadOffset, tagAt);
}
