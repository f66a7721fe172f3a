import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readZip, writeZip, ZipError } from '../../src/containers/zip.js';
import { crc32 } from '../../src/codecs/crc32.js';
import { crc32 as safetyCrc32 } from '../../src/safety/crc32.js';
import { deflateRaw } from '../../src/codecs/deflate.js';
import { PickleError } from '../../src/errors.js';
import { DecompressionError } from '../../src/codecs/limits.js';

const te = new TextEncoder();
const td = new TextDecoder();

function u32le(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];
}
function u16le(n: number): number[] {
  return [n & 0xff, n >>> 8];
}
function u64le(n: number): number[] {
  return [...u32le(n >>> 0), ...u32le(Math.floor(n / 2 ** 32))];
}

/** A zip64 archive built by hand: every size and offset in the central directory is 0xFFFFFFFF, the real values in the zip64 extra field. */
function handMadeZip64(content: Uint8Array, name = 'big.bin'): Uint8Array {
  const n = te.encode(name);
  const crc = crc32(content);
  const local = [
    0x50,
    0x4b,
    0x03,
    0x04,
    ...u16le(45),
    ...u16le(0),
    ...u16le(0),
    ...u16le(0),
    ...u16le(0x21),
    ...u32le(crc),
    ...u32le(0xffffffff),
    ...u32le(0xffffffff),
    ...u16le(n.length),
    ...u16le(20),
    ...n,
    ...u16le(1),
    ...u16le(16),
    ...u64le(content.length),
    ...u64le(content.length),
  ];
  const cdOffset = local.length + content.length;
  const extra = [...u16le(1), ...u16le(24), ...u64le(content.length), ...u64le(content.length), ...u64le(0)];
  const central = [
    0x50,
    0x4b,
    0x01,
    0x02,
    ...u16le(45),
    ...u16le(45),
    ...u16le(0),
    ...u16le(0),
    ...u16le(0),
    ...u16le(0x21),
    ...u32le(crc),
    ...u32le(0xffffffff),
    ...u32le(0xffffffff),
    ...u16le(n.length),
    ...u16le(extra.length),
    ...u16le(0),
    ...u16le(0),
    ...u16le(0),
    ...u32le(0),
    ...u32le(0xffffffff),
    ...n,
    ...extra,
  ];
  const z64At = cdOffset + central.length;
  const z64 = [
    0x50,
    0x4b,
    0x06,
    0x06,
    ...u64le(44),
    ...u16le(45),
    ...u16le(45),
    ...u32le(0),
    ...u32le(0),
    ...u64le(1),
    ...u64le(1),
    ...u64le(central.length),
    ...u64le(cdOffset),
  ];
  const locator = [0x50, 0x4b, 0x06, 0x07, ...u32le(0), ...u64le(z64At), ...u32le(1)];
  const eocd = [0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, ...u32le(0xffffffff), ...u32le(0xffffffff), 0, 0];
  return Uint8Array.from([...local, ...content, ...central, ...z64, ...locator, ...eocd]);
}

function pythonZip(script: string): Uint8Array | undefined {
  const r = spawnSync('python3', ['-c', script], { maxBuffer: 1 << 24 });
  if (r.status !== 0 || r.error) return undefined;
  return new Uint8Array(r.stdout);
}

test('crc32 is shared: the codec and the scanner path are the same function, with known values', () => {
  assert.equal(safetyCrc32, crc32);
  assert.equal(crc32(te.encode('123456789')), 0xcbf43926);
  assert.equal(crc32(new Uint8Array(0)), 0);
  assert.equal(crc32(te.encode('56789'), crc32(te.encode('1234'))), 0xcbf43926);
});

test('writeZip standard round trip: stored members are views of the input, deflated ones inflate', () => {
  const a = te.encode('hello world');
  const b = new Uint8Array(5000).fill(7);
  const bytes = writeZip([
    { name: 'a.txt', data: a },
    { name: 'dir/b.bin', data: b, compress: true },
    { name: 'empty', data: new Uint8Array(0) },
  ]);
  const zip = readZip(bytes);
  assert.deepEqual(
    zip.entries.map((e) => [e.name, e.method, e.size]),
    [
      ['a.txt', 0, 11],
      ['dir/b.bin', 8, 5000],
      ['empty', 0, 0],
    ],
  );
  assert.equal(zip.prefixLength, 0);
  const ea = zip.get('a.txt')!;
  const da = ea.data();
  assert.equal(da.buffer, bytes.buffer, 'stored data is a subarray, not a copy');
  assert.equal(da.byteOffset, ea.dataOffset);
  assert.equal(td.decode(da), 'hello world');
  assert.ok(zip.get('dir/b.bin')!.compressedSize < 100);
  assert.deepEqual(zip.get('dir/b.bin')!.data(), b);
  assert.equal(zip.get('empty')!.data().length, 0);
  assert.equal(zip.get('missing'), undefined);
});

test('writeZip pytorch style with 64-byte alignment: FB padding, data descriptors, zip64 end records', () => {
  const bytes = writeZip(
    [
      { name: 'sd/data.pkl', data: te.encode('x'.repeat(218)) },
      { name: 'sd/data/0', data: new Uint8Array(24) },
      { name: 'sd/version', data: te.encode('3\n') },
    ],
    { align: 64, style: 'pytorch' },
  );
  const zip = readZip(bytes);
  for (const e of zip.entries) assert.equal(e.dataOffset % 64, 0, e.name);
  // Offsets and total length as PyTorch 1.13 writes this very layout (checked against torch.save's sd.pt).
  assert.deepEqual(
    zip.entries.map((e) => e.dataOffset),
    [64, 384, 512],
  );
  assert.equal(bytes.length, 796);
  assert.deepEqual([...bytes.subarray(0, 12)], [0x50, 0x4b, 3, 4, 0, 0, 8, 8, 0, 0, 0, 0]);
  assert.equal(td.decode(bytes.subarray(41, 45)), 'FB\x13\x00');
  assert.equal(td.decode(zip.get('sd/version')!.data()), '3\n');
});

test('a prefix before the archive shifts every offset and still reads', () => {
  const inner = writeZip([{ name: 'm', data: te.encode('payload') }], { align: 64, style: 'pytorch' });
  const prefixed = new Uint8Array(100 + inner.length);
  prefixed.fill(0x23, 0, 100);
  prefixed.set(inner, 100);
  const zip = readZip(prefixed);
  assert.equal(zip.prefixLength, 100);
  assert.equal(td.decode(zip.get('m')!.data()), 'payload');
  const standard = writeZip([{ name: 'n', data: te.encode('data'), compress: true }]);
  const p2 = new Uint8Array(7 + standard.length);
  p2.set(standard, 7);
  assert.equal(td.decode(readZip(p2).get('n')!.data()), 'data');
});

test('zip64: sizes and offsets from the zip64 extra field and the zip64 end record', () => {
  const content = te.encode('zip64 content');
  const zip = readZip(handMadeZip64(content));
  const e = zip.get('big.bin')!;
  assert.equal(e.size, content.length);
  assert.equal(e.compressedSize, content.length);
  assert.deepEqual(e.data(), content);
});

test('CRC mismatch raises ZipError naming the member; checkCrc: false skips it', () => {
  const bytes = writeZip([{ name: 'weights/0', data: te.encode('abcdef') }]);
  const at = readZip(bytes).get('weights/0')!.dataOffset;
  bytes[at] ^= 1;
  assert.throws(
    () => readZip(bytes).get('weights/0')!.data(),
    (e: unknown) => e instanceof ZipError && /'weights\/0' fails its CRC-32 check/.test((e as Error).message),
  );
  assert.equal(td.decode(readZip(bytes, { checkCrc: false }).get('weights/0')!.data()), '`bcdef');
});

test('unsupported methods and encryption raise ZipError; deflate over the limit raises before allocating', () => {
  const bytes = writeZip([{ name: 'a', data: te.encode('abc') }]);
  const cd = bytes.length - 22 - 46 - 1;
  bytes[cd + 10] = 93; // method zstd in the central directory
  assert.throws(() => readZip(bytes).get('a')!.data(), /method 93 \(zstd\), which is not supported/);
  bytes[cd + 10] = 12; // bzip2, but the data is stored bytes
  assert.throws(() => readZip(bytes).get('a')!.data(), PickleError);
  bytes[cd + 10] = 0;
  bytes[cd + 8] = 1; // encrypted flag
  assert.throws(
    () => readZip(bytes).get('a')!.data(),
    (e: unknown) => e instanceof ZipError && /encrypted/.test((e as Error).message),
  );
  const big = writeZip([{ name: 'z', data: new Uint8Array(1 << 21), compress: true }]);
  assert.throws(
    () =>
      readZip(big, { limits: { maxOutputBytes: 1000 } })
        .get('z')!
        .data(),
    (e: unknown) => e instanceof ZipError && /maxOutputBytes/.test((e as Error).message),
  );
  assert.throws(
    () =>
      readZip(big, { limits: { maxRatio: 10 } })
        .get('z')!
        .data(),
    DecompressionError,
  );
});

test('not a zip, lying counts, sizes past the end: ZipError with an offset', () => {
  assert.throws(
    () => readZip(te.encode('not a zip at all, just some text here')),
    (e: unknown) => e instanceof ZipError && /no end-of-central-directory/.test((e as Error).message),
  );
  assert.throws(() => readZip(new Uint8Array(0)), ZipError);
  const bytes = writeZip([{ name: 'a', data: te.encode('abc') }]);
  const lying = bytes.slice();
  lying[lying.length - 22 + 10] = 0xff; // count 255 in a 47-byte directory
  assert.throws(() => readZip(lying), /claims 255 members/);
  const past = bytes.slice();
  const cd = bytes.length - 22 - 47;
  past.set(u32le(1000), cd + 20); // compressed size 1000
  assert.throws(
    () => readZip(past),
    (e: unknown) => e instanceof ZipError && /run past the end/.test((e as Error).message) && (e as ZipError).offset === 0,
  );
});

test('truncation at every offset of a small archive raises PickleError only, never reads garbage', () => {
  const archives = [
    writeZip(
      [
        { name: 'archive/data.pkl', data: te.encode('pickle bytes') },
        { name: 'archive/data/0', data: new Uint8Array(40).fill(3), compress: true },
      ],
      { align: 64, style: 'pytorch' },
    ),
    handMadeZip64(te.encode('zip64!')),
  ];
  for (const full of archives) {
    for (let n = 0; n < full.length; n++) {
      const cut = full.subarray(0, n);
      try {
        const zip = readZip(cut);
        for (const e of zip.entries) e.data();
        assert.fail(`truncated to ${n} bytes read without error`);
      } catch (e) {
        assert.ok(e instanceof PickleError, `truncated to ${n}: ${String(e)}`);
      }
    }
  }
});

test('writeZip refuses duplicate and empty names, bad alignment', () => {
  assert.throws(
    () =>
      writeZip([
        { name: 'a', data: new Uint8Array(1) },
        { name: 'a', data: new Uint8Array(1) },
      ]),
    /written twice/,
  );
  assert.throws(() => writeZip([{ name: '', data: new Uint8Array(1) }]), PickleError);
  assert.throws(() => writeZip([], { align: 0 }), PickleError);
  assert.equal(readZip(writeZip([])).entries.length, 0);
});

test('names: UTF-8 flag, code page 437 otherwise', () => {
  const bytes = writeZip([{ name: 'naïve/é.bin', data: new Uint8Array(2) }]);
  assert.equal(readZip(bytes).entries[0]!.name, 'naïve/é.bin');
  const cp = writeZip([{ name: 'x\u00ffy', data: new Uint8Array(0) }]);
  // Rewrite the central name bytes to 'x\x80y' with the UTF-8 flag cleared: cp437 0x80 is 'Ç'.
  const cd = cp.length - 22 - 46 - 4;
  cp[cd + 9] = 0;
  cp.set([0x78, 0x80, 0x79, 0x20], cd + 46);
  cp[cd + 28] = 3;
  cp[cd + 30] = 0;
  cp[cd + 32] = 1; // comment of one byte keeps the directory size
  assert.equal(readZip(cp).entries[0]!.name, 'xÇy');
});

test('Python zipfile reads what writeZip writes, and writeZip reads what zipfile writes (live, python3)', (t) => {
  const made = pythonZip(
    "import zipfile,io,sys\nb=io.BytesIO()\nz=zipfile.ZipFile(b,'w')\nz.writestr('s.txt','stored')\nz.writestr(zipfile.ZipInfo('d.txt'),'deflated'*50,compress_type=zipfile.ZIP_DEFLATED)\nz.writestr('ü.txt','u')\nz.writestr('b.txt','bz2'*40,compress_type=zipfile.ZIP_BZIP2)\nz.writestr('l.txt','lzma'*40,compress_type=zipfile.ZIP_LZMA)\nz.close()\nsys.stdout.buffer.write(b'PREFIX'+b.getvalue())",
  );
  if (!made) return t.skip('python3 is not available');
  const zip = readZip(made);
  assert.equal(zip.prefixLength, 6);
  assert.equal(td.decode(zip.get('s.txt')!.data()), 'stored');
  assert.equal(zip.get('d.txt')!.method, 8);
  assert.equal(td.decode(zip.get('d.txt')!.data()), 'deflated'.repeat(50));
  assert.equal(td.decode(zip.get('ü.txt')!.data()), 'u');
  assert.equal(zip.get('b.txt')!.method, 12);
  assert.equal(td.decode(zip.get('b.txt')!.data()), 'bz2'.repeat(40));
  assert.equal(zip.get('l.txt')!.method, 14);
  assert.equal(td.decode(zip.get('l.txt')!.data()), 'lzma'.repeat(40));
  for (const style of ['standard', 'pytorch'] as const) {
    const ours = writeZip(
      [
        { name: 'a/x', data: te.encode('one') },
        { name: 'ü', data: te.encode('two'.repeat(30)), compress: true },
      ],
      { align: 64, style },
    );
    const r = spawnSync(
      'python3',
      [
        '-c',
        'import zipfile,io,sys\nz=zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))\nassert z.testzip() is None\nprint([(i.filename,z.read(i).decode()) for i in z.infolist()])',
      ],
      { input: ours },
    );
    assert.equal(r.status, 0, r.stderr?.toString());
    assert.equal(r.stdout.toString().trim(), `[('a/x', 'one'), ('ü', '${'two'.repeat(30)}')]`);
  }
  assert.ok(deflateRaw(te.encode('x')).length > 0);
});
