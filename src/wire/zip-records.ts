/**
 * Zip's on-disk records, parsed without judgement: the end-of-central-directory
 * search, the zip64 locator and end record, central directory entries (with
 * their zip64 extra field), local headers and member names. Both zip readers
 * build on this: the strict one (src/containers/zip.ts) raises on whatever
 * these functions report as odd, the scanner's lenient one
 * (src/safety/zip-reader.ts) notes it and reads on. Nothing here throws; every
 * function reads only within the bounds its caller checked or it checks itself.
 */
import { u16le, u32le } from './integers.js';

/** End of central directory signature (`PK\5\6`). */
export const EOCD_SIGNATURE = 0x06054b50;
/** Zip64 end-of-central-directory locator signature (`PK\6\7`). */
export const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
/** Zip64 end-of-central-directory record signature (`PK\6\6`). */
export const ZIP64_EOCD_SIGNATURE = 0x06064b50;
/** Central directory file header signature (`PK\1\2`). */
export const CENTRAL_SIGNATURE = 0x02014b50;
/** Local file header signature (`PK\3\4`). */
export const LOCAL_SIGNATURE = 0x04034b50;
/** Data descriptor signature (`PK\7\8`). */
export const DESCRIPTOR_SIGNATURE = 0x08074b50;
/** The 32-bit sentinel meaning "see the zip64 record". */
export const MAX32 = 0xffffffff;
/** Fixed sizes of the records. */
export const EOCD_SIZE = 22;
export const ZIP64_LOCATOR_SIZE = 20;
export const ZIP64_EOCD_SIZE = 56;
export const CENTRAL_SIZE = 46;
export const LOCAL_SIZE = 30;

/** Little-endian u64 at `at`, as a number. */
function u64(d: Uint8Array, at: number): number {
  // Beyond 2^53 no input can be that large, so such a value fails every caller's bounds checks.
  return u32le(d, at) + u32le(d, at + 4) * 0x100000000;
}

/**
 * Offset in `d` of an end-of-central-directory record, searched backwards
 * from the last possible place down to `first`, or -1.
 * With `exactComment`, a record whose comment runs exactly to the end of `d`
 * is preferred (a decoy signature inside the comment loses), falling back to
 * the last signature; without it, the last signature wins, as miniz reads.
 * @throws never.
 */
export function findEndRecord(d: Uint8Array, first: number, exactComment: boolean): number {
  const last = d.length - EOCD_SIZE;
  if (exactComment) {
    for (let i = last; i >= first; i--) {
      if (u32le(d, i) === EOCD_SIGNATURE && i + EOCD_SIZE + u16le(d, i + 20) === d.length) return i;
    }
  }
  for (let i = last; i >= first; i--) if (u32le(d, i) === EOCD_SIGNATURE) return i;
  return -1;
}

/** Where the central directory is, as an end record (plain or zip64) states it. */
export interface DirectoryLocation {
  count: number;
  cdSize: number;
  cdOffset: number;
}

/**
 * The directory location an end-of-central-directory record at `at` states.
 * @throws never (the caller checked 22 bytes are there).
 */
export function readEndRecord(d: Uint8Array, at: number): DirectoryLocation {
  return { count: u16le(d, at + 10), cdSize: u32le(d, at + 12), cdOffset: u32le(d, at + 16) };
}

/**
 * The directory location a zip64 end record at `at` states.
 * @throws never (the caller checked 56 bytes are there).
 */
export function readZip64EndRecord(d: Uint8Array, at: number): DirectoryLocation {
  return { count: u64(d, at + 32), cdSize: u64(d, at + 40), cdOffset: u64(d, at + 48) };
}

/**
 * The offset of the zip64 end record a locator at `at` states, or -1 when
 * there is no locator signature there.
 * @throws never (the caller checked 20 bytes are there).
 */
export function readZip64Locator(d: Uint8Array, at: number): number {
  return u32le(d, at) === ZIP64_LOCATOR_SIGNATURE ? u64(d, at + 8) : -1;
}

/** Where the data of the first extra-field record with header id `id` in `[start, end)` lies, or `undefined`. */
function extraRecord(d: Uint8Array, start: number, end: number, id: number): [number, number] | undefined {
  for (let e = start; e + 4 <= end; e += 4 + u16le(d, e + 2)) {
    if (u16le(d, e) === id) return [e + 4, Math.min(e + 4 + u16le(d, e + 2), end)];
  }
  return undefined;
}

/** A central directory entry's fields, zip64 values applied. */
export interface CentralEntry {
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  /** Local header offset as stated (not shifted by any prefix). */
  readonly localOffset: number;
  readonly nameStart: number;
  readonly nameLength: number;
  readonly extraLength: number;
  readonly commentLength: number;
  /** Offset just past this entry (name, extra and comment included). */
  readonly next: number;
  /** A field was 0xffffffff but the zip64 extra field was too short to hold its real value (the field keeps the sentinel). */
  readonly zip64Short: boolean;
}

/**
 * The central directory entry at `at` in `d`. The caller has checked the
 * signature and that the 46 fixed bytes are there; the extra field is read
 * only as far as it lies within `d`.
 * @throws never.
 */
export function readCentralEntry(d: Uint8Array, at: number): CentralEntry {
  const flags = u16le(d, at + 8);
  const method = u16le(d, at + 10);
  const crc = u32le(d, at + 16);
  let compressedSize = u32le(d, at + 20);
  let size = u32le(d, at + 24);
  const nameLength = u16le(d, at + 28);
  const extraLength = u16le(d, at + 30);
  const commentLength = u16le(d, at + 32);
  let localOffset = u32le(d, at + 42);
  const nameStart = at + CENTRAL_SIZE;
  let zip64Short = false;
  // zip64 extended information holds, in order, only the fields that overflowed.
  const zip64 = extraRecord(d, nameStart + nameLength, Math.min(nameStart + nameLength + extraLength, d.length), 1);
  if (zip64 !== undefined) {
    const fEnd = zip64[1];
    let f = zip64[0];
    const take = (current: number): number => {
      if (current !== MAX32) return current;
      if (f + 8 > fEnd) {
        zip64Short = true;
        return current;
      }
      const v = u64(d, f);
      f += 8;
      return v;
    };
    size = take(size);
    compressedSize = take(compressedSize);
    localOffset = take(localOffset);
  }
  const next = nameStart + nameLength + extraLength + commentLength;
  return { flags, method, crc, compressedSize, size, localOffset, nameStart, nameLength, extraLength, commentLength, next, zip64Short };
}

/** A local file header's fields. */
export interface LocalHeader {
  readonly flags: number;
  readonly method: number;
  /** Compressed size, from the zip64 local extra field when the header says 0xffffffff and the field holds it. */
  readonly compressedSize: number;
  readonly nameLength: number;
  readonly extraLength: number;
  /** Offset of the member's data: right after the name and extra field. */
  readonly dataOffset: number;
}

/**
 * The local header at `at` in `d`, whose 30 fixed bytes and signature the
 * caller has checked. Name and extra field may run past `d`: compare
 * `dataOffset` with the input size.
 * @throws never.
 */
export function readLocalHeader(d: Uint8Array, at: number): LocalHeader {
  const flags = u16le(d, at + 6);
  const method = u16le(d, at + 8);
  let compressedSize = u32le(d, at + 18);
  const nameLength = u16le(d, at + 26);
  const extraLength = u16le(d, at + 28);
  const dataOffset = at + LOCAL_SIZE + nameLength + extraLength;
  // zip64 local extra: original size, then compressed size.
  const zip64 = extraRecord(d, at + LOCAL_SIZE + nameLength, Math.min(dataOffset, d.length), 1);
  if (zip64 !== undefined && compressedSize === MAX32 && zip64[0] + 16 <= zip64[1]) compressedSize = u64(d, zip64[0] + 8);
  return { flags, method, compressedSize, nameLength, extraLength, dataOffset };
}

// Code page 437's upper half: the name encoding zip uses when the UTF-8 flag is clear.
const CP437_HIGH = 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';
const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

/** How names without the UTF-8 flag are read, and whether bad UTF-8 is an error. */
export interface NameDecoding {
  /** `'cp437'` as Python's zipfile; `'latin1'` keeps one character per byte, as miniz compares names. */
  readonly legacy: 'cp437' | 'latin1';
  /** Return `undefined` for a UTF-8-flagged name that is not valid UTF-8, instead of replacing the bad bytes. */
  readonly fatal: boolean;
}

/**
 * A member name decoded as zip says: UTF-8 when general-purpose bit 11 is set,
 * else the legacy code page.
 * @returns the name, or `undefined` when `fatal` and the UTF-8 is invalid.
 * @throws never.
 */
export function decodeZipName(bytes: Uint8Array, flags: number, how: NameDecoding): string | undefined {
  if ((flags & 0x800) !== 0) {
    if (!how.fatal) return utf8Lenient.decode(bytes);
    try {
      return utf8Fatal.decode(bytes);
    } catch {
      return undefined;
    }
  }
  if (how.legacy === 'latin1') return latin1.decode(bytes);
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    s += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80]!;
  }
  return s;
}
