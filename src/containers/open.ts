/**
 * One way to open a file Python wrote, by its content (never its name): plain
 * pickles (one or several), compressed pickles, and the containers numpy,
 * PyTorch, pandas and joblib write. Bytes in, values out: browser-safe, so the
 * Node file API, the CLI and the web page all open files the same way.
 */
import { UnpicklingError } from '../errors.js';
import { inflateRaw } from '../codecs/deflate.js';
import type { DecompressLimits } from '../codecs/limits.js';
import type { Decoders } from '../codecs/decompress.js';
import type { UnpicklerOptions } from '../unpickler/index.js';
import { Unpickler } from '../ml/default-unpickler.js';
import { readZipDirectory, type ZipMember } from '../safety/zip-reader.js';
import { decompressBuffer } from './codec-bridge.js';
import { looksLikeText, sniff, type CodecName } from './magic.js';
import { NotAPickleError } from './not-a-pickle.js';
import { readTorch } from './torch.js';
import { readNpy } from './npy.js';
import { readNpz } from './npz.js';
import { readJoblib, looksLikeJoblib } from './joblib.js';

/** What kind of file was opened. */
export type OpenedKind = 'pickle' | 'pickles' | 'npy' | 'npz' | 'torch-zip' | 'torch-legacy' | 'joblib' | 'zip';

/** A file opened by content. */
export interface OpenedFile {
  /**
   * `pickle`: one pickle (`value` is its value); `pickles`: several pickles one after another
   * (`value` is the array of their values, `offsets` where each starts); `zip`: a zip archive
   * with one pickle member (pandas' `to_pickle(..., compression='zip')`), `member` names it.
   */
  readonly kind: OpenedKind;
  /** The compression the file was wrapped in, when it was. */
  readonly codec?: CodecName;
  readonly value: unknown;
  /** For `pickles`: the byte offset of each pickle in the (decompressed) data. */
  readonly offsets?: readonly number[];
  /** For `zip`: the member that held the pickle. */
  readonly member?: string;
  /**
   * For `pickle`: the offset of bytes after the first pickle that are not a pickle
   * (-1 when the pickle ends the data). Legacy torch and joblib files end with raw data.
   */
  readonly trailing?: number;
}

/** Options of `openPickleFile`: the unpickler's options plus bounds on decompression. */
export interface OpenOptions extends UnpicklerOptions {
  /** Limits on decompressed size (compressed files and deflated zip members). Default: `DEFAULT_DECOMPRESS_LIMITS`. */
  readonly decompressLimits?: DecompressLimits;
  /**
   * Read only the first pickle (as one `pickle.load` does) instead of every pickle in the data.
   * Default false: several pickles one after another give kind `pickles`.
   */
  readonly firstOnly?: boolean;
  /**
   * Most compression layers to peel (gzip inside zlib, …). Default 1: Python's openers
   * unwrap one, and compressed data inside compressed data is then called not a pickle.
   * The inspector page peels a few more, to show what it finds.
   */
  readonly maxCompressionLayers?: number;
  /** Decoders to use instead of picklejar's own, by codec (`picklejar/node` passes native ones). */
  readonly decoders?: Decoders;
}

/**
 * Where a file's pickles and values are, found by content before anything is loaded: the one
 * dispatch that `openPickleFile`, `unwrapPickleBytes` and the inspector page share.
 */
export interface FileLayout {
  /**
   * What the file is. `pickle` stands for a stream of one or more pickles (loading tells how
   * many); `zip` is a zip archive of one pickle member (pandas).
   */
  readonly kind: Exclude<OpenedKind, 'pickles'>;
  /** The compression peeled off, outermost first ([] when the file was not compressed). */
  readonly codecs: readonly CodecName[];
  /** The bytes under the compression: what the scanner reads (it opens zip and .npy itself). */
  readonly content: Uint8Array;
  /**
   * The pickle stream, whose offsets dis and scan report: the content itself, a zip's one
   * member or a checkpoint's `data.pkl`. Absent for `.npy` and `.npz`, which hold no pickle stream.
   */
  readonly pickles?: Uint8Array;
  /** The zip member `pickles` came from. */
  readonly member?: string;
  /**
   * For containers (npy, npz, torch-zip, torch-legacy, joblib): reads the value with the
   * container's own reader (tensors with their storages, arrays with their raw bytes).
   * Throws what that reader throws. Absent for plain pickles, which the caller loads.
   */
  readonly read?: () => unknown;
  /** Which pickle of `pickles` (0 for the first) the value `read` returns stands for. */
  readonly readIndex?: number;
  /**
   * How many pickles `pickles` holds before data no unpickler reads (a legacy torch file's raw
   * storages, joblib's arrays); absent when the stream is all pickles.
   */
  readonly pickleCount?: number;
}

/**
 * Opens `bytes` by content: decompresses (bounded) and looks inside once,
 * recognises zip archives (pandas), and loads the pickle or pickles found.
 * @param bytes the whole file.
 * @param options unpickler options, decompression limits.
 * @returns what the file is and its value.
 * @throws NotAPickleError when the file is not a pickle at all (text, an archive or a compressed
 *   file that holds none), saying so in words.
 * @throws DecompressionError (a PickleError) for corrupt, truncated or over-limit compressed data.
 * @throws UnpicklingError for a malformed pickle, with its byte offset.
 */
export function openPickleFile(bytes: Uint8Array, options: OpenOptions = {}): OpenedFile {
  const layout = openLayout(bytes, options);
  const codec = layout.codecs[0];
  const withCodec = codec ? { codec } : {};
  const withMember = layout.member !== undefined && layout.kind !== 'torch-zip' ? { member: layout.member } : {};
  if (layout.read !== undefined) return { kind: layout.kind, value: layout.read(), ...withCodec, ...withMember };
  const data = layout.pickles!;
  // An empty file fails as pickle.load does on one.
  if (data.length === 0 && layout.kind === 'pickle' && codec === undefined) throw new UnpicklingError('Ran out of input');
  const inner = openPickles(data, options, layout.kind === 'pickle' ? codec : undefined);
  return { ...inner, ...withCodec, ...withMember, kind: inner.kind === 'pickle' && layout.kind === 'zip' ? 'zip' : inner.kind };
}

/**
 * Finds what a file holds, by content, without loading its pickles: peels compression
 * (bounded), reads a zip's directory, and tells numpy, PyTorch, pandas and joblib files apart.
 * Container values are read only when `read` is called.
 * @param bytes the whole file.
 * @param options decompression limits and layers; the unpickler options the container readers use.
 * @returns where the pickles and values are.
 * @throws NotAPickleError for an archive or a compressed file that holds no pickle, an unreadable
 *   zip directory, or joblib's old 'ZF' format.
 * @throws DecompressionError (a PickleError) for corrupt, truncated or over-limit compressed data.
 */
export function openLayout(bytes: Uint8Array, options: OpenOptions = {}): FileLayout {
  const codecs: CodecName[] = [];
  const maxLayers = options.maxCompressionLayers ?? 1;
  let data = bytes;
  let magic = sniff(data);
  while (magic.kind === 'compressed') {
    if (codecs.length >= maxLayers) {
      throw new NotAPickleError(`this is a ${codecs.join(' file in a ')} file whose content is ${magic.codec} data again, not a pickle`);
    }
    codecs.push(magic.codec);
    data = decompressBuffer(data, magic.codec, options.decompressLimits, options.decoders);
    magic = sniff(data);
  }
  const last = codecs[codecs.length - 1];
  const inside = last ? `this is a ${last} file whose content is ` : 'this is ';
  const at = { codecs, content: data };
  switch (magic.kind) {
    case 'empty':
      if (last) throw new NotAPickleError(`this is a ${last} file whose content is empty`);
      return { kind: 'pickle', ...at, pickles: data };
    case 'zip':
      return { ...at, ...zipLayout(data, options) };
    case 'npy':
      return { kind: 'npy', ...at, read: () => readNpy(data, { unpickler: unpicklerOptions(options) }) };
    case 'torch-legacy':
      // magic number, protocol, sys info, the object, the storage keys; then raw storage bytes.
      return { kind: 'torch-legacy', ...at, pickles: data, read: () => readTorch(data, torchOptions(options)), readIndex: 3, pickleCount: 5 };
    case 'joblib-zf':
      throw new NotAPickleError(`${inside}a joblib file of the old 'ZF' format (joblib < 0.10), which picklejar does not read`);
    case 'pickle':
      return { ...at, ...streamLayout(data, options) };
  }
}

/** A pickle stream's layout: joblib's (arrays inside the stream) or plain pickles. */
function streamLayout(data: Uint8Array, options: OpenOptions): Pick<FileLayout, 'kind' | 'pickles' | 'read' | 'readIndex' | 'pickleCount'> {
  if (looksLikeJoblib(data) || isJoblib(data)) {
    // joblib writes each array's raw bytes right after its wrapper, inside the pickle stream.
    const { afterBuild: _own, ...unpickler } = unpicklerOptions(options) as UnpicklerOptions & { afterBuild?: unknown };
    return { kind: 'joblib', pickles: data, read: () => readJoblib(data, { unpickler }), readIndex: 0, pickleCount: 1 };
  }
  return { kind: 'pickle', pickles: data };
}

function zipLayout(bytes: Uint8Array, options: OpenOptions): Omit<FileLayout, 'codecs' | 'content'> {
  const dir = readZipDirectory(bytes);
  if (!dir.ok) throw new NotAPickleError(`this looks like a zip archive, but it cannot be read: ${dir.message}`);
  const names = dir.members.map((m) => m.name);
  const pkl = dir.members.find((m) => m.name === 'data.pkl' || m.name.endsWith('/data.pkl'));
  if (pkl !== undefined) {
    const pickles = memberData(bytes, pkl, options.decompressLimits);
    return { kind: 'torch-zip', pickles, member: pkl.name, read: () => readTorch(bytes, torchOptions(options)), readIndex: 0, pickleCount: 1 };
  }
  if (names.length > 0 && names.every((n) => n.endsWith('.npy'))) {
    const limits = options.decompressLimits;
    return { kind: 'npz', read: () => readNpz(bytes, { unpickler: unpicklerOptions(options), ...(limits ? { zip: { limits } } : {}) }) };
  }
  const files = dir.members.filter((m) => !m.name.endsWith('/'));
  if (files.length !== 1) {
    const list = names.slice(0, 5).join(', ') + (names.length > 5 ? ', …' : '');
    throw new NotAPickleError(
      `this is a zip archive of ${files.length} files (${list}), not a pickle; picklejar opens zips of one pickle (pandas), PyTorch checkpoints and .npz`,
    );
  }
  const member = files[0]!;
  const inner = streamLayout(memberData(bytes, member, options.decompressLimits), options);
  return { ...inner, kind: inner.kind === 'pickle' ? 'zip' : inner.kind, member: member.name };
}

/** The options of nested unpicklers (object arrays, joblib): the unpickler's own, without the container's. */
function unpicklerOptions(options: OpenOptions): UnpicklerOptions {
  const { firstOnly: _first, decompressLimits: _limits, decoders: _decoders, ...rest } = options;
  return rest;
}

/** The torch reader's options: the same unpickler options (it supplies its own persistent_load). */
function torchOptions(options: OpenOptions): Parameters<typeof readTorch>[1] {
  const { persistentLoad: _ignored, firstOnly: _first, decoders: _decoders, ...rest } = options;
  return rest;
}

/** True when the data names joblib's array wrapper: its arrays sit as raw bytes inside the pickle stream. */
function isJoblib(bytes: Uint8Array): boolean {
  return indexOfAscii(bytes, 'NumpyArrayWrapper', 1 << 16) >= 0 && indexOfAscii(bytes, 'joblib.numpy_pickle', 1 << 16) >= 0;
}

function indexOfAscii(bytes: Uint8Array, text: string, within: number): number {
  const first = text.charCodeAt(0);
  const end = Math.min(bytes.length, within) - text.length;
  for (let i = bytes.indexOf(first); i >= 0 && i <= end; i = bytes.indexOf(first, i + 1)) {
    let k = 1;
    while (k < text.length && bytes[i + k] === text.charCodeAt(k)) k++;
    if (k === text.length) return i;
  }
  return -1;
}

function openPickles(bytes: Uint8Array, options: OpenOptions, codec: CodecName | undefined): OpenedFile {
  const withCodec = codec ? { codec } : {};
  const reader = new Unpickler(bytes, options);
  let first: unknown;
  try {
    first = reader.load();
  } catch (err) {
    throw explainFailure(err, bytes, codec);
  }
  if (reader.atEnd || options.firstOnly === true) {
    return { kind: 'pickle', value: first, ...withCodec, trailing: reader.atEnd ? -1 : reader.position };
  }
  const values: unknown[] = [first];
  const offsets: number[] = [0];
  const firstEnd = reader.position;
  while (!reader.atEnd) {
    const at = reader.position;
    try {
      // Each pickle.load on a file starts with an empty memo.
      reader.clearMemo();
      values.push(reader.load());
      offsets.push(at);
    } catch (err) {
      if (values.length === 1) {
        // The tail is not a pickle: report the first pickle and where the rest starts.
        return { kind: 'pickle', value: first, ...withCodec, trailing: firstEnd };
      }
      throw err;
    }
  }
  return { kind: 'pickles', value: values, offsets, ...withCodec };
}

/** Turns a failure at the very start into words when the data is plainly not a pickle. */
function explainFailure(err: unknown, bytes: Uint8Array, codec: CodecName | undefined): unknown {
  if (!(err instanceof UnpicklingError) || err.offset > 0) return err;
  const prefix = codec ? `this is a ${codec} file whose content is not a pickle` : 'this is not a pickle';
  // Every complete pickle ends with STOP ('.'): text that does not is called text.
  if (looksLikeText(bytes) && bytes[bytes.length - 1] !== 0x2e) {
    const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 40)).split('\n')[0]!;
    return new NotAPickleError(`${prefix}: it looks like text ("${head}${bytes.length > 40 ? '…' : ''}")`);
  }
  if (codec || err.message.startsWith('invalid load key')) {
    return new NotAPickleError(`${prefix} (${err.message})`);
  }
  return err;
}

/**
 * The uncompressed bytes of a stored or deflated member.
 * @throws NotAPickleError for another method, encryption or a member past the end.
 */
export function memberData(bytes: Uint8Array, member: ZipMember, limits?: DecompressLimits): Uint8Array {
  if (member.flags & 1) throw new NotAPickleError(`zip member ${member.name} is encrypted`);
  if (member.dataOffset < 0 || member.dataOffset + member.compressedSize > bytes.length) {
    throw new NotAPickleError(`zip member ${member.name} runs past the end of the archive (truncated file?)`);
  }
  const raw = bytes.subarray(member.dataOffset, member.dataOffset + member.compressedSize);
  if (member.method === 0) return raw;
  if (member.method === 8) return inflateRaw(raw, limits);
  throw new NotAPickleError(`zip member ${member.name} uses compression method ${member.method}; picklejar reads stored and deflated members`);
}

/** The pickle bytes inside a file, for tools that read opcodes (dis, optimize, scan). */
export interface UnwrappedPickle {
  /** The pickle stream: the file itself, its decompressed content, or a zip member. */
  readonly data: Uint8Array;
  readonly codec?: CodecName;
  /** The zip member the pickle came from (pandas' one member, a PyTorch checkpoint's data.pkl). */
  readonly member?: string;
}

/**
 * Finds the pickle stream in a file: decompresses (bounded) once, takes the one member of a
 * pandas zip or a PyTorch checkpoint's `data.pkl`; plain pickles (and legacy torch files, a
 * stream of pickles) are returned as they are.
 * @throws NotAPickleError for files that hold no pickle stream (text is left to the caller's
 *   pickle reader, which fails with its own message), DecompressionError for bad compressed data.
 */
export function unwrapPickleBytes(bytes: Uint8Array, limits?: DecompressLimits, decoders?: Decoders): UnwrappedPickle {
  if (bytes.length === 0) throw new NotAPickleError('the file is empty: no pickle in it');
  const layout = openLayout(bytes, { ...(limits ? { decompressLimits: limits } : {}), ...(decoders ? { decoders } : {}) });
  const codec = layout.codecs[0];
  const withCodec = codec ? { codec } : {};
  if (layout.pickles === undefined) {
    const inside = codec ? `this is a ${codec} file whose content is ` : 'this is ';
    throw new NotAPickleError(
      layout.kind === 'npy'
        ? `${inside}a numpy .npy array file (a header and raw data), not a pickle`
        : `${inside}a numpy .npz archive of .npy arrays, not a pickle`,
    );
  }
  return { data: layout.pickles, ...withCodec, ...(layout.member !== undefined ? { member: layout.member } : {}) };
}
