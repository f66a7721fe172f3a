/**
 * The scanner's symbolic machine: CPython's unpickler (the C one, `_pickle`,
 * which `pickle.loads` uses) with every value replaced by a symbol. It reads
 * the token stream of `tools/genops` (`readOp`), keeps the stack, the mark
 * stack and the memo exactly as CPython does (including its fences and its
 * errors), and hands every import, call and mutation CPython would perform
 * to `effects.ts`, which turns them into findings.
 * It never builds a real value and never recurses.
 */
import { UnpicklingError } from '../errors.js';
import { ARG_KINDS, Op, OPCODES_BY_CODE, type OpcodeInfo } from '../opcodes.js';
import { readOp } from '../tools/genops.js';
import { i32le, lengthPrefix, u16le, writeU64le } from '../wire/integers.js';
import { decodeLong } from '../wire/long.js';
import { decodeUtf8 } from '../wire/utf8.js';
import { Effects, type MachineContext } from './effects.js';
import { prim, type DtypeInfo, type Sym } from './symbols.js';
import { judgeFloat, judgeInt, judgeLong, type TextJudgement } from './text-numbers.js';

export type { FindingDraft, MachineContext } from './effects.js';

const INT = prim('int');
const FLOAT = prim('float');
const NONE = prim('None');
const BOOL = prim('bool');
const LIST = prim('list');
const DICT = prim('dict');
const SET = prim('set');
const FROZENSET = prim('frozenset');
const BYTEARRAY = prim('bytearray');
const BUFFER = prim('buffer');

/** How one stream of pickles ended. */
export interface StreamResult {
  /** Number of pickles executed (complete or not). */
  readonly pickles: number;
  /** Set when the first pickle is malformed: CPython would raise. Later pickles' errors become findings. */
  readonly error?: UnpicklingError;
  /** Offset just past each pickle's STOP, in order (complete pickles only). */
  readonly ends: readonly number[];
}

/** Constants longer than this are reported as a resource risk. */
const HUGE_CONSTANT = 64 * 1024 * 1024;
/** GET/DUP count reported as a resource risk. */
const SHARED_REFERENCES = 1_000_000;
/** PUT indexes beyond this make the C unpickler allocate a memo table of twice the index. */
const HUGE_MEMO_INDEX = 10_000_000;
/** Mark depth reported as a resource risk. */
const DEEP_MARKS = 10_000;

const BYTES_KINDS = new Set(['bytes1', 'bytes4', 'bytes8', 'bytearray8', 'string1', 'string4']);
/** Argument kinds whose value the machine never needs: skipping their decoding saves work on huge numbers. */
const SKIP_DECODE = new Set(['bytes1', 'bytes4', 'bytes8', 'bytearray8', 'long1', 'long4', 'decimalnl_long', 'stringnl_noescape_pair', 'stringnl_noescape']);

class Machine {
  private stack: Sym[] = [];
  private marks: number[] = [];
  private memo = new Map<number, Sym>();
  private proto = 0;
  private frameEnd = -1;
  private sharedCount = 0;
  private lastItems: Sym[] | undefined;
  private trackKeys = false;
  /** Set once the stream's other reading (the C unpickler reading a file) has been handed to the scan. */
  private diverged = false;
  /** Offset of the FRAME opcode of the current frame. */
  private frameStart = -1;
  private lastItemsEnd = -1;
  /** True in the machine that reads the pickle of a joblib object array: one level only. */
  private inner = false;
  private readonly fx: Effects;
  /**
   * The reused token of the fast path: one per machine, since a machine runs
   * another (a joblib object array's pickle) while holding its own token.
   */
  private readonly scratch: { op: OpcodeInfo; arg: unknown; offset: number; length: number } = {
    op: OPCODES_BY_CODE[Op.NONE]!,
    arg: null,
    offset: 0,
    length: 1,
  };

  constructor(
    private readonly data: Uint8Array,
    private readonly ctx: MachineContext,
  ) {
    this.fx = new Effects(ctx);
  }

  /** Runs every pickle of the stream. */
  run(): StreamResult {
    const data = this.data;
    let pos = 0;
    let pickles = 0;
    let firstError: UnpicklingError | undefined;
    let resyncs = 0;
    const ends: number[] = [];
    const limit = this.ctx.pickleLimit ?? Infinity;
    while (pos < data.length) {
      this.reset();
      pickles++;
      const start = pos;
      // Findings of a pickle after the first wait until it parses: data trailing a
      // pickle (PyTorch's legacy format puts raw tensor bytes there) must not raise
      // alarms by chance. If it does not parse, only its calls are kept.
      this.fx.startPickle();
      try {
        pos = this.runOne(pos);
      } catch (e) {
        // Imports already executed count even when the scan stops (budget) or CPython would stop (error).
        const malformed = e instanceof UnpicklingError;
        this.fx.endPickle(malformed && (this.fx.stream > 0 || firstError !== undefined));
        if (!malformed) throw e;
        if (this.fx.stream === 0 || firstError !== undefined) {
          firstError ??= e;
          // A loader that catches the error and reads on (or a reader that parses differently up to
          // here) reaches the next pickle: look for the next PROTO and scan from there, held like a
          // trailing pickle. A few attempts only, so raw data cannot make the scan quadratic.
          const next = resyncs < MAX_RESYNCS ? nextProto(data, start + 1) : -1;
          if (next < 0) return { pickles, error: firstError, ends };
          resyncs++;
          this.fx.stream++;
          pos = next;
          continue;
        }
        this.fx.finding(
          'medium',
          'trailing-data',
          `data after the STOP of pickle ${this.fx.stream - 1} is not a complete pickle (${e.message}); a reader calling load() again executes it up to there`,
          { importOffset: e.offset >= 0 ? e.offset : pos },
        );
        return { pickles, ends };
      }
      this.fx.endPickle(false);
      ends.push(pos);
      // The caller reads the rest itself (the raw storages of a legacy torch file): no trailing-data note.
      if (ends.length >= limit && firstError === undefined) return { pickles, ends };
      if (pos < data.length) {
        this.fx.stream++;
        // With a pickle limit the caller knows the pickles follow one another by design.
        if (limit === Infinity)
          this.fx.finding(
            'medium',
            'trailing-data',
            `${data.length - pos} byte(s) follow the STOP at byte ${pos - 1}; pickle.loads ignores them, a reader calling load() again executes them`,
            { importOffset: pos },
          );
      }
    }
    if (pickles === 0) return { pickles: 1, error: new UnpicklingError('pickle data was truncated (empty input)', { offset: 0 }), ends };
    return firstError !== undefined ? { pickles, error: firstError, ends } : { pickles, ends };
  }

  private reset(): void {
    this.stack = [];
    this.marks = [];
    this.memo = new Map();
    // Each pickle.load() makes a new Unpickler, whose protocol starts at 0.
    this.proto = 0;
    this.frameEnd = -1;
    this.sharedCount = 0;
    this.diverged = false;
    this.trackKeys = false;
  }

  // CPython shares memoized objects, but a consumer that converts the result to
  // plain data copies each reference: a "billion laughs" made of GET and DUP.
  private shared(offset: number): void {
    if (++this.sharedCount === SHARED_REFERENCES) {
      this.fx.finding('low', 'resource', `${SHARED_REFERENCES} shared references (GET/DUP): converting the result to plain data may multiply its size`, {
        importOffset: offset,
      });
    }
  }

  private fail(message: string, t: { offset: number; op: OpcodeInfo }): never {
    throw new UnpicklingError(message, { offset: t.offset, opcode: t.op.name });
  }

  // Stack discipline of _pickle.c: nothing below the top mark (the fence) can be popped.
  private fence(): number {
    const n = this.marks.length;
    return n === 0 ? 0 : this.marks[n - 1]!;
  }

  private pop(t: { offset: number; op: OpcodeInfo }): Sym {
    if (this.stack.length <= this.fence()) this.fail('unpickling stack underflow', t);
    return this.stack.pop()!;
  }

  private top(t: { offset: number; op: OpcodeInfo }): Sym {
    if (this.stack.length <= this.fence()) this.fail('unpickling stack underflow', t);
    return this.stack[this.stack.length - 1]!;
  }

  private popMark(t: { offset: number; op: OpcodeInfo }): Sym[] {
    const mark = this.marks.pop();
    if (mark === undefined) this.fail('could not find MARK', t);
    return this.stack.splice(mark);
  }

  /** Runs one pickle from `pos`; returns the offset after its STOP. */
  runOne(start: number): number {
    const data = this.data;
    const ctx = this.ctx;
    const scratch = this.scratch;
    let pos = start;
    for (;;) {
      ctx.tick();
      if (pos >= data.length) throw new UnpicklingError('pickle data was truncated (no STOP)', { offset: pos });
      // Opcodes whose argument the machine ignores skip the token allocation; the
      // others (and every error) go through genops' readOp.
      const byte = data[pos]!;
      if (this.frameEnd > pos && !this.diverged) this.straddle(pos);
      const fast = FAST_LENGTH[byte]!;
      let t: Token;
      if (fast > 0 && pos + fast <= data.length) {
        scratch.op = OPCODES_BY_CODE[byte]!;
        scratch.offset = pos;
        scratch.length = fast;
        t = scratch;
      } else {
        t = byte === Op.STRING ? this.readString(pos) : readOp(data, pos, DECODE[byte]);
      }
      let next = pos + t.length;
      this.checkFrame(t, next);
      const code = t.op.code;
      switch (code) {
        case Op.PROTO: {
          const p = t.arg as number;
          if (p > 5) this.fail(`unsupported pickle protocol: ${p}`, t);
          this.proto = p;
          break;
        }
        case Op.FRAME:
          this.frame(t, next);
          break;
        case Op.STOP:
          this.pop(t);
          return next;
        // Constants
        case Op.INT:
          this.stack.push(this.textNumber(t, judgeInt(data, pos + 1, next - 1)));
          break;
        case Op.LONG:
          this.stack.push(this.textNumber(t, judgeLong(data, pos + 1, next - 1)));
          break;
        case Op.FLOAT:
          this.textNumber(t, judgeFloat(data, pos + 1, next - 1));
          this.stack.push(FLOAT);
          break;
        case Op.BININT1:
          this.stack.push(smallInt(data[pos + 1]!));
          break;
        case Op.BININT2:
          this.stack.push(smallInt(u16le(data, pos + 1)));
          break;
        case Op.BININT:
          this.stack.push({ t: 'int', value: i32le(data, pos + 1) });
          break;
        case Op.LONG1:
          this.stack.push(this.long1(pos));
          break;
        case Op.LONG4:
          this.stack.push(INT);
          break;
        case Op.BINFLOAT:
          this.stack.push(FLOAT);
          break;
        case Op.NONE:
          this.stack.push(NONE);
          break;
        case Op.NEWTRUE:
        case Op.NEWFALSE:
          this.stack.push(BOOL);
          break;
        case Op.STRING:
        case Op.UNICODE:
        case Op.SHORT_BINUNICODE:
        case Op.BINUNICODE:
        case Op.BINUNICODE8:
          this.stack.push({ t: 'str', value: t.arg as string });
          break;
        case Op.BINSTRING:
        case Op.SHORT_BINSTRING:
          this.bytesConstant(t, next);
          this.stack.push({ t: 'str', value: t.arg as string });
          break;
        case Op.BINBYTES:
        case Op.SHORT_BINBYTES:
        case Op.BINBYTES8:
        case Op.BYTEARRAY8:
          this.bytesConstant(t, next);
          this.stack.push(code === Op.BYTEARRAY8 ? BYTEARRAY : { t: 'bytes', offset: pos, data: this.constantBytes(t, next) });
          break;
        case Op.NEXT_BUFFER:
          this.stack.push(BUFFER);
          break;
        case Op.READONLY_BUFFER:
          this.top(t);
          break;
        // Containers
        case Op.EMPTY_LIST:
          this.stack.push(LIST);
          break;
        case Op.EMPTY_TUPLE:
          this.stack.push({ t: 'tuple', items: [] });
          break;
        case Op.EMPTY_DICT:
          // Once a pickle has made a module object (dill.dump_session), each dict keeps its str
          // keys, so BUILD of the module's namespace can list them; else the shared symbol.
          this.stack.push(this.trackKeys ? { t: 'prim', type: 'dict', keys: [] } : DICT);
          break;
        case Op.EMPTY_SET:
          this.stack.push(SET);
          break;
        case Op.LIST:
          this.popMark(t);
          this.stack.push(LIST);
          break;
        case Op.DICT:
          if (this.popMark(t).length % 2 !== 0) this.fail('odd number of items for DICT', t);
          this.stack.push(DICT);
          break;
        case Op.FROZENSET:
          this.popMark(t);
          this.stack.push(FROZENSET);
          break;
        case Op.TUPLE:
          this.stack.push({ t: 'tuple', items: this.popMark(t) });
          break;
        case Op.TUPLE1: {
          const a = this.pop(t);
          this.stack.push({ t: 'tuple', items: [a] });
          break;
        }
        case Op.TUPLE2: {
          const b = this.pop(t);
          const a = this.pop(t);
          this.stack.push({ t: 'tuple', items: [a, b] });
          break;
        }
        case Op.TUPLE3: {
          const c = this.pop(t);
          const b = this.pop(t);
          const a = this.pop(t);
          this.stack.push({ t: 'tuple', items: [a, b, c] });
          break;
        }
        case Op.APPEND:
          this.pop(t);
          this.mutate(t, 'append');
          break;
        case Op.APPENDS:
          // _pickle.c: APPENDS with nothing after the mark does not touch the target.
          if (this.popMark(t).length > 0) this.mutate(t, 'extend');
          else this.top(t);
          break;
        case Op.SETITEM: {
          this.pop(t);
          const key = this.pop(t);
          this.mutate(t, '__setitem__');
          this.noteKeys(this.stack[this.stack.length - 1]!, [key]);
          break;
        }
        case Op.SETITEMS: {
          const items = this.popMark(t);
          if (items.length % 2 !== 0) this.fail('odd number of items for SETITEMS', t);
          // Kept for a BUILD that follows at once: joblib's wrapper state says how many raw bytes come next.
          this.lastItems = items;
          this.lastItemsEnd = next;
          if (items.length > 0) this.mutate(t, '__setitem__');
          else this.top(t);
          this.noteKeys(
            this.stack[this.stack.length - 1]!,
            items.filter((_, i) => i % 2 === 0),
          );
          break;
        }
        case Op.ADDITEMS:
          if (this.popMark(t).length > 0) this.mutate(t, 'add');
          else this.top(t);
          break;
        // Stack
        case Op.POP: {
          const n = this.marks.length;
          if (n > 0 && this.marks[n - 1] === this.stack.length) this.marks.pop();
          else this.pop(t);
          break;
        }
        case Op.DUP:
          this.stack.push(this.top(t));
          this.shared(pos);
          break;
        case Op.MARK:
          this.marks.push(this.stack.length);
          if (this.marks.length === DEEP_MARKS) {
            this.fx.finding('low', 'resource', `marks nested ${DEEP_MARKS} deep: deep structures strain consumers`, { importOffset: pos });
          }
          break;
        case Op.POP_MARK:
          this.popMark(t);
          break;
        // Memo
        case Op.GET:
        case Op.BINGET:
        case Op.LONG_BINGET: {
          const key = Number(t.arg);
          const v = this.memo.get(key);
          if (v === undefined) this.fail(`memo value not found at index ${key}`, t);
          this.stack.push(v);
          this.shared(pos);
          break;
        }
        case Op.PUT:
        case Op.BINPUT:
        case Op.LONG_BINPUT: {
          const key = Number(t.arg);
          if (key < 0) this.fail('negative PUT argument', t);
          if (key > HUGE_MEMO_INDEX) {
            this.fx.finding('medium', 'resource', `${t.op.name} ${key}: the C unpickler grows its memo table to hold index ${key} (${key * 2 * 8} bytes)`, {
              importOffset: pos,
            });
          }
          this.memo.set(key, this.top(t));
          break;
        }
        case Op.MEMOIZE:
          this.memo.set(this.memo.size, this.top(t));
          break;
        // Globals and calls
        case Op.GLOBAL: {
          const [module, name] = this.lines(t);
          this.stack.push({ t: 'global', g: this.fx.makeGlobal(module, name, pos, this.proto) });
          break;
        }
        case Op.STACK_GLOBAL: {
          const name = this.pop(t);
          const module = this.pop(t);
          this.stack.push(this.fx.stackGlobal(module, name, t, this.proto));
          break;
        }
        case Op.INST: {
          const [module, name] = this.lines(t);
          const args = this.popMark(t);
          const g = this.fx.makeGlobal(module, name, pos, this.proto);
          this.stack.push(this.fx.call({ t: 'global', g }, { t: 'tuple', items: args }, t, false));
          break;
        }
        case Op.OBJ: {
          const items = this.popMark(t);
          if (items.length === 0) this.fail('unpickling stack underflow', t);
          const cls = items.shift()!;
          this.stack.push(this.fx.call(cls, { t: 'tuple', items }, t, false));
          break;
        }
        case Op.REDUCE: {
          const args = this.pop(t);
          const callable = this.pop(t);
          const made = this.fx.call(callable, args, t, false);
          if (made.t === 'obj' && made.what.startsWith('the module ')) this.trackKeys = true;
          this.stack.push(made);
          break;
        }
        case Op.NEWOBJ: {
          const args = this.pop(t);
          const cls = this.pop(t);
          this.stack.push(this.fx.call(cls, args, t, true));
          break;
        }
        case Op.NEWOBJ_EX: {
          this.pop(t);
          const args = this.pop(t);
          const cls = this.pop(t);
          this.stack.push(this.fx.call(cls, args, t, true));
          break;
        }
        case Op.BUILD: {
          const state = this.pop(t);
          const target = this.top(t);
          // _pickle.c: a state that is neither None, a dict nor a (dict, dict) pair, with no __setstate__, raises.
          if (target.t === 'prim' || target.t === 'str' || target.t === 'bytes' || target.t === 'int' || target.t === 'tuple') {
            if (state.t !== 'prim' || state.type !== 'None')
              this.fail(`BUILD on a ${target.t === 'prim' ? target.type : target.t}: state is not a dictionary (or the object has no __dict__)`, t);
          }
          this.fx.build(target, t);
          if (target.t === 'obj' && target.dtype !== undefined && state.t === 'tuple') dtypeState(target.dtype, state.items);
          if (target.t === 'obj' && target.what.startsWith('the module ')) {
            const keys = state.t === 'prim' ? state.keys : state.t === 'tuple' && state.items[0]?.t === 'prim' ? state.items[0].keys : undefined;
            const names = (keys ?? []).filter((k) => !k.startsWith('__'));
            this.fx.finding(
              'critical',
              'setstate',
              `BUILD replaces names in ${target.what} (dill.dump_session / load_session): restores ${names.length} name(s)${names.length ? `: ${names.slice(0, 40).join(', ')}${names.length > 40 ? ', …' : ''}` : ''}`,
              { callOffset: pos },
            );
          }
          if (target.t === 'obj' && target.what === JOBLIB_WRAPPER) {
            next = this.joblibArray(t, next, pos === this.lastItemsEnd ? this.lastItems : undefined);
            this.stack[this.stack.length - 1] = { t: 'obj', safe: true, offset: pos, what: 'a numpy.ndarray (joblib)' };
          }
          break;
        }
        case Op.EXT1:
        case Op.EXT2:
        case Op.EXT4: {
          const ext = Number(t.arg);
          if (ext <= 0) this.fail('EXT specifies code <= 0', t);
          this.fx.finding('high', 'extension', `loads the global registered as extension code ${ext} (copyreg._extension_registry): unknown to the scanner`, {
            importOffset: pos,
          });
          this.stack.push({ t: 'ext', code: ext, offset: pos });
          break;
        }
        case Op.PERSID:
        case Op.BINPERSID: {
          const id = code === Op.BINPERSID ? this.pop(t) : undefined;
          this.stack.push(this.fx.persistentId(id, pos));
          break;
        }
        default:
          this.fail(`opcode ${t.op.name} not handled by the scanner`, t);
      }
      pos = next;
    }
  }

  /**
   * joblib's NumpyUnpickler: after BUILD of a NumpyArrayWrapper it reads the
   * array from the file itself: a pickle (object arrays) or a padding byte,
   * padding and count × itemsize raw bytes. Returns where the pickle resumes.
   */
  private joblibArray(t: { offset: number; op: OpcodeInfo }, next: number, items: Sym[] | undefined): number {
    const state = new Map<string, Sym>();
    if (items !== undefined)
      for (let i = 0; i + 1 < items.length; i += 2) if (items[i]!.t === 'str') state.set((items[i] as { value: string }).value, items[i + 1]!);
    const shape = state.get('shape');
    const dtypeSym = state.get('dtype');
    const dtype = dtypeSym?.t === 'obj' ? dtypeSym.dtype : undefined;
    if (shape?.t !== 'tuple' || dtype === undefined) {
      throw new UnpicklingError('a joblib NumpyArrayWrapper whose shape or dtype the scanner cannot read: the array bytes that follow cannot be skipped', {
        offset: t.offset,
        opcode: t.op.name,
      });
    }
    if (dtype.hasobject === true) {
      // pickle.load(file): a whole pickle, read by a plain Unpickler; it cannot hold wrappers itself.
      if (this.inner) throw new UnpicklingError('a joblib object array inside a joblib object array', { offset: next, opcode: t.op.name });
      const sub = new Machine(this.data, this.ctx);
      sub.inner = true;
      sub.fx.stream = this.fx.stream;
      return sub.runOne(next);
    }
    let count = 1n;
    for (const dim of shape.items) {
      if (dim.t !== 'int' || dim.value < 0)
        throw new UnpicklingError('a joblib NumpyArrayWrapper shape the scanner cannot read', { offset: t.offset, opcode: t.op.name });
      count *= BigInt(dim.value);
    }
    const itemsize = dtype.itemsize ?? descrItemsize(dtype.descr);
    if (itemsize === undefined)
      throw new UnpicklingError(`a joblib array of dtype ${JSON.stringify(dtype.descr)}: item size unknown to the scanner`, {
        offset: t.offset,
        opcode: t.op.name,
      });
    let at = next;
    const alignment = state.get('numpy_array_alignment_bytes');
    if (alignment !== undefined && !(alignment.t === 'prim' && alignment.type === 'None')) {
      if (at >= this.data.length) throw new UnpicklingError('joblib array padding truncated', { offset: at, opcode: t.op.name });
      at += 1 + this.data[at]!;
    }
    const end = BigInt(at) + count * BigInt(itemsize);
    if (end > BigInt(this.data.length))
      throw new UnpicklingError(`joblib array data truncated: ${count} × ${itemsize} bytes announced at byte ${at}`, { offset: at, opcode: t.op.name });
    this.frameEnd = -1;
    return Number(end);
  }

  /**
   * STRING: the quoted, escaped Python 2 str of protocol 0. Its bytes become a str
   * by the loader's `encoding` (ASCII by default, latin1 for numpy, bytes for
   * some): the scanner reads it as the most lenient loader would, latin1.
   */
  private readString(pos: number): Token {
    try {
      return readOp(this.data, pos, true);
    } catch (e) {
      if (!(e instanceof Error) || !/codec can't decode/.test(e.message)) throw e;
      const t = readOp(this.data, pos, false);
      return { op: t.op, offset: t.offset, length: t.length, arg: textOf(this.data, pos + 2, pos + t.length - 2) };
    }
  }

  /** Records the str keys set on a dict symbol that tracks them (bounded). */
  private noteKeys(target: Sym, keys: readonly Sym[]): void {
    if (target.t !== 'prim' || target.keys === undefined) return;
    for (const k of keys) if (k.t === 'str' && target.keys.length < 1000) target.keys.push(k.value);
  }

  /** INT/LONG/FLOAT text: malformed when both readers refuse it, a divergence when one does. */
  private textNumber(t: { offset: number; op: OpcodeInfo; length: number }, j: TextJudgement): Sym {
    if (!j.c && !j.py)
      this.fail(`invalid literal for ${t.op.name}: ${JSON.stringify(textOf(this.data, t.offset + 1, t.offset + t.length - 1).slice(0, 60))}`, t);
    if (j.c !== j.py) {
      this.fx.finding(
        'medium',
        'divergence',
        `${t.op.name} at byte ${t.offset}: ${j.c ? '_pickle (pickle.loads) accepts, pickle.py refuses' : 'pickle.py accepts, _pickle (pickle.loads) refuses'} its text; the scan follows the reader that goes on`,
        { importOffset: t.offset },
      );
    }
    return j.value === undefined ? INT : { t: 'int', value: j.value };
  }

  /** LONG1's value when it fits 8 bytes (sizes and indexes), else the plain int symbol. */
  private long1(pos: number): Sym {
    const n = this.data[pos + 1]!;
    return n > 8 ? INT : { t: 'int', value: decodeLong(this.data, pos + 2, n) };
  }

  /** The bytes of a bytes constant (a view). */
  private constantBytes(t: { offset: number; op: OpcodeInfo }, next: number): Uint8Array {
    return this.data.subarray(t.offset + 1 + ARG_KINDS[t.op.arg].lengthWidth, next);
  }

  /** APPEND(S), SETITEM(S), ADDITEMS: CPython raises on a target without the method; the rest is judged by effects. */
  private mutate(t: { offset: number; op: OpcodeInfo }, method: string): void {
    const target = this.top(t);
    if (target.t === 'prim' || target.t === 'str' || target.t === 'bytes' || target.t === 'int' || target.t === 'tuple') {
      const type = target.t === 'prim' ? target.type : target.t;
      const fits =
        (type === 'list' && (method === 'append' || method === 'extend')) ||
        (type === 'dict' && method === '__setitem__') ||
        (type === 'set' && method === 'add');
      // list[i] = v only works for an index already in the list: fail closed rather than guess.
      if (!fits)
        this.fail(
          `${t.op.name} on a ${type}: ${type === 'list' && method === '__setitem__' ? 'list assignment index out of range (or not an int)' : `'${type}' object has no attribute '${method}'`}`,
          t,
        );
      return;
    }
    this.fx.mutate(target, t, method);
  }

  // FRAME: _pickle.c only checks that the announced bytes exist; pickle.py also
  // rejects opcodes that straddle a frame end and frames inside frames.
  private frame(t: { offset: number; op: OpcodeInfo; arg: unknown }, next: number): void {
    const n = t.arg as number | bigint;
    if (typeof n === 'bigint' || next + n > this.data.length) this.fail('pickle data was truncated (FRAME longer than the data)', t);
    if (this.frameEnd > t.offset) {
      this.fx.finding(
        'medium',
        'frame',
        `FRAME at byte ${t.offset} starts before the previous frame ends (byte ${this.frameEnd}); pickle.py rejects this, _pickle accepts it`,
        { importOffset: t.offset },
      );
    }
    if (this.proto < 4) {
      this.fx.finding('medium', 'frame', `FRAME in a protocol ${this.proto} pickle`, { importOffset: t.offset });
    }
    this.frameEnd = next + n;
    this.frameStart = t.offset;
  }

  /**
   * An opcode whose argument runs past the end of its frame. pickle.loads and
   * pickletools read on linearly; pickle.py refuses; the C unpickler reading
   * from a *file* drops what is left of the frame and reads the straddling
   * read (the whole argument, or the payload after a length inside the frame)
   * from the frame's end. That other reading is scanned as a stream of its
   * own, so the verdict is the worst of the readings.
   */
  private straddle(pos: number): void {
    const data = this.data;
    const end = this.frameEnd;
    const info = OPCODES_BY_CODE[data[pos]!];
    if (info === undefined || info.arg === 'none') return;
    const kind = ARG_KINDS[info.arg];
    let keep = -1;
    if (kind.width >= 0) {
      if (pos + 1 + kind.width > end) keep = pos + 1;
    } else if (kind.width === -1) {
      const nl = data.indexOf(0x0a, pos + 1);
      if (nl < 0 || nl >= end) keep = pos + 1;
      else if (info.arg === 'stringnl_noescape_pair') {
        const nl2 = data.indexOf(0x0a, nl + 1);
        if (nl2 < 0 || nl2 >= end) keep = nl + 1;
      }
    } else {
      const lw = kind.lengthWidth;
      if (pos + 1 + lw > end) keep = pos + 1;
      else if (!READ_INTO.has(info.arg)) {
        // bytes and bytearray payloads go through _Unpickler_ReadInto, which uses what is
        // left of the buffer first: only their length can diverge, not their payload.
        const n = lengthPrefix(data, pos + 1, lw as 1 | 2 | 4 | 8);
        if (typeof n === 'bigint' || pos + 1 + lw + n > end) keep = pos + 1 + lw;
      }
    }
    if (keep < 0) return;
    this.diverged = true;
    this.fx.finding(
      'medium',
      'divergence',
      `${info.name} at byte ${pos} reads past the end of its frame (byte ${end}): pickle.loads reads on, pickle.py refuses, the C unpickler reading a file reads from byte ${end}; that reading is scanned too`,
      { importOffset: pos },
    );
    const other = new Uint8Array(keep + (data.length - end));
    other.set(data.subarray(0, keep));
    other.set(data.subarray(end), keep);
    // In that reading the straddling opcode is past its frame: end the frame at the opcode, so it is not split again.
    writeU64le(other, this.frameStart + 1, pos - (this.frameStart + 9));
    this.ctx.divergent(other, pos);
  }

  private checkFrame(t: { offset: number }, next: number): void {
    if (this.frameEnd > t.offset && next > this.frameEnd) {
      this.fx.finding(
        'medium',
        'frame',
        `opcode at byte ${t.offset} straddles the end of its frame (byte ${this.frameEnd}); pickle.py rejects this, _pickle accepts it`,
        { importOffset: t.offset },
      );
      this.frameEnd = -1;
    }
  }

  private bytesConstant(t: { offset: number; length: number; op: OpcodeInfo }, next: number): void {
    const start = t.offset + 1 + ARG_KINDS[t.op.arg].lengthWidth;
    const length = next - start;
    if (length >= HUGE_CONSTANT) {
      this.fx.finding('low', 'resource', `a ${length}-byte constant`, { importOffset: t.offset });
    }
    if (!BYTES_KINDS.has(t.op.arg)) return;
    this.fx.maybeNested(this.data.subarray(start, next), t.offset);
  }

  /** GLOBAL and INST lines, decoded as _pickle.c does (UTF-8, no escapes). */
  private lines(t: { offset: number; length: number; op: OpcodeInfo }): [string, string] {
    const d = this.data;
    const first = d.indexOf(0x0a, t.offset + 1);
    const end = t.offset + t.length - 1;
    try {
      return [decodeUtf8(d, t.offset + 1, first), decodeUtf8(d, first + 1, end)];
    } catch {
      this.fail(`${t.op.name} module or name is not valid UTF-8`, t);
    }
  }
}

/** What the hot loop reads of a token. */
interface Token {
  readonly op: OpcodeInfo;
  readonly arg: unknown;
  readonly offset: number;
  readonly length: number;
}

/** Opcodes with no argument, or a fixed-width one the machine never reads: their total length; else 0. */
const FAST_LENGTH: readonly number[] = OPCODES_BY_CODE.map((info) => {
  if (info === undefined) return 0;
  if (info.arg === 'none') return 1;
  const ignored = info.code === Op.BININT || info.code === Op.BININT1 || info.code === Op.BININT2 || info.code === Op.BINFLOAT;
  return ignored ? 1 + ARG_KINDS[info.arg].width : 0;
});

/** Whether readOp must decode the argument, by opcode byte (true for unknown bytes, so the error is genops'). */
// INT, LONG and FLOAT lines are judged by text-numbers.ts, which reads them as both CPython readers do.
const DECODE: readonly boolean[] = OPCODES_BY_CODE.map(
  (info) => info === undefined || (!SKIP_DECODE.has(info.arg) && info.code !== Op.INT && info.code !== Op.FLOAT),
);

/**
 * Executes every pickle in `data` symbolically, reporting to `ctx`.
 * @throws ScanBudgetError (from `ctx.tick`) when the budget is spent; malformed input is returned, not thrown.
 */
export function runMachine(data: Uint8Array, ctx: MachineContext): StreamResult {
  return new Machine(data, ctx).run();
}

function textOf(data: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end && out.length < 80; i++) out += String.fromCharCode(data[i]!);
  return out;
}

/** What a joblib NumpyArrayWrapper instance is called by effects (NEWOBJ / copyreg of the allowlisted class). */
const JOBLIB_WRAPPER = 'a joblib.numpy_pickle.NumpyArrayWrapper';

/** dtype BUILD state `(version, byteorder, subdescr, names, fields, elsize, alignment, flags[, metadata])`. */
function dtypeState(dtype: DtypeInfo, items: readonly Sym[]): void {
  const elsize = items[5];
  if (elsize?.t === 'int' && elsize.value > 0 && elsize.value < 2 ** 40) dtype.itemsize = Number(elsize.value);
  const flags = items[7];
  if (flags?.t === 'int') dtype.hasobject = (BigInt(flags.value) & 1n) === 1n;
}

/** Item size of a simple numpy descriptor (`f8`, `<i4`, `b1`, `M8`, `O8`), or undefined. */
function descrItemsize(descr: string): number | undefined {
  const m = /^[<>|=]?([biufcmMOSUV])(\d+)$/.exec(descr);
  if (m === null) return undefined;
  const n = Number(m[2]);
  return m[1] === 'U' ? n * 4 : n;
}

/**
 * Executes only the first pickle of `data` symbolically (what `pickle.loads` reads),
 * for comparing the scanner's judgement with an unpickler's.
 * @returns the offset after its STOP, or the error CPython would raise.
 * @throws ScanBudgetError (from `ctx.tick`) when the budget is spent.
 */
export function runFirstPickle(data: Uint8Array, ctx: MachineContext): { readonly end?: number; readonly error?: UnpicklingError } {
  const machine = new Machine(data, ctx);
  try {
    return { end: machine.runOne(0) };
  } catch (e) {
    if (e instanceof UnpicklingError) return { error: e };
    throw e;
  }
}

/** Pickles after a malformed one that the scanner still looks for. */
const MAX_RESYNCS = 16;

/** The next offset at or after `from` holding PROTO 2-5, or -1. */
function nextProto(data: Uint8Array, from: number): number {
  for (let i = data.indexOf(0x80, from); i >= 0 && i + 1 < data.length; i = data.indexOf(0x80, i + 1)) {
    const p = data[i + 1]!;
    if (p >= 2 && p <= 5) return i;
  }
  return -1;
}

/** Shared symbols of the ints 0..65535 (BININT1, BININT2), made on first use. */
const SMALL_INTS: Sym[] = [];

function smallInt(v: number): Sym {
  return (SMALL_INTS[v] ??= Object.freeze({ t: 'int', value: v }) as Sym);
}

/** Argument kinds whose payload _pickle.c reads with _Unpickler_ReadInto (buffer first, then the file). */
const READ_INTO: ReadonlySet<string> = new Set(['bytes1', 'bytes4', 'bytes8', 'bytearray8']);
