/**
 * `show --errors` takes exactly the error handlers `UnpicklerOptions.errors`
 * types (PY2_STRING_ERRORS); another name is a usage error, caught before
 * any input is read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOneLineError, picklejar } from './harness.js';

const PY2 = Buffer.from('U\x02\xe9\xe9.', 'latin1');

test('show --errors: the handlers decode Python 2 strs as Python does', () => {
  assert.equal(picklejar(['show', '--errors', 'replace', '-'], PY2).text, "'\ufffd\ufffd'\n");
  assert.equal(picklejar(['show', '--errors', 'backslashreplace', '-'], PY2).text, "'\\\\xe9\\\\xe9'\n");
  assert.equal(picklejar(['show', '--errors', 'ignore', '-'], PY2).text, "''\n");
});

test('show --errors with an unknown handler: usage error, exit 2, one line', () => {
  const run = picklejar(['show', '--errors', 'bogus', '-'], PY2);
  assert.equal(run.status, 2);
  assert.equal(run.text, '');
  assert.ok(isOneLineError(run.stderr), run.stderr);
  assert.match(run.stderr, /--errors must be one of strict, replace, ignore, surrogateescape, backslashreplace, surrogatepass, not 'bogus'/);
});
