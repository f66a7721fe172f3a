/**
 * Access to the CPython fixture corpus (test/fixtures, written by generate.py)
 * and the library's `loads`/`dumps`/`Unpickler` in the loose shape the corpus
 * suites call them with.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { JsonValue } from '../../src/typed-json/index.js';
import { dumps, loads, Unpickler } from '../../src/index.js';
import { pythonSkip } from './python.js';

/** The directory holding expected.json, manifest.json and pickles/. */
export const FIXTURES_DIR = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));

/** What one mode of `loads` must give: a value (typed JSON) or an error. */
export interface ModeExpectation {
  readonly default?: JsonValue;
  readonly lossless?: JsonValue;
  readonly defaultError?: string;
  readonly losslessError?: string;
}

/** One case of expected.json. */
export interface ExpectedCase extends ModeExpectation {
  readonly group: string;
  readonly source: string;
  readonly protocols: number[];
  readonly options?: Record<string, string>;
  readonly stream?: boolean;
  readonly byProtocol?: Record<string, ModeExpectation>;
}

/** One case of manifest.json. */
export interface ManifestCase {
  readonly name: string;
  readonly group: string;
  readonly kind: 'value' | 'writer' | 'bytes' | 'stream';
  readonly source: string;
  readonly options: Record<string, string>;
  readonly files: Record<string, { file: string; size: number; sha256: string }>;
  readonly refused: Record<string, string>;
  readonly roundtrip: boolean;
  readonly readback: boolean;
  /** Built-in data only (no class instances or globals): its value alone decides what CPython can write. */
  readonly plainData: boolean;
}

/** One fixture file with its expectations. */
export interface Fixture {
  readonly name: string;
  readonly protocol: number;
  readonly bytes: Uint8Array;
  readonly expect: ModeExpectation;
  readonly caseInfo: ExpectedCase;
  readonly manifest: ManifestCase;
  /** `name.pN`, how reports name a fixture. */
  readonly id: string;
}

let cache: Fixture[] | undefined;

/** Every fixture file, in manifest order (cases as generate.py lists them, protocols ascending). */
export function allFixtures(): Fixture[] {
  if (cache) return cache;
  const expected = JSON.parse(readFileSync(FIXTURES_DIR + 'expected.json', 'utf8')) as { cases: Record<string, ExpectedCase> };
  const manifest = JSON.parse(readFileSync(FIXTURES_DIR + 'manifest.json', 'utf8')) as { cases: ManifestCase[] };
  const out: Fixture[] = [];
  for (const m of manifest.cases) {
    const c = expected.cases[m.name];
    if (!c) throw new Error(`expected.json lacks case ${m.name}`);
    for (const p of Object.keys(m.files)
      .map(Number)
      .sort((a, b) => a - b)) {
      const bytes = new Uint8Array(readFileSync(FIXTURES_DIR + m.files[String(p)]!.file));
      out.push({
        name: m.name,
        protocol: p,
        bytes,
        expect: c.byProtocol ? c.byProtocol[String(p)]! : c,
        caseInfo: c,
        manifest: m,
        id: `${m.name}.p${p}`,
      });
    }
  }
  cache = out;
  return out;
}

/** The library's pickle API, with options as the corpus spells them (strings from JSON). */
export interface PickleApi {
  loads: (data: Uint8Array, options?: Record<string, unknown>) => unknown;
  dumps: (value: unknown, options?: Record<string, unknown>) => Uint8Array;
  Unpickler: new (
    data: Uint8Array,
    options?: Record<string, unknown>,
  ) => {
    load(): unknown;
    readonly position: number;
    clearMemo?(): void;
  };
}

/** `loads`, `dumps` and `Unpickler` from src/index.ts: a broken build fails the suites that use them. */
export const api: PickleApi = { loads, dumps, Unpickler } as unknown as PickleApi;

/** True when the Python oracle is there (see python.ts); the suites that need it skip otherwise. */
export function havePython(): boolean {
  return pythonSkip() === false;
}

/** Loads options for a case (Python 2 `encoding`/`errors`) in the library's spelling. */
export function loadOptions(f: Fixture, lossless: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = { ...(f.caseInfo.options ?? {}) };
  if (lossless) o.lossless = true;
  return o;
}

/**
 * Every pickle in a stream, read one after another by one Unpickler with its
 * memo cleared in between: Python's repeated `pickle.load(f)`, which is what
 * expected.json records. (Reusing one `pickle.Unpickler` without clearing keeps
 * the memo, and MEMOIZE indices of a later pickle then shift, in CPython too.)
 */
export function loadStream(api: PickleApi, bytes: Uint8Array, options: Record<string, unknown>): unknown[] {
  const u = new api.Unpickler(bytes, options);
  const out: unknown[] = [];
  while (u.position < bytes.length) {
    if (out.length > 0) u.clearMemo?.();
    out.push(u.load());
  }
  return out;
}

/** Percent with one decimal, for summaries. */
export function pct(n: number, d: number): string {
  return d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`;
}
