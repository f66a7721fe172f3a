/**
 * A lenient zip reader, as PyTorch's (miniz) reads checkpoints: members come
 * from the central directory; CRCs, flag bits and local names that disagree
 * are noted but do not stop the read. Only what the scanner needs: names,
 * methods, sizes, where the data starts, and the oddities. The records
 * themselves are parsed by src/wire/zip-records.ts, shared with the
 * strict reader (src/containers/zip.ts).
 */

import {
  CENTRAL_SIGNATURE,
  CENTRAL_SIZE,
  EOCD_SIZE,
  LOCAL_SIGNATURE,
  LOCAL_SIZE,
  MAX32,
  ZIP64_EOCD_SIGNATURE,
  ZIP64_EOCD_SIZE,
  ZIP64_LOCATOR_SIZE,
  decodeZipName,
  findEndRecord,
  readCentralEntry,
  readEndRecord,
  readLocalHeader,
  readZip64EndRecord,
  readZip64Locator,
} from '../wire/zip-records.js';
import { u32le as u32 } from '../wire/integers.js';

/** One member as the central directory describes it. */
export interface ZipMember {
  /** Name in the central directory (what PyTorch looks members up by). */
  readonly name: string;
  /** 0 stored, 8 deflated, anything else unsupported. */
  readonly method: number;
  /** General-purpose flag bits (bit 0: encrypted). */
  readonly flags: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  /** Offset of the member's data (after its local header), or -1 when the local header is unreadable. */
  readonly dataOffset: number;
  /** Name in the local header, when readable. */
  readonly localName: string | undefined;
  /** Offset of the local header. */
  readonly localOffset: number;
}

/** The central directory, or why it could not be read. */
export type ZipDirectory =
  { readonly ok: true; readonly members: readonly ZipMember[]; readonly prefix: number } | { readonly ok: false; readonly message: string };

const NAMES = { legacy: 'latin1', fatal: false } as const;

function nameAt(data: Uint8Array, start: number, length: number, flags: number): string {
  return decodeZipName(data.subarray(start, start + length), flags, NAMES)!;
}

/**
 * Offset of the end-of-central-directory record (searched backwards over the
 * last 64 KiB + 22 bytes, as zip readers do), or -1.
 * @throws never.
 */
export function findEocd(data: Uint8Array): number {
  // The last signature wins, comment or not: miniz (PyTorch) reads it so.
  return findEndRecord(data, Math.max(0, data.length - EOCD_SIZE - 0xffff), false);
}

/**
 * Reads the central directory of `data`.
 * @throws never: problems come back as `{ ok: false }`.
 */
export function readZipDirectory(data: Uint8Array): ZipDirectory {
  const eocd = findEocd(data);
  if (eocd < 0) return { ok: false, message: 'no end of central directory record' };
  let { count, cdSize, cdOffset } = readEndRecord(data, eocd);
  let cdEnd = eocd;
  if ((count === 0xffff || cdSize === MAX32 || cdOffset === MAX32) && eocd >= ZIP64_LOCATOR_SIZE) {
    const at = readZip64Locator(data, eocd - ZIP64_LOCATOR_SIZE);
    if (at >= 0 && at + ZIP64_EOCD_SIZE <= data.length && u32(data, at) === ZIP64_EOCD_SIGNATURE) {
      ({ count, cdSize, cdOffset } = readZip64EndRecord(data, at));
      cdEnd = at;
    }
  }
  // Data prepended to the archive shifts every offset; Python's zipfile and miniz both compensate.
  let prefix = cdEnd - cdSize - cdOffset;
  if (prefix < 0 || u32(data, cdOffset + prefix) !== CENTRAL_SIGNATURE) prefix = 0;
  let at = cdOffset + prefix;
  const members: ZipMember[] = [];
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_SIZE > data.length || u32(data, at) !== CENTRAL_SIGNATURE) {
      return { ok: false, message: `central directory entry ${i} at byte ${at} is not a central directory header` };
    }
    const c = readCentralEntry(data, at);
    if (c.nameStart + c.nameLength + c.extraLength > data.length) return { ok: false, message: `central directory entry ${i} is truncated` };
    const name = nameAt(data, c.nameStart, c.nameLength, c.flags);
    // A zip64 field too short for its value leaves the 32-bit sentinel: the member then fails the bounds checks, as in miniz.
    const local = c.localOffset + prefix;
    let dataOffset = -1;
    let localName: string | undefined;
    if (local + LOCAL_SIZE <= data.length && u32(data, local) === LOCAL_SIGNATURE) {
      const h = readLocalHeader(data, local);
      if (h.dataOffset <= data.length) {
        localName = nameAt(data, local + LOCAL_SIZE, h.nameLength, h.flags);
        dataOffset = h.dataOffset;
      }
    }
    members.push({
      name,
      method: c.method,
      flags: c.flags,
      crc: c.crc,
      compressedSize: c.compressedSize,
      size: c.size,
      dataOffset,
      localName,
      localOffset: local,
    });
    at = c.next;
  }
  return { ok: true, members, prefix };
}

/** A member found by walking local headers from the start, as streaming readers do. */
export interface LocalMember {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly dataOffset: number;
  readonly localOffset: number;
}

/**
 * Walks local file headers from the start of `data` (what a streaming zip
 * reader sees), up to `limit` members. Members whose sizes live in a data
 * descriptor (flag bit 3, sizes 0) end the walk: their length is unknown.
 * @throws never.
 */
export function walkLocalHeaders(data: Uint8Array, limit: number): LocalMember[] {
  const out: LocalMember[] = [];
  let at = 0;
  while (out.length < limit && at + LOCAL_SIZE <= data.length && u32(data, at) === LOCAL_SIGNATURE) {
    const h = readLocalHeader(data, at);
    if (h.dataOffset > data.length) break;
    const name = nameAt(data, at + LOCAL_SIZE, h.nameLength, h.flags);
    if ((h.flags & 8) !== 0 && h.compressedSize === 0) break;
    out.push({ name, method: h.method, compressedSize: h.compressedSize, dataOffset: h.dataOffset, localOffset: at });
    at = h.dataOffset + h.compressedSize;
  }
  return out;
}
