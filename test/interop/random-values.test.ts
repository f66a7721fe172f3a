/**
 * Interop on random values: fast-check (fixed seed, 200 values, plus 30 built
 * from them with shared and cyclic parts) builds values of the value model; one python3 process pickles each at every protocol
 * (py_values.py) and `loads` must give the same value back; and, when `dumps`
 * exists, CPython's `pickle.loads` must read each of our pickles back equal
 * (checked in Python).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { Tuple, ByteArray, FrozenSet, Float, Complex } from '../../src/values/index.js';
import { toTypedJson, stringifyJson } from '../../src/typed-json/index.js';
import { decodeBase64, encodeBase64 } from '../../src/typed-json/base64.js';
import { pyDiff } from '../helpers/py-equal.js';
import { api, havePython } from '../helpers/fixtures.js';
import { asDefaultDicts } from '../helpers/default-dicts.js';

const SEED = 20261126;
const COUNT = 200;
const HELPER = fileURLToPath(new URL('../../../test/interop/py_values.py', import.meta.url));

const python = havePython();

/** A UTF-16 unit mix that includes lone surrogates, escapes and astral pairs. */
const textUnit = fc.oneof(
  fc.constantFrom('a', 'Z', ' ', 'é', 'ÿ', '€', '日', '😀', '\ud800', '\udfff', '\udc00', '\\', '\n', '\r', '\x00', "'", '"', 'u'),
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
);
const text = fc.string({ unit: textUnit, maxLength: 12 });
const int = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, 1, -1, 255, 256, 65535, 65536, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53 - 1, -(2 ** 53 - 1)),
  fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }),
);
/** Python floats in the lossless form: integral ones (and -0) as Float. */
const float = fc.double().map((x) => (Number.isInteger(x) || Object.is(x, -0) ? new Float(x) : x));
const bytes = fc.uint8Array({ maxLength: 40 }).map((b) => new Uint8Array(b));
const key = fc.oneof(text, fc.integer({ min: -1000, max: 1000 }));
const setMember = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.string({ maxLength: 4 }));

const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.constant(null),
    fc.boolean(),
    int,
    float,
    text,
    bytes,
    bytes.map((b) => ByteArray.fromBytes(b)),
    fc.tuple(fc.double(), fc.double()).map(([re, im]) => new Complex(re, im)),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => new Tuple(items)),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map((entries) => new Map(entries)),
    fc.uniqueArray(setMember, { maxLength: 6 }).map((m) => new Set(m)),
    fc.uniqueArray(setMember, { maxLength: 6 }).map((m) => new FrozenSet(m)),
  ),
}));

if (!python) {
  test('random values round-trip through CPython', { skip: 'python3 is not available' }, () => {});
} else {
  test('random values round-trip through CPython', () => {
    const values: unknown[] = fc.sample(value, { seed: SEED, numRuns: COUNT });
    // Sharing and cycles, which trees from fast-check never have: both sides must keep them.
    for (const v of values.slice(0, 20)) values.push([v, new Tuple([v]), v]);
    for (const v of values.slice(20, 30)) {
      const cycle: unknown[] = [v];
      cycle.push(cycle, new Map([['self', cycle]]));
      values.push(cycle);
    }
    if (process.env.PICKLEJAR_SHOW_SAMPLES) for (const v of values.slice(0, 12)) console.log(stringifyJson(toTypedJson(v)).slice(0, 300));
    const jsPickles: (string | null)[][] = [];
    const failures: string[] = [];
    {
      values.forEach((v, i) => {
        const row: (string | null)[] = [];
        for (let p = 0; p <= 5; p++) {
          try {
            row.push(encodeBase64(api.dumps!(v, { protocol: p })));
          } catch (e) {
            row.push(null);
            failures.push(`value ${i} dumps p${p}: ${(e as Error).name}: ${(e as Error).message}`);
          }
        }
        jsPickles.push(row);
      });
    }
    const request = stringifyJson({ values: values.map((v) => toTypedJson(v)), jsPickles });
    const r = spawnSync('python3', [HELPER], { input: request, encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(r.status, 0, `py_values.py failed: ${r.stderr}`);
    const reply = JSON.parse(r.stdout) as {
      pickles: (string[] | { error: string })[];
      readback: ({ ok: boolean; why?: string } | null)[][];
    };
    let loadsOk = 0;
    let loadsTotal = 0;
    values.forEach((v, i) => {
      const row = reply.pickles[i]!;
      if (!Array.isArray(row)) {
        failures.push(`value ${i}: python could not pickle it: ${row.error}`);
        return;
      }
      row.forEach((b64, p) => {
        loadsTotal++;
        let diff: string | undefined;
        try {
          diff = pyDiff(api.loads!(decodeBase64(b64)!, { lossless: true }), asDefaultDicts(v), { unorderedSets: true });
        } catch (e) {
          diff = `${(e as Error).name}: ${(e as Error).message}`;
        }
        if (diff === undefined) loadsOk++;
        else failures.push(`value ${i} (${stringifyJson(toTypedJson(v)).slice(0, 120)}) CPython p${p} -> loads: ${diff}`);
      });
    });
    let readOk = 0;
    let readTotal = 0;
    reply.readback.forEach((row, i) => {
      row.forEach((res, p) => {
        if (res === null) return;
        readTotal++;
        if (res.ok) readOk++;
        else failures.push(`value ${i} dumps p${p} -> CPython: ${res.why}`);
      });
    });
    console.log(`random values (seed ${SEED}): CPython -> loads ${loadsOk}/${loadsTotal}` + `, dumps -> CPython ${readOk}/${readTotal}`);
    assert.deepEqual(failures, [], failures.slice(0, 20).join('\n'));
  });
}
