import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PY_REPR, isPrintable, pyFormat, pyRepr, strRepr } from '../../src/repr/index.js';
import { BufferRef, ExtensionRef, PersistentRef, PyGlobal, PyObject, Tuple } from '../../src/values/index.js';
import { decodeTyped, type Typed } from './typed-values.js';
import { pythonSkip } from '../helpers/python.js';

const HERE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'repr');
const golden = JSON.parse(readFileSync(join(HERE, 'golden', 'repr.json'), 'utf8')) as {
  values: { value: Typed; repr: string }[];
  sweep: { value: string; repr: string }[];
  pprint: { value: Typed; width: number; indent: number; text: string }[];
};

const skipLive = pythonSkip();

test('repr of the value corpus equals CPython repr()', () => {
  for (const { value, repr } of golden.values) assert.equal(pyRepr(decodeTyped(value)), repr, repr);
});

test('repr of strings across Unicode equals CPython repr()', () => {
  for (const { value, repr } of golden.sweep) assert.equal(strRepr(value), repr);
  assert.ok(golden.sweep.length > 300);
});

test('pyFormat lays out like pprint.pp', () => {
  for (const { value, width, indent, text } of golden.pprint) {
    assert.equal(pyFormat(decodeTyped(value), { width, indent }), text, `width ${width} indent ${indent}`);
  }
});

test('isPrintable agrees with CPython str.isprintable() on every code point, live', { skip: skipLive }, () => {
  const run = spawnSync('python3', ['-c', 'import sys; sys.stdout.write("".join("1" if chr(c).isprintable() else "0" for c in range(0x110000)))'], {
    encoding: 'utf8',
    maxBuffer: 4 << 20,
  });
  const bits = run.stdout;
  assert.equal(bits.length, 0x110000);
  const wrong: number[] = [];
  for (let cp = 0; cp < 0x110000; cp++) if (isPrintable(cp) !== (bits[cp] === '1')) wrong.push(cp);
  assert.deepEqual(wrong.slice(0, 20), []);
});

test('repr of random strings equals CPython repr(), live', { skip: skipLive }, () => {
  let seed = 99;
  const rand = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  const strings: string[] = [];
  for (let i = 0; i < 2000; i++) {
    let s = '';
    const n = Math.floor(rand() * 12);
    for (let k = 0; k < n; k++) {
      const r = rand();
      const cp =
        r < 0.3 ? Math.floor(rand() * 0x80) : r < 0.6 ? Math.floor(rand() * 0x3000) : r < 0.9 ? Math.floor(rand() * 0x110000) : 0x27 + (rand() < 0.5 ? 0 : -5);
      // Skip surrogates here: a JS string can hold them only unpaired, covered by the corpus.
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      s += String.fromCodePoint(cp);
    }
    strings.push(s);
  }
  const run = spawnSync('python3', ['-c', 'import json, sys; json.dump([repr(s) for s in json.load(sys.stdin)], sys.stdout)'], {
    input: JSON.stringify(strings),
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  const expected = JSON.parse(run.stdout) as string[];
  strings.forEach((s, i) => assert.equal(strRepr(s), expected[i]));
});

test('inert Python objects print readably', () => {
  const cls = new PyGlobal('mod', 'Cls');
  assert.equal(pyRepr(cls), 'mod.Cls');
  const obj = new PyObject(cls, new Tuple([1, 'a']), 'NEWOBJ');
  obj.state = new Map([['x', 1]]);
  assert.equal(pyRepr(obj), "mod.Cls(1, 'a', state={'x': 1})");
  const reduced = new PyObject(new PyGlobal('builtins', 'range'), new Tuple([0, 5]));
  assert.equal(pyRepr(reduced), 'builtins.range(0, 5)');
  const ex = new PyObject(cls, new Tuple([]), 'NEWOBJ_EX', new Map([['k', true]]));
  ex.listItems.push(1);
  ex.dictItems.push(['a', null]);
  assert.equal(pyRepr(ex), "mod.Cls(k=True, listitems=[1], dictitems={'a': None})");
  const self = new PyObject(cls, new Tuple([]), 'REDUCE');
  self.state = [self];
  assert.equal(pyRepr(self), 'mod.Cls(state=[mod.Cls(...)])');
  assert.equal(
    pyRepr([new PersistentRef('pid', false), new ExtensionRef(7), new BufferRef(0, true)]),
    "[persistent_id('pid'), extension(7), buffer(0, readonly=True)]",
  );
  assert.equal(pyRepr({ a: 1, __proto__x: [] }), "{'a': 1, '__proto__x': []}");
});

test('100,000-deep nesting prints without recursion', () => {
  let deep: unknown = [];
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const text = pyRepr(deep);
  assert.equal(text.length, 2 * 100_001);
  assert.ok(text.startsWith('[[[[') && text.endsWith(']]]]'));
  const pretty = pyFormat(deep, { width: 80 });
  assert.equal(pretty.replace(/\s/g, ''), text);
});

test('maxLength bounds the work on shared structures with exponential reprs', () => {
  let v: unknown = [1];
  for (let i = 0; i < 60; i++) v = [v, v];
  const text = pyRepr(v, { maxLength: 100 });
  assert.equal(text.length, 100);
  assert.ok(text.endsWith('...'));
  assert.ok(pyFormat(v, { maxLength: 1000 }).length <= 1000);
});

test('classes print themselves through the PY_REPR method', () => {
  class Date3 {
    constructor(
      readonly y: number,
      readonly m: number,
      readonly d: number,
    ) {}
    [PY_REPR]() {
      return { call: 'datetime.date', args: [this.y, this.m, this.d] };
    }
  }
  class Ordered extends Map<unknown, unknown> {
    [PY_REPR]() {
      return { call: 'OrderedDict', args: [[...this].map((pair) => new Tuple(pair))], pretty: 'wrapper' as const };
    }
  }
  class Dec {
    [PY_REPR]() {
      return "Decimal('3.14')";
    }
  }
  const od = new Ordered([['a', new Date3(2024, 1, 2)]]);
  assert.equal(pyRepr([od, new Dec()]), "[OrderedDict([('a', datetime.date(2024, 1, 2))]), Decimal('3.14')]");
  assert.equal(pyFormat(od, { width: 30 }), "OrderedDict([('a',\n              datetime.date(2024, 1, 2))])");
  // Without `pretty: 'wrapper'` a call stays on one line, as pprint prints objects it does not know.
  assert.equal(pyFormat(new Date3(2024, 1, 2), { width: 10 }), 'datetime.date(2024, 1, 2)');
});
