import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scan, scanAsync } from '../../src/safety/index.js';
import { zlib } from '../../src/codecs/deflate.js';

const enc = new TextEncoder();
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
};
const EVIL_P0 = latin1("cposix\nsystem\n(S'true'\ntR.");
const EVIL_P2 = latin1('\x80\x02cposix\nsystem\nU\x04true\x85R.');

function npy(header: string, body: Uint8Array): Uint8Array {
  const h = enc.encode(header);
  const pad = 64 - ((10 + h.length + 1) % 64);
  const full = concat(h, enc.encode(' '.repeat(pad % 64) + '\n'));
  const head = Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, full.length & 0xff, full.length >> 8]);
  return concat(head, full, body);
}

/** A stored zip with the given members; `hideFromDirectory` members get a local header only. */
function zip(members: [string, Uint8Array][], hideFromDirectory: string[] = []): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  let count = 0;
  for (const [name, data] of members) {
    const n = enc.encode(name);
    const local = new Uint8Array(30 + n.length);
    const dv = new DataView(local.buffer);
    dv.setUint32(0, 0x04034b50, true);
    dv.setUint16(4, 20, true);
    dv.setUint32(18, data.length, true);
    dv.setUint32(22, data.length, true);
    dv.setUint16(26, n.length, true);
    local.set(n, 30);
    if (!hideFromDirectory.includes(name)) {
      const c = new Uint8Array(46 + n.length);
      const cv = new DataView(c.buffer);
      cv.setUint32(0, 0x02014b50, true);
      cv.setUint32(20, data.length, true);
      cv.setUint32(24, data.length, true);
      cv.setUint16(28, n.length, true);
      cv.setUint32(42, offset, true);
      c.set(n, 46);
      central.push(c);
      count++;
    }
    parts.push(local, data);
    offset += local.length + data.length;
  }
  const cd = concat(...central);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, count, true);
  ev.setUint16(10, count, true);
  ev.setUint32(12, cd.length, true);
  ev.setUint32(16, offset, true);
  return concat(...parts, cd, eocd);
}

test('a protocol 0 pickle in a zip member named like data (config.json) is scanned, with its path', () => {
  const r = scan(
    zip([
      ['archive/data.pkl', latin1('\x80\x02N.')],
      ['archive/config.json', EVIL_P0],
    ]),
  );
  assert.equal(r.verdict, 'dangerous');
  assert.deepEqual(r.findings[0]!.path, ['archive/config.json']);
  // JSON that is only JSON raises nothing.
  assert.equal(
    scan(
      zip([
        ['archive/data.pkl', latin1('\x80\x02N.')],
        ['config.json', enc.encode('{"a": 1}')],
      ]),
    ).verdict,
    'safe',
  );
});

test('an .npz member without the .npy suffix is read as numpy.load reads it (by its magic)', () => {
  const r = scan(zip([['arr', npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", EVIL_P2)]]));
  assert.equal(r.verdict, 'dangerous');
  assert.deepEqual(r.findings.find((f) => f.kind === 'call')!.path, ['arr', 'npy']);
});

test('.npy object dtypes in unusual spellings all lead to the pickle', () => {
  for (const descr of [
    "'object'",
    "b'O'",
    "'\\\\x4f'",
    "'i4,O'",
    "[('a', '<f8'), ('b', 'O')]",
    "('O', (2,))",
    "'=O'",
    "'object_'",
    "'2O'",
    "u'O8'",
    "'object0'",
  ]) {
    const r = scan(npy(`{'descr': ${descr}, 'fortran_order': False, 'shape': (1,), }`, EVIL_P2));
    assert.equal(r.verdict, 'dangerous', descr);
  }
  // A plain float array with bytes after the header that are not a pickle: safe.
  assert.equal(scan(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8))).verdict, 'safe');
});

test('a member with a local header but no central directory entry (a decoy directory) is scanned too', () => {
  const r = scan(
    zip(
      [
        ['archive/data.pkl', latin1('\x80\x02N.')],
        ['hidden.pkl', EVIL_P2],
      ],
      ['hidden.pkl'],
    ),
  );
  assert.equal(r.verdict, 'dangerous');
  const call = r.findings.find((f) => f.kind === 'call')!;
  assert.match(call.path[0]!, /^hidden\.pkl@\d+$/);
  assert.ok(r.findings.some((f) => f.kind === 'container' && /no central directory entry/.test(f.message)));
});

test('whole-file compression is seen through; a zip member that is a zlib stream is read too', async () => {
  const r = scan(zlib(EVIL_P2));
  assert.equal(r.container, 'zlib');
  assert.equal(r.verdict, 'dangerous');
  assert.deepEqual(r.findings[0]!.path, ['zlib']);
  const member = await scanAsync(zip([['weights.bin', zlib(EVIL_P2)]]));
  assert.equal(member.verdict, 'dangerous');
  assert.deepEqual(member.findings.find((f) => f.kind === 'call')!.path, ['weights.bin', 'zlib']);
  // Corrupt compressed data: could not scan, never safe.
  const corrupt = zlib(latin1('\x80\x02N.'));
  corrupt[corrupt.length - 1] ^= 0xff;
  assert.equal(scan(corrupt).verdict, 'error');
});
