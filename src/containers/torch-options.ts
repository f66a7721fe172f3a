/** The options of readTorch and how they become the unpickler's. */
import type { UnpicklerOptions } from '../unpickler/options.js';
import type { LoadBinding, LoadRegistry } from '../registry/contract.js';
import type { DecompressLimits } from '../codecs/limits.js';
import { torchTypes } from '../ml/torch/bindings.js';

/** Options of {@link readTorch}: those of `loads` (but `persistentLoad`, which the container supplies), plus the container's. */
export interface ReadTorchOptions extends Omit<UnpicklerOptions, 'persistentLoad'> {
  /** Limits on inflating deflated zip members. Default: the codec defaults. */
  readonly decompressLimits?: DecompressLimits;
  /** Check the CRC-32 of each zip member read. Default `true` (torch does not; a mismatch means a damaged file). */
  readonly checkCrc?: boolean;
}

/**
 * A registry that consults the user's first, then picklejar's torch types.
 * @throws never.
 */
export function withTorchTypes(user: LoadRegistry | undefined): LoadRegistry {
  if (user === undefined) return torchTypes;
  return {
    lookup: (module: string, name: string): LoadBinding | undefined => user.lookup(module, name) ?? torchTypes.lookup(module, name),
    ...(user.setState ? { setState: (t: object, s: unknown) => user.setState!(t, s) } : {}),
  };
}

/**
 * The unpickler options readTorch uses: torch.load decodes Python 2 strings as UTF-8.
 * @throws never.
 */
export function torchUnpicklerOptions(options: ReadTorchOptions, persistentLoad: (pid: unknown) => unknown): UnpicklerOptions {
  return { encoding: 'utf-8', ...options, registry: withTorchTypes(options.registry), persistentLoad };
}
