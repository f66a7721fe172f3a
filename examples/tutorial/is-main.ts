/** True when the module at `url` is the script node was started with. */
import { pathToFileURL } from 'node:url';

export function isMain(url: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && url === pathToFileURL(entry).href;
}

/** Hex of bytes, for printing pickles. */
export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
