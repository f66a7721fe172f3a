export { sign, verify } from './sign.js';
export type { SignOptions, VerifyOptions, KeyResolver } from './sign.js';
export type { SigningKey, CryptoKeyLike } from './hmac.js';
export { ENVELOPE_MAGIC, ENVELOPE_VERSION, type KeyId } from './envelope.js';
export { dumpsSigned, loadsSigned } from './signed-pickle.js';
export type { DumpsSignedOptions, LoadsSignedOptions } from './signed-pickle.js';
