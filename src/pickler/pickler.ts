/**
 * The pickler: JS values (picklejar's value model) to the bytes CPython 3.11's
 * C pickler (`_pickle.c`) writes for the equivalent Python value, at protocols
 * 0 to 5. Iterative: containers are frames on an explicit stack, so nesting
 * depth is limited by memory only.
 *
 * Speed: scalars (numbers, strs, booleans, None) are written by
 * `saveScalar` straight from the container loops, runs of floats per batch
 * with one capacity/frame check, small all-scalar dicts without a frame of
 * their own; the output buffer and the str memo's table are reused from one
 * `dumps` to the next (writer.ts, string-memo.ts).
 *
 * Memo: objects by identity; strings by value (string-memo.ts; JS strings have no identity;
 * CPython memoizes str by identity, and equal literals in one Python module
 * are one object, so by-value sharing is what CPython writes for the common
 * case); `PyGlobal`s by module + name (Python globals are singletons).
 * Numbers, booleans, null/undefined and `Float` are never memoized. Where
 * CPython shares objects that JS cannot tell apart, it follows CPython: the
 * empty bytes is one object, one-char Latin-1 strs made while pickling bytes
 * are shared, qualified names of C-implemented globals are fresh strs
 * (global-names.ts). Known limits: two equal Python strs that are distinct
 * objects, and a surrogate pair held as two lone surrogates, cannot be told
 * apart in JS, so their pickles differ from CPython's.
 *
 * JS values without a Python twin: plain objects (prototype Object.prototype
 * or null; own enumerable string keys, in JS order) and Maps are dicts;
 * `undefined` is None; a `Date` is an aware `datetime.datetime` in UTC,
 * written exactly as CPython writes `datetime(..., tzinfo=timezone.utc)`
 * (years 1–9999, else PicklingError); other typed arrays, `DataView`,
 * `ArrayBuffer`, `SharedArrayBuffer` and Node `Buffer`s are `bytes` of the
 * bytes they view. Functions, symbols, WeakMap/WeakSet/Promise and instances
 * of other classes go to the registry, else raise PicklingError with their
 * path (path.ts).
 */
import { PickleError, PicklingError } from '../errors.js';
import { Op } from '../opcodes.js';
import { toPython2 } from '../compat/fix-imports.js';
import type { DumpRegistry, ExtensionTable, ReduceValue } from '../registry/contract.js';
import { PickleBuffer } from '../registry/pickle-buffer.js';
import { ByteArray } from '../values/byte-array.js';
import { Complex } from '../values/complex.js';
import { Float } from '../values/float.js';
import { FrozenSet } from '../values/frozen-set.js';
import { PyGlobal } from '../values/py-global.js';
import { PyObject } from '../values/py-object.js';
import { Tuple } from '../values/tuple.js';
import { BufferRef, ExtensionRef, isUnresolved, PersistentRef, unresolvedEffectsOf, type UnresolvedRef } from '../values/unresolved.js';
import { discardedAfter, discardedBefore } from '../values/discarded.js';
import { freshNamesOf, textGlobalMemoized } from '../values/written-as.js';
import { splitPairsStr } from '../values/split-pairs.js';
import { newObjExPartial } from '../values/newobj-ex-partial.js';
import { Py2Str, py2StrRepr } from '../values/py2-str.js';
import { complexBitsOf, floatBitsOf, nanFloat, writeFloatBits } from '../values/float-bits.js';
import { copySlots, floatSlotsOf, hasFloatSlots, slotsToPairs, type FloatSlots } from '../values/float-slots.js';
import { loadedAs } from '../values/typed-value.js';
import { encodeLong } from '../wire/long.js';
import { encodeUtf8, encodeUtf8Into } from '../wire/utf8.js';
import { floatRepr } from '../wire/float-repr.js';
import { resolvePicklerOptions, type HookResult, type PicklerOptions } from './options.js';
import { standardTypes } from '../stdlib/standard-types.js';
import { defaultDumpTypes } from '../ml/ml-types.js';
import { writeTrailer } from './trailer.js';
import { describe, fieldSegment, keyText } from './path.js';
import { EMPTY_TUPLE, FreshString, GLOBALS, SyntheticReduce, UTC } from './synthetic.js';
import { FRAME_SIZE_TARGET, PickleWriter } from './writer.js';
import { StringMemo } from './string-memo.js';
import { hasFreshQualname, isBuiltinFunction } from './global-names.js';
import { dateState } from './date-state.js';
import { latin1Text, maxRawUnicodeEscapeLength, writeRawUnicodeEscape } from './text-encodings.js';

const BATCHSIZE = 1000;
/** The writer of a pickler between dumps (never written to). */
const IDLE_WRITER = new PickleWriter(16);
/** CPython's default `sys.get_int_max_str_digits()`: protocol 0/1 ints write their decimal repr. */
const MAX_STR_DIGITS = 4300;

// Frame kinds.
const K_SEQ = 1; // list-like items: lists, sets, list items of objects
const K_DICT = 2; // key/value pairs
const K_TUPLE = 3; // tuple items (and frozenset items at protocol 4+)
const K_TASK = 4; // a reduce: saves, opcodes, memo, items, state
const K_OP = 5; // writes one opcode once the values above it are written
const K_EFFECTS = 6; // discarded calls a lossless load kept: each written, then POP

// K_SEQ / K_DICT modes.
const M_EACH = 1; // protocol 0: APPEND / SETITEM after each item
const M_LONE_N1 = 2; // exactly one item: APPEND / SETITEM without MARK
const M_GENERIC = 4; // batch_list / batch_dict on an iterator: a last batch of one is lone
const M_TRAILING = 8; // set / dict: a full last batch is followed by an empty MARK…end
const M_SET = 16; // end opcode ADDITEMS
const M_SRC_PLAIN = 32; // dict items from a plain object's keys
const M_SRC_MAP = 64; // dict items from a Map's keys
// (neither: an array of [key, value] pairs)

// K_TUPLE modes.
const T_SMALL = 1; // TUPLE1..3
const T_FROZEN = 2; // FROZENSET

// How a frame names its current child in error paths.
const SEG_NONE = 0;
const SEG_INDEX = 1;
const SEG_VALUES = 2;

const TUPLE_OPS = [Op.EMPTY_TUPLE, Op.TUPLE1, Op.TUPLE2, Op.TUPLE3];

/**
 * Frames below this depth are never counted by the re-entry guard: an endless
 * re-entry always passes it, and shallow dumps pay nothing.
 */
const REENTRY_DEPTH = 256;
/**
 * Nested entries of one object still being created (a tuple, frozenset or
 * reduce not yet memoized) before the pickler gives up. A cycle through such
 * objects only ends when some container on it is memoized, so the same object
 * re-entered this often means CPython would long have raised RecursionError
 * (its limit, 1000 nested saves, allows fewer re-entries than this).
 */
const MAX_REENTRIES = 1000;

/** A pending reduce-like write (CPython's `save_reduce`, `save_global` with STACK_GLOBAL, INST, OBJ). */
interface Task {
  /** Values saved in order, then `end` is written. */
  seq: readonly unknown[];
  /** Path segment for each `seq` value. */
  labels: readonly string[];
  end: Uint8Array;
  i: number;
  /** 0: creation; 1: list items next; 2: dict items next; 3: state next; 4: state being written. */
  phase: number;
  /** The object to memoize after creation (with CPython's recursion check), or undefined. */
  obj: object | undefined;
  /** Memoize after creation without the recursion check (save_global), under these keys. */
  globalKey: string | undefined;
  alias: object | undefined;
  /** Also memoize under this key of `memoSingletons`. */
  singletonKey: string | undefined;
  listItems: readonly unknown[] | undefined;
  dictItems: readonly (readonly [unknown, unknown])[] | undefined;
  hasState: boolean;
  state: unknown;
  setter: unknown;
  /** Prefix for the item/state segments, e.g. `.reduce()`. */
  prefix: string;
}

function makeTask(seq: readonly unknown[], labels: readonly string[], end: Uint8Array, obj: object | undefined): Task {
  return {
    seq,
    labels,
    end,
    i: 0,
    phase: 0,
    obj,
    globalKey: undefined,
    alias: undefined,
    singletonKey: undefined,
    listItems: undefined,
    dictItems: undefined,
    hasState: false,
    state: undefined,
    setter: undefined,
    prefix: '',
  };
}

const END_REDUCE = Uint8Array.of(Op.REDUCE);
const END_NEWOBJ = Uint8Array.of(Op.NEWOBJ);
const END_NEWOBJ_EX = Uint8Array.of(Op.NEWOBJ_EX);
const END_OBJ = Uint8Array.of(Op.OBJ);
const END_STACK_GLOBAL = Uint8Array.of(Op.STACK_GLOBAL);
const END_BUILD = Uint8Array.of(Op.BUILD);
const END_SETTER = Uint8Array.of(Op.TUPLE2, Op.REDUCE, Op.POP);
const REDUCE_LABELS = ['.callable', '.args'];
const NEWOBJ_EX_LABELS = ['.callable', '.args', '.kwargs'];

function globalKey(module: string, name: string): string {
  return `${module.length}:${module}${name}`;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Python's `pickle.Pickler`: writes values as pickles, keeping its memo across
 * `dump` calls (as a Python Pickler reused on one file does) until `clearMemo`.
 */
export class Pickler {
  /** The protocol in use (0–5), after resolving defaults and negative values. */
  readonly protocol: number;
  private readonly bin: boolean;
  private readonly fixImports: boolean;
  private readonly persistentId: ((value: unknown) => unknown) | undefined;
  private readonly registry: DumpRegistry | undefined;
  private readonly extensions: ExtensionTable | undefined;
  private readonly bufferCallback: ((buffer: PickleBuffer) => unknown) | undefined;
  private readonly reducerOverride: ((value: object, protocol: number) => HookResult) | undefined;
  private readonly dispatchTable: ReadonlyMap<Function, (value: never, protocol: number) => HookResult> | undefined;
  /** True when `reducerOverride` or `dispatchTable` is set. */
  private readonly hooked: boolean;
  private readonly standard: DumpRegistry | undefined;

  private w: PickleWriter = IDLE_WRITER;
  private readonly header = new Uint8Array(9);
  private readonly headerView = new DataView(this.header.buffer);

  private memoIds = new Map<object, number>();
  private readonly memoStrs = new StringMemo();
  private memoGlobals = new Map<string, number>();
  /** CPython's shared objects with no JS identity: the empty bytes, one-char Latin-1 strs made by pickling bytes, the builtins module name of builtin functions. */
  private memoSingletons = new Map<string, number>();
  private memoCount = 0;
  /** Segment modes for synthetic values (helper lists/tuples), consumed when their frame starts. */
  private readonly synthetic = new Map<object, number>();
  /** Objects being created (not yet memoized) in frames at depth REENTRY_DEPTH and below, with their nesting count. */
  private readonly entered = new Map<object, number>();

  // The frame stack, as parallel arrays.
  private fk: number[] = [];
  private fo: unknown[] = [];
  private fa: unknown[] = [];
  private fi: number[] = [];
  private fn: number[] = [];
  private fm: number[] = [];
  private fs: number[] = [];
  /** Integral floats a default-mode load recorded for the frame's container (float-slots.ts); read only once any exist. */
  private fl: (FloatSlots | undefined)[] = [];
  private sp = 0;

  /**
   * @param options protocol, fixImports, persistentId, registry, extensions, bufferCallback (see `PicklerOptions`).
   * @throws PicklingError for a protocol above 5 or not an integer, or a bufferCallback below protocol 5.
   */
  constructor(options?: PicklerOptions) {
    const o = resolvePicklerOptions(options);
    this.protocol = o.protocol;
    this.bin = o.protocol > 0;
    this.fixImports = o.fixImports && o.protocol < 3;
    this.persistentId = o.persistentId;
    this.registry = o.registry;
    this.extensions = o.extensions;
    this.bufferCallback = o.bufferCallback;
    this.reducerOverride = o.reducerOverride;
    this.dispatchTable = o.dispatchTable;
    this.hooked = o.reducerOverride !== undefined || o.dispatchTable !== undefined;
    this.standard = defaultDumpTypes(o.standardTypes && o.registry !== standardTypes, o.mlTypes);
  }

  /**
   * For one-shot `dumps`: hands the string memo's tables to the next pickler.
   * The pickler must not be used after.
   * @internal
   */
  releaseMemo(): void {
    this.memoStrs.release();
  }

  /** Forgets every memoized object, as Python's `Pickler.clear_memo()`. */
  clearMemo(): void {
    this.memoIds = new Map();
    this.memoStrs.clear();
    this.memoGlobals = new Map();
    this.memoSingletons = new Map();
    this.memoCount = 0;
  }

  /**
   * Pickles `value`: PROTO header (protocol 2+), the value, STOP.
   * @returns the pickle (a view of a buffer of its own, at most twice its size).
   * @throws PicklingError for a value that cannot be pickled, naming its path
   *   (`root.users[3].callback`); nothing is returned and the memo is left as
   *   it was before the call.
   */
  dump(value: unknown): Uint8Array {
    const w = (this.w = new PickleWriter());
    const memoBefore = this.memoCount;
    this.sp = 0;
    try {
      if (this.protocol >= 2) {
        w.byte2(Op.PROTO, this.protocol);
        w.framing = this.protocol >= 4;
      }
      const leading = typeof value === 'object' && value !== null ? discardedBefore(value) : undefined;
      if (leading !== undefined) {
        this.push(K_EFFECTS, undefined, leading, leading.length, 0, SEG_NONE);
        this.run();
      }
      this.save(value, false);
      this.run();
      w.byte(Op.STOP);
      return w.finish();
    } catch (error) {
      const path = this.path();
      this.rollbackMemo(memoBefore);
      if (error instanceof PickleError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new PicklingError(message, path);
    } finally {
      this.fo.length = 0;
      this.fa.length = 0;
      this.fl.length = 0;
      this.sp = 0;
      this.synthetic.clear();
      this.entered.clear();
      this.w.release();
      this.w = IDLE_WRITER;
    }
  }

  private rollbackMemo(count: number): void {
    if (this.memoCount === count) return;
    for (const [k, v] of this.memoIds) if (v >= count) this.memoIds.delete(k);
    this.memoStrs.dropFrom(count);
    for (const [k, v] of this.memoGlobals) if (v >= count) this.memoGlobals.delete(k);
    for (const [k, v] of this.memoSingletons) if (v >= count) this.memoSingletons.delete(k);
    this.memoCount = count;
  }

  private fail(message: string): never {
    throw new PicklingError(message, this.path());
  }

  // ---------------------------------------------------------------- frames

  private push(kind: number, obj: unknown, items: unknown, n: number, mode: number, seg: number): void {
    const t = this.sp++;
    this.fk[t] = kind;
    this.fo[t] = obj;
    this.fa[t] = items;
    this.fi[t] = 0;
    this.fn[t] = n;
    this.fm[t] = mode;
    if (this.synthetic.size > 0 && typeof obj === 'object' && obj !== null) {
      const s = this.synthetic.get(obj);
      if (s !== undefined) {
        seg = s;
        this.synthetic.delete(obj);
      }
    }
    this.fs[t] = seg;
    if (hasFloatSlots()) this.fl[t] = floatSlotsOf(obj);
    if (t >= REENTRY_DEPTH) this.enter(kind, obj);
  }

  /**
   * The re-entry guard: counts a deep creation frame of an object, and fails
   * as CPython's RecursionError once one object re-entered MAX_REENTRIES
   * times (an endless cycle of reduces/tuples grows the frame stack forever).
   */
  private enter(kind: number, obj: unknown): void {
    const key = kind === K_TASK ? (obj as Task).obj : kind === K_TUPLE ? obj : undefined;
    if (key === undefined) return;
    const count = (this.entered.get(key as object) ?? 0) + 1;
    if (count > MAX_REENTRIES) {
      let path = this.path();
      if (path.length > 200) path = `${path.slice(0, 200)}…`;
      throw new PicklingError('maximum recursion depth exceeded while pickling an object: it refers to itself through values created before they can be memoized', path);
    }
    this.entered.set(key as object, count);
  }

  private leave(t: number): void {
    const kind = this.fk[t];
    const key = kind === K_TASK ? (this.fo[t] as Task).obj : kind === K_TUPLE ? this.fo[t] : undefined;
    if (key === undefined) return;
    const count = this.entered.get(key as object);
    if (count === undefined) return;
    if (count <= 1) this.entered.delete(key as object);
    else this.entered.set(key as object, count - 1);
  }

  private pop(t: number): void {
    if (t >= REENTRY_DEPTH) this.leave(t);
    this.fo[t] = undefined;
    this.fa[t] = undefined;
    this.sp = t;
  }

  private run(): void {
    while (this.sp > 0) {
      const t = this.sp - 1;
      switch (this.fk[t]) {
        case K_SEQ:
          this.stepSeq(t);
          break;
        case K_DICT:
          this.stepDict(t);
          break;
        case K_TUPLE:
          this.stepTuple(t);
          break;
        case K_TASK:
          this.stepTask(t);
          break;
        case K_OP:
          this.pop(t);
          this.w.byte(this.fi[t]!);
          break;
        case K_EFFECTS:
          this.stepEffects(t);
          break;
      }
    }
  }

  // The step functions loop over items while they are written at once, and
  // return to `run` only when an item pushed a frame of its own (its `save`
  // grew the stack): the loop costs no dispatch per scalar item.

  private stepSeq(t: number): void {
    let i = this.fi[t]!;
    const n = this.fn[t]!;
    const m = this.fm[t]!;
    const items = this.fa[t] as ArrayLike<unknown>;
    const w = this.w;
    const depth = this.sp;
    const slots = hasFloatSlots() ? this.fl[t] : undefined;
    const floats = slots?.at;
    const typed = slots?.typedAt;
    if (m & M_EACH) {
      for (;;) {
        if (i > 0) w.byte(Op.APPEND);
        if (i >= n) return this.pop(t);
        this.fi[t] = i + 1;
        const item = items[i++];
        if (floats !== undefined && typeof item === 'number' && floats.get(i - 1) === item) this.saveFloat(item);
        else this.save(typed === undefined ? item : loadedAs(typed.get(i - 1), item), false);
        if (this.sp !== depth) return;
      }
    }
    const end = m & M_SET ? Op.ADDITEMS : Op.APPENDS;
    // Scalars are written here directly (no persistent_id to ask): the
    // largest lists are lists of floats, ints and strs.
    const fast = this.persistentId === undefined && floats === undefined && typed === undefined;
    while (i < n) {
      if (i % BATCHSIZE === 0) {
        if (i > 0) w.byte(end);
        if (!isLone(m, n, Math.min(BATCHSIZE, n - i))) w.byte(Op.MARK);
      }
      const item = items[i++];
      if (fast) {
        if (w.frameStart >= 0 && w.pos - w.frameStart - 9 >= FRAME_SIZE_TARGET) w.commitFrame();
        if (typeof item === 'number' && !Number.isInteger(item)) {
          // Inline: the largest lists are lists of floats.
          if (w.frameStart < 0 ? w.framing || w.pos + 9 > w.buf.length : w.pos + 9 > w.buf.length) w.reserve(9);
          const buf = w.buf;
          const view = w.view;
          let p = w.pos;
          buf[p] = Op.BINFLOAT;
          view.setFloat64(p + 1, item, false);
          p += 9;
          // The floats after it in this batch, while they fit in the buffer
          // and the frame stays under its target (checked once, not per item).
          const batchEnd = Math.min(n, i + BATCHSIZE - 1 - ((i - 1) % BATCHSIZE));
          let limit = buf.length - 9;
          if (w.frameStart >= 0) limit = Math.min(limit, w.frameStart + 8 + FRAME_SIZE_TARGET);
          while (i < batchEnd && p <= limit) {
            const x = items[i];
            if (typeof x !== 'number' || Number.isInteger(x)) break;
            buf[p] = Op.BINFLOAT;
            view.setFloat64(p + 1, x, false);
            p += 9;
            i++;
          }
          w.pos = p;
          continue;
        }
        if (this.saveScalar(item)) continue;
        this.fi[t] = i;
        // Not a scalar, boundary checked, no persistent_id: the rest of save().
        if (typeof item === 'object' && item !== null) this.saveObject(item);
        else this.saveOther(item);
        if (this.sp !== depth) return;
        continue;
      }
      this.fi[t] = i;
      if (floats !== undefined && typeof item === 'number' && floats.get(i - 1) === item) {
        w.boundary();
        this.saveFloat(item);
        continue;
      }
      this.save(typed === undefined ? item : loadedAs(typed.get(i - 1), item), false);
      if (this.sp !== depth) return;
    }
    this.pop(t);
    const last = n - Math.floor((n - 1) / BATCHSIZE) * BATCHSIZE;
    w.byte(isLone(m, n, last) ? Op.APPEND : end);
    if (m & M_TRAILING && n % BATCHSIZE === 0) w.byte2(Op.MARK, end);
  }

  private stepDict(t: number): void {
    let h = this.fi[t]!;
    const n = this.fn[t]!;
    const m = this.fm[t]!;
    const keys = this.fa[t] as ArrayLike<unknown>;
    const source = this.fo[t];
    const w = this.w;
    const depth = this.sp;
    const byKey = (m & (M_SRC_PLAIN | M_SRC_MAP)) !== 0;
    const fast = this.persistentId === undefined;
    const floats = hasFloatSlots() ? this.fl[t] : undefined;
    for (;;) {
      const i = h >> 1;
      if (h & 1) {
        // The value of item i (its key is written).
        let value: unknown;
        if (m & M_SRC_PLAIN) value = (source as Record<string, unknown>)[keys[i] as string];
        else if (m & M_SRC_MAP) value = (source as Map<unknown, unknown>).get(keys[i]);
        else value = (keys[i] as readonly [unknown, unknown])[1];
        this.fi[t] = ++h;
        if (floats !== undefined) {
          if (typeof value === 'number' && (byKey ? floats.byKey?.get(keys[i]) : floats.at?.get(i)) === value) {
            w.boundary();
            this.saveFloat(value);
            continue;
          }
          const box = byKey ? floats.typedByKey?.get(keys[i]) : floats.typedAt?.get(i);
          if (box !== undefined) value = loadedAs(box, value);
        }
        if (fast) {
          w.boundary();
          if (this.saveScalar(value)) continue;
        }
        this.save(value, false);
        if (this.sp !== depth) return;
        continue;
      }
      if (m & M_EACH) {
        if (i > 0) w.byte(Op.SETITEM);
        if (i >= n) return this.pop(t);
      } else {
        if (i >= n) break;
        if (i % BATCHSIZE === 0) {
          if (i > 0) w.byte(Op.SETITEMS);
          if (!isLone(m, n, Math.min(BATCHSIZE, n - i))) w.byte(Op.MARK);
        }
      }
      this.fi[t] = ++h;
      let key = byKey ? keys[i] : (keys[i] as readonly [unknown, unknown])[0];
      // A key that was a separate str object (separate-strs.ts).
      if (floats !== undefined && (floats.typedKeys !== undefined || floats.typedKeyAt !== undefined)) key = loadedAs(byKey ? floats.typedKeys?.get(key) : floats.typedKeyAt?.get(i), key);
      if (floats?.keys !== undefined && typeof key === 'number' && floats.keys.has(key)) {
        w.boundary();
        this.saveFloat(key);
        continue;
      }
      if (fast) {
        w.boundary();
        if (this.saveScalar(key)) continue;
      }
      this.save(key, false);
      if (this.sp !== depth) return;
    }
    this.pop(t);
    const last = n - Math.floor((n - 1) / BATCHSIZE) * BATCHSIZE;
    w.byte(isLone(m, n, last) ? Op.SETITEM : Op.SETITEMS);
    if (m & M_TRAILING && n % BATCHSIZE === 0) w.byte2(Op.MARK, Op.SETITEMS);
  }

  private stepTuple(t: number): void {
    let i = this.fi[t]!;
    const n = this.fn[t]!;
    const items = this.fa[t] as ArrayLike<unknown>;
    const depth = this.sp;
    const fast = this.persistentId === undefined;
    const w = this.w;
    const slots = hasFloatSlots() ? this.fl[t] : undefined;
    const floats = slots?.at;
    const typed = slots?.typedAt;
    while (i < n) {
      this.fi[t] = i + 1;
      let item = items[i++];
      if (floats !== undefined && typeof item === 'number' && floats.get(i - 1) === item) {
        w.boundary();
        this.saveFloat(item);
        continue;
      }
      if (typed !== undefined) item = loadedAs(typed.get(i - 1), item);
      if (fast) {
        w.boundary();
        if (this.saveScalar(item)) continue;
      }
      this.save(item, false);
      if (this.sp !== depth) return;
    }
    const obj = this.fo[t] as object;
    const m = this.fm[t]!;
    this.pop(t);
    const idx = this.memoIds.get(obj);
    if (idx !== undefined) {
      // Recursive: the tuple was memoized while its items were written. Drop
      // the items and fetch it from the memo, as CPython does.
      if (m & T_SMALL) for (let k = 0; k < n; k++) w.byte(Op.POP);
      else if (this.bin) w.byte(Op.POP_MARK);
      else for (let k = 0; k <= n; k++) w.byte(Op.POP);
      this.memoGet(idx);
      return;
    }
    w.byte(m & T_FROZEN ? Op.FROZENSET : m & T_SMALL ? TUPLE_OPS[n]! : Op.TUPLE);
    this.memoIds.set(obj, this.memoPut());
  }

  private stepTask(t: number): void {
    const task = this.fo[t] as Task;
    switch (task.phase) {
      case 0:
      case 4: {
        if (task.i < task.seq.length) {
          const v = task.seq[task.i++];
          this.save(v, false);
          return;
        }
        this.w.raw(task.end);
        if (task.phase === 4) {
          // Seam for joblib: the bytes that follow an object outside the opcodes (no-op unless writeJoblib set one).
          if (task.obj !== undefined) writeTrailer(task.obj, this.w, this.memoIds);
          this.pop(t);
          return;
        }
        const obj = task.obj;
        if (obj !== undefined) {
          const idx = this.memoIds.get(obj);
          if (idx !== undefined) {
            this.w.byte(Op.POP);
            this.memoGet(idx);
            this.pop(t);
            return;
          }
          const put = this.memoPut();
          this.memoIds.set(obj, put);
          if (task.singletonKey !== undefined) this.memoSingletons.set(task.singletonKey, put);
        } else if (task.globalKey !== undefined) {
          const idx = this.memoPut();
          this.memoGlobals.set(task.globalKey, idx);
          if (task.alias !== undefined) this.memoIds.set(task.alias, idx);
        }
        task.phase = 1;
        return;
      }
      case 1:
        task.phase = 2;
        if (task.listItems !== undefined && task.listItems.length > 0) {
          const n = task.listItems.length;
          this.push(K_SEQ, task.listItems, task.listItems, n, this.bin ? M_GENERIC : M_EACH, SEG_INDEX);
        }
        return;
      case 2:
        task.phase = 3;
        if (task.dictItems !== undefined && task.dictItems.length > 0) {
          const n = task.dictItems.length;
          this.push(K_DICT, task.dictItems, task.dictItems, n, this.bin ? M_GENERIC : M_EACH, SEG_INDEX);
        }
        return;
      default:
        if (!task.hasState) {
          this.pop(t);
          return;
        }
        task.phase = 4;
        task.i = 0;
        if (task.setter !== undefined) {
          task.seq = [task.setter, task.obj, task.state];
          task.labels = [`${task.prefix}.stateSetter`, '', `${task.prefix}.state`];
          task.end = END_SETTER;
        } else {
          task.seq = [task.state];
          task.labels = [`${task.prefix}.state`];
          task.end = END_BUILD;
        }
    }
  }

  /**
   * The next discarded call: written as the pickle had it (an inert object
   * not memoized, as CPython's `save_reduce` without `obj`), then POP.
   */
  private stepEffects(t: number): void {
    const i = this.fi[t]!;
    if (i >= this.fn[t]!) return this.pop(t);
    this.fi[t] = i + 1;
    const call = (this.fa[t] as readonly unknown[])[i];
    this.push(K_OP, undefined, undefined, 0, 0, SEG_NONE);
    this.fi[this.sp - 1] = Op.POP;
    if (call instanceof PyObject && Object.getPrototypeOf(call) === PyObject.prototype) this.savePyObject(call, false);
    else this.save(call, false);
  }

  /** The path to the value being written, from the frames on the stack. */
  private path(): string {
    let s = 'root';
    for (let t = 0; t < this.sp; t++) {
      const kind = this.fk[t];
      const seg = this.fs[t];
      if (kind === K_SEQ || kind === K_TUPLE) {
        const i = this.fi[t]! - 1;
        if (seg === SEG_INDEX) s += `[${i}]`;
        else if (seg === SEG_VALUES) s += `.values()[${i}]`;
      } else if (kind === K_DICT) {
        const h = this.fi[t]!;
        const i = (h - 1) >> 1;
        const keyPhase = (h & 1) === 1;
        const m = this.fm[t]!;
        const keys = this.fa[t] as ArrayLike<unknown>;
        if (m & M_SRC_PLAIN) s += keyPhase ? `.keys()[${i}]` : fieldSegment(keys[i] as string);
        else if (m & M_SRC_MAP) s += keyPhase ? `.keys()[${i}]` : `.get(${keyText(keys[i])})`;
        else s += `[${i}][${keyPhase ? 0 : 1}]`;
      } else if (kind === K_TASK) {
        const task = this.fo[t] as Task;
        if (task.phase === 0 || task.phase === 4) s += task.labels[task.i - 1] ?? '';
        else if (task.phase === 2) s += `${task.prefix}.listItems`;
        else if (task.phase === 3) s += `${task.prefix}.dictItems`;
      }
    }
    return s;
  }

  // ------------------------------------------------------------------ memo

  /** Gives the next memo index and writes its PUT / BINPUT / LONG_BINPUT / MEMOIZE. */
  private memoPut(): number {
    const idx = this.memoCount++;
    const w = this.w;
    if (this.protocol >= 4) w.byte(Op.MEMOIZE);
    else if (!this.bin) w.ascii(`p${idx}\n`);
    else if (idx < 256) w.byte2(Op.BINPUT, idx);
    else w.opU32(Op.LONG_BINPUT, idx);
    return idx;
  }

  private memoGet(idx: number): void {
    const w = this.w;
    if (!this.bin) w.ascii(`g${idx}\n`);
    else if (idx < 256) w.byte2(Op.BINGET, idx);
    else w.opU32(Op.LONG_BINGET, idx);
  }

  // ---------------------------------------------------------------- values

  /** CPython's `save()`: one value, written now or as a frame on the stack. */
  private save(v: unknown, noPersistentId: boolean): void {
    const w = this.w;
    if (w.frameStart >= 0 && w.pos - w.frameStart - 9 >= FRAME_SIZE_TARGET) w.commitFrame();
    if (this.persistentId !== undefined && !noPersistentId && this.savePersistent(v)) return;
    if (!this.saveScalar(v)) this.saveOther(v);
  }

  /**
   * CPython's `save()` for a number, str, bool or None (`null`, `undefined`):
   * written at once, returning true; false for any other value, with nothing
   * written. The caller has checked for a frame boundary. Strs at protocol 4+
   * short enough for `SHORT_BINUNICODE` are written with their `MEMOIZE` in
   * one reservation, ASCII byte by byte.
   */
  private saveScalar(v: unknown): boolean {
    const w = this.w;
    if (typeof v === 'number') {
      if (Number.isInteger(v) && (v !== 0 || 1 / v > 0)) {
        if (this.bin && v >= 0 && v < 256) {
          w.reserve(2);
          const p = w.pos;
          w.buf[p] = Op.BININT1;
          w.buf[p + 1] = v;
          w.pos = p + 2;
        } else this.saveInt(v);
      } else if (this.bin) {
        w.reserve(9);
        const p = w.pos;
        w.buf[p] = Op.BINFLOAT;
        w.view.setFloat64(p + 1, v, false);
        w.pos = p + 9;
      } else this.saveFloat(v);
      return true;
    }
    if (typeof v === 'string') {
      const memo = this.memoStrs;
      const idx = memo.get(v);
      if (idx >= 0) {
        this.memoGet(idx);
        return true;
      }
      const n = v.length;
      if (this.protocol >= 4 && n <= 85) {
        w.reserve(n * 3 + 3);
        const buf = w.buf;
        const p = w.pos;
        let q = p + 2;
        for (let i = 0; i < n; i++) {
          const c = v.charCodeAt(i);
          if (c >= 0x80) {
            q = encodeUtf8Into(v, buf, p + 2);
            break;
          }
          buf[q++] = c;
        }
        buf[p] = Op.SHORT_BINUNICODE;
        buf[p + 1] = q - p - 2;
        buf[q] = Op.MEMOIZE;
        w.pos = q + 1;
        memo.setAfterMiss(v, this.memoCount++);
        return true;
      }
      this.saveStr(v);
      memo.setAfterMiss(v, this.memoPut());
      return true;
    }
    if (v === null || v === undefined) {
      w.byte(Op.NONE);
      return true;
    }
    if (typeof v === 'boolean') {
      if (this.protocol >= 2) w.byte(v ? Op.NEWTRUE : Op.NEWFALSE);
      else w.ascii(v ? 'I01\n' : 'I00\n');
      return true;
    }
    return false;
  }

  /** `save()` for what `saveScalar` refused: objects, functions, bigints, symbols. */
  private saveOther(v: unknown): void {
    switch (typeof v) {
      case 'bigint':
        this.saveBigInt(v);
        return;
      case 'object':
        this.saveObject(v!);
        return;
      case 'function': {
        const idx = this.memoIds.get(v);
        if (idx !== undefined) return this.memoGet(idx);
        if (this.hooked && this.callHooks(v, undefined, true)) return;
        this.saveUnknown(v);
        return;
      }
      default:
        this.fail(`cannot pickle ${describe(v)}: symbols have no Python equivalent`);
    }
  }

  private saveInt(v: number): void {
    if (v >= -0x80000000 && v <= 0x7fffffff) {
      const w = this.w;
      if (!this.bin) w.ascii(`I${v}\n`);
      else if (v >= 0 && v < 256) w.byte2(Op.BININT1, v);
      else if (v >= 0 && v < 65536) {
        w.reserve(3);
        const buf = w.buf;
        buf[w.pos++] = Op.BININT2;
        buf[w.pos++] = v & 0xff;
        buf[w.pos++] = v >> 8;
      } else w.opU32(Op.BININT, v);
      return;
    }
    this.saveBigInt(BigInt(v));
  }

  private saveBigInt(v: bigint): void {
    if (v >= -0x80000000n && v <= 0x7fffffffn) {
      this.saveInt(Number(v));
      return;
    }
    const w = this.w;
    if (this.protocol >= 2) {
      const bytes = encodeLong(v);
      if (bytes.length < 256) w.byte2(Op.LONG1, bytes.length);
      else w.opU32(Op.LONG4, bytes.length);
      w.raw(bytes);
      return;
    }
    const text = v.toString();
    if (text.length - (v < 0n ? 1 : 0) > MAX_STR_DIGITS) {
      this.fail(
        `Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion: protocol ${this.protocol} writes ints in decimal; use protocol 2 or higher`,
      );
    }
    w.ascii(`L${text}L\n`);
  }

  /** @param bits a NaN's recorded bits (see float-bits.ts), written as they were read. */
  private saveFloat(x: number, bits?: bigint): void {
    const w = this.w;
    if (this.bin) {
      w.reserve(9);
      w.buf[w.pos] = Op.BINFLOAT;
      writeFloatBits(w.view, w.pos + 1, x, bits);
      w.pos += 9;
    } else w.ascii(`F${floatRepr(x)}\n`);
  }

  /** A str's opcode and payload (no memo). */
  private saveStr(s: string): void {
    if (!this.bin) {
      this.saveUnicodeText(s);
      return;
    }
    const w = this.w;
    const n = s.length;
    const short = this.protocol >= 4;
    if (n * 3 >= FRAME_SIZE_TARGET) {
      // Possibly a payload written outside frames: encode first to know its size.
      const data = encodeUtf8(s);
      this.writeSizedHeader(data.length, Op.SHORT_BINUNICODE, Op.BINUNICODE, Op.BINUNICODE8, short, 'a string');
      return this.finishSized(data);
    }
    w.reserve(5 + n * 3);
    const buf = w.buf;
    const start = w.pos;
    if (short && n * 3 <= 255) {
      const end = encodeUtf8Into(s, buf, start + 2);
      buf[start] = Op.SHORT_BINUNICODE;
      buf[start + 1] = end - start - 2;
      w.pos = end;
      return;
    }
    let end = encodeUtf8Into(s, buf, start + 5);
    const size = end - start - 5;
    if (short && size <= 255) {
      buf.copyWithin(start + 2, start + 5, end);
      buf[start] = Op.SHORT_BINUNICODE;
      buf[start + 1] = size;
      end -= 3;
    } else {
      buf[start] = Op.BINUNICODE;
      buf[start + 1] = size & 0xff;
      buf[start + 2] = (size >>> 8) & 0xff;
      buf[start + 3] = (size >>> 16) & 0xff;
      buf[start + 4] = (size >>> 24) & 0xff;
    }
    w.pos = end;
  }

  private headerLength = 0;

  /** Fills `header` for a sized payload (bytes or str) as CPython picks the opcode. */
  private writeSizedHeader(size: number, shortOp: number, op4: number, op8: number, short: boolean, what: string): void {
    const h = this.header;
    if (size <= 0xff && short) {
      h[0] = shortOp;
      h[1] = size;
      this.headerLength = 2;
    } else if (size <= 0xffffffff) {
      h[0] = op4;
      this.headerView.setUint32(1, size, true);
      this.headerLength = 5;
    } else if (this.protocol >= 4) {
      h[0] = op8;
      this.headerView.setUint32(1, size >>> 0, true);
      this.headerView.setUint32(5, Math.floor(size / 0x100000000), true);
      this.headerLength = 9;
    } else {
      this.fail(`serializing ${what} larger than 4 GiB requires pickle protocol 4 or higher`);
    }
  }

  private finishSized(data: Uint8Array): void {
    this.w.headerAndPayload(this.header, this.headerLength, data);
  }

  /** Protocol 0 str: `UNICODE` with CPython's escaping. */
  private saveUnicodeText(s: string): void {
    const w = this.w;
    w.reserve(2 + maxRawUnicodeEscapeLength(s));
    w.buf[w.pos] = Op.UNICODE;
    const end = writeRawUnicodeEscape(s, w.buf, w.pos + 1);
    w.buf[end] = 0x0a;
    w.pos = end + 1;
  }

  private saveObject(o: object): void {
    const proto = Object.getPrototypeOf(o);
    if (proto === Float.prototype) {
      this.saveFloat((o as Float).value, floatBitsOf(o as Float));
      return;
    }
    if (proto === PyGlobal.prototype) {
      const g = o as PyGlobal;
      // A global already written is a memo hit, before the hooks, as in CPython
      // (under its name, or by identity when a hook reduced this very object).
      if (this.hooked && !this.memoGlobals.has(globalKey(g.module, g.name))) {
        const idx = this.memoIds.get(o);
        if (idx !== undefined) return this.memoGet(idx);
        if (this.callHooks(o, proto, true)) return;
      }
      this.saveGlobal(g, undefined);
      return;
    }
    const idx = this.memoIds.get(o);
    if (idx !== undefined) {
      this.memoGet(idx);
      return;
    }
    const effects = discardedAfter(o);
    // Below the object's own frames: runs once it is completely written.
    if (effects !== undefined) this.push(K_EFFECTS, undefined, effects, effects.length, 0, SEG_NONE);
    if (this.hooked && !isExactBuiltin(proto) && this.callHooks(o, proto, false)) return;
    switch (proto) {
      case Array.prototype:
        return this.saveList(o as unknown[]);
      case Object.prototype:
      case null:
        return this.saveDict(o, Object.keys(o), M_SRC_PLAIN);
      case Map.prototype:
        return this.saveDict(o, Array.from((o as Map<unknown, unknown>).keys()), M_SRC_MAP);
      case Tuple.prototype:
        return this.saveTuple(o as Tuple);
      case Uint8Array.prototype: {
        const b = o as Uint8Array;
        if (b.length === 0) {
          // CPython's b'' is a singleton: every empty bytes is the same object.
          const known = this.memoSingletons.get('b');
          if (known !== undefined) {
            this.memoIds.set(o, known);
            return this.memoGet(known);
          }
          return this.saveBytes(b, o, 'b');
        }
        return this.saveBytes(b, o);
      }
      case ByteArray.prototype:
        return this.saveByteArray(o as ByteArray);
      case Set.prototype:
        return this.saveSet(o as Set<unknown>);
      case FrozenSet.prototype:
        return this.saveFrozenSet(o as FrozenSet);
      case PyObject.prototype:
        return this.savePyObject(o as PyObject);
      case FreshString.prototype: {
        const f = o as FreshString;
        if (f.sharedAs !== undefined) {
          const known = this.memoSingletons.get(f.sharedAs);
          if (known !== undefined) return this.memoGet(known);
          this.saveStr(f.value);
          this.memoSingletons.set(f.sharedAs, this.memoPut());
          return;
        }
        if (f.splitPairs === true) this.w.raw(splitPairsStr(f.value, this.protocol));
        else this.saveStr(f.value);
        // By identity: where a lossless load saw a GET of this separate str (separate-strs.ts).
        this.memoIds.set(o, this.memoPut());
        return;
      }
      case SyntheticReduce.prototype: {
        const r = o as SyntheticReduce;
        return this.pushTask(makeTask([r.callable, r.args], ['', ''], END_REDUCE, o));
      }
      case Complex.prototype: {
        const c = o as Complex;
        const bits = complexBitsOf(c);
        const real = bits?.[0] !== undefined ? nanFloat(bits[0]) : new Float(c.real);
        const imag = bits?.[1] !== undefined ? nanFloat(bits[1]) : new Float(c.imag);
        const args = new Tuple([real, imag]);
        return this.pushTask(makeTask([GLOBALS.complex, args], ['', ''], END_REDUCE, o));
      }
      case Date.prototype:
        return this.saveDate(o as Date);
      case Py2Str.prototype:
        return this.savePy2Str(o as Py2Str);
      case PersistentRef.prototype:
        this.pushUnresolvedEffects(o as PersistentRef);
        return this.writePersistentId((o as PersistentRef).pid);
      case ExtensionRef.prototype:
        this.pushUnresolvedEffects(o as ExtensionRef);
        return this.saveExtension((o as ExtensionRef).code);
      case PickleBuffer.prototype:
        return this.savePickleBuffer(o as PickleBuffer);
      case BufferRef.prototype: {
        if (this.protocol < 5) this.fail('out-of-band buffers (BufferRef) can only be pickled with protocol >= 5');
        this.pushUnresolvedEffects(o as BufferRef);
        this.w.byte(Op.NEXT_BUFFER);
        if ((o as BufferRef).readonly) this.w.byte(Op.READONLY_BUFFER);
        return;
      }
      default:
        return this.saveUnknown(o);
    }
  }

  /**
   * Objects without a built-in rule by prototype: the registry first (where
   * issue 4's reducerOverride and dispatch table will also go, in CPython's
   * order), then subclasses of the built-in containers, then an error.
   */
  private saveUnknown(o: object): void {
    const registry = this.registry;
    if (registry !== undefined) {
      const r = registry.reduce(o, this.protocol);
      if (r !== undefined) {
        if (r instanceof PyGlobal) return this.saveGlobal(r, o);
        return this.saveReduceValue(r, o);
      }
    }
    if (this.standard !== undefined) {
      const r = this.standard.reduce(o, this.protocol);
      if (r !== undefined) {
        if (r instanceof PyGlobal) return this.saveGlobal(r, o);
        return this.saveReduceValue(r, o);
      }
    }
    if (typeof o === 'function') {
      this.fail(`cannot pickle ${describe(o)}: functions are pickled by reference only when the registry maps them to a Python global`);
    }
    if (o instanceof Tuple) return this.saveTuple(o);
    if (Array.isArray(o)) return this.saveList(o);
    if (o instanceof Map) return this.saveDict(o, Array.from(o.keys()), M_SRC_MAP);
    if (o instanceof FrozenSet) return this.saveFrozenSet(o);
    if (o instanceof Set) return this.saveSet(o);
    if (o instanceof ByteArray) return this.saveByteArray(o);
    if (o instanceof Uint8Array) return this.saveBytes(o, o);
    if (ArrayBuffer.isView(o)) return this.saveBytes(new Uint8Array(o.buffer, o.byteOffset, o.byteLength), o);
    if (o instanceof ArrayBuffer) return this.saveBytes(new Uint8Array(o), o);
    if (typeof SharedArrayBuffer !== 'undefined' && o instanceof SharedArrayBuffer) return this.saveBytes(new Uint8Array(o), o);
    if (o instanceof Date) return this.saveDate(o);
    if (o instanceof Float) return this.saveFloat(o.value, floatBitsOf(o));
    if (o instanceof PyGlobal) return this.saveGlobal(o, undefined);
    if (o instanceof PyObject) return this.savePyObject(o);
    this.fail(`cannot pickle ${describe(o)}: its class is not registered and it has no Python equivalent`);
  }

  /**
   * `reducerOverride`, then (not for functions and classes, which CPython
   * pickles before its table) the `dispatchTable` entry of the exact class.
   * True when a hook returned a reduction, now being written.
   */
  private callHooks(o: object, proto: object | null | undefined, isGlobal: boolean): boolean {
    let r: HookResult;
    if (this.reducerOverride !== undefined) r = this.reducerOverride(o, this.protocol);
    if (r === undefined && !isGlobal && this.dispatchTable !== undefined && proto !== null && proto !== undefined) {
      const ctor: unknown = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
      if (typeof ctor === 'function' && ctor.prototype === proto) {
        const reduce = this.dispatchTable.get(ctor) as ((value: object, protocol: number) => HookResult) | undefined;
        if (reduce !== undefined) r = reduce(o, this.protocol);
      }
    }
    if (r === undefined) return false;
    if (r instanceof PyGlobal) this.saveGlobal(r, o);
    else if (r === null || typeof r !== 'object') this.fail('a reducer must return a ReduceValue, a PyGlobal or undefined');
    else this.saveReduceValue(r, o);
    return true;
  }

  /**
   * What a lossless load saw applied to an unresolved reference (APPENDS,
   * SETITEMS, ADDITEMS, BUILD onto it), as frames that run once the
   * reference itself is written.
   */
  private pushUnresolvedEffects(ref: UnresolvedRef): void {
    const e = unresolvedEffectsOf(ref);
    if (e === undefined) return;
    for (let i = e.states.length - 1; i >= 0; i--) this.pushTask(makeTask([e.states[i]], ['.state'], END_BUILD, undefined));
    if (e.setItems.length > 0) this.push(K_SEQ, e.setItems, e.setItems, e.setItems.length, M_SET, SEG_INDEX);
    if (e.dictItems.length > 0) this.push(K_DICT, e.dictItems, e.dictItems, e.dictItems.length, this.bin ? M_GENERIC : M_EACH, SEG_INDEX);
    if (e.listItems.length > 0) this.push(K_SEQ, e.listItems, e.listItems, e.listItems.length, this.bin ? M_GENERIC : M_EACH, SEG_INDEX);
  }

  private pushTask(task: Task): void {
    this.push(K_TASK, task, undefined, 0, 0, SEG_NONE);
  }

  private saveList(list: readonly unknown[]): void {
    const w = this.w;
    if (this.bin) w.byte(Op.EMPTY_LIST);
    else w.byte2(Op.MARK, Op.LIST);
    this.memoIds.set(list, this.memoPut());
    const n = list.length;
    if (n > 0) this.push(K_SEQ, list, list, n, this.bin ? M_LONE_N1 : M_EACH, SEG_INDEX);
  }

  private saveDict(o: object, keys: readonly unknown[], source: number): void {
    const w = this.w;
    if (this.bin) w.byte(Op.EMPTY_DICT);
    else w.byte2(Op.MARK, Op.DICT);
    this.memoIds.set(o, this.memoPut());
    const n = keys.length;
    if (n === 0) return;
    if (this.bin && n < BATCHSIZE && this.persistentId === undefined && floatSlotsOf(o) === undefined && this.writeScalarDict(o, keys, source)) return;
    this.push(K_DICT, o, keys, n, source | (this.bin ? M_LONE_N1 | M_TRAILING : M_EACH), SEG_NONE);
  }

  /**
   * A small dict whose keys and values are all scalars (the common record),
   * written at once without a frame: MARK, the pairs, SETITEMS (or a lone
   * SETITEM), as `batch_dict_exact` writes one batch. False, with nothing
   * written, when some key or value is not a scalar.
   */
  private writeScalarDict(o: object, keys: readonly unknown[], source: number): boolean {
    const n = keys.length;
    const plain = source === M_SRC_PLAIN;
    // Object.values: the order of Object.keys; a getter runs once, as in stepDict.
    const values = plain ? Object.values(o) : Array.from((o as Map<unknown, unknown>).values());
    if (values.length !== n) return false;
    // An upper bound of the bytes the pairs take, to skip the per-item frame check when it cannot fire.
    let bound = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      const k = keys[i];
      if (!isScalar(v) || (!plain && !isScalar(k))) return false;
      bound += scalarBound(k) + scalarBound(v);
    }
    const w = this.w;
    if (n > 1) w.byte(Op.MARK);
    if (!w.framing || (w.frameStart < 0 ? bound : w.pos - w.frameStart - 9 + bound) < FRAME_SIZE_TARGET) {
      for (let i = 0; i < n; i++) {
        this.saveScalar(keys[i]);
        this.saveScalar(values[i]);
      }
    } else {
      for (let i = 0; i < n; i++) {
        w.boundary();
        this.saveScalar(keys[i]);
        w.boundary();
        this.saveScalar(values[i]);
      }
    }
    w.byte(n > 1 ? Op.SETITEMS : Op.SETITEM);
    return true;
  }

  private saveTuple(t: Tuple): void {
    const n = t.length;
    const w = this.w;
    if (n === 0) {
      if (this.bin) w.byte(Op.EMPTY_TUPLE);
      else w.byte2(Op.MARK, Op.TUPLE);
      return;
    }
    const small = n <= 3 && this.protocol >= 2;
    if (!small) w.byte(Op.MARK);
    this.push(K_TUPLE, t, t, n, small ? T_SMALL : 0, SEG_INDEX);
  }

  private saveSet(set: Set<unknown>): void {
    if (this.protocol < 4) return this.reduceCollection(GLOBALS.set, set);
    this.w.byte(Op.EMPTY_SET);
    this.memoIds.set(set, this.memoPut());
    const n = set.size;
    if (n > 0) this.push(K_SEQ, set, Array.from(set), n, M_SET | M_TRAILING, SEG_VALUES);
  }

  private saveFrozenSet(set: FrozenSet): void {
    if (this.protocol < 4) return this.reduceCollection(GLOBALS.frozenset, set);
    this.w.byte(Op.MARK);
    const items = Array.from(set);
    this.push(K_TUPLE, set, items, items.length, T_FROZEN, SEG_VALUES);
  }

  /** `set([...])` / `frozenset([...])` as CPython writes them below protocol 4. */
  private reduceCollection(callable: PyGlobal, set: Set<unknown>): void {
    const items = Array.from(set);
    // What a load recorded at the set's indices (separate strs) holds for the list too.
    copySlots(set, items);
    const args = new Tuple([items]);
    this.synthetic.set(args, SEG_NONE);
    this.synthetic.set(items, SEG_VALUES);
    this.pushTask(makeTask([callable, args], ['', ''], END_REDUCE, set));
  }

  private saveBytes(data: Uint8Array, memoKey: object, singletonKey?: string): void {
    if (this.protocol < 3) {
      // CPython: codecs.encode(latin1 text, 'latin1'), or bytes() when empty.
      let task: Task;
      if (data.length === 0) task = makeTask([GLOBALS.bytes, EMPTY_TUPLE], ['', ''], END_REDUCE, memoKey);
      else {
        // The Latin-1 text is a fresh str, or CPython's shared one-char singleton.
        const text = latin1Text(data);
        const args = new Tuple([new FreshString(text, data.length === 1 ? `s${text}` : undefined), 'latin1']);
        this.synthetic.set(args, SEG_NONE);
        task = makeTask([GLOBALS.codecsEncode, args], ['', ''], END_REDUCE, memoKey);
      }
      task.singletonKey = singletonKey;
      return this.pushTask(task);
    }
    this.writeSizedHeader(data.length, Op.SHORT_BINBYTES, Op.BINBYTES, Op.BINBYTES8, true, 'a bytes object');
    this.finishSized(data);
    const idx = this.memoPut();
    this.memoIds.set(memoKey, idx);
    if (singletonKey !== undefined) this.memoSingletons.set(singletonKey, idx);
  }

  /** A Python 2 str a lossless load kept: STRING at protocol 0, else (SHORT_)BINSTRING, memoized. */
  private savePy2Str(s: Py2Str): void {
    const w = this.w;
    const data = s.bytes;
    if (!this.bin) w.ascii(`S${py2StrRepr(data)}\n`);
    else {
      if (data.length < 256) w.byte2(Op.SHORT_BINSTRING, data.length);
      else w.opU32(Op.BINSTRING, data.length);
      w.raw(data);
    }
    this.memoIds.set(s, this.memoPut());
  }

  private saveByteArray(data: ByteArray): void {
    if (this.protocol < 5) {
      const args = data.length === 0 ? EMPTY_TUPLE : new Tuple([new Uint8Array(data)]);
      this.synthetic.set(args, SEG_NONE);
      return this.pushTask(makeTask([GLOBALS.bytearray, args], ['', ''], END_REDUCE, data));
    }
    this.writeByteArray8Header(data.length);
    this.finishSized(data);
    this.memoIds.set(data, this.memoPut());
  }

  /** A JS Date as CPython pickles `datetime.datetime(..., tzinfo=datetime.timezone.utc)`. */
  private saveDate(d: Date): void {
    const state = dateState(d);
    if (typeof state === 'string') this.fail(state);
    const args = new Tuple([state, UTC]);
    this.synthetic.set(args, SEG_NONE);
    this.pushTask(makeTask([GLOBALS.datetime, args], ['', ''], END_REDUCE, d));
  }

  /** CPython's `save_picklebuffer`: in band as bytes / bytearray, or out of band when the callback says so. */
  private savePickleBuffer(b: PickleBuffer): void {
    if (this.protocol < 5) this.fail('PickleBuffer can only be pickled with protocol >= 5');
    const data = b.raw();
    const inBand = this.bufferCallback === undefined || Boolean(this.bufferCallback(b));
    if (!inBand) {
      this.w.byte(Op.NEXT_BUFFER);
      if (b.readonly) this.w.byte(Op.READONLY_BUFFER);
      return;
    }
    if (b.readonly) this.writeSizedHeader(data.length, Op.SHORT_BINBYTES, Op.BINBYTES, Op.BINBYTES8, true, 'a bytes object');
    else this.writeByteArray8Header(data.length);
    this.finishSized(data);
    this.memoIds.set(b, this.memoPut());
  }

  private writeByteArray8Header(size: number): void {
    const h = this.header;
    h[0] = Op.BYTEARRAY8;
    this.headerView.setUint32(1, size >>> 0, true);
    this.headerView.setUint32(5, Math.floor(size / 0x100000000), true);
    this.headerLength = 9;
  }

  /** CPython's `save_global` for an inert or registered global; `alias` is the JS value it stands for. */
  private saveGlobal(g: PyGlobal, alias: object | undefined): void {
    const key = globalKey(g.module, g.name);
    const known = this.memoGlobals.get(key);
    if (known !== undefined) {
      this.memoGet(known);
      if (alias !== undefined) this.memoIds.set(alias, known);
      return;
    }
    if (alias !== undefined) {
      const idx = this.memoIds.get(alias);
      if (idx !== undefined) return this.memoGet(idx);
    }
    if (this.protocol >= 2 && this.extensions !== undefined) {
      const code = this.extensions.codeOf(g.module, g.name);
      if (code !== undefined) return this.saveExtension(code);
    }
    const text = this.protocol >= 4 ? textGlobalMemoized(g) : undefined;
    if (text !== undefined) {
      // Read from a text GLOBAL at protocol 4+: written back the same way (UTF-8, as CPython reads it).
      this.w.byte(Op.GLOBAL);
      this.w.raw(encodeUtf8(`${g.module}\n${g.name}\n`));
      if (!text) return;
      const idx = this.memoPut();
      this.memoGlobals.set(key, idx);
      if (alias !== undefined) this.memoIds.set(alias, idx);
      return;
    }
    if (this.protocol >= 4) {
      // A lossless load saw the strs written afresh where an equal str was already memoized: write them so again.
      const fresh = freshNamesOf(g);
      const module = isBuiltinFunction(g.module, g.name)
        ? new FreshString(g.module, 'builtins-function')
        : fresh & 1 && this.memoStrs.get(g.module) >= 0
          ? new FreshString(g.module)
          : g.module;
      const name = hasFreshQualname(g.module, g.name) || (fresh & 2 && this.memoStrs.get(g.name) >= 0) ? new FreshString(g.name) : g.name;
      const task = makeTask([module, name], ['.module', '.name'], END_STACK_GLOBAL, undefined);
      task.globalKey = key;
      task.alias = alias;
      return this.pushTask(task);
    }
    const dot = g.name.lastIndexOf('.');
    if (dot >= 0) {
      // Below protocol 4 a nested name is written as getattr(parent, last), as CPython does.
      const parent = new PyGlobal(g.module, g.name.slice(0, dot));
      // The last name comes from str.split in CPython: a fresh str.
      const args = new Tuple([parent, new FreshString(g.name.slice(dot + 1))]);
      this.synthetic.set(args, SEG_NONE);
      const task = makeTask([GLOBALS.getattr, args], ['', ''], END_REDUCE, undefined);
      task.globalKey = key;
      task.alias = alias;
      return this.pushTask(task);
    }
    let { module, name } = g;
    if (this.fixImports) ({ module, name } = toPython2(module, name));
    this.w.byte(Op.GLOBAL);
    this.writeIdentifier(module, 'module');
    this.writeIdentifier(name, 'global');
    if (textGlobalMemoized(g) === false) return;
    const idx = this.memoPut();
    this.memoGlobals.set(key, idx);
    if (alias !== undefined) this.memoIds.set(alias, idx);
  }

  /** A GLOBAL/INST name line: ASCII below protocol 3, UTF-8 at 3, as CPython. */
  private writeIdentifier(text: string, what: string): void {
    if (this.protocol === 3) this.w.raw(encodeUtf8(text));
    else if (isAscii(text)) this.w.ascii(text);
    else this.fail(`can't pickle ${what} identifier '${text}' using pickle protocol ${this.protocol}`);
    this.w.byte(0x0a);
  }

  private saveExtension(code: number): void {
    if (this.protocol < 2) this.fail(`extension code ${code} can only be pickled with protocol >= 2`);
    if (!Number.isInteger(code) || code <= 0 || code > 0x7fffffff) this.fail(`extension code ${code} is out of range`);
    if (code <= 0xff) this.w.byte2(Op.EXT1, code);
    else if (code <= 0xffff) {
      this.w.byte(Op.EXT2);
      this.w.byte2(code & 0xff, code >> 8);
    } else this.w.opU32(Op.EXT4, code);
  }

  /** Calls `persistentId`; true when it gave an id, now written. */
  private savePersistent(v: unknown): boolean {
    const pid = this.persistentId!(v);
    if (pid === undefined || pid === null) return false;
    this.writePersistentId(pid);
    return true;
  }

  /** CPython's `save_pers`: BINPERSID after the saved id, or PERSID with its text at protocol 0. */
  private writePersistentId(pid: unknown): void {
    if (this.bin) {
      this.push(K_OP, undefined, undefined, 0, 0, SEG_NONE);
      this.fi[this.sp - 1] = Op.BINPERSID;
      this.save(pid, true);
      return;
    }
    let text: string;
    if (typeof pid === 'string') text = pid;
    else if (typeof pid === 'bigint' || (typeof pid === 'number' && Number.isInteger(pid))) text = String(pid);
    else return this.fail('persistent IDs in protocol 0 must be ASCII strings');
    if (!isAscii(text)) this.fail('persistent IDs in protocol 0 must be ASCII strings');
    this.w.ascii(`P${text}\n`);
  }

  /**
   * An inert object, written back with the opcode it was read from.
   * @param memoize false for a discarded call, which the pickle did not memoize.
   */
  private savePyObject(o: PyObject, memoize = true): void {
    const args = o.args;
    let task: Task;
    switch (o.creation) {
      case 'NEWOBJ':
        task =
          this.protocol >= 2
            ? makeTask([o.callable, argsValue(args)], REDUCE_LABELS, END_NEWOBJ, o)
            : makeTask([GLOBALS.newobj, new Tuple([o.callable, ...asArray(args)])], REDUCE_LABELS, END_REDUCE, o);
        break;
      case 'NEWOBJ_EX':
        task =
          this.protocol >= 4
            ? makeTask([o.callable, argsValue(args), o.kwargs], NEWOBJ_EX_LABELS, END_NEWOBJ_EX, o)
            : this.protocol >= 2 && newObjExPartial(o.callable, asTuple(args), o.kwargs) !== undefined
              ? makeTask([newObjExPartial(o.callable, asTuple(args), o.kwargs), EMPTY_TUPLE], REDUCE_LABELS, END_REDUCE, o)
              : makeTask([GLOBALS.newobjEx, new Tuple([o.callable, asTuple(args), o.kwargs])], REDUCE_LABELS, END_REDUCE, o);
        break;
      case 'INST': {
        const cls = o.callable;
        if (!(cls instanceof PyGlobal)) return this.fail('an INST object needs a PyGlobal class');
        let { module, name } = cls;
        if (this.fixImports) ({ module, name } = toPython2(module, name));
        const items = asArray(args);
        const end = this.identifierLine('i', module, name);
        this.w.byte(Op.MARK);
        task = makeTask(items, items.map((_, i) => `.args[${i}]`), end, o);
        break;
      }
      case 'OBJ': {
        const items = asArray(args);
        this.w.byte(Op.MARK);
        task = makeTask([o.callable, ...items], ['.callable', ...items.map((_, i) => `.args[${i}]`)], END_OBJ, o);
        break;
      }
      default:
        task = makeTask([o.callable, argsValue(args)], REDUCE_LABELS, END_REDUCE, o);
    }
    if (o.listItems.length > 0) task.listItems = o.listItems;
    if (o.dictItems.length > 0) task.dictItems = o.dictItems;
    if (o.state !== undefined) {
      task.hasState = true;
      task.state = o.state;
      if (o.stateSetter !== undefined) task.setter = o.stateSetter;
    }
    if (!memoize) task.obj = undefined;
    this.pushTask(task);
  }

  private identifierLine(op: string, module: string, name: string): Uint8Array {
    if (this.protocol !== 3 && !(isAscii(module) && isAscii(name))) {
      this.fail(`can't pickle global identifier '${module}.${name}' using pickle protocol ${this.protocol}`);
    }
    return encodeUtf8(`${op}${module}\n${name}\n`);
  }

  /** CPython's `save_reduce` for what a registry returned. */
  private saveReduceValue(r: ReduceValue, obj: object): void {
    const callable = r.callable;
    if (callable === null || (typeof callable !== 'object' && typeof callable !== 'function')) {
      this.fail('first item of the tuple returned by __reduce__ must be callable');
    }
    if (!Array.isArray(r.args)) this.fail('second item of the tuple returned by __reduce__ must be a tuple');
    const args = asTuple(r.args);
    const name = callable instanceof PyGlobal ? callable.name : undefined;
    let task: Task;
    const labels = ['.reduce().callable', '.reduce().args'];
    if (this.protocol >= 2 && name === '__newobj_ex__') {
      if (args.length !== 3) this.fail(`length of the NEWOBJ_EX argument tuple must be exactly 3, not ${args.length}`);
      this.checkClass(args[0], 'first item from NEWOBJ_EX argument tuple must be a class');
      if (!Array.isArray(args[1])) this.fail('second item from NEWOBJ_EX argument tuple must be a tuple');
      if (!(args[2] instanceof Map) && !isPlainObject(args[2])) this.fail('third item from NEWOBJ_EX argument tuple must be a dict');
      // Below protocol 4: functools.partial(cls.__new__, cls, *args, **kwargs)() as CPython (newobj-ex-partial.ts).
      const partial = this.protocol >= 4 ? undefined : newObjExPartial(args[0], args[1], args[2]);
      task =
        this.protocol >= 4
          ? makeTask([args[0], asTuple(args[1] as unknown[]), args[2]], ['.reduce().args[0]', '.reduce().args[1]', '.reduce().args[2]'], END_NEWOBJ_EX, obj)
          : makeTask(partial !== undefined ? [partial, EMPTY_TUPLE] : [callable, args], labels, END_REDUCE, obj);
    } else if (this.protocol >= 2 && name === '__newobj__') {
      if (args.length < 1) this.fail('__newobj__ arglist is empty');
      this.checkClass(args[0], 'args[0] from __newobj__ args is not a type');
      // CPython checks the class against obj.__class__; a JS class can be checked the same way.
      if (typeof args[0] === 'function' && !(obj instanceof args[0])) this.fail('args[0] from __newobj__ args has the wrong class');
      const rest = new Tuple(args.slice(1));
      this.synthetic.set(rest, SEG_NONE);
      task = makeTask([args[0], rest], ['.reduce().args[0]', ''], END_NEWOBJ, obj);
    } else {
      task = makeTask([callable, args], labels, END_REDUCE, obj);
    }
    task.prefix = '.reduce()';
    if (r.listItems !== undefined && r.listItems !== null) task.listItems = Array.from(r.listItems);
    if (r.dictItems !== undefined && r.dictItems !== null) {
      task.dictItems = Array.from(r.dictItems);
      // What a load recorded on the dict (float-slots.ts), by key, onto its items.
      if (hasFloatSlots()) slotsToPairs(obj, task.dictItems);
    }
    if (r.state !== undefined && r.state !== null) {
      task.hasState = true;
      task.state = r.state;
      if (r.stateSetter !== undefined && r.stateSetter !== null) {
        const setter = r.stateSetter;
        if (typeof setter !== 'object' && typeof setter !== 'function') {
          this.fail('sixth element of the tuple returned by __reduce__ must be a function');
        }
        task.setter = setter;
      }
    }
    this.pushTask(task);
  }

  private checkClass(cls: unknown, message: string): void {
    if (!(cls instanceof PyGlobal) && typeof cls !== 'function') this.fail(message);
  }
}

/**
 * Prototypes of the values CPython's `save()` writes before asking
 * `reducer_override` (exact `dict`, `list`, `tuple`, `set`, `frozenset`,
 * `bytes`, `bytearray`, `PickleBuffer`), plus picklejar's own stand-ins for
 * opcodes and the pickler's fresh strs.
 */
const EXACT_BUILTINS: ReadonlySet<object | null> = new Set<object | null>([
  Object.prototype,
  null,
  Array.prototype,
  Map.prototype,
  Tuple.prototype,
  Set.prototype,
  FrozenSet.prototype,
  Uint8Array.prototype,
  ByteArray.prototype,
  PickleBuffer.prototype,
  PersistentRef.prototype,
  ExtensionRef.prototype,
  BufferRef.prototype,
  FreshString.prototype,
  Py2Str.prototype,
]);

function isExactBuiltin(proto: object | null): boolean {
  return EXACT_BUILTINS.has(proto);
}

/** At least the bytes `saveScalar` writes for `v`, a scalar (a str: opcode, size, UTF-8, memo opcode). */
function scalarBound(v: unknown): number {
  return typeof v === 'string' ? v.length * 3 + 18 : 12;
}

/** Values `saveScalar` writes. */
function isScalar(v: unknown): boolean {
  const t = typeof v;
  return t === 'number' || t === 'string' || t === 'boolean' || v === null || v === undefined;
}

function isLone(mode: number, n: number, chunk: number): boolean {
  return ((mode & M_LONE_N1) !== 0 && n === 1) || ((mode & M_GENERIC) !== 0 && chunk === 1);
}

function asArray(args: unknown): readonly unknown[] {
  return Array.isArray(args) ? args : [];
}

/** An inert object's arguments as written: a tuple, or an unresolved reference that stood in for one. */
function argsValue(args: unknown): unknown {
  return isUnresolved(args) ? args : asTuple(args);
}

function asTuple(args: unknown): Tuple {
  if (args instanceof Tuple) return args;
  return new Tuple(asArray(args));
}

/**
 * Pickles `value` as CPython 3.11's `pickle.dumps(value, protocol)` does.
 * @param value a value of picklejar's value model (see the README).
 * @param options protocol (default 4), fixImports, persistentId, registry.
 * @returns the pickle.
 * @throws PicklingError for a value that cannot be pickled (naming its path,
 *   e.g. `root.users[3].callback`) or an invalid protocol.
 */
export function dumps(value: unknown, options?: PicklerOptions): Uint8Array {
  const pickler = new Pickler(options);
  try {
    return pickler.dump(value);
  } finally {
    pickler.releaseMemo();
  }
}
