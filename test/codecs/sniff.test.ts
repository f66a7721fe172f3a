// Sniffing: every codec by its magic, and no pickle taken for compressed data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { codecFromExtension, compress, sniffCodec } from '../../src/codecs/index.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';
import { MANIFEST, fixture } from './helpers.js';

test('no committed fixture pickle (nor any prefix of one) is taken for compressed data', () => {
  const dir = FIXTURES_DIR + 'pickles/';
  const files = readdirSync(dir);
  assert.ok(files.length > 1000, `expected the fixture corpus, found ${files.length} files`);
  const misdetected: string[] = [];
  for (const name of files) {
    const bytes = new Uint8Array(readFileSync(dir + name));
    for (const n of [2, 4, 8, 14, 32, bytes.length]) {
      const got = sniffCodec(bytes.subarray(0, n));
      if (got !== undefined) misdetected.push(`${name}[:${n}] -> ${got}`);
    }
  }
  assert.deepEqual(misdetected, []);
});

// Fillers are opcodes too: a byte that is no opcode (0x00) ends a pickle's
// validity, and e.g. 80 00 30 00 00 ... does read as an .lzma header.
test('PROTO then any opcode, and every opcode first, is not a codec', () => {
  const opcodes = [...'()./012BCFGIJKLMNPQRSTUVX]abcdeghijloqrstu}'].map((c) => c.charCodeAt(0));
  for (let op = 0x80; op <= 0x98; op++) opcodes.push(op);
  for (let proto = 0; proto <= 5; proto++) {
    for (const op of opcodes) {
      for (const fill of [0x2e, 0x4e, 0x71, 0x94]) {
        const bytes = new Uint8Array(16).fill(fill);
        bytes.set([0x80, proto, op]);
        assert.equal(sniffCodec(bytes), undefined, `80 ${proto} ${op} ${fill}`);
      }
    }
  }
  for (const op of opcodes) {
    for (const fill of [0x2e, 0x4e, 0x71, 0x94]) {
      const bytes = new Uint8Array(16).fill(fill);
      bytes[0] = op;
      assert.equal(sniffCodec(bytes), undefined, `${op} ${fill}`);
    }
  }
});

test('each codec is sniffed from its magic bytes', () => {
  for (const [name, entry] of Object.entries(MANIFEST.files)) assert.equal(sniffCodec(fixture(name)), entry.codec, name);
  const data = new TextEncoder().encode('hello');
  assert.equal(sniffCodec(compress(data, 'gzip')), 'gzip');
  assert.equal(sniffCodec(compress(data, 'zlib')), 'zlib');
  assert.equal(sniffCodec(compress(data, 'bz2')), 'bz2');
  assert.equal(sniffCodec(compress(new Uint8Array(0), 'bz2')), 'bz2');
  assert.equal(sniffCodec(compress(data, 'xz')), 'xz');
  assert.equal(sniffCodec(compress(data, 'zstd')), 'zstd');
  // A skippable frame first: the frame after it decides.
  const skip = [0x50, 0x2a, 0x4d, 0x18, 2, 0, 0, 0, 9, 9];
  assert.equal(sniffCodec(new Uint8Array([...skip, 0x28, 0xb5, 0x2f, 0xfd, 0])), 'zstd');
  assert.equal(sniffCodec(new Uint8Array([...skip, 0x04, 0x22, 0x4d, 0x18, 0])), 'lz4');
});

test('near misses are not sniffed', () => {
  const cases: number[][] = [
    [0x1f, 0x8b, 0x07], // gzip with another method
    [0x42, 0x5a, 0x68, 0x30, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59], // BZh0
    [0x42, 0x5a, 0x68, 0x39, 0, 0, 0, 0, 0, 0], // BZh9 without a block magic
    [0x78, 0x9d], // zlib header check fails
    [0x78, 0xbb], // preset dictionary
    [0x58, 0x85], // 'X' (BINUNICODE): a 16 KiB-window zlib header is not accepted
    [0x5d, 0, 0, 0x81, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0], // lzma with a dictionary size no encoder writes
    [0x5d, 0, 0, 0x80, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0], // lzma with a size of 2^48 and more
    [0x5d, 0, 0, 0x80, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1], // range coder must start with 0
    [0x50, 0x4b, 0x03, 0x04], // a zip is a container, not a codec
    [],
    [0x1f],
  ];
  for (const c of cases) assert.equal(sniffCodec(new Uint8Array(c)), undefined, c.join(' '));
  assert.equal(sniffCodec(new Uint8Array([0x78, 0x9c])), 'zlib');
  assert.equal(sniffCodec(new Uint8Array([0x5d, 0, 0, 0x80, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0])), 'lzma');
  assert.equal(sniffCodec(new Uint8Array([0x5d, 0, 0, 0xc0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0])), 'lzma');
});

test('codecFromExtension', () => {
  const cases: [string, string | undefined][] = [
    ['a.pkl.gz', 'gzip'],
    ['A.PKL.GZ', 'gzip'],
    ['x.bz2', 'bz2'],
    ['dir.v1/x.xz', 'xz'],
    ['x.lzma', 'lzma'],
    ['x.zst', 'zstd'],
    ['x.zstd', 'zstd'],
    ['model.joblib.z', 'zlib'],
    ['x.zlib', 'zlib'],
    ['x.lz4', 'lz4'],
    ['x.pkl', undefined],
    ['x.zip', undefined],
    ['gz', undefined],
    ['x.gz.pkl', undefined],
    ['', undefined],
  ];
  for (const [path, want] of cases) assert.equal(codecFromExtension(path), want, path);
});
