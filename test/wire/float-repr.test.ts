import { test } from 'node:test';
import assert from 'node:assert/strict';
import { floatRepr } from '../../src/wire/float-repr.js';

test('floatRepr matches Python repr at the notation boundaries', () => {
  const cases: [number, string][] = [
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [-0, '-0.0'],
    [0, '0.0'],
    [NaN, 'nan'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [0.1, '0.1'],
    [100, '100.0'],
    [12345678901234567, '1.2345678901234568e+16'],
    [-1.5e-7, '-1.5e-07'],
  ];
  for (const [x, want] of cases) assert.equal(floatRepr(x), want, `repr(${x})`);
});
