/**
 * The unpickler: one fused opcode loop over a byte buffer, reading pickles of
 * protocols 0–5 the way CPython 3.11's C unpickler (`_pickle`) does, into the
 * picklejar value model. No recursion, no user code but the hooks it was given,
 * no global resolved by property lookup, and every failure an UnpicklingError
 * with the byte offset and opcode.
 */
import { UnpicklingError } from '../errors.js';
import { Op } from '../opcodes.js';
import type { DefaultBindings } from '../registry/default-bindings.js';
import { ByteArray as ByteArrayCtor } from '../values/byte-array.js';
import { addDiscardedAfter, addDiscardedBefore } from '../values/discarded.js';
import { Float } from '../values/float.js';
import { floatAt } from '../values/float-slots.js';
import { FrozenSet } from '../values/frozen-set.js';
import { PyGlobal } from '../values/py-global.js';
import { PyObject } from '../values/py-object.js';
import { Py2Str } from '../values/py2-str.js';
import { Tuple, tupleOfArray } from '../values/tuple.js';
import { TypedValue } from '../values/typed-value.js';
import { BufferRef, isUnresolved, PersistentRef, unresolvedEffects } from '../values/unresolved.js';
import { markFreshNames, markTextGlobal } from '../values/written-as.js';
import { asBytes, type BytesLike } from '../wire/bytes-input.js';
import { i32le, u16le, u32le } from '../wire/integers.js';
import { decodeLong } from '../wire/long.js';
import { decodeUtf8 } from '../wire/utf8.js';
import { floatBatchFollows, scanFloatRun, simpleBatchLength, type FloatRun } from './batch-scan.js';
import { bytesPayload } from './bytes-payload.js';
import { feedsArray } from './bytearray-payload.js';
import { dictObjectToMap, isDictObject, newDictObject, reachableDictObjects, setObjectItems, substitute, type DictObject } from './dict-objects.js';
import { strictAscii, strictUtf8 } from './global-names.js';
import { limitMessage } from './limits.js';
import { Memo, MEMO_MISSING } from './memo.js';
import { ObjectBuilder } from './object-builder.js';
import type { UnpicklerOptions } from './options.js';
import { checkHashable, pyTypeName } from './py-type-name.js';
import { resolveOptions, type ResolvedOptions } from './resolved-options.js';
import { SharedWeigher } from './shared-weight.js';
import { decodeRawUnicodeEscape, decodeStringLine, parseFloatLine, parseIntLine, parseLongLine, parseMemoIndex } from './text-arguments.js';
import { losslessFloat, unboxed, unboxInto, unboxTuple } from './unbox.js';
import { recordSetMembers, SeparateStrs, separateStrsOnStack } from '../values/separate-strs.js';
import { keepDiscardedCall, takeStateSetter } from '../values/state-setter.js';
import { PoppedWhileMemoized } from '../values/memo-overwrites.js';
import {
  callHook,
  checkString,
  Fault,
  invalidLoadKey,
  noMark,
  overDepth,
  overItems,
  overShared,
  overWork,
  translateError,
  truncated,
  underflow,
  wrapForeign,
} from './vm-errors.js';

const EMPTY_TUPLE: Tuple = new Tuple([]);
/**
 * The built-in operations the VM applies to containers it did not build
 * itself (a registered Map/Set subclass instance may have been given its own
 * `set` or `add` by BUILD): never a method looked up on a loaded object.
 */
const MAP_SET = Map.prototype.set;
const SET_ADD = Set.prototype.add;
const ARRAY_PUSH = Array.prototype.push;
const SSIZE_MAX = 9223372036854775807n;

/**
 * An empty list for a run of float batches (#appendFloatRun). V8 gives the
 * arrays an `[]` literal makes the element kind that literal's earlier
 * arrays ended with: once a load has put objects in lists, every later `[]`
 * starts generic, and a million floats stored in it are a million boxed
 * numbers (16 bytes each, then a collection). This literal makes float
 * lists only, so its arrays keep unboxed doubles.
 */
function emptyFloatList(): number[] {
  const list = [0.5];
  list.length = 0;
  return list;
}

/** Offset of the newline ending the text argument that starts at `from`. */
function lineEnd(data: Uint8Array, from: number): number {
  const nl = data.indexOf(0x0a, from);
  if (nl < 0) truncated();
  return nl;
}

/**
 * Pops the top mark: `marks[1..nmarks]` hold the marks, `marks[0]` is 0
 * (the stack bottom), so the new fence is `marks[nmarks - 1]`.
 * @returns the stack index the mark recorded.
 * @throws Fault when there is no mark.
 */
function popMark(marks: number[], nmarks: number): number {
  if (nmarks < 1) noMark();
  return marks[nmarks]!;
}

function putMemo(memo: Memo, maxMemo: number, index: number, value: unknown): void {
  if (memo.set(index, value) && memo.size > maxMemo) {
    throw new UnpicklingError(limitMessage('maxMemoEntries', maxMemo, 'the number of memo entries'));
  }
}

/** True when a str opcode ending at `end` (with its MEMOIZE, if any) ends right where `at` starts: the str was written fresh there. */
function strEndsAt(data: Uint8Array, end: number, at: number): boolean {
  return end >= 0 && (end === at || (end + 1 === at && data[end] === Op.MEMOIZE));
}

function isPyDict(v: unknown): v is Map<unknown, unknown> {
  return v instanceof Map;
}

/** Hands an Unpickler's reusable memo storage on when `loads` is done with it (set in Unpickler's static block). */
let release: (u: Unpickler) => void;

/**
 * Reads pickles from a buffer, one per {@link Unpickler.load} call, like
 * Python's `pickle.Unpickler` on a file. The memo persists across loads of one
 * Unpickler (as CPython's does), so pickles written by one Pickler with
 * several `dump` calls load correctly.
 */
export class Unpickler {
  static {
    release = (u) => u.#memo.release();
  }
  readonly #data: Uint8Array;
  readonly #view: DataView;
  readonly #o: ResolvedOptions;
  readonly #memo: Memo;
  /** Globals, bindings and the calls made on them. */
  readonly #objects: ObjectBuilder;
  readonly #weigher = new SharedWeigher();
  readonly #buffers: Iterator<Uint8Array> | undefined;
  #bufferIndex = 0;
  #pos = 0;
  /** Lossless only: calls discarded with nothing below them, for the root. */
  #leading: unknown[] = [];
  /** Offset after the STOP of the pickle #run last read. */
  #end = 0;
  /** dictType 'object': dict objects that became Maps (and tuples rebuilt around them) → their replacement. */
  #converted: Map<object, unknown> | undefined;
  /** Number of conversions so far (the memo may still hand out a converted object: #current). */
  #conversions = 0;
  /** Scratch of the batch pre-scan, per instance so that a hook may itself call `loads`. */
  readonly #floatRun: FloatRun = { from: -1, floats: 0, batches: 0, frames: 0, largest: 0, work: 0, end: 0 };
  /** Lossless only: call results popped while memoized, effects once their memo entry is overwritten (memo-overwrites.ts). */
  readonly #popped = new PoppedWhileMemoized();
  /** Lossless only: the strs read afresh, to box separate equal ones (separate-strs.ts). */
  readonly #strs: SeparateStrs | undefined;

  /**
   * @param input the pickle bytes (any {@link BytesLike}); not copied, so do not modify them while loading.
   * @param options see {@link UnpicklerOptions}.
   * @param bindings the registries consulted after `options.registry` (what `standardTypes` / `mlTypes` switch on).
   *   Default: none, the built-ins only; `picklejar`'s `Unpickler` passes its standard and ML types.
   * @throws UnpicklingError when the input exceeds `limits.maxInputBytes` or an option is malformed.
   */
  constructor(input: BytesLike, options: UnpicklerOptions = {}, bindings?: DefaultBindings) {
    const data = asBytes(input);
    if (data === undefined) throw new UnpicklingError(`a bytes-like object is required, not '${pyTypeName(input)}'`);
    this.#o = resolveOptions(options, bindings);
    this.#objects = new ObjectBuilder(this.#o);
    const max = this.#o.limits.maxInputBytes;
    if (data.length > max) throw new UnpicklingError(limitMessage('maxInputBytes', max, `input of ${data.length} bytes`));
    this.#data = data;
    this.#memo = new Memo(data, this.#o.lossless);
    this.#strs = this.#o.lossless ? new SeparateStrs() : undefined;
    this.#view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (options.buffers !== undefined) {
      try {
        this.#buffers = options.buffers[Symbol.iterator]();
      } catch (e) {
        throw wrapForeign(e, 'buffers is not iterable', -1, '');
      }
    }
  }

  /** Byte offset after the last STOP read (0 before the first load). */
  get position(): number {
    return this.#pos;
  }

  /** True when no bytes remain after the last pickle read. */
  get atEnd(): boolean {
    return this.#pos >= this.#data.length;
  }

  /** Forgets every memo entry (CPython's `Unpickler.memo.clear()`). */
  clearMemo(): void {
    this.#memo.clear();
    this.#strs?.clear();
  }

  /**
   * Reads the next pickle from the current position up to and including its STOP.
   * @returns the loaded value.
   * @throws UnpicklingError for malformed, truncated, refused or over-limit input;
   *   `position` is then left where this pickle started.
   */
  load(): unknown {
    const start = this.#pos;
    this.#objects.protocol = 0;
    const conversions = this.#conversions;
    let value = this.#run(start);
    this.#pos = this.#end;
    // dictType 'object': dicts that became Maps during this load go wherever they were seen.
    if (this.#conversions !== conversions) value = substitute(value, this.#converted!);
    return value;
  }

  /**
   * The opcode loop.
   * @returns the loaded value; `#end` is then the offset after its STOP.
   */
  #run(start: number): unknown {
    const data = this.#data;
    const end = data.length;
    const o = this.#o;
    const memo = this.#memo;
    const limits = o.limits;
    const maxDepth = limits.maxDepth;
    const maxWork = limits.maxWork;
    const maxItems = limits.maxItems;
    const maxString = limits.maxStringBytes;
    const maxMemo = limits.maxMemoEntries;
    const lossless = o.lossless;
    const objectDicts = o.objectDicts;
    this.#leading = [];
    // Start with a non-number element so the array is generic from the outset: an
    // array that begins with small ints transitions (and deoptimizes the loop) the
    // first time a float or an object is pushed, on every load.
    const stack: unknown[] = [null];
    // marks[1..nmarks]: stack index of each open MARK; marks[0] = 0, so the fence (the
    // lowest index a pop may reach) is always marks[nmarks].
    const marks: number[] = [0];
    let sp = 0;
    let nmarks = 0;
    let fence = 0;
    let pos = start;
    let op = start;
    let code = -1;
    let work = 0;
    let items = 0;
    let v: unknown;
    // The list the last EMPTY_LIST made at the exact size of the batch that follows it, until that batch fills it.
    let presized: unknown[] | undefined;
    let presizedFill = 0;
    // Byte count of the current counted argument (str, bytes).
    let size = 0;
    // Offset of the last SHORT_BINUNICODE/BINUNICODE and the position after it: a MEMOIZE
    // right there memoizes that string by offset (see Memo).
    let strOp = -1;
    let strEnd = -1;
    // The string opcode before that one (lossless: which strs a STACK_GLOBAL took fresh).
    let prevStrEnd = -1;
    // Default mode: integral floats are boxed on the stack (as `Float`), and numpy scalars
    // (as `TypedValue`, made by their binding), and unboxed, their positions recorded
    // (float-slots.ts), by whatever takes them off it. Zero while none.
    // Lossless: separate equal strs are boxed too (SeparateStrBox); one may sit in the memo from an earlier load.
    const strs = this.#strs;
    let boxes = strs?.boxed === true ? 1 : 0;

    const weigher = this.#weigher;
    const view = this.#view;
    const floatRun = this.#floatRun;
    // A scan is reused within one load only (#appendFloatRun): the caller may refill the buffer between loads.
    floatRun.from = -1;

    try {
      for (;;) {
        op = pos;
        if (pos >= end) throw new Fault('Ran out of input');
        if (++work > maxWork) overWork(maxWork);
        if (sp + nmarks > maxDepth) overDepth(maxDepth);
        code = data[pos++]!;
        switch (code) {
          // ---- integers
          case Op.BININT1:
            if (pos >= end) truncated();
            stack[sp++] = data[pos++];
            continue;
          case Op.BININT2:
            if (pos + 2 > end) truncated();
            stack[sp++] = u16le(data, pos);
            pos += 2;
            continue;
          case Op.BININT:
            if (pos + 4 > end) truncated();
            stack[sp++] = i32le(data, pos);
            pos += 4;
            continue;
          case Op.INT: {
            const nl = lineEnd(data, pos);
            if (nl - pos + 1 < 2) truncated();
            stack[sp++] = parseIntLine(data, pos, nl);
            pos = nl + 1;
            continue;
          }
          case Op.LONG: {
            const nl = lineEnd(data, pos);
            if (nl - pos + 1 < 2) truncated();
            stack[sp++] = parseLongLine(data, pos, nl);
            pos = nl + 1;
            continue;
          }
          case Op.LONG1: {
            if (pos >= end) truncated();
            const size = data[pos++]!;
            if (size > end - pos) truncated();
            stack[sp++] = decodeLong(data, pos, size);
            pos += size;
            continue;
          }
          case Op.LONG4: {
            if (pos + 4 > end) truncated();
            const size = i32le(data, pos);
            pos += 4;
            if (size < 0) throw new UnpicklingError('LONG pickle has negative byte count');
            if (size > end - pos) truncated();
            checkString(maxString, size);
            stack[sp++] = decodeLong(data, pos, size);
            pos += size;
            continue;
          }
          // ---- floats
          case Op.BINFLOAT: {
            if (pos + 8 > end) truncated();
            // The first float of a batch onto a list (MARK right below, the list below it): the
            // whole run of float batches goes straight into the list (#appendFloatRun).
            if (
              !lossless &&
              nmarks > 0 &&
              marks[nmarks] === sp &&
              sp > marks[nmarks - 1]! &&
              this.#appendFloatRun(stack[sp - 1], op, sp + nmarks, items, work)
            ) {
              items += floatRun.floats;
              work += floatRun.work;
              nmarks--;
              fence = marks[nmarks]!;
              code = Op.APPENDS; // the last opcode executed, as errors at the next one name it
              pos = floatRun.end;
              continue;
            }
            // The input's own DataView, not wire/integers' f64be (a byte copy through a scratch
            // view): 1M reads take 1.3 ms this way, 11 ms that way.
            const f = view.getFloat64(pos);
            pos += 8;
            if (lossless) stack[sp++] = losslessFloat(f, data, pos - 8);
            else if (Number.isInteger(f)) {
              stack[sp++] = new Float(f);
              boxes++;
            } else stack[sp++] = f;
            continue;
          }
          case Op.FLOAT: {
            const nl = lineEnd(data, pos);
            if (nl - pos + 1 < 2) truncated();
            const f = parseFloatLine(data, pos, nl);
            pos = nl + 1;
            if (Number.isInteger(f)) {
              stack[sp++] = new Float(f);
              if (!lossless) boxes++;
            } else stack[sp++] = f;
            continue;
          }
          // ---- None and bools
          case Op.NONE:
            stack[sp++] = null;
            continue;
          case Op.NEWTRUE:
            stack[sp++] = true;
            continue;
          case Op.NEWFALSE:
            stack[sp++] = false;
            continue;
          // ---- str
          case Op.SHORT_BINUNICODE:
            if (pos >= end) truncated();
            size = data[pos++]!;
            if (size > end - pos) truncated();
            stack[sp++] = decodeUtf8(data, pos, pos + size);
            if (strs !== undefined && strs.fresh(stack, sp - 1, data, pos, pos + size)) boxes++;
            pos += size;
            prevStrEnd = strEnd;
            strOp = op;
            strEnd = pos;
            continue;
          case Op.BINUNICODE:
            if (pos + 4 > end) truncated();
            size = u32le(data, pos);
            pos += 4;
            if (size > end - pos) truncated();
            checkString(maxString, size);
            stack[sp++] = decodeUtf8(data, pos, pos + size);
            if (strs !== undefined && strs.fresh(stack, sp - 1, data, pos, pos + size)) boxes++;
            pos += size;
            prevStrEnd = strEnd;
            strOp = op;
            strEnd = pos;
            continue;
          case Op.BINUNICODE8:
            size = this.#size8(pos, 'BINUNICODE exceeds');
            pos += 8;
            checkString(maxString, size);
            stack[sp++] = decodeUtf8(data, pos, pos + size);
            if (strs !== undefined && strs.fresh(stack, sp - 1, data, pos, pos + size)) boxes++;
            pos += size;
            continue;
          case Op.UNICODE: {
            const nl = lineEnd(data, pos);
            checkString(maxString, nl - pos);
            stack[sp++] = decodeRawUnicodeEscape(data, pos, nl);
            if (strs !== undefined && strs.fresh(stack, sp - 1, data, pos, nl, true)) boxes++;
            pos = nl + 1;
            continue;
          }
          // ---- Python 2 str
          case Op.SHORT_BINSTRING:
            if (pos >= end) truncated();
            size = data[pos++]!;
            if (size > end - pos) truncated();
            stack[sp++] = o.keepPy2 ? new Py2Str(data.slice(pos, pos + size)) : o.py2(data, pos, pos + size);
            pos += size;
            continue;
          case Op.BINSTRING:
            if (pos + 4 > end) truncated();
            size = u32le(data, pos);
            pos += 4;
            if (size > end - pos) truncated();
            checkString(maxString, size);
            stack[sp++] = o.keepPy2 ? new Py2Str(data.slice(pos, pos + size)) : o.py2(data, pos, pos + size);
            pos += size;
            continue;
          case Op.STRING: {
            const nl = lineEnd(data, pos);
            checkString(maxString, nl - pos);
            const raw = decodeStringLine(data, pos, nl);
            stack[sp++] = o.keepPy2 ? new Py2Str(raw) : o.py2(raw, 0, raw.length);
            pos = nl + 1;
            continue;
          }
          // ---- bytes and bytearray
          case Op.SHORT_BINBYTES:
            if (pos >= end) truncated();
            size = data[pos++]!;
            if (size > end - pos) truncated();
            stack[sp++] = bytesPayload(data, pos, size, o.bytesViews);
            pos += size;
            continue;
          case Op.BINBYTES:
            if (pos + 4 > end) truncated();
            size = u32le(data, pos);
            pos += 4;
            if (size > end - pos) truncated();
            checkString(maxString, size);
            stack[sp++] = bytesPayload(data, pos, size, o.bytesViews);
            pos += size;
            continue;
          case Op.BINBYTES8:
            size = this.#size8(pos, 'BINBYTES exceeds');
            pos += 8;
            checkString(maxString, size);
            stack[sp++] = bytesPayload(data, pos, size, o.bytesViews);
            pos += size;
            continue;
          case Op.BYTEARRAY8: {
            size = this.#size8(pos, 'BYTEARRAY8 exceeds');
            pos += 8;
            checkString(maxString, size);
            // numpy's in-band protocol 5 array: `_frombuffer(bytearray, ...)` views the bytearray, so
            // with bytesViews the payload is lent to it as a view of the input (bytearray-payload.ts).
            if (o.bytesViews && nmarks > 0 && marks[nmarks] === sp && sp > 0 && feedsArray(stack[sp - 1])) {
              stack[sp++] = new ByteArrayCtor(data.buffer as ArrayBuffer, data.byteOffset + pos, size);
            } else {
              const ba = new ByteArrayCtor(size);
              ba.set(data.subarray(pos, pos + size));
              stack[sp++] = ba;
            }
            pos += size;
            continue;
          }
          case Op.NEXT_BUFFER:
            stack[sp++] = this.#nextBuffer();
            continue;
          case Op.READONLY_BUFFER:
            if (sp <= fence) underflow(nmarks);
            v = stack[sp - 1];
            if (v instanceof BufferRef) v.readonly = true;
            else if (!ArrayBuffer.isView(v)) {
              throw new UnpicklingError(`memoryview: a bytes-like object is required, not '${pyTypeName(v)}'`);
            }
            continue;
          // ---- lists
          case Op.EMPTY_LIST: {
            // A list filled by one batch of simple items is made at its exact size and
            // filled by index by that batch's APPENDS (or APPEND): see simpleBatchLength.
            const k = simpleBatchLength(data, pos, end);
            if (k > 0) {
              stack[sp++] = presized = new Array(k);
              presizedFill = 0;
            } else if (!lossless && floatBatchFollows(data, pos, end, floatRun)) stack[sp++] = emptyFloatList();
            else stack[sp++] = [];
            continue;
          }
          case Op.APPEND:
            if (sp - 1 <= fence) underflow(nmarks);
            v = stack[sp - 2];
            if (v === presized) {
              // The one item of a list made at its exact size (EMPTY_LIST).
              presized = undefined;
              if (boxes > 0) unboxInto(v, stack, sp - 1, sp, false, presizedFill);
              (v as unknown[])[presizedFill] = stack[sp - 1];
            } else {
              if (boxes > 0) unboxInto(v, stack, sp - 1, sp);
              // An index write, not `push`: a registered Array subclass may have an own `push` from BUILD.
              if (Array.isArray(v) && !(v instanceof Tuple)) v[v.length] = stack[sp - 1];
              else if (v instanceof PyObject) v.listItems.push(stack[sp - 1]);
              else if (isUnresolved(v)) unresolvedEffects(v).listItems.push(stack[sp - 1]);
              else throw new UnpicklingError(`'${pyTypeName(v)}' object has no attribute 'append'`);
            }
            sp--;
            if (++items > maxItems) overItems(maxItems);
            continue;
          case Op.APPENDS: {
            const mark = popMark(marks, nmarks--);
            fence = marks[nmarks]!;
            if (mark > sp || mark <= fence) underflow(nmarks);
            const n = sp - mark;
            if (n === 0) continue;
            v = stack[mark - 1];
            items += n;
            work += n;
            if (items > maxItems) overItems(maxItems);
            if (v === presized) {
              // A batch of a list made at its exact size (EMPTY_LIST): filled by index.
              const list = v as unknown[];
              const at = presizedFill;
              if (at + n > list.length) {
                // Never, by simpleBatchLength; the general path then appends to what was filled.
                list.length = at;
                presized = undefined;
              } else {
                if (boxes > 0) unboxInto(list, stack, mark, sp, false, at);
                for (let i = 0; i < n; i++) list[at + i] = stack[mark + i];
                presizedFill = at + n;
                if (presizedFill === list.length) presized = undefined;
                sp = mark;
                continue;
              }
            }
            if (boxes > 0) unboxInto(v, stack, mark, sp);
            if (Array.isArray(v) && !(v instanceof Tuple)) {
              if (v.push === ARRAY_PUSH) for (let i = mark; i < sp; i++) v.push(stack[i]);
              else for (let i = mark; i < sp; i++) ARRAY_PUSH.call(v, stack[i]);
            } else if (v instanceof PyObject || isUnresolved(v)) {
              const li = v instanceof PyObject ? v.listItems : unresolvedEffects(v).listItems;
              for (let i = mark; i < sp; i++) li.push(stack[i]);
            } else throw new UnpicklingError(`'${pyTypeName(v)}' object has no attribute 'append'`);
            sp = mark;
            continue;
          }
          case Op.LIST: {
            const mark = popMark(marks, nmarks--);
            fence = marks[nmarks]!;
            const n = sp - mark;
            items += n;
            work += n;
            if (items > maxItems) overItems(maxItems);
            const list = new Array(n);
            if (boxes > 0) unboxInto(list, stack, mark, sp, false, 0);
            for (let i = 0; i < n; i++) list[i] = stack[mark + i];
            sp = mark;
            stack[sp++] = list;
            continue;
          }
          // ---- tuples
          case Op.EMPTY_TUPLE:
            stack[sp++] = EMPTY_TUPLE;
            continue;
          case Op.TUPLE1:
            if (sp < 1 || sp - 1 < fence) underflow(nmarks);
            stack[sp - 1] = tupleOfArray([stack[sp - 1]]);
            if (boxes > 0) stack[sp - 1] = unboxTuple(stack[sp - 1] as Tuple);
            if (++items > maxItems) overItems(maxItems);
            continue;
          case Op.TUPLE2:
            if (sp < 2 || sp - 2 < fence) underflow(nmarks);
            stack[sp - 2] = tupleOfArray([stack[sp - 2], stack[sp - 1]]);
            sp--;
            if (boxes > 0) stack[sp - 1] = unboxTuple(stack[sp - 1] as Tuple);
            if ((items += 2) > maxItems) overItems(maxItems);
            continue;
          case Op.TUPLE3:
            if (sp < 3 || sp - 3 < fence) underflow(nmarks);
            stack[sp - 3] = tupleOfArray([stack[sp - 3], stack[sp - 2], stack[sp - 1]]);
            sp -= 2;
            if (boxes > 0) stack[sp - 1] = unboxTuple(stack[sp - 1] as Tuple);
            if ((items += 3) > maxItems) overItems(maxItems);
            continue;
          case Op.TUPLE: {
            const mark = popMark(marks, nmarks--);
            fence = marks[nmarks]!;
            const n = sp - mark;
            items += n;
            work += n;
            if (items > maxItems) overItems(maxItems);
            stack[mark] = n === 0 ? EMPTY_TUPLE : tupleOfArray(stack.slice(mark, sp));
            if (boxes > 0 && n > 0) stack[mark] = unboxTuple(stack[mark] as Tuple);
            sp = mark + 1;
            continue;
          }
          // ---- dicts
          case Op.EMPTY_DICT:
            stack[sp++] = objectDicts ? newDictObject() : new Map();
            continue;
          case Op.DICT: {
            const mark = popMark(marks, nmarks--);
            fence = marks[nmarks]!;
            const n = sp - mark;
            if (n % 2 !== 0) throw new UnpicklingError('odd number of items for DICT');
            items += n >> 1;
            work += n;
            if (items > maxItems) overItems(maxItems);
            let from = mark;
            let d: Map<unknown, unknown> | DictObject;
            if (objectDicts) {
              d = newDictObject();
              if (boxes > 0) unboxInto(d, stack, mark, sp, true);
              from = setObjectItems(d, stack, mark, sp);
              // A key an object cannot hold: a Map (nothing has seen the object yet).
              if (from < sp) d = dictObjectToMap(d);
            } else {
              d = new Map<unknown, unknown>();
              if (boxes > 0) unboxInto(d, stack, mark, sp);
            }
            if (from < sp) {
              const m = d as Map<unknown, unknown>;
              for (let i = from; i < sp; i += 2) {
                const k = stack[i];
                if (typeof k === 'object' && k !== null) checkHashable(k);
                m.set(k, stack[i + 1]);
              }
            }
            sp = mark;
            stack[sp++] = d;
            continue;
          }
          case Op.SETITEM: {
            const x = sp - 2;
            if (x <= fence) underflow(nmarks);
            v = stack[x - 1];
            if (boxes > 0) unboxInto(v, stack, x, sp, true);
            if (isPyDict(v)) {
              const k = stack[x];
              if (typeof k === 'object' && k !== null) checkHashable(k);
              MAP_SET.call(v, k, stack[x + 1]);
            } else if (objectDicts && isDictObject(v)) this.#setObjectItems(v, stack, x, sp);
            else this.#setItems(v, stack, x, sp);
            sp = x;
            if (++items > maxItems) overItems(maxItems);
            continue;
          }
          case Op.SETITEMS: {
            const mark = popMark(marks, nmarks--);
            fence = marks[nmarks]!;
            if (mark > sp || mark <= fence) underflow(nmarks);
            const n = sp - mark;
            if (n === 0) continue;
            if (n % 2 !== 0) throw new UnpicklingError('odd number of items for SETITEMS');
            items += n >> 1;
            work += n;
            if (items > maxItems) overItems(maxItems);
            v = stack[mark - 1];
            if (boxes > 0) unboxInto(v, stack, mark, sp, true);
            if (isPyDict(v)) {
              for (let i = mark; i < sp; i += 2) {
                const k = stack[i];
                if (typeof k === 'object' && k !== null) checkHashable(k);
                MAP_SET.call(v, k, stack[i + 1]);
              }
            } else if (objectDicts && isDictObject(v)) this.#setObjectItems(v, stack, mark, sp);
            else this.#setItems(v, stack, mark, sp);
            sp = mark;
            continue;
          }
          // ---- sets
          case Op.EMPTY_SET:
            stack[sp++] = new Set();
            continue;
          case Op.ADDITEMS: {
            const mark = popMark(marks, nmarks--);
            fence = marks[nmarks]!;
            if (mark > sp || mark <= fence) underflow(nmarks);
            const n = sp - mark;
            if (n === 0) continue;
            items += n;
            work += n;
            if (items > maxItems) overItems(maxItems);
            v = stack[mark - 1];
            const separate = boxes > 0 && strs !== undefined ? separateStrsOnStack(stack, mark, sp) : undefined;
            if (boxes > 0) unboxInto(undefined, stack, mark, sp);
            if (isUnresolved(v)) {
              const si = unresolvedEffects(v).setItems;
              for (let i = mark; i < sp; i++) si.push(stack[i]);
              sp = mark;
              continue;
            }
            if (!(v instanceof Set) || v instanceof FrozenSet) {
              throw new UnpicklingError(`'${pyTypeName(v)}' object has no attribute 'add'`);
            }
            for (let i = mark; i < sp; i++) {
              const k = stack[i];
              if (typeof k === 'object' && k !== null) checkHashable(k);
              SET_ADD.call(v, k);
            }
            recordSetMembers(v, separate);
            sp = mark;
            continue;
          }
          case Op.FROZENSET: {
            const mark = popMark(marks, nmarks--);
            fence = marks[nmarks]!;
            const n = sp - mark;
            items += n;
            work += n;
            if (items > maxItems) overItems(maxItems);
            const separate = boxes > 0 && strs !== undefined ? separateStrsOnStack(stack, mark, sp) : undefined;
            if (boxes > 0) unboxInto(undefined, stack, mark, sp);
            for (let i = mark; i < sp; i++) checkHashable(stack[i]);
            stack[mark] = new FrozenSet(stack.slice(mark, sp));
            recordSetMembers(stack[mark] as FrozenSet, separate);
            sp = mark + 1;
            continue;
          }
          // ---- stack manipulation
          case Op.MARK:
            marks[++nmarks] = sp;
            fence = sp;
            continue;
          case Op.POP:
            if (nmarks > 0 && marks[nmarks] === sp) {
              nmarks--;
              fence = marks[nmarks]!;
            } else if (sp <= fence) underflow(nmarks);
            else {
              sp--;
              if (lossless) this.#discard(stack, sp, sp + 1, pos);
              else keepDiscardedCall(stack, sp, data, op, memo);
            }
            continue;
          case Op.POP_MARK: {
            const mark = popMark(marks, nmarks--);
            fence = marks[nmarks]!;
            if (lossless && mark < sp) this.#discard(stack, mark, sp, pos);
            sp = mark;
            continue;
          }
          case Op.DUP:
            if (sp <= fence) underflow(nmarks);
            v = stack[sp - 1];
            if (typeof v === 'object' && v !== null && (work += weigher.weigh(v, maxWork - work + 1) - 1) > maxWork) overShared(maxWork);
            stack[sp++] = v;
            continue;
          // ---- memo
          case Op.BINGET: {
            if (pos >= end) truncated();
            const index = data[pos++]!;
            v = memo.get(index);
            if (v === MEMO_MISSING) throw new UnpicklingError(`Memo value not found at index ${index}`);
            if (lossless) this.#popped.fetched(v);
            if (this.#conversions > 0) v = this.#current(v);
            if (typeof v === 'object' && v !== null && (work += weigher.weigh(v, maxWork - work + 1) - 1) > maxWork) overShared(maxWork);
            stack[sp++] = v;
            continue;
          }
          case Op.LONG_BINGET: {
            if (pos + 4 > end) truncated();
            const index = u32le(data, pos);
            pos += 4;
            v = memo.get(index);
            if (v === MEMO_MISSING) throw new UnpicklingError(`Memo value not found at index ${index}`);
            if (lossless) this.#popped.fetched(v);
            if (this.#conversions > 0) v = this.#current(v);
            if (typeof v === 'object' && v !== null && (work += weigher.weigh(v, maxWork - work + 1) - 1) > maxWork) overShared(maxWork);
            stack[sp++] = v;
            continue;
          }
          case Op.GET: {
            const nl = lineEnd(data, pos);
            if (nl - pos + 1 < 2) truncated();
            const index = parseMemoIndex(data, pos, nl);
            pos = nl + 1;
            v = memo.get(index);
            if (v === MEMO_MISSING) throw new UnpicklingError(`Memo value not found at index ${index}`);
            if (lossless) this.#popped.fetched(v);
            if (this.#conversions > 0) v = this.#current(v);
            if (typeof v === 'object' && v !== null && (work += weigher.weigh(v, maxWork - work + 1) - 1) > maxWork) overShared(maxWork);
            stack[sp++] = v;
            continue;
          }
          case Op.BINPUT:
            if (pos >= end) truncated();
            if (sp <= fence) underflow(nmarks);
            if (lossless) this.#popped.overwritten(memo.get(data[pos]!), this.#leading);
            putMemo(memo, maxMemo, data[pos++]!, stack[sp - 1]);
            continue;
          case Op.LONG_BINPUT:
            if (pos + 4 > end) truncated();
            if (sp <= fence) underflow(nmarks);
            if (lossless) this.#popped.overwritten(memo.get(u32le(data, pos)), this.#leading);
            putMemo(memo, maxMemo, u32le(data, pos), stack[sp - 1]);
            pos += 4;
            continue;
          case Op.PUT: {
            const nl = lineEnd(data, pos);
            if (nl - pos + 1 < 2) truncated();
            if (sp <= fence) underflow(nmarks);
            const index = parseMemoIndex(data, pos, nl);
            if (index < 0) throw new UnpicklingError('negative PUT argument');
            pos = nl + 1;
            if (lossless) this.#popped.overwritten(memo.get(index), this.#leading);
            putMemo(memo, maxMemo, index, stack[sp - 1]);
            continue;
          }
          case Op.MEMOIZE:
            if (sp <= fence) underflow(nmarks);
            if (memo.size === memo.length && memo.size < maxMemo) {
              // The common case: the next dense index. A string right before is kept by offset.
              // (Not a boxed separate str: the memo must keep the box, see separate-strs.ts.)
              if (strEnd === op && typeof stack[sp - 1] === 'string') memo.appendString(strOp, stack[sp - 1] as string);
              else memo.append(stack[sp - 1]);
            } else putMemo(memo, maxMemo, memo.size, stack[sp - 1]);
            continue;
          // ---- globals and objects
          case Op.GLOBAL: {
            const nl1 = lineEnd(data, pos);
            if (nl1 - pos + 1 < 2) truncated();
            const module = strictUtf8(data, pos, nl1);
            const nl2 = lineEnd(data, nl1 + 1);
            if (nl2 - nl1 < 2) truncated();
            const name = strictUtf8(data, nl1 + 1, nl2);
            pos = nl2 + 1;
            stack[sp++] = v = this.#objects.findGlobal(module, name);
            // Protocol 4+ pickles write STACK_GLOBAL; remember the ones that did not.
            // and any global a pickle did not memoize (dill writes raw GLOBALs).
            if (lossless && v instanceof PyGlobal) {
              const c = pos < end ? data[pos] : -1;
              const memoized = c === Op.MEMOIZE || c === Op.BINPUT || c === Op.LONG_BINPUT || c === Op.PUT;
              if (this.#objects.protocol >= 4 || !memoized) markTextGlobal(v, memoized);
            }
            continue;
          }
          case Op.STACK_GLOBAL: {
            if (sp <= fence) underflow(nmarks);
            const name = boxes > 0 ? unboxed(stack[--sp]) : stack[--sp];
            if (sp <= fence) underflow(nmarks);
            const module = boxes > 0 ? unboxed(stack[--sp]) : stack[--sp];
            if (typeof module !== 'string' || typeof name !== 'string') throw new UnpicklingError('STACK_GLOBAL requires str');
            stack[sp++] = v = this.#objects.findGlobal(module, name);
            if (lossless && v instanceof PyGlobal) {
              let bits = 0;
              if (strEndsAt(data, strEnd, op)) {
                bits |= 2;
                if (strEndsAt(data, prevStrEnd, strOp)) bits |= 1;
              } else if (op >= 2 && data[op - 2] === Op.BINGET && strEndsAt(data, strEnd, op - 2)) bits |= 1;
              markFreshNames(v, bits);
            }
            continue;
          }
          case Op.INST: {
            const mark = popMark(marks, nmarks--);
            fence = marks[nmarks]!;
            const nl1 = lineEnd(data, pos);
            if (nl1 - pos + 1 < 2) truncated();
            const module = strictAscii(data, pos, nl1);
            const nl2 = lineEnd(data, nl1 + 1);
            if (nl2 - nl1 < 2) truncated();
            const name = strictAscii(data, nl1 + 1, nl2);
            pos = nl2 + 1;
            const cls = this.#objects.findGlobal(module, name);
            let args = sp === mark ? EMPTY_TUPLE : tupleOfArray(stack.slice(mark, sp));
            if (boxes > 0) args = unboxTuple(args);
            sp = mark;
            if (objectDicts && this.#objects.callsBinding(cls)) args = this.#mapsFor(args, stack, sp) as Tuple;
            items += args.length;
            if (items > maxItems) overItems(maxItems);
            stack[sp++] = v = this.#objects.instantiate(cls, args, 'INST');
            if (v instanceof TypedValue) boxes++;
            continue;
          }
          case Op.OBJ: {
            const mark = popMark(marks, nmarks--);
            fence = marks[nmarks]!;
            if (sp - mark < 1) underflow(nmarks);
            let args = sp === mark + 1 ? EMPTY_TUPLE : tupleOfArray(stack.slice(mark + 1, sp));
            if (boxes > 0) args = unboxTuple(args);
            const cls = stack[mark];
            sp = mark;
            if (objectDicts && this.#objects.callsBinding(cls)) args = this.#mapsFor(args, stack, sp) as Tuple;
            items += args.length;
            if (items > maxItems) overItems(maxItems);
            stack[sp++] = v = this.#objects.instantiate(cls, args, 'OBJ');
            if (v instanceof TypedValue) boxes++;
            continue;
          }
          case Op.REDUCE: {
            if (sp <= fence) underflow(nmarks);
            const args = stack[--sp];
            if (sp <= fence) underflow(nmarks);
            const callable = stack[--sp];
            stack[sp++] = v = this.#objects.reduce(callable, objectDicts && this.#objects.callsBinding(callable) ? this.#mapsFor(args, stack, sp) : args);
            // A binding's typed value (numpy scalar, default mode) is a box like an integral float's.
            if (v instanceof TypedValue) boxes++;
            continue;
          }
          case Op.NEWOBJ:
          case Op.NEWOBJ_EX: {
            let kwargs: unknown = undefined;
            if (code === Op.NEWOBJ_EX) {
              if (sp <= fence) underflow(nmarks);
              kwargs = stack[--sp];
            }
            if (sp <= fence) underflow(nmarks);
            let args = stack[--sp];
            if (sp <= fence) underflow(nmarks);
            const cls = stack[--sp];
            if (objectDicts && this.#objects.callsBinding(cls)) {
              args = this.#mapsFor(args, stack, sp);
              kwargs = this.#mapsFor(kwargs, stack, sp);
            }
            stack[sp++] = this.#objects.newObj(cls, args, kwargs, code === Op.NEWOBJ_EX);
            continue;
          }
          case Op.BUILD: {
            if (sp - 2 < fence) underflow(nmarks);
            if (sp <= fence) underflow(nmarks);
            let state = stack[--sp];
            if (boxes > 0) state = unboxed(state);
            if (sp < 1) underflow(nmarks);
            if (objectDicts && !(stack[sp - 1] instanceof PyObject) && !isUnresolved(stack[sp - 1])) state = this.#mapsFor(state, stack, sp);
            this.#objects.build(stack[sp - 1], state);
            if (o.afterBuild !== undefined) {
              const after = o.afterBuild(stack[sp - 1], data, pos);
              if (after !== undefined) ({ value: stack[sp - 1], end: pos } = after);
            }
            continue;
          }
          case Op.EXT1:
            if (pos >= end) truncated();
            stack[sp++] = this.#objects.extension(data[pos++]!);
            continue;
          case Op.EXT2:
            if (pos + 2 > end) truncated();
            stack[sp++] = this.#objects.extension(u16le(data, pos));
            pos += 2;
            continue;
          case Op.EXT4: {
            if (pos + 4 > end) truncated();
            const extCode = i32le(data, pos);
            pos += 4;
            stack[sp++] = this.#objects.extension(extCode);
            continue;
          }
          // ---- persistent ids
          case Op.PERSID: {
            if (o.persistentLoad === undefined && !lossless) this.#noPersistentLoad();
            const nl = lineEnd(data, pos);
            let pid: string;
            try {
              pid = strictAscii(data, pos, nl);
            } catch {
              throw new UnpicklingError('persistent IDs in protocol 0 must be ASCII strings');
            }
            pos = nl + 1;
            stack[sp++] = this.#persistent(pid, false);
            continue;
          }
          case Op.BINPERSID:
            if (o.persistentLoad === undefined && !lossless) this.#noPersistentLoad();
            if (sp <= fence) underflow(nmarks);
            if (boxes > 0) unboxInto(undefined, stack, sp - 1, sp);
            if (objectDicts && o.persistentLoad !== undefined) stack[sp - 1] = this.#mapsFor(stack[sp - 1], stack, sp - 1);
            stack[sp - 1] = this.#persistent(stack[sp - 1], true);
            continue;
          // ---- machine control
          case Op.PROTO: {
            if (pos >= end) truncated();
            const protocol = data[pos++]!;
            if (protocol > 5) throw new UnpicklingError(`unsupported pickle protocol: ${protocol}`);
            this.#objects.protocol = protocol;
            continue;
          }
          case Op.FRAME:
            // CPython only checks that the frame fits in the input; it then reads on as usual.
            this.#size8(pos, 'FRAME');
            pos += 8;
            continue;
          case Op.STOP:
            if (sp <= fence) underflow(nmarks);
            v = stack[sp - 1];
            if (boxes > 0) v = unboxed(v);
            if (lossless && this.#leading.length > 0 && typeof v === 'object' && v !== null) addDiscardedBefore(v, this.#leading);
            this.#end = pos;
            return v;
          default:
            throw new UnpicklingError(invalidLoadKey(code));
        }
      }
    } catch (e) {
      throw translateError(e, op, code);
    }
  }

  /** dictType 'object': what a memo fetch gives for `v`, an object that may have been converted since it was memoized. */
  #current(v: unknown): unknown {
    if (typeof v !== 'object' || v === null) return v;
    const r = this.#converted!.get(v);
    return r === undefined ? v : r;
  }

  /**
   * dictType 'object': dict object `o` becomes a Map, wherever it sits on the
   * stack now, wherever the memo hands it out later (#current), and wherever
   * it was put before (`substitute`, after the load).
   */
  #convert(o: DictObject, stack: unknown[], sp: number): Map<unknown, unknown> {
    const map = dictObjectToMap(o);
    (this.#converted ??= new Map()).set(o, map);
    this.#conversions++;
    for (let i = 0; i < sp; i++) if (stack[i] === o) stack[i] = map;
    return map;
  }

  /** SETITEM(S) onto a dict object: str keys go on it; from the first other key on, it is a Map. */
  #setObjectItems(o: DictObject, stack: unknown[], from: number, to: number): void {
    const stop = setObjectItems(o, stack, from, to);
    if (stop === to) return;
    const map = this.#convert(o, stack, to);
    for (let i = stop; i < to; i += 2) {
      const k = stack[i];
      checkHashable(k);
      MAP_SET.call(map, k, stack[i + 1]);
    }
  }

  /**
   * dictType 'object': `value` with every dict object under it converted to a
   * Map (#convert), for a binding or hook, which get Maps as in 'map' mode.
   */
  #mapsFor(value: unknown, stack: unknown[], sp: number): unknown {
    if (typeof value !== 'object' || value === null) return value;
    const converted = (this.#converted ??= new Map());
    const { found, stale } = reachableDictObjects(value, converted);
    if (found.length === 0 && !stale) return value;
    for (const o of found) converted.set(o, dictObjectToMap(o));
    this.#conversions++;
    value = substitute(value, converted);
    for (let i = 0; i < sp; i++) {
      const x = stack[i];
      if (typeof x === 'object' && x !== null && converted.has(x)) stack[i] = converted.get(x);
    }
    return value;
  }

  /**
   * MARK, BINFLOAT × k, APPENDS onto a list, as CPython writes a list of
   * floats in batches of 1000: decodes every consecutive batch (the batch
   * pre-scan finds them) straight into the list, never boxing a float on the
   * stack, and sizes an empty plain list once instead of growing it by push.
   * Same result as the opcode-by-opcode path, whose limits it charges: the
   * caller adds `floatRun.floats` items and `floatRun.work` work.
   * @param from offset of the batch's first BINFLOAT (its MARK was executed).
   * @param depth the stack depth (`sp + nmarks`) at that BINFLOAT.
   * @returns false when this does not apply: not a list, not a whole batch,
   *   or a limit would raise inside the run (the general path then raises at
   *   the exact opcode).
   */
  #appendFloatRun(list: unknown, from: number, depth: number, items: number, work: number): boolean {
    if (!Array.isArray(list) || list instanceof Tuple) return false;
    const data = this.#data;
    const run = this.#floatRun;
    // EMPTY_LIST's look-ahead (floatBatchFollows) scanned this very run: one pass over 9 MB, not two.
    if (run.from !== from) scanFloatRun(data, from, data.length, run);
    if (run.batches === 0) return false;
    const limits = this.#o.limits;
    if (items + run.floats > limits.maxItems || work + run.work > limits.maxWork || depth + run.largest > limits.maxDepth) return false;
    const view = this.#view;
    let at = list.length;
    if (at === 0 && Object.getPrototypeOf(list) === Array.prototype) {
      // Sized once: a first double makes the storage hold unboxed doubles, then the length
      // allocates it whole (growing by push copies it about twenty times for 1M floats).
      list[0] = 0.5;
      list.length = run.floats;
    }
    // Index writes, never `push`: a registered Array subclass may have an own `push` from BUILD.
    for (let r = from; r < run.end;) {
      const c = data[r];
      if (c === Op.BINFLOAT) {
        const x = view.getFloat64(r + 1);
        if (Number.isInteger(x)) floatAt(list, at, x);
        list[at++] = x;
        r += 9;
      } else r += c === Op.FRAME ? 9 : 1; // FRAME; MARK or APPENDS
    }
    return true;
  }

  /**
   * Lossless POP/POP_MARK of `stack[from..to)`: an object that is reachable
   * nowhere else (never memoized) was made for its effect, so it is recorded
   * after the nearest object below it on the stack (what the pickle had just
   * finished), or before the root when nothing is below. CPython's own
   * recursion pattern (a discarded duplicate, then a memo fetch of the
   * object) is not an effect: the pickler writes that pattern by itself.
   */
  #discard(stack: unknown[], from: number, to: number, next: number): void {
    const data = this.#data;
    const c = next < data.length ? data[next] : -1;
    if (c === Op.GET || ((c === Op.BINGET || c === Op.LONG_BINGET) && (to - from > 1 || this.#isDuplicate(stack[from], next)))) return;
    const memo = this.#memo;
    let anchor: object | undefined;
    // A bounded look down: the anchor is nearly always right below.
    for (let j = from - 1; j >= 0 && j >= from - 64; j--) {
      const a = stack[j];
      if (typeof a === 'object' && a !== null && !(a instanceof PyGlobal)) {
        anchor = a;
        break;
      }
    }
    for (let i = from; i < to; i++) {
      const v = stack[i];
      if (typeof v !== 'object' || v === null || v instanceof PyGlobal) continue;
      if (memo.everHeld(v)) {
        if (v instanceof PyObject && (anchor !== undefined || from === 0)) this.#popped.add(v, anchor ?? null);
        continue;
      }
      // state_setter(obj, state) right after obj is its state (state-setter.ts).
      if (anchor !== undefined && takeStateSetter(anchor, v, memo)) continue;
      if (anchor !== undefined) addDiscardedAfter(anchor, v);
      else if (from === 0) this.#leading.push(v);
    }
  }

  /** True when the memo fetch at `at` gets an object made the same way as `v` (CPython's recursive reduce). */
  #isDuplicate(v: unknown, at: number): boolean {
    const data = this.#data;
    let index: number;
    if (data[at] === Op.BINGET) {
      if (at + 2 > data.length) return false;
      index = data[at + 1]!;
    } else {
      if (at + 5 > data.length) return false;
      index = u32le(data, at + 1);
    }
    const fetched = this.#memo.get(index);
    if (typeof v !== 'object' || v === null || typeof fetched !== 'object' || fetched === null) return false;
    if (v instanceof PyObject) return fetched instanceof PyObject && fetched.callable === v.callable;
    return Object.getPrototypeOf(v) === Object.getPrototypeOf(fetched);
  }

  /** Length of an 8-byte counted argument at `pos`, checked against the input like CPython. */
  #size8(pos: number, what: string): number {
    const data = this.#data;
    if (pos + 8 > data.length) truncated();
    const lo = u32le(data, pos);
    const hi = u32le(data, pos + 4);
    if (hi >= 0x80000000) {
      throw new UnpicklingError(
        what === 'FRAME' ? `FRAME length exceeds system's maximum of ${SSIZE_MAX} bytes` : `${what} system's maximum size of ${SSIZE_MAX} bytes`,
      );
    }
    const remaining = data.length - (pos + 8);
    if (hi === 0 && lo <= remaining) return lo;
    if (BigInt(pos + 8) + ((BigInt(hi) << 32n) | BigInt(lo)) > SSIZE_MAX) {
      throw new UnpicklingError('read would overflow (invalid bytecode)');
    }
    return truncated();
  }

  /** SETITEM(S) onto something other than a Map: a PyObject records the pairs; a list takes int indices. */
  #setItems(target: unknown, stack: unknown[], from: number, to: number): void {
    if (target instanceof Map) {
      for (let i = from; i < to; i += 2) {
        const k = stack[i];
        checkHashable(k);
        MAP_SET.call(target, k, stack[i + 1]);
      }
      return;
    }
    if (target instanceof PyObject || isUnresolved(target)) {
      const di = target instanceof PyObject ? target.dictItems : unresolvedEffects(target).dictItems;
      for (let i = from; i < to; i += 2) di.push([stack[i], stack[i + 1]]);
      return;
    }
    if (Array.isArray(target) && !(target instanceof Tuple)) {
      for (let i = from; i < to; i += 2) {
        const k = stack[i];
        if (typeof k !== 'number' || !Number.isInteger(k)) {
          throw new UnpicklingError(`list indices must be integers or slices, not ${pyTypeName(k)}`);
        }
        const index = k < 0 ? k + target.length : k;
        if (index < 0 || index >= target.length) throw new UnpicklingError('list assignment index out of range');
        target[index] = stack[i + 1];
      }
      return;
    }
    throw new UnpicklingError(`'${pyTypeName(target)}' object does not support item assignment`);
  }

  #noPersistentLoad(): never {
    throw new UnpicklingError('A load persistent id instruction was encountered,\nbut no persistent_load function was specified.');
  }

  /** PERSID/BINPERSID through `persistentLoad`, or a PersistentRef when lossless. */
  #persistent(pid: unknown, binary: boolean): unknown {
    const hook = this.#o.persistentLoad;
    if (hook === undefined) return new PersistentRef(pid, binary);
    return callHook(() => hook(pid));
  }

  /** NEXT_BUFFER: the next out-of-band buffer, or a BufferRef when lossless without buffers. */
  #nextBuffer(): unknown {
    const it = this.#buffers;
    const index = this.#bufferIndex++;
    if (it === undefined) {
      if (this.#o.lossless) return new BufferRef(index, false);
      throw new UnpicklingError('pickle stream refers to out-of-band data but no *buffers* argument was given');
    }
    const r = callHook(() => it.next());
    if (r.done) throw new UnpicklingError('not enough out-of-band buffers');
    return r.value;
  }
}

/**
 * Loads one pickle from `data`, ignoring any bytes after its STOP (as `pickle.loads`).
 * @param data the pickle.
 * @param options see {@link UnpicklerOptions}.
 * @param bindings the registries consulted after `options.registry` (default: none, the built-ins only;
 *   `picklejar`'s `loads` passes its standard and ML types).
 * @returns the loaded value.
 * @throws UnpicklingError for malformed, truncated, refused or over-limit input.
 */
export function loads(data: BytesLike, options?: UnpicklerOptions, bindings?: DefaultBindings): unknown {
  const unpickler = new Unpickler(data, options, bindings);
  try {
    return unpickler.load();
  } finally {
    release(unpickler);
  }
}

/**
 * One Unpickler kept for the life of the module, never used. V8 holds the
 * hidden classes (maps) of objects weakly from their transition trees and
 * from type feedback: when every Unpickler of a process has died and a full
 * GC ran (as a large load elsewhere in a long-lived process triggers), the
 * maps of Unpickler, its Memo, ObjectBuilder… were collected, the next one
 * got new maps, and the opcode loop deoptimized at each `this.#…` access on
 * the way (measured: 4 deopts of #run per load in a mixed process, each
 * followed by a stretch in the interpreter). A live instance keeps those
 * maps, and so the loop's feedback, valid.
 */
export const KEEP_SHAPES: unknown = new Unpickler(new Uint8Array([0x4e, 0x2e]));
