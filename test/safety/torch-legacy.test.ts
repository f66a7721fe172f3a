import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scan } from '../../src/safety/index.js';

const BENIGN = join(process.cwd(), 'test/safety/benign');
const read = (file: string): Uint8Array => new Uint8Array(readFileSync(join(BENIGN, file)));
const LEGACY = ['torch-checkpoint-legacy.pt', 'torch-checkpoint-legacy-p4.pt', 'torch-state-dict-legacy.pt'];

/** os.system('true') by GLOBAL + REDUCE, protocol 2. */
const EVIL = Uint8Array.from([0x80, 2, ...Buffer.from('cos\nsystem\n', 'latin1'), 0x58, 4, 0, 0, 0, ...Buffer.from('true', 'latin1'), 0x85, 0x52, 0x2e]);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

const trailing = (r: ReturnType<typeof scan>): number => r.findings.filter((f) => f.kind === 'trailing-data').length;

test('legacy torch.save files are read as torch.load reads them: five pickles, storages skipped, no findings', () => {
  for (const file of LEGACY) {
    const r = scan(read(file));
    assert.equal(r.verdict, 'safe', file);
    assert.equal(r.container, 'pickle', file);
    assert.equal(r.pickles, 5, file);
    assert.deepEqual(r.findings, [], file);
    assert.deepEqual(r.failures, [], file);
  }
});

test('one byte after the last storage: the file deviates from the layout and keeps its trailing-data findings', () => {
  const data = read('torch-checkpoint-legacy.pt');
  const r = scan(concat(data, Uint8Array.of(0x2e)));
  assert.ok(trailing(r) >= 4, `${trailing(r)} trailing-data findings`);
  assert.equal(
    r.findings.find((f) => f.kind === 'trailing-data')!.message,
    `${data.length + 1 - 15} byte(s) follow the STOP at byte 14; pickle.loads ignores them, a reader calling load() again executes them`,
  );
});

test('a storage shorter than its declared size, or a missing storage: the layout does not fit, findings stay', () => {
  const data = read('torch-checkpoint-legacy.pt');
  assert.ok(trailing(scan(data.subarray(0, data.length - 1))) >= 4);
  // The keys pickle ends 48 bytes before the end (two storages: 8-byte counts, 6 and 2 floats).
  assert.ok(trailing(scan(data.subarray(0, data.length - 48))) >= 4);
});

test('a pickle after the storages is scanned and found, not skipped, with its place in the path', () => {
  const data = read('torch-checkpoint-legacy.pt');
  const r = scan(concat(data, EVIL));
  assert.equal(r.verdict, 'dangerous');
  const hit = r.findings.find((f) => f.severity === 'critical' && /os\.system/.test(f.message));
  assert.deepEqual(hit?.path, [`after-storages@${data.length}`]);
});

test('a dangerous object pickle in the legacy layout stays dangerous', () => {
  const data = read('torch-checkpoint-legacy.pt');
  // Magic and version pickles (the first 21 bytes), then the evil pickle where sys_info belongs.
  const r = scan(concat(data.subarray(0, 21), EVIL, data.subarray(21)));
  assert.equal(r.verdict, 'dangerous');
  assert.ok(r.findings.some((f) => f.severity === 'critical' && /os\.system/.test(f.message)));
});

test('a wrong magic number is not the legacy layout', () => {
  const data = read('torch-checkpoint-legacy.pt').slice();
  // LONG1's last byte of the magic number (0x19 at byte 13).
  assert.equal(data[13], 0x19);
  data[13] = 0x18;
  const r = scan(data);
  assert.ok(trailing(r) >= 4);
  assert.equal(r.pickles, 6);
});
