/**
 * numpy's `.npz` archives (`numpy.savez`, stored; `numpy.savez_compressed`,
 * deflated): a zip of `<name>.npy` members.
 */
import { PickleError, UnpicklingError } from '../errors.js';
import { NDArray } from '../ml/numpy/ndarray.js';
import { readNpy, writeNpy, type ReadNpyOptions } from './npy.js';
import { readZip, writeZip, type ReadZipOptions } from './zip.js';

/** Options of `readNpz`. */
export interface ReadNpzOptions extends ReadNpyOptions {
  /** Zip reading options (decompression limits, CRC checks). */
  readonly zip?: ReadZipOptions;
}

/** Options of `writeNpz`. */
export interface WriteNpzOptions {
  /** Deflate the members, as `numpy.savez_compressed`. Default `false` (stored, as `numpy.savez`). */
  readonly compress?: boolean;
}

/**
 * Reads every array of an `.npz` archive, by name (the member name without `.npy`).
 * @throws UnpicklingError (or its `ZipError` subclass) for a bad archive or a bad member.
 */
export function readNpz(bytes: Uint8Array, options: ReadNpzOptions = {}): Map<string, NDArray> {
  const zip = readZip(bytes, options.zip ?? {});
  const out = new Map<string, NDArray>();
  for (const entry of zip.entries) {
    const name = entry.name.endsWith('.npy') ? entry.name.slice(0, -4) : entry.name;
    try {
      out.set(name, readNpy(entry.data(), options));
    } catch (e) {
      if (e instanceof UnpicklingError) throw new UnpicklingError(`.npz member '${entry.name}': ${e.message}`);
      throw e;
    }
  }
  return out;
}

/**
 * Writes arrays as an `.npz` archive, members named `<name>.npy` in the given order.
 * @throws PickleError when a value is not an NDArray or a name repeats.
 */
export function writeNpz(arrays: ReadonlyMap<string, NDArray> | Readonly<Record<string, NDArray>>, options: WriteNpzOptions = {}): Uint8Array {
  const entries = arrays instanceof Map ? [...arrays] : Object.entries(arrays);
  return writeZip(
    entries.map(([name, arr]) => {
      if (!(arr instanceof NDArray)) throw new PickleError(`writeNpz: '${name}' is not an NDArray`);
      return { name: `${name}.npy`, data: writeNpy(arr), compress: options.compress === true };
    }),
  );
}
