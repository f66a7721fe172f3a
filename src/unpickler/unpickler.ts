/**
 * The unpickler: one fused opcode loop over a byte buffer, reading pickles of
 * protocols 0–5 the way CPython 3.11's C unpickler (`_pickle`) does, into the
 * picklejar value model. No recursion, no user code but the hooks it was given,
 * no global resolved by property lookup, and every failure an UnpicklingError
 * with the byte offset and opcode.
 */
import { fromPython2 } from '../compat/fix-imports.js';
import { checkGlobalName, checkNewObjClass } from '../compat/global-rules.js';
import { partialNewObjEx } from '../values/newobj-ex-partial.js';
import { keepDiscardedCall, takeStateSetter } from '../values/state-setter.js';
import { PickleError, UnpicklingError } from '../errors.js';
import { Op, OPCODES_BY_CODE } from '../opcodes.js';
import type { ExtensionTable, LoadBinding, LoadRegistry } from '../registry/contract.js';
import { applyDefaultState } from '../registry/object-state.js';
import { pickleSetState } from '../registry/protocol.js';
import { defaultLoadTypes } from '../ml/ml-types.js';
import { Complex } from '../values/complex.js';
import { ByteArray as ByteArrayCtor } from '../values/byte-array.js';
import { Float } from '../values/float.js';
import { FrozenSet } from '../values/frozen-set.js';
import { PyGlobal } from '../values/py-global.js';
import { PyObject, type PyObjectCreation } from '../values/py-object.js';
import { Tuple } from '../values/tuple.js';
import { bytesPayload } from './bytes-payload.js';
import { BufferRef, ExtensionRef, isUnresolved, PersistentRef, unresolvedEffects } from '../values/unresolved.js';
import { addDiscardedAfter, addDiscardedBefore } from '../values/discarded.js';
import { markFreshNames, markTextGlobal } from '../values/written-as.js';
import { Py2Str } from '../values/py2-str.js';
import { nanFloat, readNanBits } from '../values/float-bits.js';
import { floatAt, floatKeyAt, floatValueAt, typedAt, typedKeyAt, typedKeyOf, typedValueAt } from '../values/float-slots.js';
import { TypedValue } from '../values/typed-value.js';
import { recordSetMembers, SeparateStrBox, SeparateStrs, separateStrsOnStack } from '../values/separate-strs.js';
import { decodeLong } from '../wire/long.js';
import { decodeAscii, TextArgumentError } from '../wire/text-arguments.js';
import { decodeUtf8, Utf8Error } from '../wire/utf8.js';
import { asBytes, type BytesLike } from '../wire/bytes-input.js';
import { createBuiltinBindings, DECLINE } from './builtin-bindings.js';
import { convertDictsToObjects } from './dict-objects.js';
import { DEFAULT_UNPICKLER_LIMITS, limitMessage, resolveLimits, type UnpicklerLimits } from './limits.js';
import { Memo, MEMO_MISSING } from './memo.js';
import type { GlobalRef, UnpicklerOptions } from './options.js';
import { py2StringDecoder, type Py2StringDecoder } from './py2-strings.js';
import { checkHashable, pyTypeName } from './py-type-name.js';
import { SharedWeigher } from './shared-weight.js';
import {
  decodeRawUnicodeEscape,
  decodeStringLine,
  parseFloatLine,
  parseIntLine,
  parseLongLine,
  parseMemoIndex,
} from './text-arguments.js';

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

/** The options after defaults, read once per Unpickler. */
interface Resolved {
  readonly lossless: boolean;
  readonly keepPy2: boolean;
  readonly fixImports: boolean;
  readonly py2: Py2StringDecoder;
  readonly persistentLoad: ((pid: unknown) => unknown) | undefined;
  readonly extensions: ReadonlyMap<number, GlobalRef> | ExtensionTable | undefined;
  readonly registry: LoadRegistry | undefined;
  readonly standard: LoadRegistry | undefined;
  readonly afterBuild: UnpicklerOptions['afterBuild'];
  readonly builtins: LoadRegistry;
  readonly findClass: UnpicklerOptions['findClass'];
  readonly allow: Map<string, Set<string>> | undefined;
  readonly objectDicts: boolean;
  readonly bytesViews: boolean;
  readonly limits: Readonly<Required<UnpicklerLimits>>;
}

const builtinCache = new Map<string, LoadRegistry>();
const DEFAULT_BUILTINS = createBuiltinBindings({ lossless: false, maxStringBytes: DEFAULT_UNPICKLER_LIMITS.maxStringBytes });
const DEFAULT_LOSSLESS_BUILTINS = createBuiltinBindings({ lossless: true, maxStringBytes: DEFAULT_UNPICKLER_LIMITS.maxStringBytes });

/** Built-in bindings are immutable, so instances share one per setting. */
function builtinsFor(lossless: boolean, maxStringBytes: number): LoadRegistry {
  if (maxStringBytes === DEFAULT_UNPICKLER_LIMITS.maxStringBytes) return lossless ? DEFAULT_LOSSLESS_BUILTINS : DEFAULT_BUILTINS;
  const key = `${lossless}:${maxStringBytes}`;
  let registry = builtinCache.get(key);
  if (registry === undefined) {
    registry = createBuiltinBindings({ lossless, maxStringBytes });
    if (builtinCache.size < 16) builtinCache.set(key, registry);
  }
  return registry;
}

function resolveOptions(options: UnpicklerOptions): Resolved {
  const limits = resolveLimits(options.limits);
  const lossless = options.lossless === true;
  let allow: Map<string, Set<string>> | undefined;
  if (options.allowGlobals !== undefined) {
    allow = new Map();
    for (const entry of options.allowGlobals) {
      const module = Array.isArray(entry) ? (entry as readonly [string, string])[0] : (entry as GlobalRef).module;
      const name = Array.isArray(entry) ? (entry as readonly [string, string])[1] : (entry as GlobalRef).name;
      let names = allow.get(module);
      if (names === undefined) allow.set(module, (names = new Set()));
      names.add(name);
    }
  }
  return {
    lossless,
    keepPy2: options.keepPython2Strings === true,
    fixImports: options.fixImports !== false,
    py2: py2StringDecoder(options.encoding ?? 'ASCII', options.errors ?? 'strict'),
    persistentLoad: options.persistentLoad,
    extensions: options.extensions,
    registry: options.registry,
    standard: defaultLoadTypes(options.standardTypes !== false, options.mlTypes !== false, lossless),
    afterBuild: options.afterBuild,
    builtins: builtinsFor(lossless, limits.maxStringBytes),
    findClass: options.findClass,
    allow,
    objectDicts: options.dictType === 'object',
    bytesViews: options.bytesViews === true,
    limits,
  };
}

/**
 * A failure inside the opcode loop, turned into an UnpicklingError with the
 * position by the loop's one catch. Not an Error: no stack trace is captured
 * for the common failures (truncation, underflow), which keeps rejecting
 * garbage cheap.
 */
class Fault {
  constructor(readonly message: string) {}
}

function underflow(nmarks: number): never {
  throw new Fault(nmarks > 0 ? 'unexpected MARK found' : 'unpickling stack underflow');
}

function noMark(): never {
  throw new Fault('could not find MARK');
}

function lineEnd(data: Uint8Array, from: number): number {
  const nl = data.indexOf(0x0a, from);
  if (nl < 0) truncated();
  return nl;
}

function overItems(maxItems: number): never {
  throw new UnpicklingError(limitMessage('maxItems', maxItems, 'the number of container items'));
}

function putMemo(memo: Memo, maxMemo: number, index: number, value: unknown): void {
  if (memo.set(index, value) && memo.size > maxMemo) {
    throw new UnpicklingError(limitMessage('maxMemoEntries', maxMemo, 'the number of memo entries'));
  }
}

function checkString(maxString: number, n: number): void {
  if (n > maxString) throw new UnpicklingError(limitMessage('maxStringBytes', maxString, `a string of ${n} bytes`));
}

function overShared(maxWork: number): never {
  throw new UnpicklingError(limitMessage('maxWork', maxWork, 'the work of this load (a shared reference counts what walking it costs)'));
}

/** Throws the error CPython gives when an argument runs past the input. */
function truncated(): never {
  throw new Fault('pickle data was truncated');
}

/** A BINFLOAT in lossless mode: integral floats and -0.0 as `Float`, NaNs other than JS's one with their bits. */
function losslessFloat(f: number, data: Uint8Array, at: number): unknown {
  if (Number.isInteger(f) || Object.is(f, -0)) return new Float(f);
  if (f !== f) {
    const bits = readNanBits(data, at);
    if (bits !== undefined) return nanFloat(bits);
  }
  return f;
}

/**
 * Default mode: replaces the boxes (`Float` for integral floats, `TypedValue`
 * for numpy scalars) in `stack[from..to)` by their plain values, recording
 * where they go in `target`: a list (items), a dict (key/value pairs), an
 * inert object's list items, or with `pairs` its dict items; elsewhere (sets,
 * list index assignment) they are only unboxed.
 * @param base index in the list of `stack[from]` (default: its length).
 */
function unboxInto(target: unknown, stack: unknown[], from: number, to: number, pairs = false, base?: number): void {
  if (target instanceof Map) {
    for (let i = from; i + 1 < to; i += 2) {
      let k = stack[i];
      if (k instanceof Float) {
        stack[i] = k = k.value;
        floatKeyAt(target, k);
      } else if (k instanceof TypedValue) {
        // Lossless: a dict key that was a separate str object (separate-strs.ts).
        if (k instanceof SeparateStrBox) typedKeyOf(target, k.value, k);
        stack[i] = k = k.value;
      }
      const x = stack[i + 1];
      if (x instanceof Float) {
        stack[i + 1] = x.value;
        floatValueAt(target, k, x.value);
      } else if (x instanceof TypedValue) {
        stack[i + 1] = x.value;
        typedValueAt(target, k, x);
      }
    }
    return;
  }
  let slots: object | undefined;
  let at = 0;
  if (target instanceof PyObject) {
    slots = pairs ? target.dictItems : target.listItems;
    at = slots === target.dictItems ? target.dictItems.length : target.listItems.length;
  } else if (!pairs && Array.isArray(target) && !(target instanceof Tuple)) {
    slots = target;
    at = base ?? target.length;
  }
  for (let i = from; i < to; i++) {
    const x = stack[i];
    if (!(x instanceof Float || x instanceof TypedValue)) continue;
    stack[i] = x.value;
    if (slots === undefined) continue;
    // Dict items: values (odd offsets) only, at their pair's index; keys only when separate strs.
    if (pairs && (i - from) % 2 === 0) {
      if (x instanceof SeparateStrBox) typedKeyAt(slots, at + ((i - from) >> 1), x);
      continue;
    }
    const index = pairs ? at + ((i - from) >> 1) : at + (i - from);
    if (x instanceof Float) floatAt(slots, index, x.value);
    else typedAt(slots, index, x);
  }
}

/** Default mode: a tuple with its boxes replaced by plain values, their indices recorded. */
function unboxTuple(t: Tuple): Tuple {
  let found = false;
  for (let i = 0; i < t.length; i++) if (t[i] instanceof Float || t[i] instanceof TypedValue) found = true;
  if (!found) return t;
  const items = t.map(unboxed);
  const out = new Tuple(items);
  for (let i = 0; i < t.length; i++) {
    const x = t[i];
    if (x instanceof Float) floatAt(out, i, x.value);
    else if (x instanceof TypedValue) typedAt(out, i, x);
  }
  return out;
}

/** Default mode: the plain value of a box, or `x` itself. */
function unboxed(x: unknown): unknown {
  return x instanceof Float || x instanceof TypedValue ? x.value : x;
}

/** True when a str opcode ending at `end` (with its MEMOIZE, if any) ends right where `at` starts: the str was written fresh there. */
function strEndsAt(data: Uint8Array, end: number, at: number): boolean {
  return end >= 0 && (end === at || (end + 1 === at && data[end] === Op.MEMOIZE));
}

function noteMemoized(memoized: Set<object>, v: unknown): void {
  if (typeof v === 'object' && v !== null) memoized.add(v);
}

function isPyDict(v: unknown): v is Map<unknown, unknown> {
  return v instanceof Map;
}

/** `invalid load key` as CPython formats the offending byte. */
function invalidLoadKey(code: number): string {
  const printable = code >= 0x20 && code <= 0x7e && code !== 0x27 && code !== 0x5c;
  return `invalid load key, '${printable ? String.fromCharCode(code) : '\\x' + code.toString(16).padStart(2, '0')}'.`;
}

/** A global as the loop sees it: the binding that resolved it (null: none) and its name. */
interface Bound {
  readonly binding: LoadBinding | null;
  readonly g: PyGlobal;
}

/**
 * Prototypes of the value model's own types: BUILD never applies default
 * object state to these (CPython's builtins have no `__dict__`).
 */
const VALUE_MODEL_PROTOTYPES: ReadonlySet<object | null> = new Set<object | null>([
  null,
  Object.prototype,
  Array.prototype,
  Map.prototype,
  Set.prototype,
  Tuple.prototype,
  FrozenSet.prototype,
  ByteArrayCtor.prototype,
  Float.prototype,
  Complex.prototype,
  PyGlobal.prototype,
  PyObject.prototype,
  BufferRef.prototype,
  ExtensionRef.prototype,
  PersistentRef.prototype,
  Py2Str.prototype,
]);

/** True for an instance of a JS class outside the value model (made by a binding): BUILD gives it own fields. */
function isClassInstance(target: object): boolean {
  return !ArrayBuffer.isView(target) && !VALUE_MODEL_PROTOTYPES.has(Object.getPrototypeOf(target) as object | null);
}

/** True for values REDUCE/NEWOBJ may treat as an inert callable or class. */
function isInertCallable(v: unknown): boolean {
  return v instanceof PyGlobal || v instanceof PyObject || v instanceof ExtensionRef || v instanceof PersistentRef;
}

/**
 * Reads pickles from a buffer, one per {@link Unpickler.load} call, like
 * Python's `pickle.Unpickler` on a file. The memo persists across loads of one
 * Unpickler (as CPython's does), so pickles written by one Pickler with
 * several `dump` calls load correctly.
 */
export class Unpickler {
  readonly #data: Uint8Array;
  readonly #view: DataView;
  readonly #o: Resolved;
  readonly #memo: Memo;
  /** What GLOBAL pushed per name: the `PyGlobal`, or the binding's `value`. */
  readonly #globals = new Map<string, Map<string, unknown>>();
  /** Which global (and binding) pushed which value, by identity, so REDUCE/NEWOBJ/BUILD on it use that binding. */
  readonly #bound = new Map<unknown, Bound>();
  readonly #weigher = new SharedWeigher();
  readonly #buffers: Iterator<Uint8Array> | undefined;
  #bufferIndex = 0;
  #pos = 0;
  #proto = 0;
  /** Lossless only: objects ever memoized (a discarded one is still reachable through the memo). */
  readonly #memoized: Set<object> | undefined;
  /** Lossless only: calls discarded with nothing below them, for the root. */
  #leading: unknown[] = [];
  /** Lossless only: the strs read afresh, to box separate equal ones (separate-strs.ts). */
  readonly #strs: SeparateStrs | undefined;

  /**
   * @param input the pickle bytes (any {@link BytesLike}); not copied, so do not modify them while loading.
   * @param options see {@link UnpicklerOptions}.
   * @throws UnpicklingError when the input exceeds `limits.maxInputBytes` or an option is malformed.
   */
  constructor(input: BytesLike, options: UnpicklerOptions = {}) {
    const data = asBytes(input);
    if (data === undefined) throw new UnpicklingError(`a bytes-like object is required, not '${pyTypeName(input)}'`);
    this.#o = resolveOptions(options);
    const max = this.#o.limits.maxInputBytes;
    if (data.length > max) throw new UnpicklingError(limitMessage('maxInputBytes', max, `input of ${data.length} bytes`));
    this.#data = data;
    this.#memo = new Memo(data);
    this.#memoized = this.#o.lossless ? new Set() : undefined;
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
    this.#proto = 0;
    const { value, end, dicts } = this.#run(start);
    this.#pos = end;
    if (this.#o.objectDicts && dicts.length > 0) return convertDictsToObjects(value, dicts);
    return value;
  }

  /** The opcode loop. */
  #run(start: number): { value: unknown; end: number; dicts: Map<unknown, unknown>[] } {
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
    const memoized = this.#memoized;
    this.#leading = [];
    const dicts: Map<unknown, unknown>[] = [];
    const memoDense = memo.dense;
    // Start with a non-number element so the array is generic from the outset: an
    // array that begins with small ints transitions (and deoptimizes the loop) the
    // first time a float or an object is pushed, on every load.
    const stack: unknown[] = [null];
    const marks: number[] = [];
    let sp = 0;
    let nmarks = 0;
    let fence = 0;
    let pos = start;
    let op = start;
    let code = -1;
    let work = 0;
    let items = 0;
    let len = 0;
    let v: unknown;
    // Offset of the last SHORT_BINUNICODE/BINUNICODE and the position after it: a MEMOIZE
    // right there memoizes that string by offset (see Memo).
    let strOp = -1;
    let strEnd = -1;
    // The string opcode before that one (lossless: which strs a STACK_GLOBAL took fresh).
    let prevStrOp = -1;
    let prevStrEnd = -1;
    // Default mode: integral floats are boxed on the stack (as `Float`), and numpy scalars
    // (as `TypedValue`, made by their binding), and unboxed, their positions recorded
    // (float-slots.ts), by whatever takes them off it. Zero while none.
    // Lossless: separate equal strs are boxed too (SeparateStrBox); one may sit in the memo from an earlier load.
    const strs = this.#strs;
    let boxes = strs?.boxed === true ? 1 : 0;

    const weigher = this.#weigher;
    const view = this.#view;

    try {
      for (;;) {
        op = pos;
        if (pos >= end) throw new Fault('Ran out of input');
        if (++work > maxWork) throw new UnpicklingError(limitMessage('maxWork', maxWork, 'the work of this load'));
        if (sp + nmarks > maxDepth) throw new UnpicklingError(limitMessage('maxDepth', maxDepth, 'the stack depth'));
        code = data[pos++]!;
        switch (code) {
          // ---- integers
          case Op.BININT1:
            if (pos >= end) truncated();
            stack[sp++] = data[pos++];
            continue;
          case Op.BININT2:
            if (pos + 2 > end) truncated();
            stack[sp++] = data[pos] | (data[pos + 1]! << 8);
            pos += 2;
            continue;
          case Op.BININT:
            if (pos + 4 > end) truncated();
            stack[sp++] = data[pos] | (data[pos + 1]! << 8) | (data[pos + 2]! << 16) | (data[pos + 3]! << 24);
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
          case Op.LONG1:
            if (pos >= end) truncated();
            len = data[pos++]!;
            if (len > end - pos) truncated();
            stack[sp++] = decodeLong(data, pos, len);
            pos += len;
            continue;
          case Op.LONG4:
            if (pos + 4 > end) truncated();
            len = data[pos] | (data[pos + 1]! << 8) | (data[pos + 2]! << 16) | (data[pos + 3]! << 24);
            pos += 4;
            if (len < 0) throw new UnpicklingError('LONG pickle has negative byte count');
            if (len > end - pos) truncated();
            checkString(maxString, len);
            stack[sp++] = decodeLong(data, pos, len);
            pos += len;
            continue;
          // ---- floats
          case Op.BINFLOAT: {
            if (pos + 8 > end) truncated();
            if (!lossless && nmarks > 0 && marks[nmarks - 1] === sp && sp > (nmarks > 1 ? marks[nmarks - 2]! : 0)) {
              // MARK, BINFLOAT x k, APPENDS onto a list (CPython's batches of a float list): append
              // the floats straight to the list, never boxing them on the stack. Same result as the
              // general path; falls back to it for anything else.
              v = stack[sp - 1];
              if (Array.isArray(v) && !(v instanceof Tuple)) {
                // Scan the batch; FRAME opcodes (every 64 KiB, often inside a batch) are skipped
                // when valid. The general path would count 2k + frames + 1 work, raise on depth
                // sp + k and on items + k: take this path only when none of those would raise.
                let q = op;
                let k = 0;
                let frames = 0;
                for (;;) {
                  if (q + 9 > end) break;
                  const c = data[q];
                  if (c === Op.BINFLOAT) k++;
                  else if (c === Op.FRAME && data[q + 5] === 0 && data[q + 6] === 0 && data[q + 7] === 0 && data[q + 8] === 0) {
                    const frameLength = (data[q + 1]! | (data[q + 2]! << 8) | (data[q + 3]! << 16) | (data[q + 4]! << 24)) >>> 0;
                    if (frameLength > end - (q + 9)) break;
                    frames++;
                  } else break;
                  q += 9;
                }
                if (q < end && data[q] === Op.APPENDS && items + k <= maxItems && work + k + frames <= maxWork && sp + k + nmarks <= maxDepth) {
                  // Only ever the built-in push (a registered subclass may carry its own): called
                  // directly when it is the one found, since `.call` costs a third of this loop.
                  if (v.push === ARRAY_PUSH) {
                    for (let r = op; r < q; r += 9) {
                      if (data[r] !== Op.BINFLOAT) continue;
                      const x = view.getFloat64(r + 1);
                      if (Number.isInteger(x)) floatAt(v, v.length, x);
                      v.push(x);
                    }
                  } else {
                    for (let r = op; r < q; r += 9) {
                      if (data[r] !== Op.BINFLOAT) continue;
                      const x = view.getFloat64(r + 1);
                      if (Number.isInteger(x)) floatAt(v, v.length, x);
                      ARRAY_PUSH.call(v, x);
                    }
                  }
                  items += k;
                  work += 2 * k + frames;
                  code = Op.APPENDS; // the last opcode executed, as errors at the next one name it
                  nmarks--;
                  fence = nmarks > 0 ? marks[nmarks - 1]! : 0;
                  pos = q + 1;
                  continue;
                }
              }
            }
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
            len = data[pos++]!;
            if (len > end - pos) truncated();
            stack[sp++] = decodeUtf8(data, pos, pos + len);
            if (strs !== undefined && strs.fresh(stack, sp - 1, data, pos, pos + len)) boxes++;
            pos += len;
            prevStrOp = strOp;
            prevStrEnd = strEnd;
            strOp = op;
            strEnd = pos;
            continue;
          case Op.BINUNICODE:
            if (pos + 4 > end) truncated();
            len = (data[pos] | (data[pos + 1]! << 8) | (data[pos + 2]! << 16) | (data[pos + 3]! << 24)) >>> 0;
            pos += 4;
            if (len > end - pos) truncated();
            checkString(maxString, len);
            stack[sp++] = decodeUtf8(data, pos, pos + len);
            if (strs !== undefined && strs.fresh(stack, sp - 1, data, pos, pos + len)) boxes++;
            pos += len;
            prevStrOp = strOp;
            prevStrEnd = strEnd;
            strOp = op;
            strEnd = pos;
            continue;
          case Op.BINUNICODE8:
            len = this.#size8(pos, 'BINUNICODE exceeds');
            pos += 8;
            checkString(maxString, len);
            stack[sp++] = decodeUtf8(data, pos, pos + len);
            if (strs !== undefined && strs.fresh(stack, sp - 1, data, pos, pos + len)) boxes++;
            pos += len;
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
            len = data[pos++]!;
            if (len > end - pos) truncated();
            stack[sp++] = o.keepPy2 ? new Py2Str(data.slice(pos, pos + len)) : o.py2(data, pos, pos + len);
            pos += len;
            continue;
          case Op.BINSTRING:
            if (pos + 4 > end) truncated();
            len = (data[pos] | (data[pos + 1]! << 8) | (data[pos + 2]! << 16) | (data[pos + 3]! << 24)) >>> 0;
            pos += 4;
            if (len > end - pos) truncated();
            checkString(maxString, len);
            stack[sp++] = o.keepPy2 ? new Py2Str(data.slice(pos, pos + len)) : o.py2(data, pos, pos + len);
            pos += len;
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
            len = data[pos++]!;
            if (len > end - pos) truncated();
            stack[sp++] = bytesPayload(data, pos, len, o.bytesViews);
            pos += len;
            continue;
          case Op.BINBYTES:
            if (pos + 4 > end) truncated();
            len = (data[pos] | (data[pos + 1]! << 8) | (data[pos + 2]! << 16) | (data[pos + 3]! << 24)) >>> 0;
            pos += 4;
            if (len > end - pos) truncated();
            checkString(maxString, len);
            stack[sp++] = bytesPayload(data, pos, len, o.bytesViews);
            pos += len;
            continue;
          case Op.BINBYTES8:
            len = this.#size8(pos, 'BINBYTES exceeds');
            pos += 8;
            checkString(maxString, len);
            stack[sp++] = bytesPayload(data, pos, len, o.bytesViews);
            pos += len;
            continue;
          case Op.BYTEARRAY8: {
            len = this.#size8(pos, 'BYTEARRAY8 exceeds');
            pos += 8;
            checkString(maxString, len);
            const ba = new ByteArrayCtor(len);
            ba.set(data.subarray(pos, pos + len));
            stack[sp++] = ba;
            pos += len;
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
          case Op.EMPTY_LIST:
            stack[sp++] = [];
            continue;
          case Op.APPEND:
            if (sp - 1 <= fence) underflow(nmarks);
            v = stack[sp - 2];
            if (boxes > 0) unboxInto(v, stack, sp - 1, sp);
            // An index write, not `push`: a registered Array subclass may have an own `push` from BUILD.
            if (Array.isArray(v) && !(v instanceof Tuple)) v[v.length] = stack[sp - 1];
            else if (v instanceof PyObject) v.listItems.push(stack[sp - 1]);
            else if (isUnresolved(v)) unresolvedEffects(v).listItems.push(stack[sp - 1]);
            else throw new UnpicklingError(`'${pyTypeName(v)}' object has no attribute 'append'`);
            sp--;
            if (++items > maxItems) overItems(maxItems);
            continue;
          case Op.APPENDS: {
            if (nmarks < 1) noMark();
            const mark = marks[--nmarks]!;
            fence = nmarks > 0 ? marks[nmarks - 1]! : 0;
            if (mark > sp || mark <= fence) underflow(nmarks);
            const n = sp - mark;
            if (n === 0) continue;
            v = stack[mark - 1];
            items += n;
            work += n;
            if (items > maxItems) overItems(maxItems);
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
            if (nmarks < 1) noMark();
            const mark = marks[--nmarks]!;
            fence = nmarks > 0 ? marks[nmarks - 1]! : 0;
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
            stack[sp - 1] = new Tuple([stack[sp - 1]]);
            if (boxes > 0) stack[sp - 1] = unboxTuple(stack[sp - 1] as Tuple);
            if (++items > maxItems) overItems(maxItems);
            continue;
          case Op.TUPLE2:
            if (sp < 2 || sp - 2 < fence) underflow(nmarks);
            stack[sp - 2] = new Tuple([stack[sp - 2], stack[sp - 1]]);
            sp--;
            if (boxes > 0) stack[sp - 1] = unboxTuple(stack[sp - 1] as Tuple);
            if ((items += 2) > maxItems) overItems(maxItems);
            continue;
          case Op.TUPLE3:
            if (sp < 3 || sp - 3 < fence) underflow(nmarks);
            stack[sp - 3] = new Tuple([stack[sp - 3], stack[sp - 2], stack[sp - 1]]);
            sp -= 2;
            if (boxes > 0) stack[sp - 1] = unboxTuple(stack[sp - 1] as Tuple);
            if ((items += 3) > maxItems) overItems(maxItems);
            continue;
          case Op.TUPLE: {
            if (nmarks < 1) noMark();
            const mark = marks[--nmarks]!;
            fence = nmarks > 0 ? marks[nmarks - 1]! : 0;
            const n = sp - mark;
            items += n;
            work += n;
            if (items > maxItems) overItems(maxItems);
            stack[mark] = n === 0 ? EMPTY_TUPLE : new Tuple(stack.slice(mark, sp));
            if (boxes > 0 && n > 0) stack[mark] = unboxTuple(stack[mark] as Tuple);
            sp = mark + 1;
            continue;
          }
          // ---- dicts
          case Op.EMPTY_DICT:
            stack[sp++] = v = new Map();
            if (objectDicts) dicts.push(v as Map<unknown, unknown>);
            continue;
          case Op.DICT: {
            if (nmarks < 1) noMark();
            const mark = marks[--nmarks]!;
            fence = nmarks > 0 ? marks[nmarks - 1]! : 0;
            const n = sp - mark;
            if (n % 2 !== 0) throw new UnpicklingError('odd number of items for DICT');
            items += n >> 1;
            work += n;
            if (items > maxItems) overItems(maxItems);
            const d = new Map<unknown, unknown>();
            if (objectDicts) dicts.push(d);
            if (boxes > 0) unboxInto(d, stack, mark, sp);
            for (let i = mark; i < sp; i += 2) {
              const k = stack[i];
              if (typeof k === 'object' && k !== null) checkHashable(k);
              d.set(k, stack[i + 1]);
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
            } else this.#setItems(v, stack, x, sp);
            sp = x;
            if (++items > maxItems) overItems(maxItems);
            continue;
          }
          case Op.SETITEMS: {
            if (nmarks < 1) noMark();
            const mark = marks[--nmarks]!;
            fence = nmarks > 0 ? marks[nmarks - 1]! : 0;
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
            } else {
              this.#setItems(v, stack, mark, sp);
            }
            sp = mark;
            continue;
          }
          // ---- sets
          case Op.EMPTY_SET:
            stack[sp++] = new Set();
            continue;
          case Op.ADDITEMS: {
            if (nmarks < 1) noMark();
            const mark = marks[--nmarks]!;
            fence = nmarks > 0 ? marks[nmarks - 1]! : 0;
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
            if (nmarks < 1) noMark();
            const mark = marks[--nmarks]!;
            fence = nmarks > 0 ? marks[nmarks - 1]! : 0;
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
            marks[nmarks++] = sp;
            fence = sp;
            continue;
          case Op.POP:
            if (nmarks > 0 && marks[nmarks - 1] === sp) {
              nmarks--;
              fence = nmarks > 0 ? marks[nmarks - 1]! : 0;
            } else if (sp <= fence) underflow(nmarks);
            else {
              sp--;
              if (lossless) this.#discard(stack, sp, sp + 1, pos);
              else keepDiscardedCall(stack, sp, data, op, memo);
            }
            continue;
          case Op.POP_MARK: {
            if (nmarks < 1) noMark();
            const mark = marks[--nmarks]!;
            fence = nmarks > 0 ? marks[nmarks - 1]! : 0;
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
          case Op.BINGET:
            if (pos >= end) truncated();
            len = data[pos++]!;
            v = memo.get(len);
            if (v === MEMO_MISSING) throw new UnpicklingError(`Memo value not found at index ${len}`);
            if (typeof v === 'object' && v !== null && (work += weigher.weigh(v, maxWork - work + 1) - 1) > maxWork) overShared(maxWork);
            stack[sp++] = v;
            continue;
          case Op.LONG_BINGET:
            if (pos + 4 > end) truncated();
            len = (data[pos] | (data[pos + 1]! << 8) | (data[pos + 2]! << 16) | (data[pos + 3]! << 24)) >>> 0;
            pos += 4;
            v = memo.get(len);
            if (v === MEMO_MISSING) throw new UnpicklingError(`Memo value not found at index ${len}`);
            if (typeof v === 'object' && v !== null && (work += weigher.weigh(v, maxWork - work + 1) - 1) > maxWork) overShared(maxWork);
            stack[sp++] = v;
            continue;
          case Op.GET: {
            const nl = lineEnd(data, pos);
            if (nl - pos + 1 < 2) truncated();
            const index = parseMemoIndex(data, pos, nl);
            pos = nl + 1;
            v = memo.get(index);
            if (v === MEMO_MISSING) throw new UnpicklingError(`Memo value not found at index ${index}`);
            if (typeof v === 'object' && v !== null && (work += weigher.weigh(v, maxWork - work + 1) - 1) > maxWork) overShared(maxWork);
            stack[sp++] = v;
            continue;
          }
          case Op.BINPUT:
            if (pos >= end) truncated();
            if (sp <= fence) underflow(nmarks);
            putMemo(memo, maxMemo, data[pos++]!, stack[sp - 1]);
            if (memoized !== undefined) noteMemoized(memoized, stack[sp - 1]);
            continue;
          case Op.LONG_BINPUT:
            if (pos + 4 > end) truncated();
            if (sp <= fence) underflow(nmarks);
            putMemo(memo, maxMemo, (data[pos] | (data[pos + 1]! << 8) | (data[pos + 2]! << 16) | (data[pos + 3]! << 24)) >>> 0, stack[sp - 1]);
            if (memoized !== undefined) noteMemoized(memoized, stack[sp - 1]);
            pos += 4;
            continue;
          case Op.PUT: {
            const nl = lineEnd(data, pos);
            if (nl - pos + 1 < 2) truncated();
            if (sp <= fence) underflow(nmarks);
            const index = parseMemoIndex(data, pos, nl);
            if (index < 0) throw new UnpicklingError('negative PUT argument');
            pos = nl + 1;
            putMemo(memo, maxMemo, index, stack[sp - 1]);
            if (memoized !== undefined) noteMemoized(memoized, stack[sp - 1]);
            continue;
          }
          case Op.MEMOIZE:
            if (sp <= fence) underflow(nmarks);
            if (memo.size === memoDense.length && memo.size < maxMemo) {
              // The common case: the next dense index, appended without a call.
              // (Not a boxed separate str: the memo must keep the box, see separate-strs.ts.)
              if (strEnd === op && typeof stack[sp - 1] === 'string') memo.pushString(strOp);
              else {
                memoDense.push(stack[sp - 1]);
                memo.size++;
              }
            } else putMemo(memo, maxMemo, memo.size, stack[sp - 1]);
            if (memoized !== undefined) noteMemoized(memoized, stack[sp - 1]);
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
            stack[sp++] = v = this.#findGlobal(module, name);
            // Protocol 4+ pickles write STACK_GLOBAL; remember the ones that did not.
            // and any global a pickle did not memoize (dill writes raw GLOBALs).
            if (lossless && v instanceof PyGlobal) {
              const c = pos < end ? data[pos] : -1;
              const memoized = c === Op.MEMOIZE || c === Op.BINPUT || c === Op.LONG_BINPUT || c === Op.PUT;
              if (this.#proto >= 4 || !memoized) markTextGlobal(v, memoized);
            }
            continue;
          }
          case Op.STACK_GLOBAL: {
            if (sp <= fence) underflow(nmarks);
            const name = boxes > 0 ? unboxed(stack[--sp]) : stack[--sp];
            if (sp <= fence) underflow(nmarks);
            const module = boxes > 0 ? unboxed(stack[--sp]) : stack[--sp];
            if (typeof module !== 'string' || typeof name !== 'string') throw new UnpicklingError('STACK_GLOBAL requires str');
            stack[sp++] = v = this.#findGlobal(module, name);
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
            if (nmarks < 1) noMark();
            const mark = marks[--nmarks]!;
            fence = nmarks > 0 ? marks[nmarks - 1]! : 0;
            const nl1 = lineEnd(data, pos);
            if (nl1 - pos + 1 < 2) truncated();
            const module = strictAscii(data, pos, nl1);
            const nl2 = lineEnd(data, nl1 + 1);
            if (nl2 - nl1 < 2) truncated();
            const name = strictAscii(data, nl1 + 1, nl2);
            pos = nl2 + 1;
            const cls = this.#findGlobal(module, name);
            let args = sp === mark ? EMPTY_TUPLE : new Tuple(stack.slice(mark, sp));
            if (boxes > 0) args = unboxTuple(args);
            sp = mark;
            items += args.length;
            if (items > maxItems) overItems(maxItems);
            stack[sp++] = v = this.#instantiate(cls, args, 'INST');
            if (v instanceof TypedValue) boxes++;
            continue;
          }
          case Op.OBJ: {
            if (nmarks < 1) noMark();
            const mark = marks[--nmarks]!;
            fence = nmarks > 0 ? marks[nmarks - 1]! : 0;
            if (sp - mark < 1) underflow(nmarks);
            let args = sp === mark + 1 ? EMPTY_TUPLE : new Tuple(stack.slice(mark + 1, sp));
            if (boxes > 0) args = unboxTuple(args);
            const cls = stack[mark];
            sp = mark;
            items += args.length;
            if (items > maxItems) overItems(maxItems);
            stack[sp++] = v = this.#instantiate(cls, args, 'OBJ');
            if (v instanceof TypedValue) boxes++;
            continue;
          }
          case Op.REDUCE: {
            if (sp <= fence) underflow(nmarks);
            const args = stack[--sp];
            if (sp <= fence) underflow(nmarks);
            const callable = stack[--sp];
            stack[sp++] = v = this.#reduce(callable, args);
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
            const args = stack[--sp];
            if (sp <= fence) underflow(nmarks);
            const cls = stack[--sp];
            stack[sp++] = this.#newObj(cls, args, kwargs, code === Op.NEWOBJ_EX);
            continue;
          }
          case Op.BUILD: {
            if (sp - 2 < fence) underflow(nmarks);
            if (sp <= fence) underflow(nmarks);
            let state = stack[--sp];
            if (boxes > 0) state = unboxed(state);
            if (sp < 1) underflow(nmarks);
            this.#build(stack[sp - 1], state);
            if (o.afterBuild !== undefined) {
              const after = o.afterBuild(stack[sp - 1], data, pos);
              if (after !== undefined) ({ value: stack[sp - 1], end: pos } = after);
            }
            continue;
          }
          case Op.EXT1:
            if (pos >= end) truncated();
            stack[sp++] = this.#extension(data[pos++]!);
            continue;
          case Op.EXT2:
            if (pos + 2 > end) truncated();
            stack[sp++] = this.#extension(data[pos] | (data[pos + 1]! << 8));
            pos += 2;
            continue;
          case Op.EXT4:
            if (pos + 4 > end) truncated();
            len = data[pos] | (data[pos + 1]! << 8) | (data[pos + 2]! << 16) | (data[pos + 3]! << 24);
            pos += 4;
            stack[sp++] = this.#extension(len);
            continue;
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
            stack[sp - 1] = this.#persistent(stack[sp - 1], true);
            continue;
          // ---- machine control
          case Op.PROTO:
            if (pos >= end) truncated();
            len = data[pos++]!;
            if (len > 5) throw new UnpicklingError(`unsupported pickle protocol: ${len}`);
            this.#proto = len;
            continue;
          case Op.FRAME:
            // CPython only checks that the frame fits in the input; it then reads on as usual.
            len = this.#size8(pos, 'FRAME');
            pos += 8;
            continue;
          case Op.STOP:
            if (sp <= fence) underflow(nmarks);
            v = stack[sp - 1];
            if (boxes > 0) v = unboxed(v);
            if (lossless && this.#leading.length > 0 && typeof v === 'object' && v !== null) addDiscardedBefore(v, this.#leading);
            return { value: v, end: pos, dicts };
          default:
            throw new UnpicklingError(invalidLoadKey(code));
        }
      }
    } catch (e) {
      const name = code >= 0 ? OPCODES_BY_CODE[code]?.name ?? '' : '';
      if (e instanceof Fault || e instanceof TextArgumentError) throw new UnpicklingError(e.message, { offset: op, opcode: name });
      if (e instanceof UnpicklingError && e.offset >= 0) throw e;
      if (e instanceof PickleError && !(e instanceof UnpicklingError)) {
        throw wrapForeign(e, e.message, op, name);
      }
      if (e instanceof UnpicklingError) {
        const out = new UnpicklingError(e.message, { offset: op, opcode: name });
        (out as { cause?: unknown }).cause = e.cause;
        throw out;
      }
      if (e instanceof Utf8Error) throw wrapForeign(e, `'utf-8' codec can't decode bytes: ${e.message}`, op, name);
      throw wrapForeign(e, undefined, op, name);
    }
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
    const memoized = this.#memoized!;
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
      if (typeof v !== 'object' || v === null || v instanceof PyGlobal || memoized.has(v)) continue;
      // state_setter(obj, state) right after obj is its state (state-setter.ts).
      if (anchor !== undefined && takeStateSetter(anchor, v, memoized)) continue;
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
      index = (data[at + 1]! | (data[at + 2]! << 8) | (data[at + 3]! << 16) | (data[at + 4]! << 24)) >>> 0;
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
    const lo = (data[pos] | (data[pos + 1]! << 8) | (data[pos + 2]! << 16) | (data[pos + 3]! << 24)) >>> 0;
    const hi = (data[pos + 4] | (data[pos + 5]! << 8) | (data[pos + 6]! << 16) | (data[pos + 7]! << 24)) >>> 0;
    if (hi >= 0x80000000) {
      throw new UnpicklingError(
        what === 'FRAME'
          ? `FRAME length exceeds system's maximum of ${SSIZE_MAX} bytes`
          : `${what} system's maximum size of ${SSIZE_MAX} bytes`,
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

  /**
   * GLOBAL/STACK_GLOBAL/INST/EXT: map, check the allowlist, bind, and return
   * what the global loads as — its binding's `value`, else the one `PyGlobal`
   * for the name — remembering which binding produced it.
   */
  #findGlobal(module: string, name: string): unknown {
    const o = this.#o;
    if (this.#proto < 3 && o.fixImports) {
      const mapped = fromPython2(module, name);
      module = mapped.module;
      name = mapped.name;
    }
    let byName = this.#globals.get(module);
    if (byName !== undefined && byName.has(name)) return byName.get(name);
    if (o.allow !== undefined && o.allow.get(module)?.has(name) !== true) {
      throw new UnpicklingError(`global '${module}.${name}' is forbidden: it is not in allowGlobals`);
    }
    let binding: LoadBinding | null | undefined;
    let pushed: unknown;
    const g = new PyGlobal(module, name);
    try {
      if (o.findClass !== undefined) {
        try {
          binding = o.findClass(module, name);
        } catch (e) {
          throw wrapForeign(e, `findClass refused ${module}.${name}`, -1, '');
        }
      }
      // Names CPython's find_class cannot resolve fail here too (global-rules.ts).
      if (binding === undefined) checkGlobalName(module, name, this.#proto);
      if (binding === undefined && o.registry !== undefined) binding = o.registry.lookup(module, name);
      if (binding === undefined && o.standard !== undefined) binding = o.standard.lookup(module, name);
      if (binding === undefined) binding = o.builtins.lookup(module, name);
      pushed = binding?.value;
    } catch (e) {
      if (e instanceof UnpicklingError) throw e;
      throw wrapForeign(e, `binding ${module}.${name} failed: ${errorText(e)}`, -1, '');
    }
    if (pushed === undefined) pushed = g;
    if (byName === undefined) this.#globals.set(module, (byName = new Map()));
    byName.set(name, pushed);
    if ((typeof pushed === 'object' && pushed !== null) || typeof pushed === 'function') {
      // The first global to push a value keeps it: a class registered under two names calls one binding.
      if (!this.#bound.has(pushed)) this.#bound.set(pushed, { binding: binding ?? null, g });
    }
    return pushed;
  }

  /** REDUCE: a bound global is called; other callables give an inert PyObject. */
  #reduce(callable: unknown, args: unknown): unknown {
    if (!(args instanceof Tuple)) {
      // persistent_load (or the buffers) could have given CPython a tuple here: stay inert.
      if (isUnresolved(args) && (this.#bound.has(callable) || isInertCallable(callable))) {
        return new PyObject(this.#bound.get(callable)?.g ?? callable, args, 'REDUCE');
      }
      throw new UnpicklingError('argument list must be a tuple');
    }
    const bound = this.#bound.get(callable);
    if (bound !== undefined) {
      const binding = bound.binding;
      if (binding?.call !== undefined) {
        const result = callBinding(() => binding.call!(args, bound.g), bound.g);
        if (result !== DECLINE) return result;
      } else if (bound.g.module === 'copyreg' && args.length > 0) {
        const created = this.#copyregCreate(bound.g.name, args);
        if (created !== DECLINE) return created;
      }
      return new PyObject(bound.g, args, 'REDUCE');
    }
    // Default mode: functools.partial(cls.__new__, cls, *args, **kwargs)() of a bound class is its NEWOBJ_EX (newobj-ex-partial.ts).
    const ex = this.#o.lossless ? undefined : partialNewObjEx(callable, args);
    if (ex !== undefined && this.#bound.get(ex.cls)?.binding) return this.#newObj(ex.cls, ex.args, ex.kwargs, true);
    if (isInertCallable(callable)) return new PyObject(callable, args, 'REDUCE');
    throw new UnpicklingError(`'${pyTypeName(callable)}' object is not callable`);
  }

  /**
   * `copyreg.__newobj__(cls, *args)` and `copyreg._reconstructor(cls, base, state)`
   * on a class the caller bound: its `create`, or its `reconstruct` (with
   * `create` for the `object` base when it has none).
   */
  #copyregCreate(name: string, args: Tuple): unknown {
    const bound = this.#bound.get(args[0]);
    const binding = bound?.binding;
    if (bound === undefined || binding == null) return DECLINE;
    if (name === '__newobj__') {
      if (binding.create === undefined) return DECLINE;
      return callBinding(() => binding.create!(args.slice(1), undefined), bound.g);
    }
    if (name === '_reconstructor' && args.length === 3) {
      const base = args[1];
      const baseState = args[2];
      if (binding.reconstruct !== undefined) return callBinding(() => binding.reconstruct!(base, baseState), bound.g);
      if (binding.create !== undefined && baseState === null && base instanceof PyGlobal && base.module === 'builtins' && base.name === 'object') {
        return callBinding(() => binding.create!([], undefined), bound.g);
      }
    }
    return DECLINE;
  }

  /** INST/OBJ: CPython's `instantiate` — `cls.__new__(cls)` without args, else `cls(*args)`. */
  #instantiate(cls: unknown, args: Tuple, creation: PyObjectCreation): unknown {
    const bound = this.#bound.get(cls);
    if (bound !== undefined) {
      const binding = bound.binding;
      if (binding) {
        if (args.length === 0 && binding.create !== undefined) {
          const r = callBinding(() => binding.create!([], undefined), bound.g);
          if (r !== DECLINE) return r;
        } else if (binding.call !== undefined) {
          const r = callBinding(() => binding.call!(args), bound.g);
          if (r !== DECLINE) return r;
        }
      }
      return new PyObject(bound.g, args, creation);
    }
    if (isInertCallable(cls)) return new PyObject(cls, args, creation);
    throw new UnpicklingError(`'${pyTypeName(cls)}' object is not callable`);
  }

  /** NEWOBJ/NEWOBJ_EX: `cls.__new__(cls, *args, **kwargs)`. */
  #newObj(cls: unknown, args: unknown, kwargs: unknown, ex: boolean): unknown {
    const opname = ex ? 'NEWOBJ_EX' : 'NEWOBJ';
    const bound = this.#bound.get(cls);
    if (bound === undefined && !isInertCallable(cls)) {
      throw new UnpicklingError(`${opname} class argument must be a type, not ${pyTypeName(cls)}`);
    }
    if (bound !== undefined) checkNewObjClass(bound.g.module, bound.g.name, opname);
    const unresolved = isUnresolved(args) || (ex && isUnresolved(kwargs));
    if (!(args instanceof Tuple) && !isUnresolved(args)) throw new UnpicklingError(`${opname} args argument must be a tuple, not ${pyTypeName(args)}`);
    if (ex && !(kwargs instanceof Map) && !isUnresolved(kwargs)) throw new UnpicklingError(`${opname} kwargs argument must be a dict, not ${pyTypeName(kwargs)}`);
    if (bound !== undefined) {
      const binding = bound.binding;
      if (binding?.create !== undefined && !unresolved) {
        const r = callBinding(() => binding.create!(args as Tuple, kwargs as Map<unknown, unknown> | undefined), bound.g);
        if (r !== DECLINE) return r;
      }
      return new PyObject(bound.g, args, ex ? 'NEWOBJ_EX' : 'NEWOBJ', kwargs);
    }
    return new PyObject(cls, args, ex ? 'NEWOBJ_EX' : 'NEWOBJ', kwargs);
  }

  /**
   * BUILD: a PyObject keeps the state; other targets go to the registries'
   * setState, then the instance's own `[pickleSetState]`, then CPython's
   * default rules (own fields for instances of JS classes; an error for the
   * value model's builtins, which have no `__dict__`).
   */
  #build(target: unknown, state: unknown): void {
    if (target instanceof PyObject) {
      target.state = state;
      return;
    }
    if (isUnresolved(target)) {
      unresolvedEffects(target).states.push(state);
      return;
    }
    const o = this.#o;
    if (typeof target === 'object' && target !== null) {
      for (const registry of [o.registry, o.standard, o.builtins]) {
        if (registry?.setState === undefined) continue;
        let handled = false;
        try {
          handled = registry.setState(target, state);
        } catch (e) {
          throw wrapForeign(e, undefined, -1, '');
        }
        if (handled) return;
      }
      const own = (target as { [pickleSetState]?: unknown })[pickleSetState];
      if (typeof own === 'function') {
        try {
          own.call(target, state);
        } catch (e) {
          throw wrapForeign(e, undefined, -1, '');
        }
        return;
      }
      if (isClassInstance(target)) {
        try {
          applyDefaultState(target, state);
        } catch (e) {
          throw wrapForeign(e, e instanceof TypeError ? e.message : undefined, -1, '');
        }
        return;
      }
    }
    // CPython's default __setstate__: None, or (dict-or-None, slot dict), applied to __dict__ and attributes.
    let dictState = state;
    let slotState: unknown = undefined;
    if (state instanceof Tuple && state.length === 2) {
      dictState = state[0];
      slotState = state[1];
    }
    if (dictState !== null) {
      if (!(dictState instanceof Map)) throw new UnpicklingError('state is not a dictionary');
      throw new UnpicklingError(`'${pyTypeName(target)}' object has no attribute '__dict__'`);
    }
    if (slotState !== undefined) {
      if (!(slotState instanceof Map)) throw new UnpicklingError('slot state is not a dictionary');
      for (const key of slotState.keys()) {
        throw new UnpicklingError(`'${pyTypeName(target)}' object has no attribute '${String(key)}'`);
      }
    }
  }

  /** EXT1/EXT2/EXT4 through the `extensions` option. */
  #extension(code: number): unknown {
    if (code <= 0) throw new UnpicklingError('EXT specifies code <= 0');
    const table = this.#o.extensions;
    let ref: GlobalRef | undefined;
    try {
      ref = table === undefined ? undefined : 'lookupCode' in table ? table.lookupCode(code) : table.get(code);
    } catch (e) {
      throw wrapForeign(e, undefined, -1, '');
    }
    if (ref === undefined) {
      if (this.#o.lossless) return new ExtensionRef(code);
      throw new UnpicklingError(`unregistered extension code ${code}`);
    }
    if (typeof ref !== 'object' || ref === null || typeof ref.module !== 'string' || typeof ref.name !== 'string') {
      throw new UnpicklingError(`_inverted_registry[${code}] isn't a 2-tuple of strings`);
    }
    return this.#findGlobal(ref.module, ref.name);
  }

  #noPersistentLoad(): never {
    throw new UnpicklingError('A load persistent id instruction was encountered,\nbut no persistent_load function was specified.');
  }

  /** PERSID/BINPERSID through `persistentLoad`, or a PersistentRef when lossless. */
  #persistent(pid: unknown, binary: boolean): unknown {
    const hook = this.#o.persistentLoad;
    if (hook === undefined) return new PersistentRef(pid, binary);
    try {
      return hook(pid);
    } catch (e) {
      throw wrapForeign(e, undefined, -1, '');
    }
  }

  /** NEXT_BUFFER: the next out-of-band buffer, or a BufferRef when lossless without buffers. */
  #nextBuffer(): unknown {
    const it = this.#buffers;
    const index = this.#bufferIndex++;
    if (it === undefined) {
      if (this.#o.lossless) return new BufferRef(index, false);
      throw new UnpicklingError('pickle stream refers to out-of-band data but no *buffers* argument was given');
    }
    let r: IteratorResult<Uint8Array>;
    try {
      r = it.next();
    } catch (e) {
      throw wrapForeign(e, undefined, -1, '');
    }
    if (r.done) throw new UnpicklingError('not enough out-of-band buffers');
    return r.value;
  }
}

/** Decodes a GLOBAL line as CPython: strict UTF-8, no lone surrogates. */
function strictUtf8(data: Uint8Array, start: number, end: number): string {
  let s: string;
  try {
    s = decodeUtf8(data, start, end);
  } catch (e) {
    if (e instanceof Utf8Error) throw new UnpicklingError(`'utf-8' codec can't decode global name: ${e.message}`);
    throw e;
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      if (c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          i++;
          continue;
        }
      }
      throw new UnpicklingError("'utf-8' codec can't decode global name: surrogates not allowed");
    }
  }
  return s;
}

/** Decodes an INST/PERSID line as CPython: strict ASCII (a TextArgumentError otherwise). */
function strictAscii(data: Uint8Array, start: number, end: number): string {
  return decodeAscii(data, start, end);
}

/** Calls a binding, turning anything it throws into an UnpicklingError naming the global. */
function callBinding(fn: () => unknown, g: PyGlobal): unknown {
  try {
    return fn();
  } catch (e) {
    if (e instanceof UnpicklingError) throw e;
    throw wrapForeign(e, `${g.module}.${g.name} raised: ${errorText(e)}`, -1, '');
  }
}

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  try {
    return String(e);
  } catch {
    return 'an exception';
  }
}

/** Wraps a foreign throwable (including stack overflows and user errors) as an UnpicklingError. */
function wrapForeign(e: unknown, message: string | undefined, offset: number, opcode: string): UnpicklingError {
  const out = new UnpicklingError(message ?? errorText(e), offset >= 0 ? { offset, opcode } : {});
  (out as { cause?: unknown }).cause = e;
  return out;
}

/**
 * Loads one pickle from `data`, ignoring any bytes after its STOP (as `pickle.loads`).
 * @param data the pickle.
 * @param options see {@link UnpicklerOptions}.
 * @returns the loaded value.
 * @throws UnpicklingError for malformed, truncated, refused or over-limit input.
 */
export function loads(data: BytesLike, options?: UnpicklerOptions): unknown {
  return new Unpickler(data, options).load();
}
