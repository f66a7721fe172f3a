/** Reads the committed CPython fixtures (test/stdlib/fixtures.json). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export interface FixtureCase {
  readonly expr: string;
  /** Hex pickles at protocols 0..5 (null where CPython refused). */
  readonly pickles: readonly (string | null)[];
}

const here = dirname(fileURLToPath(import.meta.url));
// Compiled tests run from build/test/stdlib; the JSON stays in the source tree.
const path = join(here, '..', '..', '..', 'test', 'stdlib', 'fixtures.json');

export const FIXTURES: Readonly<Record<string, FixtureCase>> = (JSON.parse(readFileSync(path, 'utf8')) as { cases: Record<string, FixtureCase> }).cases;

export function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
