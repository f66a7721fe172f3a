/**
 * `dumpsSigned` / `loadsSigned`: `dumps` then `sign`, and `verify` then
 * `loads`. The envelope is checked before a single byte of the pickle is
 * parsed, and the verified pickle still goes through `loads` with its safe
 * defaults (or the options given): a signature proves who wrote the pickle,
 * not that loading it is harmless.
 */
import { dumps } from '../ml/default-pickler.js';
import type { PicklerOptions } from '../pickler/options.js';
import { loads } from '../ml/default-unpickler.js';
import { notThenable } from '../unpickler/thenable.js';
import type { UnpicklerOptions } from '../unpickler/options.js';
import type { KeyId } from './envelope.js';
import type { SigningKey } from './hmac.js';
import { sign, verify, type KeyResolver } from './sign.js';

/** Options of {@link dumpsSigned}. */
export interface DumpsSignedOptions {
  /** Key id stored in the envelope. Default: none. */
  readonly keyId?: KeyId;
  /** Options for `dumps`. Default: `dumps`' defaults (protocol 4). */
  readonly pickler?: PicklerOptions;
}

/** Options of {@link loadsSigned}. */
export interface LoadsSignedOptions {
  /** Key id the envelope must carry. Default: any. */
  readonly keyId?: KeyId;
  /** Options for `loads`. Default: `loads`' safe defaults. */
  readonly unpickler?: UnpicklerOptions;
}

/**
 * Pickles `value` and signs the pickle.
 * @returns the signed envelope (see `sign`).
 * @throws PicklingError for a value that cannot be pickled.
 * @throws PickleError for an unusable key or key id.
 */
export async function dumpsSigned(value: unknown, key: SigningKey, options: DumpsSignedOptions = {}): Promise<Uint8Array> {
  return sign(dumps(value, options.pickler), key, options.keyId === undefined ? {} : { keyId: options.keyId });
}

/**
 * Verifies a signed envelope, then unpickles its payload.
 * @returns the loaded value.
 * @throws UnpicklingError when the envelope is rejected (nothing is parsed then), or when `loads` rejects the pickle,
 *   or when the loaded value has a callable `then` (a promise would call it).
 * @throws PickleError for an unusable key.
 */
export async function loadsSigned(signed: Uint8Array, key: SigningKey | KeyResolver, options: LoadsSignedOptions = {}): Promise<unknown> {
  const payload = await verify(signed, key, options.keyId === undefined ? {} : { keyId: options.keyId });
  return notThenable(loads(payload, options.unpickler), 'loadsSigned');
}
