// Minifiers rename classes, so an error's `name` must not come from its
// constructor's name. Renaming the constructor here stands in for a minifier.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PickleError, PicklingError, UnpicklingError, TypedJsonError } from '../../src/index.js';
import { PickletoolsError } from '../../src/tools/index.js';

const cases: [string, () => Error, Function][] = [
  ['PickleError', () => new PickleError('m'), PickleError],
  ['UnpicklingError', () => new UnpicklingError('m'), UnpicklingError],
  ['PicklingError', () => new PicklingError('m'), PicklingError],
  ['TypedJsonError', () => new TypedJsonError('m'), TypedJsonError],
  ['PickletoolsError', () => new PickletoolsError('m', -1, ''), PickletoolsError],
];

for (const [name, make, cls] of cases) {
  test(`${name} keeps its name when its class is renamed`, () => {
    const original = Object.getOwnPropertyDescriptor(cls, 'name')!;
    Object.defineProperty(cls, 'name', { value: 'a', configurable: true });
    try {
      const e = make();
      assert.equal(e.name, name);
      assert.ok(String(e).startsWith(`${name}: m`), String(e));
    } finally {
      Object.defineProperty(cls, 'name', original);
    }
  });
}

test('a subclass that does not name itself still gets its class name', () => {
  class AppError extends UnpicklingError {}
  assert.equal(new AppError('m').name, 'AppError');
});
