/**
 * Reads a File through `Blob.stream()` into one preallocated buffer, reporting
 * progress: a large checkpoint then costs its size once, not twice, and the
 * page shows how far it got.
 */
import { PickleError } from '../../errors.js';

/**
 * @param file the chosen or dropped file.
 * @param onProgress called with bytes read so far and the total.
 * @returns the file's bytes.
 * @throws PickleError when the file cannot be read or changes size while being read.
 */
export async function readFileWithProgress(file: Blob, onProgress: (done: number, total: number) => void): Promise<Uint8Array> {
  const total = file.size;
  let out: Uint8Array;
  try {
    out = new Uint8Array(total);
  } catch {
    throw new PickleError(`cannot allocate ${total} bytes to read the file`);
  }
  let done = 0;
  try {
    const reader = file.stream().getReader();
    for (;;) {
      const { value, done: finished } = await reader.read();
      if (finished) break;
      if (done + value.length > total) throw new PickleError(`the file grew while being read (more than ${total} bytes)`);
      out.set(value, done);
      done += value.length;
      onProgress(done, total);
    }
  } catch (e) {
    if (e instanceof PickleError) throw e;
    throw new PickleError(`cannot read the file: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (done !== total) throw new PickleError(`the file shrank while being read (${done} of ${total} bytes)`);
  return out;
}
