import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loads } from '../../src/index.js';
import { PyGlobal, PyObject } from '../../src/values/index.js';
import { PyDateTime } from '../../src/stdlib/index.js';
import { assertUnpicklingError, b } from './helpers.js';
import { dictObject } from '../helpers/default-dicts.js';

// Hand-written the way Python 2.7's cPickle writes them (protocol 0 and 2).
const PY2_STR_LATIN1 = b("S'caf\\xe9'\np0\n.");
const PY2_BINSTRING = b('\x80\x02U\x04caf\xe9q\x00.');
const PY2_UNICODE = b('\x80\x02X\x05\x00\x00\x00caf\xc3\xa9q\x00.');

test('fix_imports maps Python 2 globals at protocol < 3 only', () => {
  const g = loads(b('c__builtin__\nunicode\n.')) as PyGlobal;
  assert.equal(g.toString(), 'builtins.str');
  assert.equal((loads(b('cexceptions\nValueError\n.')) as PyGlobal).toString(), 'builtins.ValueError');
  assert.equal((loads(b('cUserDict\nIterableUserDict\n.')) as PyGlobal).toString(), 'collections.UserDict');
  assert.equal((loads(b('\x80\x02curllib2\nurlopen\n.')) as PyGlobal).toString(), 'urllib.request.urlopen');
  // Protocol 3 pickles are Python 3's own: no mapping.
  assert.equal((loads(b('\x80\x03c__builtin__\nunicode\n.')) as PyGlobal).toString(), '__builtin__.unicode');
  // fixImports: false keeps the names as written.
  assert.equal((loads(b('c__builtin__\nunicode\n.'), { fixImports: false }) as PyGlobal).toString(), '__builtin__.unicode');
  // INST maps too, and copy_reg._reconstructor objects derive their class.
  const o = loads(b("ccopy_reg\n_reconstructor\np0\n(c__main__\nOld\np1\nc__builtin__\nobject\np2\nNtp3\nRp4\n(dp5\nS'x'\np6\nI1\nsb."), {
    encoding: 'latin1',
  }) as PyObject;
  assert.equal((o.cls as PyGlobal).toString(), '__main__.Old');
  assert.deepEqual(o.state, dictObject([['x', 1]]));
});

test('Python 2 str decodes with encoding/errors as CPython', () => {
  assertUnpicklingError(() => loads(PY2_STR_LATIN1), "'ascii' codec can't decode byte 0xe9 in position 3", 0);
  assertUnpicklingError(() => loads(PY2_BINSTRING), "'ascii' codec can't decode byte 0xe9", 2);
  assert.equal(loads(PY2_STR_LATIN1, { encoding: 'latin1' }), 'caf\u00e9');
  assert.equal(loads(PY2_BINSTRING, { encoding: 'latin-1' }), 'caf\u00e9');
  assert.deepEqual(loads(PY2_BINSTRING, { encoding: 'bytes' }), new Uint8Array([99, 97, 102, 0xe9]));
  assert.equal(loads(PY2_BINSTRING, { errors: 'replace' }), 'caf\ufffd');
  assert.equal(loads(PY2_BINSTRING, { errors: 'ignore' }), 'caf');
  assert.equal(loads(PY2_BINSTRING, { errors: 'surrogateescape' }), 'caf\udce9');
  assert.equal(loads(PY2_BINSTRING, { errors: 'backslashreplace' }), 'caf\\xe9');
  assert.equal(loads(b('U\x05caf\xc3\xa9.'), { encoding: 'utf-8' }), 'caf\u00e9');
  assertUnpicklingError(() => loads(PY2_BINSTRING, { encoding: 'utf-8' }), "'utf-8' codec can't decode");
  assertUnpicklingError(() => loads(b('U\x03\xed\xa0\x80.'), { encoding: 'utf-8' }), "'utf-8' codec can't decode");
  assert.equal(loads(b('U\x03\xed\xa0\x80.'), { encoding: 'utf-8', errors: 'surrogatepass' }), '\ud800');
  // Unknown encodings raise when a Python 2 str is met, as CPython (LookupError there).
  assert.equal(loads(b('N.'), { encoding: 'klingon' }), null);
  assertUnpicklingError(() => loads(b('U\x01a.'), { encoding: 'klingon' }), 'unknown encoding: klingon');
  // Python 2 unicode is unaffected by encoding.
  assert.equal(loads(PY2_UNICODE, { encoding: 'bytes' }), 'caf\u00e9');
});

test('Python 2 datetime-style pickles with encoding latin1 load inert with the raw state (standardTypes: false)', () => {
  const dt = loads(b("cdatetime\ndatetime\np0\n(S'\\x07\\xdf\\x01\\x02\\x03\\x04\\x05\\x00\\x00\\x06'\np1\ntp2\nRp3\n."), {
    encoding: 'latin1',
    standardTypes: false,
  }) as PyObject;
  assert.equal((dt.callable as PyGlobal).toString(), 'datetime.datetime');
  assert.equal((dt.args as unknown[])[0], '\x07\xdf\x01\x02\x03\x04\x05\x00\x00\x06');
});

test('Python 2 datetime pickles with encoding latin1 load as PyDateTime through the standard types', () => {
  const dt = loads(b("cdatetime\ndatetime\np0\n(S'\\x07\\xdf\\x01\\x02\\x03\\x04\\x05\\x00\\x00\\x06'\np1\ntp2\nRp3\n."), { encoding: 'latin1' });
  assert.ok(dt instanceof PyDateTime);
  assert.equal(String(dt), '2015-01-02T03:04:05.000006');
});
