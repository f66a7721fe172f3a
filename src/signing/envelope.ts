/**
 * The byte layout of a picklejar signed envelope, and its encoder/header
 * decoder. The HMAC itself lives in `hmac.ts`; `sign`/`verify` in `sign.ts`.
 *
 * ```text
 * offset        size  field
 * 0             4     magic: ASCII "PJSG" (0x50 0x4A 0x53 0x47)
 * 4             1     version: 1
 * 5             1     key id kind: 0 = none, 1 = unsigned integer, 2 = UTF-8 string
 * 6             1     key id length K in bytes (0 for none, 4 for an integer, 0..255 for a string)
 * 7             K     key id: uint32 little-endian, or the UTF-8 bytes of the string
 * 7+K           8     payload length N, uint64 little-endian (at most 2^53 - 1)
 * 15+K          N     payload (normally a pickle)
 * 15+K+N        32    HMAC-SHA256(key, bytes 0 .. 15+K+N-1), i.e. over magic, version,
 *                     key id, length and payload
 * ```
 * The envelope is exactly `47 + K + N` bytes: nothing may follow the tag.
 * Little-endian lengths match pickle's own convention.
 */
import { PickleError, UnpicklingError } from '../errors.js';
import { decodeUtf8, encodeUtf8 } from '../wire/utf8.js';
import { u32le, u64le, writeU32le, writeU64le } from '../wire/integers.js';

/** The four magic bytes, "PJSG". */
export const ENVELOPE_MAGIC: readonly number[] = Object.freeze([0x50, 0x4a, 0x53, 0x47]);
/** The envelope version this module writes and reads. */
export const ENVELOPE_VERSION = 1;
/** Length of the HMAC-SHA256 tag. */
export const TAG_LENGTH = 32;
/** Bytes before the key id: magic, version, key id kind, key id length. */
const FIXED_HEAD = 7;
/** Width of the payload length field. */
const LENGTH_WIDTH = 8;

const KIND_NONE = 0;
const KIND_UINT = 1;
const KIND_STRING = 2;

/** A key id: a free-form label (at most 255 UTF-8 bytes) or an unsigned 32-bit integer. */
export type KeyId = string | number;

/** The parsed, not yet authenticated, header of an envelope. */
export interface EnvelopeHeader {
  /** The key id the signer declared, or undefined when none. */
  readonly keyId: KeyId | undefined;
  /** Offset of the payload inside the envelope. */
  readonly payloadOffset: number;
  /** Declared payload length. */
  readonly payloadLength: number;
}

/**
 * Encodes a key id field (kind, length, bytes).
 * @throws PickleError when the key id is not a uint32 or a string of at most 255 UTF-8 bytes.
 */
export function encodeKeyId(keyId: KeyId | undefined): Uint8Array {
  if (keyId === undefined) return new Uint8Array([KIND_NONE, 0]);
  if (typeof keyId === 'number') {
    if (!Number.isInteger(keyId) || keyId < 0 || keyId > 0xffffffff) {
      throw new PickleError(`key id ${keyId} is not an unsigned 32-bit integer`);
    }
    const out = new Uint8Array(6);
    out[0] = KIND_UINT;
    out[1] = 4;
    writeU32le(out, 2, keyId);
    return out;
  }
  if (typeof keyId !== 'string') throw new PickleError('key id must be a string or a number');
  const bytes = encodeUtf8(keyId);
  if (bytes.length > 255) throw new PickleError(`key id is ${bytes.length} UTF-8 bytes long; at most 255 are allowed`);
  const out = new Uint8Array(2 + bytes.length);
  out[0] = KIND_STRING;
  out[1] = bytes.length;
  out.set(bytes, 2);
  return out;
}

/**
 * Everything the HMAC covers except the payload: magic, version, key id, payload length.
 * @throws PickleError for an invalid key id or a payload longer than 2^53 - 1 bytes.
 */
export function encodeHeader(keyId: KeyId | undefined, payloadLength: number): Uint8Array {
  const id = encodeKeyId(keyId);
  const out = new Uint8Array(5 + id.length + LENGTH_WIDTH);
  out.set(ENVELOPE_MAGIC, 0);
  out[4] = ENVELOPE_VERSION;
  out.set(id, 5);
  writeU64le(out, 5 + id.length, payloadLength);
  return out;
}

function fail(message: string, offset: number): never {
  throw new UnpicklingError(`signed envelope rejected: ${message}`, { offset });
}

/**
 * Reads an envelope's header and checks that its declared sizes account for
 * every byte exactly. Nothing here is trusted yet: the caller must check the
 * tag before using the key id for anything but choosing a key.
 * @throws UnpicklingError for a wrong magic or version, an invalid key id field,
 *   a truncated envelope or bytes beyond the signed length.
 */
export function readHeader(signed: Uint8Array): EnvelopeHeader {
  if (signed.length < FIXED_HEAD) {
    fail(`truncated: ${signed.length} bytes, a header alone needs at least ${FIXED_HEAD + LENGTH_WIDTH}`, signed.length);
  }
  for (let i = 0; i < ENVELOPE_MAGIC.length; i++) {
    if (signed[i] !== ENVELOPE_MAGIC[i]) fail('wrong magic: not a picklejar signed envelope (expected "PJSG")', i);
  }
  if (signed[4] !== ENVELOPE_VERSION) fail(`unsupported version ${signed[4]} (this picklejar reads version ${ENVELOPE_VERSION})`, 4);
  const kind = signed[5];
  const idLength = signed[6];
  let keyId: KeyId | undefined;
  if (kind === KIND_NONE) {
    if (idLength !== 0) fail(`key id kind "none" with length ${idLength}`, 6);
  } else if (kind === KIND_UINT) {
    if (idLength !== 4) fail(`integer key id with length ${idLength} (must be 4)`, 6);
  } else if (kind !== KIND_STRING) {
    fail(`unknown key id kind ${kind}`, 5);
  }
  const lengthAt = FIXED_HEAD + idLength;
  if (signed.length < lengthAt + LENGTH_WIDTH) {
    fail(`truncated in the header: ${signed.length} bytes, the header needs ${lengthAt + LENGTH_WIDTH}`, signed.length);
  }
  if (kind === KIND_UINT) keyId = u32le(signed, FIXED_HEAD);
  else if (kind === KIND_STRING) {
    try {
      keyId = decodeUtf8(signed, FIXED_HEAD, lengthAt);
    } catch {
      fail('key id is not valid UTF-8', FIXED_HEAD);
    }
  }
  const declared = u64le(signed, lengthAt);
  if (typeof declared === 'bigint') fail('declared payload length exceeds 2^53 - 1 bytes', lengthAt);
  const payloadLength = declared;
  const payloadOffset = lengthAt + LENGTH_WIDTH;
  const expected = payloadOffset + payloadLength + TAG_LENGTH;
  if (signed.length < expected) {
    fail(`truncated: ${signed.length} bytes, the header declares ${expected} (payload ${payloadLength} + 32-byte tag)`, signed.length);
  }
  if (signed.length > expected) {
    fail(`${signed.length - expected} byte(s) beyond the signed length of ${expected}`, expected);
  }
  return { keyId, payloadOffset, payloadLength };
}
