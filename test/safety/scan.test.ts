import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scan, scanAsync, TORCH_GLOBALS, type Finding, type ScanReport } from '../../src/safety/index.js';
import { PickleError } from '../../src/errors.js';

const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const corpus = (file: string): Uint8Array => new Uint8Array(readFileSync(join(process.cwd(), 'test/safety/corpus', file)));
const kinds = (r: ScanReport): string[] => r.findings.map((f) => `${f.severity}:${f.kind}`);

test('a protocol 0 call: import and call offsets, written and mapped names', () => {
  // GLOBAL 'posix system' at 0, MARK, STRING 'id', TUPLE, REDUCE at 23, STOP.
  const r = scan(latin1("cposix\nsystem\n(S'id'\ntR."));
  assert.equal(r.verdict, 'dangerous');
  assert.deepEqual(r.findings, [
    {
      severity: 'critical',
      kind: 'call',
      message: 'REDUCE calls posix.system with 1 argument(s) (str "id"): a known code-execution primitive (runs commands, opens and deletes files)',
      stream: 0,
      global: { written: { module: 'posix', name: 'system' }, mapped: { module: 'posix', name: 'system' } },
      importOffset: 0,
      callOffset: 22,
      path: [],
    },
  ]);
  assert.deepEqual(r.globals, [['posix', 'system']]);
  assert.equal(r.pickles, 1);
  assert.equal(r.ops, 6);
});

test('Python 2 names are mapped only below protocol 3, as CPython does', () => {
  const p2 = scan(latin1('\x80\x02c__builtin__\neval\nU\x011\x85R.'));
  const f = p2.findings[0]!;
  assert.deepEqual(f.global, { written: { module: '__builtin__', name: 'eval' }, mapped: { module: 'builtins', name: 'eval' } });
  assert.equal(f.callOffset, 24);
  // copy_reg._reconstructor is allowlisted only through the mapping.
  const reconstructor = latin1('\x80\x02ccopy_reg\n_reconstructor\nc__builtin__\nset\nc__builtin__\nset\n)\x87R.');
  assert.equal(scan(reconstructor).verdict, 'safe');
  const p3 = scan(latin1('\x80\x03ccopy_reg\n_reconstructor\nc__builtin__\nset\nc__builtin__\nset\n)\x87R.'));
  assert.equal(p3.verdict, 'dangerous');
  assert.deepEqual(p3.findings.find((x) => x.kind === 'call')!.global!.mapped, { module: 'copy_reg', name: '_reconstructor' });
  // A PROTO in the middle changes the mapping from there on, as it does in CPython.
  const mid = scan(latin1('c__builtin__\nset\n0\x80\x03c__builtin__\nset\n.'));
  assert.deepEqual(
    mid.findings.map((x) => x.global!.mapped.module),
    ['__builtin__'],
  );
});

test('imports never called are high; a call of a computed callable is critical', () => {
  const imp = scan(latin1('\x80\x04\x8c\x02os\x8c\x06system\x93.'));
  assert.deepEqual(kinds(imp), ['high:import']);
  assert.equal(imp.findings[0]!.importOffset, 14);
  const ext = scan(latin1('\x80\x02\x82\x05)R.'));
  assert.deepEqual(kinds(ext), ['critical:call', 'high:extension']);
  assert.match(ext.findings[0]!.message, /extension code 5/);
  const dyn = scan(corpus('dynamic-global-computed.pkl'));
  assert.deepEqual(kinds(dyn), ['critical:call', 'high:dynamic-global']);
});

test('getattr on a global is checked as the dotted name it reaches', () => {
  const r = scan(corpus('getattr-object-subclasses.pkl'));
  assert.equal(r.findings.length, 1);
  assert.deepEqual(r.findings[0]!.global!.mapped, { module: 'builtins', name: 'object.__subclasses__' });
  const dotted = scan(corpus('dotted-pathlib-os-getcwd.pkl'));
  assert.deepEqual(dotted.findings[0]!.global!.mapped, { module: 'pathlib', name: 'os.getcwd' });
  assert.equal(dotted.findings[0]!.severity, 'critical');
});

test('memo shuffles are followed symbolically', () => {
  for (const name of ['memo-put-memoize-confusion', 'memo-index-stack-global', 'memo-padding-literals', 'stack-global-pop-mark-decoys']) {
    const r = scan(corpus(`${name}.pkl`));
    const calls = r.findings.filter((f) => f.kind === 'call');
    assert.deepEqual(
      calls.map((f) => f.global?.mapped),
      [{ module: 'os', name: 'system' }],
      name,
    );
  }
});

test('BUILD and SETITEM on a global, BUILD on an unknown class', () => {
  assert.deepEqual(kinds(scan(corpus('build-on-global.pkl'))), ['critical:global-mutation']);
  assert.deepEqual(kinds(scan(corpus('setitem-os-environ.pkl'))), ['critical:global-mutation']);
  const pid = scan(latin1('\x80\x02Pid\n}b.'), { allowPersistentIds: true });
  assert.deepEqual(kinds(pid), ['critical:setstate', 'low:persistent-id']);
});

test('several pickles in one stream, trailing data, nested pickles: stream index and path', () => {
  const second = scan(corpus('second-pickle-in-stream.pkl'));
  const call = second.findings.find((f) => f.kind === 'call')!;
  assert.equal(call.stream, 1);
  assert.equal(second.pickles, 2);
  assert.ok(second.findings.some((f) => f.kind === 'trailing-data' && f.severity === 'medium'));
  const garbage = scan(latin1('N.garbage'));
  assert.equal(garbage.verdict, 'safe');
  assert.deepEqual(kinds(garbage), ['medium:trailing-data', 'medium:trailing-data']);
  const nested = scan(corpus('nested-pickle-in-bytes.pkl'));
  const inner = nested.findings.find((f) => f.kind === 'call')!;
  assert.deepEqual(inner.path, ['bytes@16']);
  // Offsets inside a nested pickle count from its own first byte.
  assert.equal(inner.callOffset, 37);
  assert.equal(inner.importOffset, 28);
});

test('FRAME inconsistencies are medium findings; a frame past the end is malformed', () => {
  const r = scan(corpus('frame-straddle.pkl'));
  assert.equal(r.verdict, 'dangerous');
  assert.ok(r.findings.some((f) => f.kind === 'frame' && /straddles/.test(f.message)));
  const inner = scan(corpus('frame-in-frame.pkl'));
  assert.ok(inner.findings.some((f) => f.kind === 'frame' && /before the previous frame ends/.test(f.message)));
  const long = scan(corpus('frame-too-long.pkl'));
  assert.equal(long.verdict, 'error');
  assert.equal(long.failures[0]!.reason, 'malformed');
  assert.equal(long.failures[0]!.offset, 2);
});

test('zip archives: members by central directory, oddities noted, paths given', async () => {
  const flags = scan(corpus('zip-flag-bits.pt'));
  assert.equal(flags.container, 'zip');
  const call = flags.findings.find((f) => f.kind === 'call')!;
  assert.deepEqual(call.path, ['archive/data.pkl']);
  assert.ok(flags.findings.some((f) => f.kind === 'container' && /encrypted/.test(f.message)));
  assert.ok(scan(corpus('zip-bad-crc.pt')).findings.some((f) => /CRC-32/.test(f.message)));
  assert.ok(scan(corpus('zip-local-name-mismatch.pt')).findings.some((f) => /local header names/.test(f.message)));
  const deflated = corpus('zip-deflated.pt');
  const sync = scan(deflated);
  assert.equal(sync.verdict, 'error');
  assert.equal(sync.failures[0]!.reason, 'unsupported');
  const asyncReport = await scanAsync(deflated);
  assert.equal(asyncReport.verdict, 'dangerous');
  assert.deepEqual(asyncReport.findings.find((f) => f.kind === 'call')!.path, ['archive/data.pkl']);
  const tooBig = await scanAsync(deflated, { maxBytes: deflated.length + 10 });
  assert.equal(tooBig.verdict, 'error');
  assert.equal(tooBig.failures[0]!.reason, 'budget');
});

test('PyTorch checkpoints pass with the torch allowlist and persistent ids allowed', () => {
  const data = corpus('torch-checkpoint.pt');
  // The default allowlists include torch's own globals and storage persistent ids.
  assert.equal(scan(data).verdict, 'safe');
  const strict = scan(data, { ml: false });
  assert.equal(strict.verdict, 'dangerous');
  assert.ok(strict.findings.some((f) => f.kind === 'persistent-id' && f.severity === 'high'));
  const lenient = scan(data, { ml: false, allow: TORCH_GLOBALS, allowPersistentIds: true });
  assert.equal(lenient.verdict, 'safe');
  assert.deepEqual([...new Set(kinds(lenient))], ['low:persistent-id']);
});

test('.npy object arrays are scanned after their header', () => {
  const r = scan(corpus('npy-object-malicious.npy'));
  assert.equal(r.container, 'npy');
  assert.deepEqual(r.findings.find((f) => f.kind === 'call')!.path, ['npy']);
  assert.equal(scan(corpus('npy-float.npy')).pickles, 0);
  const npz = scan(corpus('npz-object-malicious.npz'));
  assert.deepEqual(npz.findings.find((f) => f.kind === 'call')!.path, ['arr_0.npy', 'npy']);
});

test('fails closed: budgets keep findings and never say safe', () => {
  const data = corpus('reduce-os-system-p4.pkl');
  const full = scan(data);
  assert.equal(full.verdict, 'dangerous');
  for (let maxOps = 0; maxOps < full.ops; maxOps++) {
    const r = scan(data, { maxOps });
    assert.notEqual(r.verdict, 'safe', `maxOps ${maxOps}`);
    assert.equal(r.failures[0]!.reason, 'budget');
    assert.match(r.failures[0]!.message, /maxOps exceeded: more than \d+ opcodes; raise options.maxOps/);
  }
  // The import is found before the budget runs out: the verdict stays dangerous.
  const partial = scan(latin1('\x80\x04\x8c\x02os\x8c\x06system\x93\x8c\x02id\x85R.'), { maxOps: 6 });
  assert.equal(partial.verdict, 'dangerous');
  assert.equal(partial.failures.length, 1);
  const nesting = scan(corpus('budget-nesting.pkl'), { maxNesting: 3 });
  assert.equal(nesting.failures[0]!.reason, 'budget');
  assert.match(nesting.failures[0]!.message, /maxNesting exceeded/);
});

test('programmer errors throw PickleError; bad data never throws', () => {
  assert.throws(() => scan('x' as unknown as Uint8Array), PickleError);
  assert.throws(() => scan(new Uint8Array(1), { maxOps: -1 }), PickleError);
  for (const data of [new Uint8Array(0), latin1('\x80'), latin1('PK\x03\x04'), latin1('\x93NUMPY')]) {
    const r: ScanReport = scan(data);
    assert.equal(r.verdict, 'error');
  }
  // An empty zip archive holds nothing to run.
  assert.equal(scan(latin1('PK\x05\x06' + '\0'.repeat(18))).verdict, 'safe');
});

test('findings are sorted most severe first', () => {
  const r = scan(corpus('ext-code.pkl'));
  const ranks = r.findings.map((f: Finding) => ['critical', 'high', 'medium', 'low'].indexOf(f.severity));
  assert.deepEqual(
    ranks,
    [...ranks].sort((a, b) => a - b),
  );
});

test('resource risks are low findings and do not change the verdict', () => {
  // bytearray(int) at protocol 2: GLOBAL, BININT 10**6, TUPLE1, REDUCE. (10**9 is a denial of service: suspicious, tested below.)
  const bomb = scan(latin1('\x80\x02c__builtin__\nbytearray\nJ\x40\x42\x0f\x00\x85R.'));
  assert.equal(bomb.verdict, 'safe');
  assert.deepEqual(kinds(bomb), ['low:resource']);
  const huge = scan(latin1('\x80\x02c__builtin__\nbytearray\nJ\x00\xca\x9a\x3b\x85R.'));
  assert.equal(huge.verdict, 'suspicious');
  assert.deepEqual(kinds(huge), ['medium:resource']);
  assert.match(huge.findings[0]!.message, /bytearray\(1000000000\)/);
  // One list fetched from the memo a million times.
  const laughs = new Uint8Array(5 + 2 * 1_000_000 + 1);
  laughs.set([0x80, 0x04, 0x5d, 0x94, 0x28]);
  for (let i = 0; i < 1_000_000; i++) laughs.set([0x68, 0x00], 5 + 2 * i);
  laughs[laughs.length - 1] = 0x2e;
  const r = scan(laughs);
  assert.equal(r.verdict, 'safe');
  assert.deepEqual(kinds(r), ['low:resource']);
  assert.match(r.findings[0]!.message, /1000000 shared references/);
});

test('a pickle that is also a zip archive is scanned both ways', () => {
  const r = scan(corpus('polyglot-pickle-zip.pt'));
  assert.equal(r.container, 'pickle');
  assert.ok(r.findings.some((f) => f.kind === 'container' && /polyglot/.test(f.message)));
  assert.deepEqual(r.findings.find((f) => f.kind === 'call')!.path, ['archive/data.pkl']);
});

test('the legacy PyTorch format: pickles in a row, then raw bytes that must not raise alarms', () => {
  const options = { allow: TORCH_GLOBALS, allowPersistentIds: true };
  const legacy = scan(corpus('torch-legacy.pkl'), options);
  assert.equal(legacy.verdict, 'safe');
  // Read as torch.load reads it: the five pickles of the layout; the raw storages are skipped, not tried as a sixth.
  assert.equal(legacy.pickles, 5);
  assert.deepEqual(
    legacy.findings.filter((f) => f.kind === 'trailing-data'),
    [],
  );
  const evil = scan(corpus('torch-legacy-malicious.pkl'), options);
  const call = evil.findings.find((f) => f.kind === 'call')!;
  assert.equal(call.stream, 3);
  assert.deepEqual(call.global!.mapped, { module: 'posix', name: 'system' });
  // A trailing pickle that breaks off still reports the calls it made.
  const broken = scan(latin1('N.cos\nsystem\n(tR\xff'));
  assert.equal(broken.verdict, 'dangerous');
  assert.deepEqual(kinds(broken), ['critical:call', 'medium:trailing-data', 'medium:trailing-data']);
});

test("a FRAME ending inside an argument: the unbuffered C file reader's reading is scanned too", () => {
  const r = scan(corpus('frame-straddle-file-reader.pkl'));
  assert.equal(r.verdict, 'dangerous');
  const exec = r.findings.find((f) => f.kind === 'call' && f.path[0]?.startsWith('file-reader@'));
  assert.deepEqual(exec?.global?.mapped, { module: 'builtins', name: 'exec' });
  assert.ok(r.findings.some((f) => f.kind === 'divergence' && f.path.length === 0 && /C unpickler reading a file reads from byte 18/.test(f.message)));
});

test('text numbers are read as CPython reads them: accepted forms go on, rejected ones fail closed, disagreements are noted', () => {
  assert.equal(scan(latin1('I0x10\n.')).verdict, 'safe');
  assert.equal(scan(latin1('I1_000\n.')).verdict, 'safe');
  const octal = scan(latin1('I010\n.'));
  assert.equal(octal.verdict, 'suspicious');
  assert.match(octal.findings[0]!.message, /_pickle \(pickle.loads\) accepts, pickle.py refuses/);
  assert.equal(scan(latin1('I1L\n.')).verdict, 'error');
  assert.equal(scan(latin1('L' + '9'.repeat(4300) + '\n.')).verdict, 'safe');
  assert.equal(scan(latin1('L' + '9'.repeat(4301) + '\n.')).verdict, 'error');
  // Hex digits are not limited by int_max_str_digits.
  assert.equal(scan(latin1('L0x' + 'f'.repeat(5000) + '\n.')).verdict, 'safe');
});

test('pickle.loads of a bytes constant: the inner pickle is scanned for certain, with its path', () => {
  const r = scan(corpus('nested-pickle-loads.pkl'));
  const inner = r.findings.find((f) => f.path.length === 1 && f.path[0]!.startsWith('bytes@'));
  assert.deepEqual(inner?.global?.mapped, { module: 'builtins', name: 'exec' });
  assert.equal(inner?.severity, 'critical');
});

test('a call of a computed callable carries the chain of calls that made it', () => {
  // functools.partial(os.system, 'true')() at protocol 4.
  const su = (s: string): string => '\x8c' + String.fromCharCode(s.length) + s;
  const data = latin1('\x80\x04' + su('functools') + su('partial') + '\x93' + su('os') + su('system') + '\x93' + su('true') + '\x86R)R.');
  const r = scan(data);
  assert.equal(r.verdict, 'dangerous');
  const call = r.findings.find((f) => f.chain !== undefined)!;
  assert.equal(call.severity, 'critical');
  assert.deepEqual(call.chain, ['functools.partial(os.system, str "true") at byte 43', 'the result of functools.partial (at byte 43)() at byte 45']);
  assert.equal(r.cutShort, false);
  assert.equal(scan(corpus('budget-ops.pkl'), { maxOps: 1000 }).cutShort, true);
});

test('after a malformed pickle the scan still reads the pickles that follow in the stream', () => {
  // A first pickle with an unknown opcode, then a legacy-torch-like second pickle calling os.system.
  const r = scan(latin1('\x80\x02\xff.' + '\x80\x02cposix\nsystem\nU\x04true\x85R.'));
  assert.equal(r.verdict, 'dangerous');
  assert.equal(r.failures[0]!.reason, 'malformed');
  const call = r.findings.find((f) => f.kind === 'call')!;
  assert.equal(call.stream, 1);
  assert.equal(call.importOffset, 6);
  // A malformed pickle followed by harmless bytes stays "could not scan".
  assert.equal(scan(latin1('\x80\x02\xff.\x80\x02N.')).verdict, 'error');
});

test('library factories explain only value types and classes as their first argument', () => {
  const su = (s: string): string => '\x8c' + String.fromCharCode(s.length) + s;
  const factory = su('torch._tensor') + su('_rebuild_from_type_v2') + '\x93';
  // _rebuild_from_type_v2(builtins.getattr, torch.Tensor, args, state): getattr called with chosen arguments.
  const viaGetattr = scan(latin1('\x80\x04' + factory + '(' + su('builtins') + su('getattr') + '\x93' + su('torch') + su('Tensor') + '\x93)}tR.'));
  assert.equal(viaGetattr.verdict, 'dangerous');
  assert.match(viaGetattr.findings[0]!.message, /allowlist rule \(getattr\) does not explain that/);
  // ... and builtins.type creates a class.
  const viaType = scan(latin1('\x80\x04' + factory + '(' + su('builtins') + su('type') + '\x93' + su('torch') + su('Tensor') + '\x93)}tR.'));
  assert.equal(viaType.findings[0]!.severity, 'critical');
  // numpy's _reconstruct of ndarray, as numpy writes it, is safe.
  const ok = scan(latin1('\x80\x04' + su('numpy.core.multiarray') + su('_reconstruct') + '\x93' + su('numpy') + su('ndarray') + '\x93K\x00\x85C\x01b\x87R.'));
  assert.equal(ok.verdict, 'safe');
});
