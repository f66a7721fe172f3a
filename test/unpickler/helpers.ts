/** Shared helpers of the unpickler tests (not a test file). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UnpicklingError } from '../../src/errors.js';
import { isDictObject, isObjectKey } from '../../src/unpickler/dict-objects.js';
import { ByteArray, Complex, Float, FrozenSet, Tuple } from '../../src/values/index.js';
import { floatRepr } from '../../src/wire/float-repr.js';
import { pythonSkip } from '../helpers/python.js';

/** The source directory of these tests (build/test/unpickler → test/unpickler). */
export const SOURCE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'unpickler');

/** `skip` option for tests that need the Python oracle (see test/helpers/python.ts). */
export const NEEDS_PYTHON: string | false = pythonSkip();
/** True when the Python oracle runs here. */
export const HAS_PYTHON = NEEDS_PYTHON === false;

/** Bytes from a byte string written with \x escapes, e.g. b('\x80\x04K\x01.'). */
export function b(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 255) throw new Error('b() takes byte characters only');
    out[i] = c;
  }
  return out;
}

/** Bytes from hex. */
export function hex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'hex'));
}

/** Runs python3 code with optional stdin; returns stdout bytes. */
export function python(code: string, input?: string | Uint8Array): Buffer {
  const r = spawnSync('python3', ['-c', code], { input, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr.toString()}`);
  return r.stdout;
}

/** pickle.dumps(eval(expr), proto) by CPython. */
export function pyDumps(expr: string, proto: number): Uint8Array {
  return new Uint8Array(python(`import pickle, sys\nsys.stdout.buffer.write(pickle.dumps(${expr}, ${proto}))`));
}

/** A golden file under test/unpickler/goldens. */
export function readGolden<T>(name: string): T {
  return JSON.parse(readFileSync(join(SOURCE_DIR, 'goldens', name), 'utf8')) as T;
}

type Described = unknown;

/** The JSON form generate-goldens.py's describe() gives, for a loaded JS value. */
export function describe(v: unknown, seen: Map<object, number> = new Map()): Described {
  if (v === null) return null;
  if (typeof v === 'boolean') return { bool: v };
  if (typeof v === 'bigint') return { int: v.toString() };
  if (typeof v === 'number') return Number.isInteger(v) && !Object.is(v, -0) ? { int: BigInt(v).toString() } : { float: floatRepr(v) };
  if (v instanceof Float) return { float: floatRepr(v.value) };
  if (typeof v === 'string') return { str: v };
  if (v instanceof Complex) return { complex: [floatRepr(v.real), floatRepr(v.imag)] };
  if (typeof v !== 'object') throw new Error(`cannot describe ${typeof v}`);
  const dictObject = isDictObject(v);
  const mutable =
    (Array.isArray(v) && !(v instanceof Tuple)) || v instanceof Map || dictObject || (v instanceof Set && !(v instanceof FrozenSet)) || v instanceof ByteArray;
  if (mutable) {
    const id = seen.get(v);
    if (id !== undefined) return { ref: id };
    seen.set(v, seen.size);
  }
  if (v instanceof ByteArray) return { bytearray: Buffer.from(v).toString('hex') };
  if (v instanceof Uint8Array) return { bytes: Buffer.from(v).toString('hex') };
  if (v instanceof Tuple) return { tuple: v.map((x) => describe(x, seen)) };
  if (Array.isArray(v)) return { list: v.map((x) => describe(x, seen)) };
  if (v instanceof Map) {
    // The default dictType: a dict whose keys are all str JS keeps in order is an object, never a Map.
    if (Object.getPrototypeOf(v) === Map.prototype && [...v.keys()].every(isObjectKey))
      throw new Error(`a dict of str keys loaded as a Map: ${[...v.keys()].join(', ')}`);
    return { dict: Array.from(v, ([k, x]) => [describe(k, seen), describe(x, seen)]) };
  }
  if (dictObject) return { dict: Object.keys(v).map((k) => [describe(k, seen), describe((v as Record<string, unknown>)[k], seen)]) };
  // Set members here are single-key objects, so plain JSON text sorts as Python's sorted JSON does.
  const sortKey = (d: Described): string => JSON.stringify(d);
  if (v instanceof FrozenSet) return { frozenset: Array.from(v, (x) => describe(x, seen)).sort(cmpBy(sortKey)) };
  if (v instanceof Set) return { set: Array.from(v, (x) => describe(x, seen)).sort(cmpBy(sortKey)) };
  throw new Error(`cannot describe ${Object.prototype.toString.call(v)}`);
}

function cmpBy<T>(key: (x: T) => string): (a: T, b: T) => number {
  return (a, c) => {
    const ka = key(a);
    const kc = key(c);
    return ka < kc ? -1 : ka > kc ? 1 : 0;
  };
}

/** Asserts that `fn` throws an UnpicklingError whose message includes `message` (when given). */
export function assertUnpicklingError(fn: () => unknown, message?: string | RegExp, offset?: number): UnpicklingError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(
    caught instanceof UnpicklingError,
    `expected UnpicklingError, got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`,
  );
  if (typeof message === 'string') assert.ok(caught.message.includes(message), `message ${JSON.stringify(caught.message)} lacks ${JSON.stringify(message)}`);
  else if (message instanceof RegExp) assert.match(caught.message, message);
  if (offset !== undefined) assert.equal(caught.offset, offset, `offset of ${caught.message}`);
  return caught;
}

/** What default (not lossless) loading gives for a described value: integral floats become ints. */
export function withoutFloatIntegrality(d: unknown): unknown {
  if (Array.isArray(d)) return d.map(withoutFloatIntegrality);
  if (d !== null && typeof d === 'object') {
    const entries = Object.entries(d);
    if (entries.length === 1 && entries[0]![0] === 'float') {
      const x = Number(entries[0]![1]);
      if (Number.isInteger(x) && !Object.is(x, -0)) return { int: BigInt(x).toString() };
      return d;
    }
    return Object.fromEntries(entries.map(([k, x]) => [k, withoutFloatIntegrality(x)]));
  }
  return d;
}
