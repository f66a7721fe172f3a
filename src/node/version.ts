import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * picklejar's version, read from the package.json above this file (the same
 * code runs from dist/node and from build/src/node). Returns 'unknown' when no
 * package.json named picklejar is found.
 */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 5; up++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'picklejar' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // Not here: keep walking up.
    }
    dir = dirname(dir);
  }
  return 'unknown';
}
