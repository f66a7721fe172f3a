import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { pythonSkip } from '../helpers/python.js';
import { scan } from '../../src/safety/index.js';

// Every standard type CPython 3.11 pickles, one value per line, pickled by python3 at protocols 0-5.
const PYTHON = String.raw`
import array, collections, datetime, decimal, fractions, ipaddress, pathlib, pickle, re, sys, time, types, uuid, os
values = [None, True, 7, 2**70, -2**70, 0.5, float('nan'), 'sé\udc80', b'\x00\x80', bytearray(b'x'), 3-4j,
  (), (1,), (1, 2), (1, 2, 3, 4), [1], {1: 2}, {3}, frozenset({4}), range(3), slice(None), Ellipsis, NotImplemented,
  type(None), type(Ellipsis), type(NotImplemented), int, object, type, bytearray,
  datetime.datetime(2021, 5, 6, 7, 8, 9, 10), datetime.date(2021, 1, 1), datetime.time(23, 59, tzinfo=datetime.timezone.utc),
  datetime.timedelta(-1, 5), datetime.timezone(datetime.timedelta(minutes=-90)), decimal.Decimal('NaN'), fractions.Fraction(-7, 3),
  collections.OrderedDict([(1, 2)]), collections.deque('ab'), collections.Counter(a=2), collections.defaultdict(int),
  collections.defaultdict(set, {1: {2}}), collections.ChainMap(), uuid.UUID(int=1), pathlib.PurePosixPath('/etc'), pathlib.PurePath('x'),
  ipaddress.IPv6Network('::/64'), ipaddress.IPv6Interface('::1/64'), ipaddress.IPv4Network('1.2.3.0/24'), re.compile(b'x'), re.M | re.S,
  types.SimpleNamespace(), array.array('b', [1]), array.array('u', 'ab'), time.localtime(0), os.stat_result(range(10))]
values += [ValueError('v'), KeyError('k'), FileNotFoundError(2, 'no such file', 'f'), UnicodeDecodeError('utf-8', b'\xff', 0, 1, 'bad'),
  ExceptionGroup('g', [TypeError('t')]), StopIteration(1), SystemExit(3), UserWarning('w')]
e = OSError('with state'); e.note = 'x'; values.append(e)
try:
    import zoneinfo
    values.append(zoneinfo.ZoneInfo('UTC'))
except Exception:
    pass
for i, v in enumerate(values):
    for proto in range(6):
        sys.stdout.write('%d %d %s\n' % (i, proto, pickle.dumps(v, proto).hex()))
`;

test('no false alarms on what CPython writes for standard types, protocols 0-5 (live python3)', { skip: pythonSkip() }, () => {
  const run = spawnSync('python3', ['-c', PYTHON], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.status, 0, run.error?.message ?? run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.ok(lines.length >= 6 * 55, `${lines.length} pickles`);
  const alarms: string[] = [];
  for (const line of lines) {
    const [index, proto, hex] = line.split(' ') as [string, string, string];
    const report = scan(Uint8Array.from(Buffer.from(hex, 'hex')));
    if (report.verdict !== 'safe' || report.findings.length > 0) {
      alarms.push(
        `value ${index} protocol ${proto}: ${report.verdict} ${report.findings.map((f) => f.message).join('; ')} ${report.failures.map((f) => f.message).join('; ')}`,
      );
    }
  }
  assert.deepEqual(alarms, []);
});
