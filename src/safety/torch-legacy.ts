/**
 * The legacy `torch.save` layout (`_use_new_zipfile_serialization=False`), as
 * `torch.load` reads it: five pickles in a row (the magic number
 * 0x1950a86a20f9469cfc6c, the protocol version 1001, sys_info, the object, the
 * list of storage keys), then for each key an 8-byte element count and the
 * storage's raw bytes, to the end of the file. Those pickles following one
 * another are the format, not data hidden after a STOP; the raw bytes are
 * never unpickled. The scanner uses this only when the file fits exactly:
 * anything else is scanned as any stream of pickles.
 */
import { readOp } from '../tools/genops.js';

const MAGIC = 0x1950a86a20f9469cfc6cn;
const PROTOCOL_VERSION = 1001n;

/** Element sizes of the storage classes a legacy checkpoint names (torch/storage.py, torch/_utils.py). */
const ITEMSIZE: ReadonlyMap<string, number> = new Map([
  ['torch.DoubleStorage', 8],
  ['torch.FloatStorage', 4],
  ['torch.HalfStorage', 2],
  ['torch.BFloat16Storage', 2],
  ['torch.LongStorage', 8],
  ['torch.IntStorage', 4],
  ['torch.ShortStorage', 2],
  ['torch.CharStorage', 1],
  ['torch.ByteStorage', 1],
  ['torch.BoolStorage', 1],
  ['torch.ComplexFloatStorage', 8],
  ['torch.ComplexDoubleStorage', 16],
  ['torch.QInt8Storage', 1],
  ['torch.QUInt8Storage', 1],
  ['torch.QInt32Storage', 4],
  ['torch.QUInt4x2Storage', 1],
  ['torch.QUInt2x4Storage', 1],
  ['torch.UntypedStorage', 1],
]);

/** Opcodes that only frame or memoize: they change nothing a value-reading walk cares about. */
const NEUTRAL = new Set(['PROTO', 'FRAME', 'MEMOIZE', 'PUT', 'BINPUT', 'LONG_BINPUT']);
const INT_OPS = new Set(['INT', 'BININT', 'BININT1', 'BININT2', 'LONG', 'LONG1', 'LONG4']);
const STR_OPS = new Set(['UNICODE', 'SHORT_BINUNICODE', 'BINUNICODE', 'BINUNICODE8']);

/** Reads ops from `pos` to the STOP; `undefined` on any error. */
function ops(data: Uint8Array, pos: number): { names: string[]; args: unknown[]; end: number } | undefined {
  const names: string[] = [];
  const args: unknown[] = [];
  // The pickles this walk reads are tiny; a cap keeps a lying file from making it long.
  for (let n = 0; n < 100_000 && pos < data.length; n++) {
    let t;
    try {
      t = readOp(data, pos);
    } catch {
      return undefined;
    }
    pos += t.length;
    if (t.op.name === 'STOP') return { names, args, end: pos };
    if (NEUTRAL.has(t.op.name)) continue;
    names.push(t.op.name);
    args.push(t.arg);
  }
  return undefined;
}

/** The int a pickle of one int holds, and where it ends; `undefined` for any other pickle. */
function intPickle(data: Uint8Array, pos: number): { value: bigint; end: number } | undefined {
  const r = ops(data, pos);
  if (r === undefined || r.names.length !== 1 || !INT_OPS.has(r.names[0]!)) return undefined;
  const v = r.args[0];
  if (typeof v === 'number' && Number.isInteger(v)) return { value: BigInt(v), end: r.end };
  if (typeof v === 'bigint') return { value: v, end: r.end };
  return undefined;
}

/**
 * True when `data` opens with the two header pickles of a legacy torch file
 * (the magic number, then protocol version 1001).
 * @throws never.
 */
export function hasLegacyTorchHeader(data: Uint8Array): boolean {
  const magic = intPickle(data, 0);
  if (magic === undefined || magic.value !== MAGIC) return false;
  const version = intPickle(data, magic.end);
  return version !== undefined && version.value === PROTOCOL_VERSION;
}

/**
 * The storage keys a keys pickle (a list of str, as torch writes it) lists,
 * or `undefined` when the pickle is anything else.
 */
function keyList(data: Uint8Array, start: number, end: number): string[] | undefined {
  const r = ops(data.subarray(0, end), start);
  if (r === undefined || r.end !== end) return undefined;
  // Protocol 1+ writes EMPTY_LIST; protocol 0 writes MARK LIST.
  const first = r.names[0] === 'EMPTY_LIST' ? 1 : r.names[0] === 'MARK' && r.names[1] === 'LIST' ? 2 : -1;
  if (first < 0) return undefined;
  const keys: string[] = [];
  let marked = false;
  for (let i = first; i < r.names.length; i++) {
    const name = r.names[i]!;
    if (name === 'MARK' && !marked) marked = true;
    else if (STR_OPS.has(name) && typeof r.args[i] === 'string') keys.push(r.args[i] as string);
    else if (name === 'APPENDS' && marked) marked = false;
    else if (name === 'APPEND' && !marked) continue;
    else return undefined;
  }
  return marked ? undefined : keys;
}

/**
 * Where the raw storages of a legacy torch file end, when `data` fits the
 * layout: `ends` are the ends of its five pickles (from the scan's own
 * reading), `storages` maps each key the object pickle names to its storage
 * class. Every listed key must be named and every size must fit; both byte
 * orders are tried for the element counts (sys_info says which, but the
 * scanner does not evaluate it), one that ends exactly at the end of the file
 * first.
 * @returns the offset just past the last storage (`data.length` for a file that
 *   fits exactly), or `undefined` when the file deviates from the layout.
 * @throws never.
 */
export function legacyTorchStorages(data: Uint8Array, ends: readonly number[], storages: ReadonlyMap<string, string>): number | undefined {
  if (ends.length !== 5) return undefined;
  const keys = keyList(data, ends[3]!, ends[4]!);
  if (keys === undefined) return undefined;
  const sizes: number[] = [];
  for (const k of keys) {
    const type = storages.get(k);
    const size = type === undefined ? undefined : ITEMSIZE.get(type);
    if (size === undefined) return undefined;
    sizes.push(size);
  }
  let fits: number | undefined;
  for (const little of [true, false]) {
    const end = storagesEnd(data, ends[4]!, sizes, little);
    if (end === data.length) return end;
    fits ??= end;
  }
  return fits;
}

/** Offset past the storages of element sizes `sizes` from `pos`, or `undefined` when one runs past the end. */
function storagesEnd(data: Uint8Array, pos: number, sizes: readonly number[], little: boolean): number | undefined {
  for (const itemsize of sizes) {
    if (pos + 8 > data.length) return undefined;
    const lo = readU32(data, pos + (little ? 0 : 4), little);
    const hi = readU32(data, pos + (little ? 4 : 0), little);
    const nbytes = (lo + hi * 2 ** 32) * itemsize;
    pos += 8;
    if (nbytes > data.length - pos) return undefined;
    pos += nbytes;
  }
  return pos;
}

function readU32(d: Uint8Array, at: number, little: boolean): number {
  return little
    ? (d[at]! | (d[at + 1]! << 8) | (d[at + 2]! << 16) | (d[at + 3]! << 24)) >>> 0
    : ((d[at]! << 24) | (d[at + 1]! << 16) | (d[at + 2]! << 8) | d[at + 3]!) >>> 0;
}
