/**
 * Big `torch.save` checkpoints from a file, by random access: only the zip
 * directory, `data.pkl` and each storage member are read, each once into an
 * array of its own (the storages view those arrays; nothing is copied twice),
 * so a checkpoint larger than the JS heap, or than one Node buffer (4 GiB),
 * loads when its tensors fit in memory. Storage arrays live outside the JS
 * heap (ArrayBuffer backing stores), so `--max-old-space-size` does not bound them.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { readTorch, sniffTorch, type ReadTorchOptions } from '../containers/torch.js';
import { readZip, type ZipSource } from '../containers/zip.js';
import type { DecompressLimits } from '../codecs/limits.js';

/** Zip files at least this big are opened by random access (smaller ones are read whole: one read is faster). */
export const RANDOM_ACCESS_FROM = 256 * 1024 * 1024;

/** A `ZipSource` over an open file: each read is a fresh array; `bytesRead` counts them. */
export interface FileZipSource extends ZipSource {
  /** Bytes read so far. */
  readonly bytesRead: number;
}

/**
 * Random access to an open file, for `readZip`/`readTorch`.
 * @throws never (reads throw Node's errors, which the zip reader wraps with offsets).
 */
export function fileZipSource(fd: number): FileZipSource {
  const size = fstatSync(fd).size;
  let bytesRead = 0;
  return {
    size,
    get bytesRead() {
      return bytesRead;
    },
    read(offset: number, length: number): Uint8Array {
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, out, done, Math.min(length - done, 1 << 30), offset + done);
        if (n === 0) break;
        done += n;
      }
      bytesRead += done;
      return done === length ? out : out.subarray(0, done);
    },
  };
}

/**
 * Reads a zip-format torch checkpoint from `path` by random access.
 * @returns the value and how many bytes were read, or undefined when the file
 *   is smaller than `threshold` or is not a zip torch checkpoint (the caller reads it whole).
 * @throws UnpicklingError / ZipError as `readTorch`; Node's errors when the file cannot be opened.
 */
export function loadTorchByRandomAccess(
  path: string,
  options: ReadTorchOptions = {},
  threshold = RANDOM_ACCESS_FROM,
): { value: unknown; bytesRead: number } | undefined {
  const fd = openSync(path, 'r');
  try {
    const src = fileZipSource(fd);
    if (src.size < threshold) return undefined;
    const head = src.read(0, Math.min(4, src.size));
    if (head[0] !== 0x50 || head[1] !== 0x4b) return undefined;
    if (sniffTorch(src) !== 'zip') return undefined;
    const value = readTorch(src, options);
    return { value, bytesRead: src.bytesRead };
  } finally {
    closeSync(fd);
  }
}

/**
 * `load`'s hook: a zip torch checkpoint of at least `RANDOM_ACCESS_FROM` bytes, read by random access.
 * @returns undefined for any other file (including one that cannot be opened: `load` reports that).
 * @throws UnpicklingError / ZipError as `readTorch`.
 */
export function loadBigTorch(
  path: string,
  options: ReadTorchOptions & { readonly persistentLoad?: unknown; readonly firstOnly?: boolean; readonly onProgress?: unknown },
): { value: unknown } | undefined {
  const { persistentLoad: _p, firstOnly: _f, onProgress: _o, ...rest } = options;
  try {
    const info = statSync(path);
    if (!info.isFile() || info.size < RANDOM_ACCESS_FROM) return undefined;
  } catch {
    return undefined;
  }
  return loadTorchByRandomAccess(path, rest);
}

/**
 * The `data.pkl` of a zip torch checkpoint of at least `threshold` bytes, read by random access
 * (for the CLI's dis, convert and optimize, which need the pickle, not the storages).
 * @returns the member's name and bytes and how many bytes were read, or undefined when the file
 *   is smaller or is not a zip torch checkpoint.
 * @throws ZipError (an UnpicklingError) for a broken member; Node's errors when the file cannot be opened or read.
 */
export function readTorchDataPkl(
  path: string,
  threshold = RANDOM_ACCESS_FROM,
  limits?: DecompressLimits,
): { member: string; data: Uint8Array; bytesRead: number } | undefined {
  const fd = openSync(path, 'r');
  try {
    const src = fileZipSource(fd);
    if (src.size < threshold || sniffTorch(src) !== 'zip') return undefined;
    const zip = readZip(src, limits !== undefined ? { limits } : {});
    // The same member the whole-file path takes (containers/open.ts).
    const pkl = zip.entries.find((e) => e.name === 'data.pkl' || e.name.endsWith('/data.pkl'));
    if (pkl === undefined) return undefined;
    const data = pkl.data();
    return { member: pkl.name, data, bytesRead: src.bytesRead };
  } finally {
    closeSync(fd);
  }
}
