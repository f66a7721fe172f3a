/**
 * Python 2 pickles of standard types: `datetime` states arrive as `str` under
 * `encoding='latin1'` and as bytes under `encoding='bytes'`; module names are
 * mapped (`exceptions` → `builtins`), as CPython 3.11 loads them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal, PyDateTime, PyException, UnpicklingError, standardTypes } from '../../src/index.js';
import { loads } from '../../src/index.js';

const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
/** Python 2.7's `pickle.dumps(datetime.datetime(2024, 5, 6, 7, 8, 9, 123456))`. */
const PY2_DATETIME = latin1("cdatetime\ndatetime\np0\n(S'\\x07\\xe8\\x05\\x06\\x07\\x08\\t\\x01\\xe2@'\np1\ntp2\nRp3\n.");

test('Python 2 datetime loads with encoding latin1 or bytes, and fails under ASCII as CPython', () => {
  for (const encoding of ['latin1', 'bytes']) {
    const v = loads!(PY2_DATETIME, { registry: standardTypes, encoding });
    assert.ok(v instanceof PyDateTime, encoding);
    assert.equal(v.toString(), '2024-05-06T07:08:09.123456');
  }
  assert.throws(() => loads!(PY2_DATETIME, { registry: standardTypes }), UnpicklingError);
});

test('Python 2 Decimal and exceptions load to their JS faces', () => {
  const d = loads!(latin1("cdecimal\nDecimal\np0\n(S'1.10'\np1\ntp2\nRp3\n."), { registry: standardTypes });
  assert.ok(d instanceof Decimal && d.toString() === '1.10');
  const e = loads!(latin1("cexceptions\nValueError\np0\n(S'x'\np1\ntp2\nRp3\n."), { registry: standardTypes });
  assert.ok(e instanceof PyException && e.pyName === 'ValueError' && e.message === 'x');
});
