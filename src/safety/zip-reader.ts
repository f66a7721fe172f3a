/**
 * A lenient zip reader, as PyTorch's (miniz) reads checkpoints: members come
 * from the central directory; CRCs, flag bits and local names that disagree
 * are noted but do not stop the read. Only what the scanner needs: names,
 * methods, sizes, where the data starts, and the oddities.
 */

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
export type ZipDirectory = { readonly ok: true; readonly members: readonly ZipMember[]; readonly prefix: number } | { readonly ok: false; readonly message: string };

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

function u16(d: Uint8Array, at: number): number {
  return d[at]! | (d[at + 1]! << 8);
}
function u32(d: Uint8Array, at: number): number {
  return (d[at]! | (d[at + 1]! << 8) | (d[at + 2]! << 16) | (d[at + 3]! << 24)) >>> 0;
}
function u64(d: Uint8Array, at: number): number {
  // Sizes beyond 2^53 cannot be in memory anyway; they fail the bounds checks.
  return u32(d, at) + u32(d, at + 4) * 0x100000000;
}

/**
 * Offset of the end-of-central-directory record (searched backwards over the
 * last 64 KiB + 22 bytes, as zip readers do), or -1.
 * @throws never.
 */
export function findEocd(data: Uint8Array): number {
  const last = data.length - 22;
  const first = Math.max(0, last - 0xffff);
  for (let i = last; i >= first; i--) {
    if (data[i] === 0x50 && data[i + 1] === 0x4b && data[i + 2] === 0x05 && data[i + 3] === 0x06) return i;
  }
  return -1;
}

/**
 * Reads the central directory of `data`.
 * @throws never: problems come back as `{ ok: false }`.
 */
export function readZipDirectory(data: Uint8Array): ZipDirectory {
  const eocd = findEocd(data);
  if (eocd < 0) return { ok: false, message: 'no end of central directory record' };
  let count = u16(data, eocd + 10);
  let cdSize = u32(data, eocd + 12);
  let cdOffset = u32(data, eocd + 16);
  let cdEnd = eocd;
  if ((count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) && eocd >= 20 && u32(data, eocd - 20) === ZIP64_LOCATOR) {
    const at = u64(data, eocd - 20 + 8);
    if (at + 56 <= data.length && u32(data, at) === ZIP64_EOCD) {
      count = u64(data, at + 32);
      cdSize = u64(data, at + 40);
      cdOffset = u64(data, at + 48);
      cdEnd = at;
    }
  }
  // Data prepended to the archive shifts every offset; Python's zipfile and miniz both compensate.
  let prefix = cdEnd - cdSize - cdOffset;
  if (prefix < 0 || u32(data, cdOffset + prefix) !== CENTRAL) prefix = 0;
  let at = cdOffset + prefix;
  const members: ZipMember[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > data.length || u32(data, at) !== CENTRAL) {
      return { ok: false, message: `central directory entry ${i} at byte ${at} is not a central directory header` };
    }
    const flags = u16(data, at + 8);
    const method = u16(data, at + 10);
    const crc = u32(data, at + 16);
    let compressedSize = u32(data, at + 20);
    let size = u32(data, at + 24);
    const nameLength = u16(data, at + 28);
    const extraLength = u16(data, at + 30);
    const commentLength = u16(data, at + 32);
    let localOffset = u32(data, at + 42);
    if (at + 46 + nameLength + extraLength > data.length) return { ok: false, message: `central directory entry ${i} is truncated` };
    const nameBytes = data.subarray(at + 46, at + 46 + nameLength);
    const name = (flags & 0x800 ? utf8 : latin1).decode(nameBytes);
    // zip64 extended information: the fields that overflowed, in order.
    let e = at + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = u16(data, e);
      const len = u16(data, e + 2);
      if (id === 1) {
        let f = e + 4;
        if (size === 0xffffffff && f + 8 <= e + 4 + len) (size = u64(data, f)), (f += 8);
        if (compressedSize === 0xffffffff && f + 8 <= e + 4 + len) (compressedSize = u64(data, f)), (f += 8);
        if (localOffset === 0xffffffff && f + 8 <= e + 4 + len) localOffset = u64(data, f);
      }
      e += 4 + len;
    }
    const local = localOffset + prefix;
    let dataOffset = -1;
    let localName: string | undefined;
    if (local + 30 <= data.length && u32(data, local) === LOCAL) {
      const ln = u16(data, local + 26);
      const le = u16(data, local + 28);
      if (local + 30 + ln + le <= data.length) {
        localName = (u16(data, local + 6) & 0x800 ? utf8 : latin1).decode(data.subarray(local + 30, local + 30 + ln));
        dataOffset = local + 30 + ln + le;
      }
    }
    members.push({ name, method, flags, crc, compressedSize, size, dataOffset, localName, localOffset: local });
    at += 46 + nameLength + extraLength + commentLength;
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
  while (out.length < limit && at + 30 <= data.length && u32(data, at) === LOCAL) {
    const flags = u16(data, at + 6);
    const method = u16(data, at + 8);
    let compressedSize = u32(data, at + 18);
    const ln = u16(data, at + 26);
    const le = u16(data, at + 28);
    if (at + 30 + ln + le > data.length) break;
    const name = (flags & 0x800 ? utf8 : latin1).decode(data.subarray(at + 30, at + 30 + ln));
    let e = at + 30 + ln;
    const extraEnd = e + le;
    while (e + 4 <= extraEnd) {
      const id = u16(data, e);
      const len = u16(data, e + 2);
      // zip64 local extra: original size, then compressed size.
      if (id === 1 && compressedSize === 0xffffffff && len >= 16) compressedSize = u64(data, e + 12);
      e += 4 + len;
    }
    const dataOffset = extraEnd;
    if ((flags & 8) !== 0 && compressedSize === 0) break;
    out.push({ name, method, compressedSize, dataOffset, localOffset: at });
    at = dataOffset + compressedSize;
  }
  return out;
}
