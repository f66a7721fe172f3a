/**
 * The zip container, strict, both ways: `.pt` checkpoints (PyTorch's miniz
 * writer), `.npz` archives and pandas' zip files. Unlike the scanner's lenient
 * reader (src/safety/zip-reader.ts), this one refuses what it cannot vouch
 * for: a member whose CRC-32 or size does not match, a directory that points
 * outside the input, an unsupported method. Stored members are views of the
 * input, never copies, so a multi-gigabyte checkpoint costs no second buffer.
 */
import { UnpicklingError, PicklingError } from '../errors.js';
import { crc32 } from '../codecs/crc32.js';
import { inflateRaw, deflateRaw } from '../codecs/deflate.js';
import { resolveDecompressLimits, type DecompressLimits } from '../codecs/limits.js';
import { bunzip2 } from '../codecs/bz2-decode.js';
import { unlzmaAlone } from '../codecs/lzma-alone.js';
import {
  CENTRAL_SIGNATURE,
  CENTRAL_SIZE,
  DESCRIPTOR_SIGNATURE,
  EOCD_SIGNATURE,
  EOCD_SIZE,
  LOCAL_SIGNATURE,
  LOCAL_SIZE,
  MAX32,
  ZIP64_EOCD_SIGNATURE,
  ZIP64_LOCATOR_SIGNATURE,
  ZIP64_LOCATOR_SIZE,
  ZIP64_EOCD_SIZE,
  decodeZipName,
  findEndRecord,
  readCentralEntry,
  readEndRecord,
  readLocalHeader,
  readZip64EndRecord,
  readZip64Locator,
} from '../wire/zip-records.js';
import { u32le as u32 } from '../wire/integers.js';

/** Raised for a malformed, truncated or unsupported zip archive; the message names the member and byte offset. */
export class ZipError extends UnpicklingError {}

/** One member of a zip archive, as its central directory describes it. */
export interface ZipEntry {
  /** The member's name (UTF-8 when flagged so, else code page 437, as Python's zipfile). */
  readonly name: string;
  /** Compression method: 0 stored, 8 deflated, 12 bzip2, 14 lzma (others raise on `data()`). */
  readonly method: number;
  /** Uncompressed size in bytes. */
  readonly size: number;
  /** Size of the stored (compressed) data in bytes. */
  readonly compressedSize: number;
  /** The CRC-32 the directory records for the uncompressed data. */
  readonly crc32: number;
  /** Offset in the input of the member's (compressed) data. */
  readonly dataOffset: number;
  /**
   * The uncompressed bytes: a zero-copy `subarray` of the input for stored
   * members; inflated (within the decompression limits) for deflated ones.
   * The CRC-32 is checked on every call unless `checkCrc: false` was given.
   * @throws ZipError for a CRC or size mismatch, encryption or an unsupported method.
   * @throws DecompressionError for corrupt deflate data or data over the limits.
   */
  data(): Uint8Array;
}

/** A read zip archive. */
export interface ZipArchive {
  /** Members in central-directory order. */
  readonly entries: readonly ZipEntry[];
  /** Bytes before the archive proper (a stub or anything prepended); 0 for a plain archive. */
  readonly prefixLength: number;
  /** The member named `name` (the last one, as Python's zipfile, when a name repeats). */
  get(name: string): ZipEntry | undefined;
}

/** Options of {@link readZip}. */
export interface ReadZipOptions {
  /** Limits on inflating deflated members. Default: the codec defaults (1 GiB, ratio 1,000). */
  readonly limits?: DecompressLimits;
  /** Check each member's CRC-32 in `data()`. Default `true` (PyTorch itself does not; Python's zipfile does). */
  readonly checkCrc?: boolean;
}

const NAMES = { legacy: 'cp437', fatal: true } as const;

function decodeName(bytes: Uint8Array, flags: number, at: number): string {
  const name = decodeZipName(bytes, flags, NAMES);
  if (name === undefined) throw new ZipError('zip member name is flagged UTF-8 but is not valid UTF-8', { offset: at });
  return name;
}

/**
 * Random access to an archive too big to hold as one array (Node's
 * `readFileSync` stops at 2 GiB): the reader asks only for the end records,
 * the central directory, each local header and, in `data()`, each member.
 */
export interface ZipSource {
  /** Total size in bytes. */
  readonly size: number;
  /**
   * `length` bytes from `offset` (both within `size`); a view or a copy.
   * @throws anything: wrapped by the caller only where it reads.
   */
  read(offset: number, length: number): Uint8Array;
}

/**
 * A `ZipSource` over bytes in memory: reads are zero-copy `subarray`s.
 * @throws never.
 */
export function bytesSource(bytes: Uint8Array): ZipSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

/** Reads exactly `length` bytes at `offset`, or raises naming `what`. */
function readExactly(src: ZipSource, offset: number, length: number, what: string): Uint8Array {
  if (offset < 0 || offset + length > src.size)
    throw new ZipError(`${what} (${length} bytes at byte ${offset}) runs past the end of the input (${src.size} bytes)`, { offset });
  let out: Uint8Array;
  try {
    out = src.read(offset, length);
  } catch (e) {
    const err = new ZipError(`${what}: reading ${length} bytes at byte ${offset} failed: ${(e as Error)?.message ?? String(e)}`, { offset });
    (err as { cause?: unknown }).cause = e;
    throw err;
  }
  if (!(out instanceof Uint8Array) || out.length !== length) throw new ZipError(`${what}: the source returned ${out?.length} bytes, not ${length}`, { offset });
  return out;
}

/**
 * Reads a zip archive's directory. Members are decoded lazily by `data()`.
 * Handles zip64 (sizes, offsets and counts beyond 32 bits, as PyTorch writes
 * for big checkpoints) and bytes prepended before the archive.
 * @param input the whole archive in memory, or a {@link ZipSource} for one too big to hold.
 * @throws ZipError when the input is not a zip archive, or its directory is truncated, inconsistent or points outside the input.
 */
export function readZip(input: Uint8Array | ZipSource, options: ReadZipOptions = {}): ZipArchive {
  const limits = resolveDecompressLimits(options.limits);
  const checkCrc = options.checkCrc ?? true;
  const src = input instanceof Uint8Array ? bytesSource(input) : input;
  const size = src.size;
  const tailStart = Math.max(0, size - EOCD_SIZE - 0xffff);
  const tail = readExactly(src, tailStart, size - tailStart, 'zip end records');
  // A real record's comment runs exactly to the end of the input: a decoy inside a comment loses.
  const found = findEndRecord(tail, 0, true);
  if (found < 0) throw new ZipError('not a zip archive: no end-of-central-directory record');
  const eocd = tailStart + found;
  let { count, cdSize, cdOffset } = readEndRecord(tail, found);
  // Where the central directory ends if nothing was prepended: right before the (zip64) end records.
  let cdEnd = eocd;
  const locator = eocd >= ZIP64_LOCATOR_SIZE ? readExactly(src, eocd - ZIP64_LOCATOR_SIZE, ZIP64_LOCATOR_SIZE, 'zip64 locator') : undefined;
  const statedAt = locator === undefined ? -1 : readZip64Locator(locator, 0);
  if (statedAt >= 0) {
    // The zip64 record normally sits right before its locator (as Python's zipfile assumes); its stated offset is off by any prefix.
    const at = eocd - ZIP64_LOCATOR_SIZE - ZIP64_EOCD_SIZE;
    let record = at >= 0 ? readExactly(src, at, ZIP64_EOCD_SIZE, 'zip64 end record') : undefined;
    if (record !== undefined && u32(record, 0) === ZIP64_EOCD_SIGNATURE) cdEnd = at;
    else if (
      statedAt + ZIP64_EOCD_SIZE <= eocd - ZIP64_LOCATOR_SIZE &&
      u32((record = readExactly(src, statedAt, ZIP64_EOCD_SIZE, 'zip64 end record')), 0) === ZIP64_EOCD_SIGNATURE
    )
      cdEnd = statedAt;
    else throw new ZipError('zip64 end-of-central-directory record is missing', { offset: eocd - ZIP64_LOCATOR_SIZE });
    ({ count, cdSize, cdOffset } = readZip64EndRecord(record, 0));
  }
  const prefixLength = cdEnd - cdSize - cdOffset;
  if (prefixLength < 0) throw new ZipError(`zip central directory (${cdSize} bytes at ${cdOffset}) does not fit before its end record`, { offset: eocd });
  const cdStart = cdOffset + prefixLength;
  // Each central header is at least 46 bytes: a count the directory cannot hold is a lie, refused before allocating.
  if (count * CENTRAL_SIZE > cdSize) throw new ZipError(`zip directory claims ${count} members in ${cdSize} bytes`, { offset: eocd });
  const cd = readExactly(src, cdStart, cdSize, 'zip central directory');

  const entries: ZipEntry[] = [];
  const byName = new Map<string, ZipEntry>();
  let r = 0;
  for (let i = 0; i < count; i++) {
    const at = cdStart + r;
    if (r + CENTRAL_SIZE > cdSize || u32(cd, r) !== CENTRAL_SIGNATURE)
      throw new ZipError(`zip central directory entry ${i} is missing or truncated`, { offset: at });
    const c = readCentralEntry(cd, r);
    if (c.next > cdSize) throw new ZipError(`zip central directory entry ${i} is truncated`, { offset: at });
    const name = decodeName(cd.subarray(c.nameStart, c.nameStart + c.nameLength), c.flags, at);
    if (c.zip64Short) throw new ZipError(`zip64 extra field of member '${name}' is too short`, { offset: cdStart + c.nameStart + c.nameLength });
    const { flags, method, crc, size, compressedSize } = c;
    const local = c.localOffset + prefixLength;
    const header = local >= 0 && local + LOCAL_SIZE <= src.size ? readExactly(src, local, LOCAL_SIZE, `local header of zip member '${name}'`) : undefined;
    if (header === undefined || u32(header, 0) !== LOCAL_SIGNATURE) {
      throw new ZipError(`zip member '${name}': no local header at byte ${local}`, { offset: at });
    }
    const dataOffset = local + readLocalHeader(header, 0).dataOffset;
    if (dataOffset + compressedSize > src.size) {
      throw new ZipError(`zip member '${name}': ${compressedSize} bytes of data at byte ${dataOffset} run past the end of the input (${src.size} bytes)`, {
        offset: local,
      });
    }
    const entry = makeEntry(src, { name, method, flags, crc, size, compressedSize, dataOffset }, limits, checkCrc);
    entries.push(entry);
    byName.set(name, entry);
    r = c.next;
  }
  return { entries, prefixLength, get: (name) => byName.get(name) };
}

interface RawEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  size: number;
  compressedSize: number;
  dataOffset: number;
}

function makeEntry(src: ZipSource, raw: RawEntry, limits: ReturnType<typeof resolveDecompressLimits>, checkCrc: boolean): ZipEntry {
  const { name, method, flags, crc, size, compressedSize, dataOffset } = raw;
  return {
    name,
    method,
    size,
    compressedSize,
    crc32: crc,
    dataOffset,
    data(): Uint8Array {
      if (flags & 1) throw new ZipError(`zip member '${name}' is encrypted`, { offset: dataOffset });
      const stored = readExactly(src, dataOffset, compressedSize, `zip member '${name}'`);
      let out: Uint8Array;
      if (method === 0) {
        if (size !== compressedSize)
          throw new ZipError(`stored zip member '${name}' has size ${size} but ${compressedSize} stored bytes`, { offset: dataOffset });
        out = stored;
      } else if (method === 8 || method === 12 || method === 14) {
        // The declared size is checked before inflating, so a lying header cannot make us allocate more than the limit.
        if (size > limits.maxOutputBytes) {
          throw new ZipError(`zip member '${name}' declares ${size} bytes, over maxOutputBytes (${limits.maxOutputBytes})`, { offset: dataOffset });
        }
        // fflate's stream checks what it produced, so deflate is held to the declared size; the bz2
        // and lzma decoders count reserved headroom against the limit, so they get the caller's limits.
        if (method === 8) out = inflateRaw(stored, { maxOutputBytes: Math.min(limits.maxOutputBytes, size), maxRatio: limits.maxRatio });
        else if (method === 12) out = bunzip2(stored, limits);
        else out = unlzmaAlone(lzmaAsAlone(stored, size, name, dataOffset), limits);
        if (out.length !== size)
          throw new ZipError(`zip member '${name}' decompresses to ${out.length} bytes, not the ${size} its header declares`, { offset: dataOffset });
      } else {
        const known = method === 93 ? ' (zstd)' : method === 99 ? ' (AES encryption)' : '';
        throw new ZipError(`zip member '${name}' uses compression method ${method}${known}, which is not supported`, { offset: dataOffset });
      }
      if (checkCrc && crc32(out) !== crc) throw new ZipError(`zip member '${name}' fails its CRC-32 check`, { offset: dataOffset });
      return out;
    },
  };
}

/**
 * Zip's LZMA member (APPNOTE 5.8.8: version, properties size, the 5-byte
 * properties, then the stream) rewritten as an `.lzma` file for the codec:
 * properties, then the member's uncompressed size.
 */
function lzmaAsAlone(stored: Uint8Array, size: number, name: string, at: number): Uint8Array {
  if (stored.length < 9 || (stored[2]! | (stored[3]! << 8)) !== 5) throw new ZipError(`zip member '${name}' has a malformed LZMA header`, { offset: at });
  const out = new Uint8Array(13 + stored.length - 9);
  out.set(stored.subarray(4, 9), 0);
  new DataView(out.buffer).setUint32(5, size >>> 0, true);
  new DataView(out.buffer).setUint32(9, Math.floor(size / 0x100000000), true);
  out.set(stored.subarray(9), 13);
  return out;
}

/** One member to write. */
export interface ZipWriteEntry {
  readonly name: string;
  readonly data: Uint8Array;
  /** Deflate this member (method 8) instead of storing it. Default `false`. */
  readonly compress?: boolean;
}

/** Options of {@link writeZip}. */
export interface WriteZipOptions {
  /**
   * Align each member's data to this many bytes by padding the local header's
   * extra field with an `FB` record of `Z`s, as PyTorch's writer does (64).
   * Default: no alignment (1).
   */
  readonly align?: number;
  /**
   * Header layout. `'pytorch'` writes what PyTorch's miniz writer writes, byte
   * for byte: version 0, flags 0x0808 (UTF-8 names, sizes in a data descriptor
   * after each member), zeroed times, and zip64 end records always.
   * `'standard'` writes what Python's zipfile writes: version 20, sizes in the
   * local header, date 1980-01-01, zip64 records only when needed. Default `'standard'`.
   */
  readonly style?: 'standard' | 'pytorch';
}

const encoder = new TextEncoder();

/**
 * Writes a zip archive with `entries` in order.
 * @throws PicklingError when a name repeats, is empty or too long, or the archive would pass 4 GiB (JS cannot hold it as one array).
 */
export function writeZip(entries: readonly ZipWriteEntry[], options: WriteZipOptions = {}): Uint8Array {
  const align = options.align ?? 1;
  if (!Number.isInteger(align) || align < 1 || align > 0x8000) throw new PicklingError(`zip alignment must be an integer from 1 to 32768, not ${align}`);
  const pytorch = options.style === 'pytorch';
  const seen = new Set<string>();
  interface Planned {
    name: Uint8Array;
    utf8: boolean;
    payload: Uint8Array;
    method: number;
    crc: number;
    size: number;
    local: number;
    padding: number;
  }
  const planned: Planned[] = [];
  let cursor = 0;
  for (const e of entries) {
    if (seen.has(e.name)) throw new PicklingError(`zip member '${e.name}' is written twice`);
    if (e.name === '') throw new PicklingError('zip member names cannot be empty');
    seen.add(e.name);
    const name = encoder.encode(e.name);
    if (name.length > 0xffff) throw new PicklingError(`zip member name '${e.name.slice(0, 40)}…' is too long`);
    const payload = e.compress ? deflateRaw(e.data) : e.data;
    const method = e.compress ? 8 : 0;
    // Alignment pads the local extra field so the data starts on a multiple of `align` (PyTorch's getPadding).
    let padding = -1;
    if (align > 1) {
      const start = cursor + 30 + name.length + 4;
      padding = (align - (start % align)) % align;
    }
    const headerSize = 30 + name.length + (padding >= 0 ? 4 + padding : 0);
    planned.push({ name, utf8: /[^\x00-\x7f]/.test(e.name), payload, method, crc: crc32(e.data), size: e.data.length, local: cursor, padding });
    cursor += headerSize + payload.length + (pytorch && payload.length > 0 ? 16 : 0);
    if (cursor > MAX32 - 1) throw new PicklingError('zip archive would exceed 4 GiB, which one JS array cannot hold');
  }
  const cdOffset = cursor;
  let cdSize = 0;
  for (const p of planned) cdSize += 46 + p.name.length;
  const zip64Records = pytorch || planned.length >= 0xffff;
  const total = cdOffset + cdSize + (zip64Records ? 56 + 20 : 0) + 22;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let w = 0;
  const put16 = (v: number): void => {
    view.setUint16(w, v, true);
    w += 2;
  };
  const put32 = (v: number): void => {
    view.setUint32(w, v, true);
    w += 4;
  };
  const put64 = (v: number): void => {
    view.setUint32(w, v >>> 0, true);
    view.setUint32(w + 4, Math.floor(v / 0x100000000), true);
    w += 8;
  };
  const version = pytorch ? 0 : 20;
  // PyTorch's miniz always marks UTF-8 names and puts sizes in a trailing descriptor, except for empty members.
  const descriptor = (p: Planned): boolean => pytorch && p.payload.length > 0;
  const flagsOf = (p: Planned): number => (pytorch ? (descriptor(p) ? 0x0808 : 0x800) : p.utf8 ? 0x800 : 0);
  const DOS_DATE_1980 = pytorch ? 0 : 0x21;
  for (const p of planned) {
    put32(LOCAL_SIGNATURE);
    put16(version);
    put16(flagsOf(p));
    put16(p.method);
    put16(0);
    put16(DOS_DATE_1980);
    put32(pytorch ? 0 : p.crc);
    put32(pytorch ? 0 : p.payload.length);
    put32(pytorch ? 0 : p.size);
    put16(p.name.length);
    put16(p.padding >= 0 ? 4 + p.padding : 0);
    out.set(p.name, w);
    w += p.name.length;
    if (p.padding >= 0) {
      out[w++] = 0x46; // 'F'
      out[w++] = 0x42; // 'B'
      put16(p.padding);
      out.fill(0x5a, w, w + p.padding); // 'Z'
      w += p.padding;
    }
    out.set(p.payload, w);
    w += p.payload.length;
    if (descriptor(p)) {
      put32(DESCRIPTOR_SIGNATURE);
      put32(p.crc);
      put32(p.payload.length);
      put32(p.size);
    }
  }
  for (const p of planned) {
    put32(CENTRAL_SIGNATURE);
    put16(pytorch ? 0 : 20);
    put16(version);
    put16(flagsOf(p));
    put16(p.method);
    put16(0);
    put16(DOS_DATE_1980);
    put32(p.crc);
    put32(p.payload.length);
    put32(p.size);
    put16(p.name.length);
    put16(0);
    put16(0);
    put16(0);
    put16(0);
    put32(0);
    put32(p.local);
    out.set(p.name, w);
    w += p.name.length;
  }
  const count = planned.length;
  if (zip64Records) {
    const recordAt = w;
    put32(ZIP64_EOCD_SIGNATURE);
    put64(44);
    put16(0x031e); // made by: Unix, spec 3.0 (as miniz)
    put16(0x2d); // needed: 4.5, zip64
    put32(0);
    put32(0);
    put64(count);
    put64(count);
    put64(cdSize);
    put64(cdOffset);
    put32(ZIP64_LOCATOR_SIGNATURE);
    put32(0);
    put64(recordAt);
    put32(1);
  }
  put32(EOCD_SIGNATURE);
  put16(0);
  put16(0);
  put16(Math.min(count, 0xffff));
  put16(Math.min(count, 0xffff));
  put32(cdSize);
  put32(cdOffset);
  put16(0);
  return out;
}
