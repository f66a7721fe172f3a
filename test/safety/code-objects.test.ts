import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scan } from '../../src/safety/index.js';
import { readBytecode } from '../../src/safety/code-objects/bytecode.js';

const DIR = join(process.cwd(), 'test/safety/code-objects');
const file = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)));

test('dill functions: the code object is decoded into its name and what its bytecode uses', () => {
  const r = scan(file('dill-function.pkl'));
  assert.equal(r.verdict, 'dangerous');
  const made = r.findings.find((f) => f.code !== undefined && f.global?.mapped.name === '_create_function')!;
  assert.match(made.message, /defines function `uses_os` from a code object `uses_os` \(Python 3\.11/);
  assert.deepEqual(made.code!.imports, ['os']);
  assert.deepEqual(made.code!.references, ['os.system']);
  assert.deepEqual(made.code!.globals, ['len', 'str']);
  assert.deepEqual(made.code!.varnames, ['x', 'o']);
  assert.ok(made.code!.dangerous.some((d) => d.startsWith('os.system (')));
});

test('nested code objects (closures) pass what they use up to the function that holds them', () => {
  const r = scan(file('dill-nested.pkl'));
  const outer = r.findings.find((f) => f.code?.name === 'outer')!;
  assert.equal(outer.code!.python, '3.11');
  assert.deepEqual(outer.code!.references, ['subprocess.run']);
  const inner = r.findings.find((f) => f.code?.qualname === 'outer.<locals>.inner')!;
  assert.deepEqual(inner.code!.imports, ['subprocess']);
});

test('a lambda calling __import__("subprocess"): the string constant is named as dangerous', () => {
  const r = scan(file('dill-lambda.pkl'));
  const code = r.findings.find((f) => f.code !== undefined)!.code!;
  assert.equal(code.name, '<lambda>');
  assert.deepEqual(code.constants, ['subprocess']);
  assert.ok(code.dangerous.some((d) => d.startsWith('__import__ (')));
  assert.ok(code.dangerous.some((d) => d.startsWith("'subprocess' (")));
});

test('types.CodeType(...) written by hand is decoded too', () => {
  const r = scan(file('types-codetype.pkl'));
  const f = r.findings.find((x) => x.code !== undefined)!;
  assert.equal(f.severity, 'critical');
  assert.equal(f.code!.filename, 'payload.py');
  assert.deepEqual(f.code!.references, ['os.system']);
});

test('dill.dump_session: the finding lists the names it restores into __main__', () => {
  const r = scan(file('dill-session.pkl'));
  const restore = r.findings.find((f) => f.kind === 'setstate')!;
  assert.equal(restore.severity, 'critical');
  assert.match(restore.message, /the module __main__ .*restores 2 name\(s\): x, hello/);
});

test('bytecode layouts 3.8-3.10, 3.11 and 3.12 name the same reference', () => {
  const names = ['os', 'system'];
  // 3.10: LOAD_GLOBAL 0; LOAD_METHOD 1; LOAD_CONST 1; CALL_METHOD 1; RETURN_VALUE
  const py310 = Uint8Array.from([116, 0, 160, 1, 100, 1, 161, 1, 83, 0]);
  assert.deepEqual(readBytecode(py310, names, 10).references, ['os.system']);
  // 3.11: RESUME; LOAD_GLOBAL (0<<1|1) + 5 caches; LOAD_METHOD 1 + 10 caches; PRECALL; CALL
  const py311 = Uint8Array.from([151, 0, 116, 1, ...new Array(10).fill(0), 160, 1, ...new Array(20).fill(0), 100, 1, 166, 1, 0, 0, 171, 1]);
  assert.deepEqual(readBytecode(py311, names, 11).references, ['os.system']);
  // 3.12: LOAD_GLOBAL (0<<1|1); LOAD_ATTR (1<<1|1) (a method load); CALL
  const py312 = Uint8Array.from([151, 0, 116, 1, ...new Array(8).fill(0), 106, 3, ...new Array(18).fill(0), 100, 1, 171, 1]);
  assert.deepEqual(readBytecode(py312, names, 12).references, ['os.system']);
  // import os as o; o.system(...) at module level (STORE_NAME alias), with EXTENDED_ARG on a large index.
  const aliased = Uint8Array.from([108, 0, 90, 2, 101, 2, 144, 0, 106, 1, 171, 0]);
  assert.deepEqual(readBytecode(aliased, ['os', 'system', 'o'], 10).references, ['os.system']);
});
