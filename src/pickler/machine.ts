/**
 * The pickler's machine: JS values (picklejar's value model) to the bytes
 * CPython 3.11's C pickler (`_pickle.c`) writes for the equivalent Python
 * value, at protocols 0 to 5. Iterative: containers are frames on an
 * explicit stack (frames.ts), so nesting depth is limited by memory only.
 *
 * Speed: scalars (numbers, strs, booleans, None) are written by
 * `saveScalar` straight from the container loops, runs of floats per batch
 * with one capacity/frame check, small all-scalar dicts without a frame of
 * their own; the output buffer and the str memo's table are reused from one
 * dump to the next (scratch.ts).
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
import type { DumpRegistry, ExtensionTable } from '../registry/contract.js';
import { PickleBuffer } from '../registry/pickle-buffer.js';
import { ByteArray } from '../values/byte-array.js';
import { Complex } from '../values/complex.js';
import { Float } from '../values/float.js';
import { FrozenSet } from '../values/frozen-set.js';
import { PyGlobal } from '../values/py-global.js';
import { PyObject } from '../values/py-object.js';
import { Tuple } from '../values/tuple.js';
import { BufferRef, ExtensionRef, PersistentRef, unresolvedEffectsOf, type UnresolvedRef } from '../values/unresolved.js';
import { discardedAfter, discardedBefore, hasDiscarded } from '../values/discarded.js';
import { Py2Str, py2StrRepr } from '../values/py2-str.js';
import { complexBitsOf, floatBitsOf, nanFloat } from '../values/float-bits.js';
import { copySlots, floatSlotsOf, hasFloatSlots } from '../values/float-slots.js';
import { splitPairsStr } from '../values/split-pairs.js';
import { writeTrailer } from './trailer.js';
import { loadedAs } from '../values/typed-value.js';
import { encodeUtf8Into } from '../wire/utf8.js';
import type { HookResult, ResolvedPicklerOptions } from './options.js';
import type { DefaultBindings } from '../registry/default-bindings.js';
import { describe, fieldSegment, keyText } from './path.js';
import { EMPTY_TUPLE, FreshString, GLOBALS, SyntheticReduce, UTC } from './synthetic.js';
import { FRAME_SIZE_TARGET, PickleWriter } from './writer.js';
import { FNV_PRIME, SHORT_STR, StringMemo } from './string-memo.js';
import { IdentityMemo } from './identity-memo.js';
import { dateState } from './date-state.js';
import { latin1Text } from './text-encodings.js';
import { isLatin1Shared } from '../values/latin1-singletons.js';
import { Frame, FrameKind, frameAt, ItemMode, Segment, TupleMode } from './frames.js';
import { END_BUILD, END_REDUCE, END_SETTER, makeTask, TaskPhase, type Task } from './task.js';
import { globalKey, saveExtension, saveGlobal, savePyObject, saveReduceValue, writePersistentId } from './reduce.js';
import { writeBigInt, writeFloat, writeInt, writeSized, writeStr, writeUtf8Unit } from './scalars.js';
import { writeGet, writePut } from './memo-opcodes.js';
import type { Scratch } from './scratch.js';

const BATCHSIZE = 1000;

const TUPLE_OPS = [Op.EMPTY_TUPLE, Op.TUPLE1, Op.TUPLE2, Op.TUPLE3];

/** Entries of the dict-key cache (`saveKey`): 16 positions × 8 key lengths. */
const KEY_CACHE = 128;

const SHARED_ERROR = 'sharedReferences is false, but this object was already written (it is shared, or part of a cycle): pickle it with sharedReferences: true';

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

/**
 * The pickler's machine: one dump at a time, from a resolved set of options,
 * with the memo (kept across dumps until `clearMemo`, as a Python Pickler
 * reused on one file) and the frame stack. `Pickler` and `dumps`
 * (pickler.ts) drive it; the reduce/global logic lives in reduce.ts, the
 * general scalar writers in scalars.ts, the frame records in frames.ts.
 *
 * A dump is `begin`, then `advance` until it returns true, then `end`.
 * `advance` returns false early when the writer is streaming and a frame is
 * due for the sink (writer.ts), so that a driver can hand it out and resume.
 * @internal
 */
export class PickleMachine {
  /** The protocol in use (0–5). */
  readonly protocol: number;
  readonly bin: boolean;
  readonly fixImports: boolean;
  private readonly persistentId: ((value: unknown) => unknown) | undefined;
  private readonly registry: DumpRegistry | undefined;
  readonly extensions: ExtensionTable | undefined;
  private readonly bufferCallback: ((buffer: PickleBuffer) => unknown) | undefined;
  private readonly reducerOverride: ((value: object, protocol: number) => HookResult) | undefined;
  private readonly dispatchTable: ReadonlyMap<Function, (value: never, protocol: number) => HookResult> | undefined;
  /** True when `reducerOverride` or `dispatchTable` is set. */
  private readonly hooked: boolean;
  private readonly standard: DumpRegistry | undefined;
  /**
   * False in trees-only mode (`sharedReferences: false`): no identity table;
   * each memoized object is added to `seen` instead, and one added twice
   * (shared, or reached again through a cycle) fails the dump.
   */
  private readonly shared: boolean;
  private readonly scratch: Scratch;

  /** The output of the dump in progress (an empty writer between dumps). */
  w: PickleWriter;

  /** Objects by identity (identity-memo.ts). */
  memoIds = new IdentityMemo();
  /**
   * A list or dict that `saveObject` looked up and added to `memoIds` in one
   * probe, under the index its memoPut (the next one) gives: its `identify`
   * has nothing left to do.
   */
  private reserved: object | undefined = undefined;
  /** The reserved object is a tuple, added with `getOrReserve`: its `identify` fills its index in. */
  private reservedLate = false;
  /** A tuple frame took a reservation this dump (`Frame.memoAt`): a failed dump must drop it. */
  private frameReserved = false;
  readonly memoStrs: StringMemo;
  /**
   * The dict-key cache (`saveKey`): a str at a key position of a plain dict,
   * with its memo index. Dicts of one shape list the same key strs in the
   * same order, so a key is found by one comparison, without reading its
   * text. Valid while the str memo keeps its entries (cleared with it).
   */
  private readonly keyStrs: (string | undefined)[] = new Array<string | undefined>(KEY_CACHE).fill(undefined);
  private readonly keyIdx = new Int32Array(KEY_CACHE);
  memoGlobals = new Map<string, number>();
  /** CPython's shared objects with no JS identity: the empty bytes, one-char Latin-1 strs made by pickling bytes, the builtins module name of builtin functions. */
  private memoSingletons = new Map<string, number>();
  private memoCount = 0;
  /** Trees-only mode: every object memoized so far (a Set's size tells a first add from a repeat). */
  private seen = new Set<object>();
  /** Segment modes for synthetic values (helper lists/tuples), consumed when their frame starts. */
  readonly synthetic = new Map<object, number>();
  /** Objects being created (not yet memoized) in frames at depth REENTRY_DEPTH and below, with their nesting count. */
  private readonly entered = new Map<object, number>();

  /** The frame stack: `frames[0, sp)` are live; the rest are kept for reuse. */
  private readonly frames: Frame[] = [];
  private sp = 0;

  /** The value of the dump in progress, and how far `advance` got with it (0: leading effects, 1: the value, 2: STOP). */
  private root: unknown = undefined;
  private stage = 0;
  private memoBefore = 0;
  /** False when `Object.prototype` has enumerable properties (then `for…in` would list them): checked per dump. */
  private forInOwnOnly = true;
  private seenBefore = 0;

  /**
   * @param o the resolved options.
   * @param scratch the reusable buffers this machine writes into.
   * @param bindings the injected default bindings (standard and ML types), if any.
   */
  constructor(o: ResolvedPicklerOptions, scratch: Scratch, bindings?: DefaultBindings) {
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
    this.standard = bindings?.forDump(o.standardTypes, o.mlTypes, o.registry);
    this.shared = o.sharedReferences;
    this.scratch = scratch;
    this.w = new PickleWriter(undefined, 0);
    this.memoStrs = new StringMemo(scratch);
  }

  /** Gives the str memo's table back to the scratch; the machine must not be used after. */
  releaseMemo(): void {
    this.memoStrs.release();
  }

  /** Forgets every memoized object, as Python's `Pickler.clear_memo()`. */
  clearMemo(): void {
    this.memoIds = new IdentityMemo();
    this.memoStrs.clear();
    this.keyStrs.fill(undefined);
    this.memoGlobals = new Map();
    this.memoSingletons = new Map();
    this.seen = new Set();
    this.memoCount = 0;
  }

  /**
   * Starts a dump of `value`: a fresh writer (streaming when asked), the PROTO header at protocol 2+.
   * @throws never.
   */
  begin(value: unknown, streaming: boolean): void {
    const w = (this.w = new PickleWriter(this.scratch));
    if (streaming) w.startStreaming();
    this.memoBefore = this.memoCount;
    this.seenBefore = this.seen.size;
    this.sp = 0;
    this.reserved = undefined;
    this.frameReserved = false;
    this.root = value;
    this.stage = 0;
    this.forInOwnOnly = !hasEnumerableProperty(Object.prototype);
    if (this.protocol >= 2) {
      w.byte2(Op.PROTO, this.protocol);
      w.framing = this.protocol >= 4;
    }
  }

  /**
   * Writes on: true once the whole pickle is written (STOP included, the last
   * frame still open), false when a streaming writer has output due first.
   * @throws PicklingError (or whatever a hook threw) for a value that cannot
   *   be pickled; call `failed` with it.
   */
  advance(): boolean {
    for (;;) {
      this.run();
      if (this.sp > 0) return false;
      switch (this.stage++) {
        case 0: {
          const value = this.root;
          const leading = typeof value === 'object' && value !== null ? discardedBefore(value) : undefined;
          if (leading !== undefined) this.push(FrameKind.Effects, undefined, leading, leading.length, 0, Segment.None);
          break;
        }
        case 1:
          this.save(this.root, false);
          break;
        default:
          this.w.byte(Op.STOP);
          return true;
      }
    }
  }

  /**
   * What a dump that threw `error` throws: a `PickleError` as it is, anything
   * else as a PicklingError naming the path. Rolls the memo back to where it
   * was before the dump.
   * @throws never.
   */
  failed(error: unknown): Error {
    const path = this.path();
    this.rollbackMemo(this.memoBefore);
    if (error instanceof PickleError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new PicklingError(message, path);
  }

  /** Ends a dump (finished or failed): drops its frames and gives its buffer back. */
  end(): void {
    const frames = this.frames;
    for (let t = 0; t < frames.length; t++) {
      const f = frames[t]!;
      f.container = undefined;
      f.items = undefined;
      f.values = undefined;
      f.floatSlots = undefined;
    }
    this.sp = 0;
    this.root = undefined;
    this.synthetic.clear();
    this.entered.clear();
    this.w.release();
  }

  /**
   * One whole dump into one buffer.
   * @returns the pickle.
   * @throws PicklingError for a value that cannot be pickled, naming its path;
   *   the memo is left as it was before the call.
   */
  dump(value: unknown): Uint8Array {
    this.begin(value, false);
    try {
      this.advance();
      return this.w.finish();
    } catch (error) {
      throw this.failed(error);
    } finally {
      this.end();
    }
  }

  private rollbackMemo(count: number): void {
    // A reserved object not yet identified is in `memoIds` under `count` without a memoPut.
    const reserved = this.reserved !== undefined || this.frameReserved;
    this.reserved = undefined;
    this.frameReserved = false;
    if (!reserved && (this.shared ? this.memoCount === count : this.seen.size === this.seenBefore && this.memoCount === count)) return;
    this.memoIds.dropFrom(count);
    this.memoStrs.dropFrom(count);
    this.keyStrs.fill(undefined);
    for (const [k, v] of this.memoGlobals) if (v >= count) this.memoGlobals.delete(k);
    for (const [k, v] of this.memoSingletons) if (v >= count) this.memoSingletons.delete(k);
    if (this.seen.size > this.seenBefore) {
      // A Set iterates in insertion order: drop what this dump added.
      let i = 0;
      const added: object[] = [];
      for (const o of this.seen) if (i++ >= this.seenBefore) added.push(o);
      for (const o of added) this.seen.delete(o);
    }
    this.memoCount = count;
  }

  /**
   * Records that `o` was memoized under `idx`. In trees-only mode, fails
   * when `o` was memoized before: CPython would write a memo GET there.
   * @throws PicklingError in trees-only mode for an object met twice.
   */
  identify(o: object, idx: number): void {
    if (this.shared) {
      if (o !== this.reserved) this.memoIds.set(o, idx);
      else {
        if (this.reservedLate) this.memoIds.fill(o, idx);
        this.reserved = undefined;
      }
      return;
    }
    const seen = this.seen;
    const size = seen.size;
    if (seen.add(o).size === size) {
      this.fail(SHARED_ERROR);
    }
  }

  /** Records that `o` stands for the memo entry `idx` (a global, a singleton): no trees-only check, as these are meant to repeat. */
  alias(o: object, idx: number): void {
    if (this.shared) this.memoIds.set(o, idx);
  }

  /** @throws PicklingError with `message` and the current path, always. */
  fail(message: string): never {
    throw new PicklingError(message, this.path());
  }

  // ---------------------------------------------------------------- frames

  private push(kind: FrameKind, obj: unknown, items: unknown, n: number, mode: number, seg: Segment): Frame {
    const t = this.sp++;
    const f = frameAt(this.frames, t);
    f.kind = kind;
    f.container = obj;
    f.items = items;
    f.index = 0;
    f.count = n;
    f.mode = mode;
    f.memoAt = -1;
    if (this.synthetic.size > 0 && typeof obj === 'object' && obj !== null) {
      const s = this.synthetic.get(obj);
      if (s !== undefined) {
        seg = s;
        this.synthetic.delete(obj);
      }
    }
    f.segment = seg;
    f.floatSlots = hasFloatSlots() ? floatSlotsOf(obj) : undefined;
    if (t >= REENTRY_DEPTH) this.enter(kind, obj);
    return f;
  }

  /** Pushes a frame that writes `opcode` once the values pushed after it are written. */
  pushOp(opcode: number): void {
    this.push(FrameKind.Op, undefined, undefined, 0, 0, Segment.None).opcode = opcode;
  }

  /** Pushes a reduce-like write (task.ts). */
  pushTask(task: Task): void {
    this.push(FrameKind.Task, task, undefined, 0, 0, Segment.None);
  }

  /**
   * The re-entry guard: counts a deep creation frame of an object, and fails
   * as CPython's RecursionError once one object re-entered MAX_REENTRIES
   * times (an endless cycle of reduces/tuples grows the frame stack forever).
   */
  private enter(kind: FrameKind, obj: unknown): void {
    const key = kind === FrameKind.Task ? (obj as Task).obj : kind === FrameKind.Tuple ? obj : undefined;
    if (key === undefined) return;
    const count = (this.entered.get(key as object) ?? 0) + 1;
    if (count > MAX_REENTRIES) {
      let path = this.path();
      if (path.length > 200) path = `${path.slice(0, 200)}…`;
      throw new PicklingError(
        'maximum recursion depth exceeded while pickling an object: it refers to itself through values created before they can be memoized',
        path,
      );
    }
    this.entered.set(key as object, count);
  }

  private leave(f: Frame): void {
    const kind = f.kind;
    const key = kind === FrameKind.Task ? (f.container as Task).obj : kind === FrameKind.Tuple ? f.container : undefined;
    if (key === undefined) return;
    const count = this.entered.get(key as object);
    if (count === undefined) return;
    if (count <= 1) this.entered.delete(key as object);
    else this.entered.set(key as object, count - 1);
  }

  private pop(f: Frame, t: number): void {
    if (t >= REENTRY_DEPTH) this.leave(f);
    f.container = undefined;
    f.items = undefined;
    f.values = undefined;
    this.sp = t;
  }

  /** Steps the top frame until the stack is empty, or a streaming writer has output due. */
  private run(): void {
    const w = this.w;
    while (this.sp > 0 && !w.flushDue) {
      const t = this.sp - 1;
      const f = this.frames[t]!;
      switch (f.kind) {
        case FrameKind.Seq:
          this.stepSeq(f, t);
          break;
        case FrameKind.Dict:
          this.stepDict(f, t);
          break;
        case FrameKind.Tuple:
          this.stepTuple(f, t);
          break;
        case FrameKind.Task:
          this.stepTask(f, t);
          break;
        case FrameKind.Op:
          this.pop(f, t);
          w.byte(f.opcode);
          break;
        case FrameKind.Effects:
          this.stepEffects(f, t);
          break;
      }
    }
  }

  // The step functions loop over items while they are written at once, and
  // return to `run` only when an item pushed a frame of its own (its `save`
  // grew the stack): the loop costs no dispatch per scalar item.

  private stepSeq(f: Frame, t: number): void {
    let i = f.index;
    const n = f.count;
    const m = f.mode;
    const items = f.items as ArrayLike<unknown>;
    const w = this.w;
    const depth = this.sp;
    const slots = hasFloatSlots() ? f.floatSlots : undefined;
    const floats = slots?.at;
    const typed = slots?.typedAt;
    if (m & ItemMode.Each) {
      for (;;) {
        // A streaming pause comes before the APPEND of the item written last.
        if (w.flushDue) return;
        if (i > 0) w.byte(Op.APPEND);
        if (i >= n) return this.pop(f, t);
        f.index = i + 1;
        const item = items[i++];
        if (floats !== undefined && typeof item === 'number' && floats.get(i - 1) === item) this.saveFloat(item);
        else this.save(typed === undefined ? item : loadedAs(typed.get(i - 1), item), false);
        if (this.sp !== depth) return;
      }
    }
    const end = m & ItemMode.Set ? Op.ADDITEMS : Op.APPENDS;
    // Scalars are written here directly (no persistent_id to ask): the
    // largest lists are lists of floats, ints and strs.
    const fast = this.persistentId === undefined && floats === undefined && typed === undefined;
    while (i < n) {
      if (w.flushDue) {
        // A streaming writer has a frame due: pause here, where resuming writes the same bytes.
        f.index = i;
        return;
      }
      if (i % BATCHSIZE === 0) {
        if (i > 0) w.byte(end);
        if (!isLone(m, n, Math.min(BATCHSIZE, n - i))) w.byte(Op.MARK);
      }
      const item = items[i++];
      if (fast) {
        if (w.pos >= w.limit) w.atLimit();
        // `x - Math.trunc(x) !== 0`: `!Number.isInteger(x)` (NaN and ±Infinity
        // give NaN, -0 gives 0 and goes on to saveScalar), cheaper in the loop.
        if (typeof item === 'number' && item - Math.trunc(item) !== 0) {
          // Inline: the largest lists are lists of floats.
          if (w.pos + 9 > w.buf.length || (w.framing && w.frameStart < 0)) w.reserve(9);
          const buf = w.buf;
          const view = w.view;
          let p = w.pos;
          buf[p] = Op.BINFLOAT;
          view.setFloat64(p + 1, item, false);
          p += 9;
          // The floats after it in this batch, while they fit in the buffer
          // and the writer's limit is not reached (checked once, not per item).
          const batchEnd = Math.min(n, i + BATCHSIZE - 1 - ((i - 1) % BATCHSIZE));
          const limit = Math.min(buf.length - 9, w.limit - 1);
          while (i < batchEnd && p <= limit) {
            const x = items[i];
            if (typeof x !== 'number' || x - Math.trunc(x) === 0) break;
            buf[p] = Op.BINFLOAT;
            view.setFloat64(p + 1, x, false);
            p += 9;
            i++;
          }
          w.pos = p;
          continue;
        }
        if (this.saveScalar(item)) continue;
        f.index = i;
        // Not a scalar, boundary checked, no persistent_id: the rest of save().
        if (typeof item === 'object' && item !== null) this.saveObject(item);
        else this.saveOther(item);
        if (this.sp !== depth) return;
        continue;
      }
      f.index = i;
      if (floats !== undefined && typeof item === 'number' && floats.get(i - 1) === item) {
        w.boundary();
        this.saveFloat(item);
        continue;
      }
      this.save(typed === undefined ? item : loadedAs(typed.get(i - 1), item), false);
      if (this.sp !== depth) return;
    }
    this.pop(f, t);
    const last = n - Math.floor((n - 1) / BATCHSIZE) * BATCHSIZE;
    w.byte(isLone(m, n, last) ? Op.APPEND : end);
    if (m & ItemMode.Trailing && n % BATCHSIZE === 0) w.byte2(Op.MARK, end);
  }

  private stepDict(f: Frame, t: number): void {
    let h = f.index;
    const n = f.count;
    const m = f.mode;
    const keys = f.items as ArrayLike<unknown>;
    const source = f.container;
    const w = this.w;
    const depth = this.sp;
    const byKey = (m & (ItemMode.SrcPlain | ItemMode.SrcMap)) !== 0;
    const fast = this.bin && this.persistentId === undefined;
    const floats = hasFloatSlots() ? f.floatSlots : undefined;
    for (;;) {
      // A streaming pause: `f.index` is `h` here, and resuming writes the same bytes.
      if (w.flushDue) return;
      const i = h >> 1;
      if (h & 1) {
        // The value of item i (its key is written).
        let value: unknown;
        if (m & ItemMode.Values) value = f.values![i];
        else if (m & ItemMode.SrcPlain) value = (source as Record<string, unknown>)[keys[i] as string];
        else if (m & ItemMode.SrcMap) value = (source as Map<unknown, unknown>).get(keys[i]);
        else value = (keys[i] as readonly [unknown, unknown])[1];
        f.index = ++h;
        if (floats !== undefined) {
          if (typeof value === 'number' && (byKey ? floats.byKey?.get(keys[i]) : floats.at?.get(i)) === value) {
            w.boundary();
            this.saveFloat(value);
            continue;
          }
          const box = byKey ? floats.typedByKey?.get(keys[i]) : floats.typedAt?.get(i);
          if (box !== undefined) value = loadedAs(box, value);
        }
        if (fast && this.tryLeaf(value)) continue;
        this.save(value, false);
        if (this.sp !== depth) return;
        continue;
      }
      if (m & ItemMode.Each) {
        if (i > 0) w.byte(Op.SETITEM);
        if (i >= n) return this.pop(f, t);
      } else {
        if (i >= n) break;
        if (i % BATCHSIZE === 0) {
          if (i > 0) w.byte(Op.SETITEMS);
          if (!isLone(m, n, Math.min(BATCHSIZE, n - i))) w.byte(Op.MARK);
        }
      }
      f.index = ++h;
      let key = byKey ? keys[i] : (keys[i] as readonly [unknown, unknown])[0];
      // A key that was a separate str object (separate-strs.ts).
      if (floats !== undefined && (floats.typedKeys !== undefined || floats.typedKeyAt !== undefined))
        key = loadedAs(byKey ? floats.typedKeys?.get(key) : floats.typedKeyAt?.get(i), key);
      if (floats?.keys !== undefined && typeof key === 'number' && floats.keys.has(key)) {
        w.boundary();
        this.saveFloat(key);
        continue;
      }
      if (fast && this.tryLeaf(key)) continue;
      this.save(key, false);
      if (this.sp !== depth) return;
    }
    this.pop(f, t);
    const last = n - Math.floor((n - 1) / BATCHSIZE) * BATCHSIZE;
    w.byte(isLone(m, n, last) ? Op.SETITEM : Op.SETITEMS);
    if (m & ItemMode.Trailing && n % BATCHSIZE === 0) w.byte2(Op.MARK, Op.SETITEMS);
  }

  private stepTuple(f: Frame, t: number): void {
    let i = f.index;
    const n = f.count;
    const items = f.items as ArrayLike<unknown>;
    const depth = this.sp;
    const fast = this.persistentId === undefined;
    const w = this.w;
    const slots = hasFloatSlots() ? f.floatSlots : undefined;
    const floats = slots?.at;
    const typed = slots?.typedAt;
    // True while every item of this tuple was a scalar written here: nothing
    // then can have memoized the tuple, so the recursion check below is
    // skipped (a Map lookup per tuple). A resumed step cannot know: false.
    let scalars = i === 0;
    while (i < n) {
      if (w.flushDue) return;
      f.index = i + 1;
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
      scalars = false;
      this.save(item, false);
      if (this.sp !== depth) return;
    }
    const obj = f.container as object;
    const m = f.mode;
    const at = f.memoAt;
    this.pop(f, t);
    // A reserved tuple is looked up by its position, not probed for.
    const idx = at >= 0 ? this.memoIds.reservedIndex(obj, at) : scalars ? -1 : this.memoIds.get(obj);
    if (idx >= 0) {
      // Recursive: the tuple was memoized while its items were written. Drop
      // the items and fetch it from the memo, as CPython does.
      if (m & TupleMode.Small) for (let k = 0; k < n; k++) w.byte(Op.POP);
      else if (this.bin) w.byte(Op.POP_MARK);
      else for (let k = 0; k <= n; k++) w.byte(Op.POP);
      this.memoGet(idx);
      return;
    }
    w.byte(m & TupleMode.Frozen ? Op.FROZENSET : m & TupleMode.Small ? TUPLE_OPS[n]! : Op.TUPLE);
    if (at >= 0) this.memoIds.fillAt(obj, at, this.memoPut());
    else this.identify(obj, this.memoPut());
  }

  private stepTask(f: Frame, t: number): void {
    const task = f.container as Task;
    switch (task.phase) {
      case TaskPhase.Create:
      case TaskPhase.StateWriting: {
        if (task.i < task.seq.length) {
          const v = task.seq[task.i++];
          this.save(v, false);
          return;
        }
        this.w.raw(task.end);
        if (task.phase === TaskPhase.StateWriting) {
          // Seam for joblib: the bytes that follow an object outside the opcodes (no-op unless writeJoblib set one).
          if (task.obj !== undefined) writeTrailer(task.obj, this.w, this.memoIds);
          this.pop(f, t);
          return;
        }
        const obj = task.obj;
        if (obj !== undefined) {
          const idx = this.memoIds.get(obj);
          if (idx >= 0) {
            this.w.byte(Op.POP);
            this.memoGet(idx);
            this.pop(f, t);
            return;
          }
          const put = this.memoPut();
          this.identify(obj, put);
          if (task.singletonKey !== undefined) this.memoSingletons.set(task.singletonKey, put);
        } else if (task.globalKey !== undefined) {
          const idx = this.memoPut();
          this.memoGlobals.set(task.globalKey, idx);
          if (task.alias !== undefined) this.alias(task.alias, idx);
        }
        task.phase = TaskPhase.ListItems;
        return;
      }
      case TaskPhase.ListItems:
        task.phase = TaskPhase.DictItems;
        if (task.listItems !== undefined && task.listItems.length > 0) {
          const n = task.listItems.length;
          this.push(FrameKind.Seq, task.listItems, task.listItems, n, this.bin ? ItemMode.Generic : ItemMode.Each, Segment.Index);
        }
        return;
      case TaskPhase.DictItems:
        task.phase = TaskPhase.State;
        if (task.dictItems !== undefined && task.dictItems.length > 0) {
          const n = task.dictItems.length;
          this.push(FrameKind.Dict, task.dictItems, task.dictItems, n, this.bin ? ItemMode.Generic : ItemMode.Each, Segment.Index);
        }
        return;
      default:
        if (!task.hasState) {
          this.pop(f, t);
          return;
        }
        task.phase = TaskPhase.StateWriting;
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
  private stepEffects(f: Frame, t: number): void {
    const i = f.index;
    if (i >= f.count) return this.pop(f, t);
    f.index = i + 1;
    const call = (f.items as readonly unknown[])[i];
    this.pushOp(Op.POP);
    if (call instanceof PyObject && Object.getPrototypeOf(call) === PyObject.prototype) savePyObject(this, call, false);
    else this.save(call, false);
  }

  /** The path to the value being written, from the frames on the stack. */
  private path(): string {
    let s = 'root';
    for (let t = 0; t < this.sp; t++) {
      const f = this.frames[t]!;
      const kind = f.kind;
      const seg = f.segment;
      if (kind === FrameKind.Seq || kind === FrameKind.Tuple) {
        const i = f.index - 1;
        if (seg === Segment.Index) s += `[${i}]`;
        else if (seg === Segment.Values) s += `.values()[${i}]`;
      } else if (kind === FrameKind.Dict) {
        const h = f.index;
        const i = (h - 1) >> 1;
        const keyPhase = (h & 1) === 1;
        const m = f.mode;
        const keys = f.items as ArrayLike<unknown>;
        if (m & ItemMode.SrcPlain) s += keyPhase ? `.keys()[${i}]` : fieldSegment(keys[i] as string);
        else if (m & ItemMode.SrcMap) s += keyPhase ? `.keys()[${i}]` : `.get(${keyText(keys[i])})`;
        else s += `[${i}][${keyPhase ? 0 : 1}]`;
      } else if (kind === FrameKind.Task) {
        const task = f.container as Task;
        if (task.phase === TaskPhase.Create || task.phase === TaskPhase.StateWriting) s += task.labels[task.i - 1] ?? '';
        else if (task.phase === TaskPhase.DictItems) s += `${task.prefix}.listItems`;
        else if (task.phase === TaskPhase.State) s += `${task.prefix}.dictItems`;
      }
    }
    return s;
  }

  // ------------------------------------------------------------------ memo

  /** Gives the next memo index and writes its PUT / BINPUT / LONG_BINPUT / MEMOIZE. */
  memoPut(): number {
    const idx = this.memoCount++;
    writePut(this.w, this.protocol, idx);
    return idx;
  }

  /** Writes GET / BINGET / LONG_BINGET of `idx`. */
  memoGet(idx: number): void {
    writeGet(this.w, this.protocol, idx);
  }

  // ---------------------------------------------------------------- values

  /** CPython's `save()`: one value, written now or as a frame on the stack. */
  save(v: unknown, noPersistentId: boolean): void {
    const w = this.w;
    if (w.pos >= w.limit) w.atLimit();
    if (this.persistentId !== undefined && !noPersistentId && this.savePersistent(v)) return;
    if (!this.saveScalar(v)) this.saveOther(v);
  }

  /**
   * A plain dict's key `k` (a str), at position `i` of its dict: a memo GET
   * straight from the dict-key cache when the str there is `k`, else as
   * `saveScalar`, and the cache learns it. The caller has checked for a
   * frame boundary.
   */
  private saveKey(k: string, i: number): void {
    const slot = ((i << 3) | (k.length & 7)) & (KEY_CACHE - 1);
    if (this.keyStrs[slot] === k) return this.memoGet(this.keyIdx[slot]!);
    const before = this.memoCount;
    this.saveScalar(k);
    // A new str took the next index; a memo hit wrote a GET of the index the str memo holds.
    const idx = this.memoCount !== before ? before : this.memoStrs.get(k);
    this.keyStrs[slot] = k;
    this.keyIdx[slot] = idx;
  }

  /**
   * Closes a str whose UTF-8 was written at `[p + 2, q)`: the SHORT_BINUNICODE
   * header in front, its MEMOIZE after, and its memo entry.
   */
  private endShortStr(v: string, buf: Uint8Array, p: number, q: number): void {
    buf[p] = Op.SHORT_BINUNICODE;
    buf[p + 1] = q - p - 2;
    buf[q] = Op.MEMOIZE;
    this.w.pos = q + 1;
    this.memoStrs.setAfterMiss(v, this.memoCount++);
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
      // Integral and not -0 (as `Number.isInteger(v) && !Object.is(v, -0)`; ±Infinity and NaN give NaN here).
      if (v - Math.trunc(v) === 0 && (v !== 0 || 1 / v > 0)) {
        if (this.bin && v >= 0 && v < 256) w.byte2(Op.BININT1, v);
        else writeInt(w, this.protocol, v);
      } else if (this.bin) w.binfloat(v);
      else this.saveFloat(v);
      return true;
    }
    if (typeof v === 'string') {
      const memo = this.memoStrs;
      const n = v.length;
      if (n <= SHORT_STR && this.protocol >= 4) {
        let idx = memo.recent(v);
        if (idx < 0) {
          // One pass over the text hashes it for the memo (as `hashShort`,
          // two units a step) and writes its UTF-8 where SHORT_BINUNICODE's
          // payload goes (n * 3 bytes fit its 1-byte size): a memo hit then
          // writes its GET over these bytes.
          w.reserve(n * 3 + 3);
          const buf = w.buf;
          const p = w.pos;
          let q = p + 2;
          let h = memo.seed;
          // Set by a surrogate: a pair is one 4-byte char, which the pass wrote as two 3-byte ones.
          let surrogate = false;
          let i = 0;
          for (; i + 1 < n; i += 2) {
            const c = v.charCodeAt(i);
            const d = v.charCodeAt(i + 1);
            h = Math.imul(h ^ (c | (d << 16)), FNV_PRIME);
            if ((c | d) < 0x80) {
              buf[q] = c;
              buf[q + 1] = d;
              q += 2;
            } else {
              q = writeUtf8Unit(buf, q, c);
              q = writeUtf8Unit(buf, q, d);
              if ((c & 0xf800) === 0xd800 || (d & 0xf800) === 0xd800) surrogate = true;
            }
          }
          if (i < n) {
            const c = v.charCodeAt(i);
            h = Math.imul(h ^ c, FNV_PRIME);
            q = writeUtf8Unit(buf, q, c);
            if ((c & 0xf800) === 0xd800) surrogate = true;
          }
          idx = memo.getHashed(v, h);
          if (idx < 0) {
            // UTF-8 with surrogatepass: a lone surrogate is 3 bytes, as written; a pair is redone.
            if (surrogate) q = encodeUtf8Into(v, buf, p + 2);
            this.endShortStr(v, buf, p, q);
            return true;
          }
        }
        this.memoGet(idx);
        return true;
      }
      const idx = memo.get(v);
      if (idx >= 0) {
        this.memoGet(idx);
        return true;
      }
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
        this.endShortStr(v, buf, p, q);
        return true;
      }
      writeStr(w, this.protocol, v);
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
        if (idx >= 0) return this.memoGet(idx);
        if (this.hooked && this.callHooks(v, undefined, true)) return;
        this.saveUnknown(v);
        return;
      }
      default:
        this.fail(`cannot pickle ${describe(v)}: symbols have no Python equivalent`);
    }
  }

  private saveBigInt(v: bigint): void {
    const error = writeBigInt(this.w, this.protocol, v);
    if (error !== undefined) this.fail(error);
  }

  /** @param bits a NaN's recorded bits (see float-bits.ts), written as they were read. */
  private saveFloat(x: number, bits?: bigint): void {
    writeFloat(this.w, this.protocol, x, bits);
  }

  /** A counted payload with the opcode CPython picks for its size (scalars.ts `writeSized`). */
  private saveSized(data: Uint8Array, shortOp: number, op4: number, op8: number, short: boolean, what: string): void {
    const error = writeSized(this.w, this.protocol, data, shortOp, op4, op8, short);
    if (error !== undefined) this.fail(`serializing ${what} ${error}`);
  }

  private saveObject(o: object): void {
    const proto = Object.getPrototypeOf(o);
    if (proto === Float.prototype) {
      this.writeFloatBox(o as Float);
      return;
    }
    if (proto === PyGlobal.prototype) {
      const g = o as PyGlobal;
      // A global already written is a memo hit, before the hooks, as in CPython
      // (under its name, or by identity when a hook reduced this very object).
      if (this.hooked && !this.memoGlobals.has(globalKey(g.module, g.name))) {
        const idx = this.memoIds.get(o);
        if (idx >= 0) return this.memoGet(idx);
        if (this.callHooks(o, proto, true)) return;
      }
      saveGlobal(this, g, undefined);
      return;
    }
    if (this.shared) {
      // Lists and dicts are memoized first thing, under the next index: looked up and added in one probe.
      const reserve = proto === Array.prototype || proto === Object.prototype || proto === null || proto === Map.prototype;
      if (reserve) {
        const idx = this.memoIds.getOrAdd(o, this.memoCount);
        if (idx >= 0) return this.memoGet(idx);
        this.reserved = o;
        this.reservedLate = false;
      } else if (proto === Tuple.prototype) {
        // A tuple is memoized after its items (CPython's order): looked up and reserved in one
        // probe; saveTuple fills its index in (written at once) or hands that to its frame.
        if ((o as Tuple).length > 0) {
          const idx = this.memoIds.getOrReserve(o);
          if (idx >= 0) return this.memoGet(idx);
          if (idx === -1) {
            this.reserved = o;
            this.reservedLate = true;
          }
        }
      } else {
        const idx = this.memoIds.get(o);
        if (idx >= 0) return this.memoGet(idx);
      }
    }
    const effects = discardedAfter(o);
    // Below the object's own frames: runs once it is completely written.
    if (effects !== undefined) this.push(FrameKind.Effects, undefined, effects, effects.length, 0, Segment.None);
    if (this.hooked && !isExactBuiltin(proto) && this.callHooks(o, proto, false)) return;
    switch (proto) {
      case Array.prototype:
        return this.saveList(o as unknown[]);
      case Object.prototype:
      case null:
        return this.savePlainDict(o as Record<string, unknown>, proto === null);
      case Map.prototype:
        return this.saveMapDict(o as Map<unknown, unknown>);
      case Tuple.prototype:
        return this.saveTuple(o as Tuple);
      case Uint8Array.prototype: {
        const b = o as Uint8Array;
        if (b.length === 0) {
          // CPython's b'' is a singleton: every empty bytes is the same object.
          const known = this.memoSingletons.get('b');
          if (known !== undefined) {
            this.alias(o, known);
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
        return savePyObject(this, o as PyObject);
      case FreshString.prototype: {
        const f = o as FreshString;
        if (f.sharedAs !== undefined) {
          let known = this.memoSingletons.get(f.sharedAs);
          // A one-char Latin-1 singleton is the same object as an equal plain str: one memo entry.
          if (known === undefined && f.byValue === true) {
            const i = this.memoStrs.get(f.value);
            if (i >= 0) known = i;
          }
          if (known !== undefined) return this.memoGet(known);
          writeStr(this.w, this.protocol, f.value);
          const idx = this.memoPut();
          this.memoSingletons.set(f.sharedAs, idx);
          if (f.byValue === true && this.memoStrs.get(f.value) < 0) this.memoStrs.setAfterMiss(f.value, idx);
          return;
        }
        if (f.splitPairs === true) this.w.raw(splitPairsStr(f.value, this.protocol));
        else writeStr(this.w, this.protocol, f.value);
        // By identity: where a lossless load saw a GET of this separate str (separate-strs.ts).
        this.identify(o, this.memoPut());
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
        return writePersistentId(this, (o as PersistentRef).pid);
      case ExtensionRef.prototype:
        this.pushUnresolvedEffects(o as ExtensionRef);
        return saveExtension(this, (o as ExtensionRef).code);
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
   * Objects without a built-in rule by prototype, after `callHooks` has
   * offered them to `reducerOverride` and the `dispatchTable` (CPython's
   * order): the registry first, then the standard types, then subclasses of
   * the built-in containers, then an error.
   */
  private saveUnknown(o: object): void {
    const registry = this.registry;
    if (registry !== undefined) {
      const r = registry.reduce(o, this.protocol);
      if (r !== undefined) {
        if (r instanceof PyGlobal) return saveGlobal(this, r, o);
        return saveReduceValue(this, r, o);
      }
    }
    if (this.standard !== undefined) {
      const r = this.standard.reduce(o, this.protocol);
      if (r !== undefined) {
        if (r instanceof PyGlobal) return saveGlobal(this, r, o);
        return saveReduceValue(this, r, o);
      }
    }
    if (typeof o === 'function') {
      this.fail(`cannot pickle ${describe(o)}: functions are pickled by reference only when the registry maps them to a Python global`);
    }
    if (o instanceof Tuple) return this.saveTuple(o);
    if (Array.isArray(o)) return this.saveList(o);
    if (o instanceof Map) return this.saveDict(o, Array.from(o.keys()), ItemMode.SrcMap);
    if (o instanceof FrozenSet) return this.saveFrozenSet(o);
    if (o instanceof Set) return this.saveSet(o);
    if (o instanceof ByteArray) return this.saveByteArray(o);
    if (o instanceof Uint8Array) return this.saveBytes(o, o);
    if (ArrayBuffer.isView(o)) return this.saveBytes(new Uint8Array(o.buffer, o.byteOffset, o.byteLength), o);
    if (o instanceof ArrayBuffer) return this.saveBytes(new Uint8Array(o), o);
    if (typeof SharedArrayBuffer !== 'undefined' && o instanceof SharedArrayBuffer) return this.saveBytes(new Uint8Array(o), o);
    if (o instanceof Date) return this.saveDate(o);
    if (o instanceof Float) return this.saveFloat(o.value, floatBitsOf(o));
    if (o instanceof PyGlobal) return saveGlobal(this, o, undefined);
    if (o instanceof PyObject) return savePyObject(this, o);
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
    if (r instanceof PyGlobal) saveGlobal(this, r, o);
    else if (r === null || typeof r !== 'object') this.fail('a reducer must return a ReduceValue, a PyGlobal or undefined');
    else saveReduceValue(this, r, o);
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
    if (e.setItems.length > 0) this.push(FrameKind.Seq, e.setItems, e.setItems, e.setItems.length, ItemMode.Set, Segment.Index);
    if (e.dictItems.length > 0)
      this.push(FrameKind.Dict, e.dictItems, e.dictItems, e.dictItems.length, this.bin ? ItemMode.Generic : ItemMode.Each, Segment.Index);
    if (e.listItems.length > 0)
      this.push(FrameKind.Seq, e.listItems, e.listItems, e.listItems.length, this.bin ? ItemMode.Generic : ItemMode.Each, Segment.Index);
  }

  private saveList(list: readonly unknown[]): void {
    const w = this.w;
    if (this.bin) w.byte(Op.EMPTY_LIST);
    else w.byte2(Op.MARK, Op.LIST);
    this.identify(list, this.memoPut());
    const n = list.length;
    if (n === 0) return;
    let done = 0;
    if (this.bin && n < BATCHSIZE && this.persistentId === undefined && floatSlotsOf(list) === undefined) {
      // A short list is written at once as far as its items are leaves (most are, or all).
      if (n > 1) w.byte(Op.MARK);
      done = this.writeLeafRun(list, n);
      if (done === n) {
        w.byte(n > 1 ? Op.APPENDS : Op.APPEND);
        return;
      }
      // Nothing written after the MARK: the frame writes it again, so take it back
      // (no boundary was crossed: `tryLeaf` writes nothing when it refuses).
      if (done === 0 && n > 1) w.pos--;
    }
    this.push(FrameKind.Seq, list, list, n, this.bin ? ItemMode.LoneN1 : ItemMode.Each, Segment.Index).index = done;
  }

  /**
   * A plain object as a dict, written at once as far as its values are
   * leaves (`tryLeaf`: scalars, `Float`s, flat lists and tuples), in one
   * `for…in` walk (the engine's cached key list: no key or value array per
   * object, which on 100k records is most of the garbage a dump makes); the
   * frame takes over at the first value that is not a leaf, or at the end
   * of a first batch. The first pair waits for a second key, which decides
   * whether a MARK comes first. A getter on the first key runs twice.
   */
  private savePlainDict(o: Record<string, unknown>, nullProto: boolean): void {
    if (!this.bin || this.persistentId !== undefined || (!nullProto && !this.forInOwnOnly) || floatSlotsOf(o) !== undefined) {
      return this.saveDict(o, Object.keys(o), ItemMode.SrcPlain);
    }
    const w = this.w;
    w.byte(Op.EMPTY_DICT);
    this.identify(o, this.memoPut());
    // Pairs written; the frame's next step if one takes over (2 × the pair, + 1 once its key is written).
    let i = 0;
    let h = -1;
    let first: string | undefined;
    // The first value, read once (an accessor property's getter runs once, as the frames read).
    let firstValue: unknown;
    let key = '';
    // A value that is not a leaf, after a MARK: if its key is the last, a frame of that one pair
    // writes it (no key array of the whole dict); another key after it hands over to the full frame.
    let pending = false;
    let pendingValue: unknown;
    try {
      for (const k in o) {
        if (pending) {
          h = 2 * i + 1;
          pending = false;
          break;
        }
        if (i === 0) {
          if (first === undefined) {
            firstValue = o[k];
            if (!mayBeLeaf(firstValue)) {
              h = 0;
              break;
            }
            first = k;
            continue;
          }
          // A second key: a batch of more than one pair, so MARK, then the first pair.
          w.byte(Op.MARK);
          key = first;
          first = undefined;
          w.boundary();
          this.saveKey(key, 0);
          if (!this.tryLeaf(firstValue)) {
            h = 1;
            break;
          }
          i = 1;
        }
        if (i === BATCHSIZE - 1) {
          // The frame writes the batches from here.
          h = 2 * i;
          break;
        }
        key = k;
        w.boundary();
        this.saveKey(k, i);
        const v = o[k];
        if (!this.tryLeaf(v)) {
          pending = true;
          pendingValue = v;
          continue;
        }
        i++;
      }
      if (pending) {
        // The last pair's value, read once, in a frame of its own pair, which ends with SETITEMS.
        const f = this.push(FrameKind.Dict, o, [key], 1, ItemMode.SrcPlain | ItemMode.Values, Segment.None);
        f.values = [pendingValue];
        f.index = 1;
        return;
      }
      if (h < 0) {
        if (first !== undefined) {
          // Exactly one pair: no MARK.
          key = first;
          w.boundary();
          this.saveKey(key, 0);
          if (this.tryLeaf(firstValue)) {
            w.byte(Op.SETITEM);
            return;
          }
          h = 1;
        } else {
          if (i > 0) w.byte(Op.SETITEMS);
          return;
        }
      }
    } catch (error) {
      throw this.inlineError(error, fieldSegment(key));
    }
    const keys = Object.keys(o);
    if (keys.length < (h + 1) >> 1) this.fail('the object changed while it was being pickled');
    this.push(FrameKind.Dict, o, keys, keys.length, ItemMode.SrcPlain | ItemMode.LoneN1 | ItemMode.Trailing, Segment.None).index = h;
  }

  /**
   * A Map as a dict: like `savePlainDict`, a short one is written at once as
   * far as its keys and values are leaves, walking the Map itself (no key
   * and value arrays per Map); the frame takes over at the first pair that is not.
   */
  private saveMapDict(m: Map<unknown, unknown>): void {
    const n = m.size;
    if (!this.bin || n === 0 || n >= BATCHSIZE || this.persistentId !== undefined || floatSlotsOf(m) !== undefined) {
      return this.saveDict(m, Array.from(m.keys()), ItemMode.SrcMap);
    }
    const w = this.w;
    w.byte(Op.EMPTY_DICT);
    this.identify(m, this.memoPut());
    if (n > 1) w.byte(Op.MARK);
    let run = 0;
    let h = 0;
    // Keys and values side by side: the two iterators walk the same table in
    // step (no user code runs in between), which spares a hash lookup per
    // entry (`get`) and the [key, value] pair `entries()` would allocate.
    const values = m.values();
    let key: unknown;
    let keyPhase = true;
    try {
      for (const k of m.keys()) {
        const v = values.next().value;
        key = k;
        keyPhase = true;
        if (!this.tryLeaf(k)) break;
        keyPhase = false;
        if (!this.tryLeaf(v)) {
          h = 1;
          break;
        }
        run++;
      }
    } catch (error) {
      throw this.inlineError(error, keyPhase ? `.keys()[${run}]` : `.get(${keyText(key)})`);
    }
    if (run === n) {
      w.byte(n > 1 ? Op.SETITEMS : Op.SETITEM);
      return;
    }
    // Nothing written after the MARK: the frame writes it again, so take it back
    // (no boundary was crossed: `tryLeaf` writes nothing when it refuses).
    if (run === 0 && h === 0 && n > 1) w.pos--;
    const keys = Array.from(m.keys());
    if (keys.length !== n) this.fail('the Map changed while it was being pickled');
    this.push(FrameKind.Dict, m, keys, n, ItemMode.SrcMap | ItemMode.LoneN1 | ItemMode.Trailing, Segment.None).index = 2 * run + h;
  }

  /**
   * Writes `v` at once when it is a leaf: a scalar, a `Float`, or a flat
   * list or tuple (`flatItems`); else writes nothing and returns false. The
   * frame boundary before each value written is checked here. Only with
   * `bin` and no `persistentId`.
   * @throws PicklingError in trees-only mode for a flat container met twice.
   */
  private tryLeaf(v: unknown): boolean {
    const t = typeof v;
    if (t === 'number' || t === 'string' || t === 'boolean' || v === null || v === undefined) {
      const w = this.w;
      if (w.pos >= w.limit) w.atLimit();
      return this.saveScalar(v);
    }
    if (t !== 'object') return false;
    const o = v as object;
    const proto = Object.getPrototypeOf(o);
    if (proto === Float.prototype) {
      this.w.boundary();
      this.writeFloatBox(o as Float);
      return true;
    }
    if (proto !== Array.prototype && proto !== Tuple.prototype) return false;
    const items = o as readonly unknown[];
    const flat = this.flatItems(items);
    if (flat === Flat.No || (hasDiscarded() && discardedAfter(o) !== undefined)) return false;
    this.w.boundary();
    if (this.shared) {
      const list = proto === Array.prototype;
      const idx = list ? this.memoIds.getOrAdd(o, this.memoCount) : items.length > 0 ? this.memoIds.getOrReserve(o) : -1;
      if (idx >= 0) {
        this.memoGet(idx);
        return true;
      }
      if (list || idx === -1) {
        this.reserved = o;
        this.reservedLate = !list;
      }
    }
    if (proto === Tuple.prototype) this.writeFlatTuple(items, flat);
    else this.writeFlatList(items, flat);
    return true;
  }

  /**
   * True when `items` (a list or tuple) is written at once: under BATCHSIZE
   * items, each a scalar or a `Float`, nothing recorded for it by a load
   * (float slots) and no synthetic path mode.
   */
  private flatItems(items: readonly unknown[]): Flat {
    const n = items.length;
    if (n >= BATCHSIZE || floatSlotsOf(items) !== undefined || (this.synthetic.size > 0 && this.synthetic.has(items))) return Flat.No;
    // One loop for tuples, one for lists: each element load then meets fewer shapes.
    return items instanceof Tuple ? flatTupleItems(items, n) : flatListItems(items, n);
  }

  /** A flat list (`flatItems`), memo lookup done: EMPTY_LIST, its memo, then its batch. */
  private writeFlatList(items: readonly unknown[], flat: Flat): void {
    const w = this.w;
    w.byte(Op.EMPTY_LIST);
    this.identify(items, this.memoPut());
    const n = items.length;
    if (n === 0) return;
    if (n > 1) w.byte(Op.MARK);
    if (flat !== Flat.Numbers || !this.writeNumbers(items, n)) {
      for (let i = 0; i < n; i++) {
        const x = items[i];
        if (w.pos >= w.limit) w.atLimit();
        if (!this.saveScalar(x)) this.writeFloatBox(x as Float);
      }
    }
    w.byte(n > 1 ? Op.APPENDS : Op.APPEND);
  }

  /** A flat tuple (`flatItems`), memo lookup done: as `save_tuple`, with nothing able to memoize it meanwhile. */
  private writeFlatTuple(items: readonly unknown[], flat: Flat): void {
    const w = this.w;
    const n = items.length;
    if (n === 0) {
      w.byte(Op.EMPTY_TUPLE);
      return;
    }
    const small = n <= 3 && this.protocol >= 2;
    if (!small) w.byte(Op.MARK);
    if (flat !== Flat.Numbers || !this.writeNumbers(items, n)) {
      for (let i = 0; i < n; i++) {
        const x = items[i];
        if (w.pos >= w.limit) w.atLimit();
        if (!this.saveScalar(x)) this.writeFloatBox(x as Float);
      }
    }
    w.byte(small ? TUPLE_OPS[n]! : Op.TUPLE);
    this.identify(items, this.memoPut());
  }

  /**
   * The `n` items of a flat list or tuple that are all numbers, written in
   * one reservation when no frame boundary can fall among them (9 bytes
   * bound each: BINFLOAT, or LONG1 of a safe integer), each as `saveScalar`
   * writes it; false, with nothing written, when a boundary could.
   */
  private writeNumbers(items: readonly unknown[], n: number): boolean {
    const w = this.w;
    const bound = 9 * n;
    if (w.frameStart < 0 ? w.framing && bound >= FRAME_SIZE_TARGET : w.pos + bound >= w.limit) return false;
    w.reserve(bound);
    const buf = w.buf;
    let p = w.pos;
    for (let i = 0; i < n; i++) {
      const x = items[i] as number;
      // Integral and not -0, as saveScalar.
      if (x - Math.trunc(x) === 0 && (x !== 0 || 1 / x > 0)) {
        if (x >= 0 && x < 256) {
          buf[p] = Op.BININT1;
          buf[p + 1] = x;
          p += 2;
          continue;
        }
        if (x >= 0 && x < 65536) {
          buf[p] = Op.BININT2;
          buf[p + 1] = x & 0xff;
          buf[p + 2] = x >>> 8;
          p += 3;
          continue;
        }
        if (x >= -0x80000000 && x <= 0x7fffffff) {
          buf[p] = Op.BININT;
          buf[p + 1] = x & 0xff;
          buf[p + 2] = (x >>> 8) & 0xff;
          buf[p + 3] = (x >>> 16) & 0xff;
          buf[p + 4] = (x >>> 24) & 0xff;
          p += 5;
          continue;
        }
        w.pos = p;
        writeInt(w, this.protocol, x);
        p = w.pos;
        // LONG1 of a safe integer: at most 9 bytes, within the reservation.
        if (this.protocol >= 2 && Number.isSafeInteger(x)) continue;
        // Protocol 1's decimal text, or the bigint route past 2^53, may write more than the bound
        // (and grow the buffer): the rest as saveScalar, with their boundary checks.
        for (let j = i + 1; j < n; j++) {
          if (w.pos >= w.limit) w.atLimit();
          this.saveScalar(items[j]);
        }
        return true;
      }
      buf[p] = Op.BINFLOAT;
      w.view.setFloat64(p + 1, x, false);
      p += 9;
    }
    w.pos = p;
    return true;
  }

  /** A `Float` box: BINFLOAT (a NaN's recorded bits looked up only for a NaN). */
  private writeFloatBox(f: Float): void {
    const x = f.value;
    if (x !== x) this.saveFloat(x, floatBitsOf(f));
    else if (this.bin) this.w.binfloat(x);
    else this.saveFloat(x);
  }

  /**
   * The error of a value written at once inside a dict (before the dict has a
   * frame): the trees-only error gets the dict's segment on its path.
   */
  private inlineError(error: unknown, segment: string): unknown {
    if (error instanceof PicklingError && error.message.startsWith(SHARED_ERROR)) return new PicklingError(SHARED_ERROR, this.path() + segment);
    return error;
  }

  private saveDict(o: object, keys: readonly unknown[], source: number): void {
    const w = this.w;
    if (this.bin) w.byte(Op.EMPTY_DICT);
    else w.byte2(Op.MARK, Op.DICT);
    this.identify(o, this.memoPut());
    const n = keys.length;
    if (n === 0) return;
    const mode = source | (this.bin ? ItemMode.LoneN1 | ItemMode.Trailing : ItemMode.Each);
    if (this.bin && n < BATCHSIZE && this.persistentId === undefined && floatSlotsOf(o) === undefined) {
      // Object.values: the order of Object.keys; a getter runs once, as in stepDict.
      const values = source === ItemMode.SrcPlain ? Object.values(o) : Array.from((o as Map<unknown, unknown>).values());
      if (values.length === n) {
        // A short dict (the common record) is written at once as far as its pairs are scalars; the
        // frame takes over at the first pair that is not, reading values by index, not by key.
        const done = this.writeScalarRun(keys, values, source === ItemMode.SrcPlain, n);
        if (done === n) {
          w.byte(n > 1 ? Op.SETITEMS : Op.SETITEM);
          return;
        }
        const f = this.push(FrameKind.Dict, o, keys, n, mode | ItemMode.Values, Segment.None);
        f.values = values;
        f.index = 2 * done;
        return;
      }
    }
    this.push(FrameKind.Dict, o, keys, n, mode, Segment.None);
  }

  /**
   * The leading items of one batch (`n` < BATCHSIZE items) that are scalars,
   * written at once: MARK (when `n` > 1), then each item, or each key and
   * value pair when `values` is not `keys`, as `batch_list_exact` /
   * `batch_dict_exact` write them. The end opcode is the caller's.
   * @param plainKeys the keys are a plain object's (strs): only values are checked.
   * @returns how many items (pairs) were written: 0, with nothing written, when the first is not a scalar.
   */
  private writeScalarRun(keys: readonly unknown[], values: readonly unknown[], plainKeys: boolean, n: number): number {
    const pairs = keys !== values;
    const checkKeys = pairs && !plainKeys;
    // An upper bound of the bytes the run takes, to skip the per-item frame check when it cannot fire.
    let bound = 0;
    let j = 0;
    for (; j < n; j++) {
      const v = values[j];
      if (!isScalar(v)) break;
      if (pairs) {
        const k = keys[j];
        if (checkKeys && !isScalar(k)) break;
        bound += scalarBound(k);
      }
      bound += scalarBound(v);
    }
    if (j === 0) return 0;
    const w = this.w;
    if (n > 1) w.byte(Op.MARK);
    const checked = !(w.frameStart < 0 ? !w.framing || bound < FRAME_SIZE_TARGET : w.pos + bound < w.limit);
    for (let i = 0; i < j; i++) {
      if (pairs) {
        if (checked) w.boundary();
        this.saveScalar(keys[i]);
      }
      if (checked) w.boundary();
      this.saveScalar(values[i]);
    }
    return j;
  }

  /**
   * The leading items of `items` (a tuple, or a list already memoized) that
   * are leaves (`tryLeaf`: scalars, `Float`s, flat lists and tuples), written.
   * Nothing among them can memoize the tuple meanwhile: a flat container
   * holds only scalars. Only with `bin` and no `persistentId`.
   * @returns how many.
   * @throws PicklingError in trees-only mode for a flat container met twice, with its index on the path.
   */
  private writeLeafRun(items: readonly unknown[], n: number): number {
    let i = 0;
    try {
      for (; i < n; i++) if (!this.tryLeaf(items[i])) break;
    } catch (error) {
      throw this.inlineError(error, `[${i}]`);
    }
    return i;
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
    // The tuple's reservation (saveObject's `getOrReserve`) is kept here, then by its frame:
    // the leaves below reserve and identify objects of their own meanwhile.
    let at = -1;
    if (this.reserved === t) {
      at = this.memoIds.reservedPosition;
      this.reserved = undefined;
      this.frameReserved = true;
    }
    let done = 0;
    if (this.bin && this.persistentId === undefined && floatSlotsOf(t) === undefined && !(this.synthetic.size > 0 && this.synthetic.has(t))) {
      // The leading leaves are written at once (all of them in most tuples). The frame takes
      // over at the first item that is not.
      done = this.writeLeafRun(t, n);
      if (done === n) {
        w.byte(small ? TUPLE_OPS[n]! : Op.TUPLE);
        if (at >= 0) this.memoIds.fillAt(t, at, this.memoPut());
        else this.identify(t, this.memoPut());
        return;
      }
    }
    const f = this.push(FrameKind.Tuple, t, t, n, small ? TupleMode.Small : 0, Segment.Index);
    f.index = done;
    f.memoAt = at;
  }

  private saveSet(set: Set<unknown>): void {
    if (this.protocol < 4) return this.reduceCollection(GLOBALS.set, set);
    this.w.byte(Op.EMPTY_SET);
    this.identify(set, this.memoPut());
    const n = set.size;
    if (n > 0) this.push(FrameKind.Seq, set, Array.from(set), n, ItemMode.Set | ItemMode.Trailing, Segment.Values);
  }

  private saveFrozenSet(set: FrozenSet): void {
    if (this.protocol < 4) return this.reduceCollection(GLOBALS.frozenset, set);
    this.w.byte(Op.MARK);
    const items = Array.from(set);
    this.push(FrameKind.Tuple, set, items, items.length, TupleMode.Frozen, Segment.Values);
  }

  /** `set([...])` / `frozenset([...])` as CPython writes them below protocol 4. */
  private reduceCollection(callable: PyGlobal, set: Set<unknown>): void {
    const items = Array.from(set);
    // What a load recorded at the set's indices (separate strs) holds for the list too.
    copySlots(set, items);
    const args = new Tuple([items]);
    this.synthetic.set(args, Segment.None);
    this.synthetic.set(items, Segment.Values);
    this.pushTask(makeTask([callable, args], ['', ''], END_REDUCE, set));
  }

  private saveBytes(data: Uint8Array, memoKey: object, singletonKey?: string): void {
    if (this.protocol < 3) {
      // CPython: codecs.encode(latin1 text, 'latin1'), or bytes() when empty.
      let task: Task;
      if (data.length === 0) task = makeTask([GLOBALS.bytes, EMPTY_TUPLE], ['', ''], END_REDUCE, memoKey);
      else {
        // The Latin-1 text is a fresh str, or CPython's shared one-char singleton (also the
        // same object as an equal plain str where a lossless load saw that: latin1-singletons.ts).
        const text = latin1Text(data);
        const one = data.length === 1 && isLatin1Shared(data);
        const args = new Tuple([new FreshString(text, data.length === 1 ? `s${text}` : undefined, undefined, one || undefined), 'latin1']);
        this.synthetic.set(args, Segment.None);
        task = makeTask([GLOBALS.codecsEncode, args], ['', ''], END_REDUCE, memoKey);
      }
      task.singletonKey = singletonKey;
      return this.pushTask(task);
    }
    this.saveSized(data, Op.SHORT_BINBYTES, Op.BINBYTES, Op.BINBYTES8, true, 'a bytes object');
    const idx = this.memoPut();
    this.identify(memoKey, idx);
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
    this.identify(s, this.memoPut());
  }

  private saveByteArray(data: ByteArray): void {
    if (this.protocol < 5) {
      const args = data.length === 0 ? EMPTY_TUPLE : new Tuple([new Uint8Array(data)]);
      this.synthetic.set(args, Segment.None);
      return this.pushTask(makeTask([GLOBALS.bytearray, args], ['', ''], END_REDUCE, data));
    }
    this.w.sized(Op.BYTEARRAY8, 8, data);
    this.identify(data, this.memoPut());
  }

  /** A JS Date as CPython pickles `datetime.datetime(..., tzinfo=datetime.timezone.utc)`. */
  private saveDate(d: Date): void {
    const state = dateState(d);
    if (typeof state === 'string') this.fail(state);
    const args = new Tuple([state, UTC]);
    this.synthetic.set(args, Segment.None);
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
    if (b.readonly) this.saveSized(data, Op.SHORT_BINBYTES, Op.BINBYTES, Op.BINBYTES8, true, 'a bytes object');
    else this.w.sized(Op.BYTEARRAY8, 8, data);
    this.identify(b, this.memoPut());
  }

  /** Calls `persistentId`; true when it gave an id, now written. */
  private savePersistent(v: unknown): boolean {
    const pid = this.persistentId!(v);
    if (pid === undefined || pid === null) return false;
    writePersistentId(this, pid);
    return true;
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

/** True when `for…in` over `o` lists some key (own or inherited). */
function hasEnumerableProperty(o: object): boolean {
  for (const k in o) if (k !== undefined) return true;
  return false;
}

/** At least the bytes `saveScalar` writes for `v`, a scalar (a str: opcode, size, UTF-8, memo opcode). */
function scalarBound(v: unknown): number {
  return typeof v === 'string' ? v.length * 3 + 18 : 12;
}

/** A cheap first look for `tryLeaf`: a scalar, or an object that can be a leaf (a `Float`, a list or a tuple). */
function mayBeLeaf(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return isScalar(v);
  const proto = Object.getPrototypeOf(v);
  return proto === Float.prototype || proto === Array.prototype || proto === Tuple.prototype;
}

/** What `flatItems` found: not flat, flat, or flat with numbers only (`writeNumbers`). */
const enum Flat {
  No = 0,
  Yes = 1,
  Numbers = 2,
}

/** `PickleMachine.flatItems`' loop for lists. */
function flatListItems(items: readonly unknown[], n: number): Flat {
  let numbers = true;
  for (let i = 0; i < n; i++) {
    const x = items[i];
    if (typeof x === 'number') continue;
    numbers = false;
    if (!isScalar(x) && !(typeof x === 'object' && Object.getPrototypeOf(x) === Float.prototype)) return Flat.No;
  }
  return numbers ? Flat.Numbers : Flat.Yes;
}

/** The same for tuples (a copy: see `flatItems`). */
function flatTupleItems(items: readonly unknown[], n: number): Flat {
  let numbers = true;
  for (let i = 0; i < n; i++) {
    const x = items[i];
    if (typeof x === 'number') continue;
    numbers = false;
    if (!isScalar(x) && !(typeof x === 'object' && Object.getPrototypeOf(x) === Float.prototype)) return Flat.No;
  }
  return numbers ? Flat.Numbers : Flat.Yes;
}

/** Values `saveScalar` writes. */
function isScalar(v: unknown): boolean {
  const t = typeof v;
  return t === 'number' || t === 'string' || t === 'boolean' || v === null || v === undefined;
}

function isLone(mode: number, n: number, chunk: number): boolean {
  return ((mode & ItemMode.LoneN1) !== 0 && n === 1) || ((mode & ItemMode.Generic) !== 0 && chunk === 1);
}
