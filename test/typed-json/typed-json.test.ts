import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { toTypedJson, fromTypedJson, stringifyJson, stringifyTypedJson, parseTypedJson, TypedJsonError, type JsonValue } from '../../src/typed-json/index.js';
import { decodeBase64, encodeBase64 } from '../../src/typed-json/base64.js';
import { Tuple, ByteArray, FrozenSet, Float, Complex, PyGlobal, PyObject, PersistentRef, ExtensionRef, BufferRef } from '../../src/values/index.js';
import { assertPyEqual } from '../helpers/py-equal.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';

const text = (v: unknown): string => stringifyTypedJson(v);

test('scalars: None, bool, str, safe ints as JSON; big ints as $int; floats as Python repr', () => {
  assert.equal(text([null, undefined, true, false, 'a\ud800b', '']), '[null,null,true,false,"a\\ud800b",""]');
  assert.equal(text([0, -1, 2 ** 53 - 1, -(2 ** 53 - 1)]), '[0,-1,9007199254740991,-9007199254740991]');
  assert.equal(text([2 ** 53, 2n ** 64n, -(2n ** 63n), 5n]), '[{"$int":"9007199254740992"},{"$int":"18446744073709551616"},{"$int":"-9223372036854775808"},5]');
  assert.equal(
    text([1.5, -0, NaN, Infinity, -Infinity, new Float(1), new Float(-0), 1e-5, 5e-324]),
    '[{"$float":"1.5"},{"$float":"-0.0"},{"$float":"nan"},{"$float":"inf"},{"$float":"-inf"},{"$float":"1.0"},{"$float":"-0.0"},{"$float":"1e-05"},{"$float":"5e-324"}]',
  );
  // An integral number beyond 2^53 is an int in the value model.
  assert.equal(text(1e16), '{"$int":"10000000000000000"}');
});

test('floats decode as lossless loads returns them: Float when integral or -0.0', () => {
  const back = parseTypedJson('[{"$float":"1.0"},{"$float":"-0.0"},{"$float":"1.5"},{"$float":"nan"},{"$float":"-inf"},{"$float":"1e+16"},2.5]') as unknown[];
  assert.ok(back[0] instanceof Float && back[0].value === 1);
  assert.ok(back[1] instanceof Float && Object.is(back[1].value, -0));
  assert.equal(back[2], 1.5);
  assert.ok(Number.isNaN(back[3]));
  assert.equal(back[4], -Infinity);
  assert.ok(back[5] instanceof Float && back[5].value === 1e16);
  assert.equal(back[6], 2.5);
  assert.equal(parseTypedJson('{"$int":"-18446744073709551616"}'), -(2n ** 64n));
  assert.equal(parseTypedJson('{"$int":"42"}'), 42);
});

test('containers: tuple, bytes, bytearray, dict, set, frozenset, complex, globals, objects, stand-ins', () => {
  const obj = new PyObject(new PyGlobal('m', 'C'), new Tuple([1]), 'NEWOBJ_EX', new Map([['k', 2]]));
  obj.state = null;
  obj.listItems.push('x');
  obj.dictItems.push([1, 'y']);
  const value = [
    new Tuple([]),
    new Tuple([1, [2]]),
    new Uint8Array([0, 255, 128]),
    ByteArray.fromBytes([1]),
    new Map<unknown, unknown>([
      ['a', 1],
      ['__proto__', 2],
    ]),
    new Map<unknown, unknown>([
      [new Tuple([1]), 'x'],
      [null, 'n'],
    ]),
    new Map([
      ['1', 'one'],
      ['a', 'A'],
    ]),
    new Set([3, 'x']),
    new FrozenSet([new Tuple([])]),
    new Complex(-0, NaN),
    new Complex(1, 2),
    obj,
    new PersistentRef(new Tuple(['k', 7]), true),
    new ExtensionRef(0x1234),
    new BufferRef(2, true),
  ];
  assert.equal(
    text(value),
    '[{"$tuple":[]},{"$tuple":[1,[2]]},{"$bytes":"AP+A"},{"$bytearray":"AQ=="},{"$map":{"a":1,"__proto__":2}},' +
      '{"$dict":[[{"$tuple":[1]},"x"],[null,"n"]]},{"$dict":[["1","one"],["a","A"]]},{"$set":[3,"x"]},{"$frozenset":[{"$tuple":[]}]},' +
      '{"$complex":["-0.0","nan"]},{"$complex":[1,2]},' +
      '{"$object":{"creation":"NEWOBJ_EX","callable":{"$global":["m","C"]},"args":{"$tuple":[1]},"kwargs":{"$map":{"k":2}},"state":null,"listItems":["x"],"dictItems":[[1,"y"]]}},' +
      '{"$persid":{"$tuple":["k",7]},"binary":true},{"$ext":4660},{"$buffer":2,"readonly":true}]',
  );
  const back = fromTypedJson(toTypedJson(value)) as unknown[];
  assertPyEqual(back, value, 'round trip', { exactFloatWrappers: true });
  assert.ok(Object.isFrozen(back[1]) && back[1] instanceof Tuple);
  assert.ok(back[8] instanceof FrozenSet);
  assert.throws(() => (back[8] as FrozenSet).add(1), TypeError);
  const o = back[11] as PyObject;
  assert.equal(o.state, null);
  assert.equal(o.creation, 'NEWOBJ_EX');
});

test('keys such as __proto__ are data, never prototypes', () => {
  const json = JSON.parse('{"$map":{"__proto__":{"$map":{"polluted":true}},"constructor":{"$map":{"prototype":1}}}}') as JsonValue;
  const m = fromTypedJson(json) as Map<string, unknown>;
  assert.ok(m instanceof Map);
  assert.deepEqual([...m.keys()], ['__proto__', 'constructor']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf(m), Map.prototype);
  // Encoding writes own properties: the JSON object keeps "__proto__" as a key.
  const out = toTypedJson(new Map([['__proto__', 1]])) as { $map: Record<string, unknown> };
  assert.deepEqual(Object.keys(out.$map), ['__proto__']);
  assert.equal(Object.getPrototypeOf(out.$map), Object.prototype);
  assert.equal(stringifyJson(out as unknown as JsonValue), '{"$map":{"__proto__":1}}');
});

test('shared and cyclic objects keep their identity', () => {
  const x = [1];
  const rec: unknown[] = [];
  rec.push(rec);
  const inner: unknown[] = [];
  const t = new Tuple([inner, 2]);
  inner.push(t);
  const o = new PyObject(new PyGlobal('m', 'Node'), new Tuple([]), 'NEWOBJ');
  o.state = new Map([['me', o]]);
  const value = [x, x, rec, t, o, new Map([['again', t]])];
  const json = toTypedJson(value);
  assert.equal(
    stringifyJson(json),
    '[{"$list":[1],"$id":1},{"$ref":1},{"$list":[{"$ref":2}],"$id":2},{"$tuple":[[{"$ref":3}],2],"$id":3},' +
      '{"$object":{"creation":"NEWOBJ","callable":{"$global":["m","Node"]},"args":{"$tuple":[]},"state":{"$map":{"me":{"$ref":4}}}},"$id":4},' +
      '{"$map":{"again":{"$ref":3}}}]',
  );
  const back = fromTypedJson(json) as unknown[];
  assert.equal(back[0], back[1]);
  assert.equal((back[2] as unknown[])[0], back[2]);
  const bt = back[3] as Tuple<unknown[]>;
  assert.ok(bt instanceof Tuple && Object.isFrozen(bt));
  assert.equal(bt[0]![0], bt);
  assert.equal(((back[4] as PyObject).state as Map<string, unknown>).get('me'), back[4]);
  assert.equal((back[5] as Map<string, unknown>).get('again'), bt);
  assertPyEqual(back, value);
});

test('a $ref may come before its $id (hand-written JSON)', () => {
  const back = fromTypedJson(JSON.parse('[{"$ref":7},{"$tuple":[1],"$id":7}]') as JsonValue) as unknown[];
  assert.equal(back[0], back[1]);
  assert.ok(back[0] instanceof Tuple && Object.isFrozen(back[0]));
});

test('100,000-deep values convert both ways without recursion', () => {
  // Lists, tuples and dicts in turn, so each kind's path runs at depth.
  let value: unknown = [];
  for (let i = 0; i < 100_000; i++) {
    value = i % 3 === 0 ? [value] : i % 3 === 1 ? new Tuple([value]) : new Map([['k', value]]);
  }
  const s = stringifyTypedJson(value);
  const back = parseTypedJson(s);
  assert.equal(stringifyTypedJson(back), s);
});

test('pretty printing', () => {
  assert.equal(stringifyTypedJson([1, new Map([['a', []]])], { indent: 2 }), '[\n  1,\n  {\n    "$map": {\n      "a": []\n    }\n  }\n]');
});

test('malformed typed JSON raises TypedJsonError with a path', () => {
  const bad: [string, RegExp][] = [
    ['{"a":1}', /without a \$ tag.*at \$/],
    ['[1,{"$dict":[[1,{"$foo":1}]]}]', /at \$\[1\]\.\$dict\[0\]\[1\]/],
    ['{"$ref":3}', /names no \$id/],
    ['[{"$list":[],"$id":1},{"$list":[],"$id":1}]', /defined twice/],
    ['{"$bytes":"a"}', /base64/],
    ['{"$int":"1.5"}', /decimal/],
    ['{"$float":"one"}', /float repr/],
    ['{"$tuple":[],"$set":[]}', /both/],
    ['{"$list":[],"extra":1}', /beside/],
    ['{"$object":{"callable":null,"args":null,"creation":"CALL"}}', /creation/],
    ['{"$global":["m"]}', /module/],
    ['[1e300]', /beyond 2\^53/],
    ['{', /not JSON/],
  ];
  for (const [input, message] of bad) {
    assert.throws(
      () => parseTypedJson(input),
      (e: unknown) => e instanceof TypedJsonError && message.test(e.message),
      input,
    );
  }
  assert.throws(
    () => toTypedJson({ a: [() => 1] }),
    (e: unknown) => e instanceof TypedJsonError && /function.*\$\.\$map\["a"\]\[0\]/.test(e.message),
  );
  assert.throws(() => toTypedJson(new Int16Array(2)), TypedJsonError);
  assert.throws(() => toTypedJson(Symbol('s')), TypedJsonError);
});

test('base64 matches the standard encoding', () => {
  for (let n = 0; n < 70; n++) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
    const b64 = encodeBase64(bytes);
    assert.equal(b64, Buffer.from(bytes).toString('base64'));
    assert.deepEqual(decodeBase64(b64), bytes);
  }
  assert.equal(decodeBase64('a$=='), undefined);
});

test('every value in expected.json (written by typed_json.py) decodes and re-encodes to the same JSON', () => {
  const expected = JSON.parse(readFileSync(FIXTURES_DIR + 'expected.json', 'utf8')) as { cases: Record<string, Record<string, unknown>> };
  let n = 0;
  for (const [name, c] of Object.entries(expected.cases)) {
    const entries = c.byProtocol ? Object.values(c.byProtocol as Record<string, Record<string, unknown>>) : [c];
    for (const entry of entries) {
      for (const mode of ['default', 'lossless']) {
        if (!(mode in entry)) continue;
        const json = entry[mode] as JsonValue;
        const value = fromTypedJson(json);
        const again = toTypedJson(value);
        const original = stringifyJson(json);
        // Python numbers $ids in another order; identity itself is compared by assertPyEqual.
        if (original.includes('"$id"')) assertPyEqual(fromTypedJson(again), value, name);
        else assert.equal(stringifyJson(again), original, name);
        n++;
      }
    }
  }
  assert.ok(n > 300, `only ${n} values`);
});
