import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeZip } from '../../src/containers/zip.js';
import { decodeZipName, findEndRecord, readCentralEntry, readEndRecord, readLocalHeader, MAX32 } from '../../src/wire/zip-records.js';
import { readZipDirectory } from '../../src/safety/zip-reader.js';

const te = new TextEncoder();

test('findEndRecord: with exactComment a decoy signature inside the comment loses; without it the last signature wins', () => {
  const zip = writeZip([{ name: 'a', data: te.encode('x') }]);
  // Comment of 22 bytes holding a fake end record (signature, then zeros).
  const comment = new Uint8Array(22);
  comment.set([0x50, 0x4b, 0x05, 0x06]);
  comment[20] = 5; // its own comment length does not reach the end of the input
  const data = new Uint8Array(zip.length + comment.length);
  data.set(zip);
  data.set(comment, zip.length);
  data[zip.length - 2] = 22;
  const real = zip.length - 22;
  assert.equal(findEndRecord(data, 0, true), real);
  assert.equal(findEndRecord(data, 0, false), zip.length);
  assert.equal(findEndRecord(new Uint8Array(21), 0, true), -1);
  assert.deepEqual(readEndRecord(data, real), { count: 1, cdSize: 47, cdOffset: 32 });
});

test('readCentralEntry and readLocalHeader read what writeZip wrote; both zip readers agree on offsets', () => {
  const zip = writeZip([{ name: 'data.pkl', data: te.encode('hello') }], { align: 64 });
  const end = findEndRecord(zip, 0, true);
  const { cdOffset } = readEndRecord(zip, end);
  const c = readCentralEntry(zip, cdOffset);
  assert.deepEqual([c.method, c.size, c.compressedSize, c.localOffset, c.nameLength, c.zip64Short], [0, 5, 5, 0, 8, false]);
  assert.equal(c.next, cdOffset + 46 + 8);
  const h = readLocalHeader(zip, 0);
  assert.equal(h.dataOffset % 64, 0);
  const lenient = readZipDirectory(zip);
  assert.ok(lenient.ok);
  assert.equal(lenient.members[0]!.dataOffset, h.dataOffset);
});

test('readCentralEntry flags a zip64 field too short for the value it must hold, and keeps the sentinel', () => {
  const entry = new Uint8Array(46 + 1 + 4 + 4);
  entry.set([0x50, 0x4b, 0x01, 0x02]);
  entry.set([0xff, 0xff, 0xff, 0xff], 24); // size: see zip64
  entry[28] = 1; // name length
  entry[30] = 8; // extra length
  entry[46] = 0x61;
  entry.set([1, 0, 4, 0, 0, 0, 0, 0], 47); // zip64 extra with only 4 bytes
  const c = readCentralEntry(entry, 0);
  assert.equal(c.zip64Short, true);
  assert.equal(c.size, MAX32);
});

test('decodeZipName: UTF-8 when flagged, else code page 437 or latin-1; fatal reports invalid UTF-8', () => {
  const bytes = Uint8Array.of(0x80, 0x61);
  assert.equal(decodeZipName(bytes, 0, { legacy: 'cp437', fatal: true }), 'Ça');
  assert.equal(decodeZipName(bytes, 0, { legacy: 'latin1', fatal: false }), '\u0080a');
  assert.equal(decodeZipName(bytes, 0x800, { legacy: 'cp437', fatal: true }), undefined);
  assert.equal(decodeZipName(bytes, 0x800, { legacy: 'latin1', fatal: false }), '\ufffda');
  assert.equal(decodeZipName(te.encode('é'), 0x800, { legacy: 'cp437', fatal: true }), 'é');
});
