/**
 * What CPython does to the world while it unpickles, as the scanner's machine
 * reports it: imports (with Python 2 name mapping), calls and their allowlist
 * rules (getattr, type, copyreg's object factories), BUILD and container
 * mutations of globals, and pickles hidden in bytes. The machine (`machine.ts`)
 * keeps the stack and memo; this keeps the findings.
 */
import { UnpicklingError } from '../errors.js';
import { fromPython2 } from '../compat/fix-imports.js';
import { Op, OPCODES_BY_CODE, type OpcodeInfo } from '../opcodes.js';
import type { AllowEntry, Allowlist } from './allowlist.js';
import { dangerReason } from './denylist.js';
import { describeCode, summarizeCode, type CodeSummary } from './code-objects/code-summary.js';
import type { Finding, FindingKind, Severity } from './report.js';
import { describe, dotted, type GlobalRecord, type Sym } from './symbols.js';

/** A finding before the runner adds its container path. */
export type FindingDraft = Omit<Finding, 'path'>;

/** What the machine needs from the scan that runs it. */
export interface MachineContext {
  readonly allow: Allowlist;
  readonly allowPersistentIds: boolean;
  /** Counts one opcode against the budget. @throws ScanBudgetError when it is spent. */
  tick(): void;
  /** Records a finding. */
  emit(finding: FindingDraft): void;
  /** A bytes constant (a view of the data, or built from a str) at opcode `offset` may hold a pickle: scan it later. */
  nested(bytes: Uint8Array, offset: number, likely: boolean, certain?: boolean): void;
  /** Another reading of the whole stream (a CPython reader that diverges at opcode `offset`): scan it too. */
  divergent(data: Uint8Array, offset: number): void;
  /** Records a global name (as mapped) for the report's list. */
  noteGlobal(module: string, name: string, entry: AllowEntry | undefined): void;
  /**
   * Stop after this many complete pickles, with no note about what follows
   * (the caller knows the format: a legacy torch file's raw storages).
   */
  readonly pickleLimit?: number;
  /** A torch storage persistent id naming storage class `type` (dotted) under `key`. */
  storage?(type: string, key: string): void;
}

/** Counts beyond this, fed to benign constructors, cost memory and time the input does not pay for. */
const HUGE_COUNT = 10_000_000n;
/** Buffers larger than this (bytearray(n)) are a denial of service. */
const HUGE_BYTES = 100_000_000n;
/** Fraction('1e6000000') builds a number with that many digits. */
const HUGE_EXPONENT = 100_000;
/** Callables that materialise an iterable. */
const CONSUMERS = new Set([
  'builtins.list',
  'builtins.tuple',
  'builtins.set',
  'builtins.frozenset',
  'builtins.bytes',
  'builtins.bytearray',
  'builtins.dict',
  'collections.deque',
  'collections.OrderedDict',
  'collections.Counter',
]);

/** Callables that build a code object from its fields (dill, cloudpickle, types). */
const CODE_FACTORIES: ReadonlySet<string> = new Set(['types.CodeType', 'dill._dill._create_code', 'builtins.code', 'dill._dill.CodeType']);

/** Unpicklers of bytes: `f(data)` unpickles `data`. */
const NESTED_LOADERS: ReadonlySet<string> = new Set([
  'pickle.loads',
  'pickle._loads',
  '_pickle.loads',
  'dill.loads',
  'dill._dill.loads',
  'cloudpickle.loads',
  'joblib.numpy_pickle.loads',
  'torch.storage._load_from_bytes',
]);

/** Bytes constants shorter than this are not worth a nested scan. */
const MIN_NESTED = 4;

/** The findings side of one stream's symbolic execution. */
export class Effects {
  /** Index of the pickle being executed in its stream. */
  stream = 0;
  /** Imports of the current pickle, to report the ones never called. */
  private globals: GlobalRecord[] = [];
  /** Non-critical findings of a trailing pickle, held until it parses (null: emit at once). */
  private pending: FindingDraft[] | null = null;

  constructor(readonly ctx: MachineContext) {}

  /** Starts a pickle; findings of pickles after the first are held until `endPickle`. */
  startPickle(): void {
    this.globals = [];
    if (this.stream > 0) this.pending = [];
  }

  /** Ends a pickle: reports its uncalled imports, then releases (or, when it broke off, drops all but the critical of) its held findings. */
  endPickle(brokeOff: boolean): void {
    this.flushImports();
    this.flushPending(brokeOff);
  }

  finding(severity: Severity, kind: FindingKind, message: string, extra: Partial<FindingDraft> = {}): void {
    const f: FindingDraft = { severity, kind, message, stream: this.stream, ...extra };
    if (this.pending !== null && severity !== 'critical') this.pending.push(f);
    else this.ctx.emit(f);
  }

  flushPending(dropped: boolean): void {
    const pending = this.pending;
    this.pending = null;
    if (pending === null || dropped) return;
    for (const f of pending) this.ctx.emit(f);
  }

  maybeNested(d: Uint8Array, offset: number): void {
    if (d.length < MIN_NESTED) return;
    const likely = d[0] === Op.PROTO && d[1]! <= 5;
    if (likely || (d[d.length - 1] === Op.STOP && OPCODES_KIND[d[0]!] !== undefined)) this.ctx.nested(d, offset, likely);
  }

  makeGlobal(module: string, name: string, offset: number, proto: number): GlobalRecord {
    const mapped = proto < 3 ? fromPython2(module, name) : { module, name };
    const entry = this.ctx.allow.get(mapped.module, mapped.name);
    const g: GlobalRecord = {
      written: { module, name },
      mapped: { module: mapped.module, name: mapped.name },
      rule: entry?.rule,
      entry,
      importOffset: offset,
      called: false,
    };
    this.ctx.noteGlobal(g.mapped.module, g.mapped.name, entry);
    this.globals.push(g);
    return g;
  }

  stackGlobal(module: Sym, name: Sym, t: { offset: number; op: OpcodeInfo }, proto: number): Sym {
    if (module.t === 'str' && name.t === 'str') return { t: 'global', g: this.makeGlobal(module.value, name.value, t.offset, proto) };
    const inert = (s: Sym): boolean => s.t === 'str' || s.t === 'bytes' || s.t === 'prim' || s.t === 'tuple' || s.t === 'global' || s.t === 'int';
    if (inert(module) && inert(name)) throw new UnpicklingError('STACK_GLOBAL requires str', { offset: t.offset, opcode: t.op.name });
    const what = `a global named by computed values (module: ${describe(module)}, name: ${describe(name)})`;
    this.finding('high', 'dynamic-global', `STACK_GLOBAL imports ${what}`, { importOffset: t.offset });
    return { t: 'dynamic', offset: t.offset, what: 'a computed global' };
  }

  /** A call of a global outside the allowlist: critical for known primitives, high for a call with arguments, medium for a class rebuilt from its state. */
  private unknownCall(g: GlobalRecord, verb: string, offset: number, args: Sym | undefined, fromState: boolean, made?: CodeSummary): void {
    const name = dotted(g.mapped);
    // A code object made here, or one passed in (FunctionType(code, globals), dill's _create_function): say what it does.
    const passed = args?.t === 'tuple' ? args.items.find((i): i is Extract<Sym, { t: 'obj' }> => i.t === 'obj' && i.code !== undefined)?.code : undefined;
    const code = made ?? passed;
    const codeText =
      code === undefined
        ? ''
        : made !== undefined
          ? `; creates a ${describeCode(code)}`
          : `; defines function \`${code.qualname ?? code.name}\` from a ${describeCode(code)}`;
    const reason = dangerReason(g.mapped.module, g.mapped.name);
    // A nested unpickler of a bytes constant: what it would unpickle is scanned like the outer pickle.
    const first = args?.t === 'tuple' ? args.items[0] : undefined;
    if (NESTED_LOADERS.has(name) && first?.t === 'bytes' && first.data !== undefined) this.ctx.nested(first.data, first.offset, true, true);
    const argText =
      args === undefined
        ? ''
        : args.t === 'tuple'
          ? ` with ${args.items.length} argument(s)${args.items.length ? ` (${args.items.slice(0, 3).map(describe).join(', ')}${args.items.length > 3 ? ', …' : ''})` : ''}`
          : ` with ${describe(args)}`;
    if (reason !== undefined) {
      g.called = true;
      this.finding('critical', 'call', `${verb} ${name}${argText}: a known code-execution primitive (${reason})${codeText}`, {
        global: { written: g.written, mapped: g.mapped },
        importOffset: g.importOffset,
        callOffset: offset,
        ...(code ? { code } : {}),
      });
    } else if (fromState) {
      g.called = true;
      this.finding('medium', 'call', `${verb} ${name}, a class outside the allowlist rebuilt from its state: its __new__/__setstate__ are unknown code`, {
        global: { written: g.written, mapped: g.mapped },
        importOffset: g.importOffset,
        callOffset: offset,
      });
    } else {
      g.called = true;
      this.finding(
        code !== undefined ? 'critical' : 'high',
        'call',
        `${verb} ${name}${argText}, a callable outside the allowlist called with arguments the pickle chooses${codeText}`,
        {
          global: { written: g.written, mapped: g.mapped },
          importOffset: g.importOffset,
          callOffset: offset,
          ...(code ? { code } : {}),
        },
      );
    }
  }

  /** REDUCE, INST, OBJ (`newObject` false) and NEWOBJ, NEWOBJ_EX (`newObject` true). */
  call(callee: Sym, args: Sym, t: { offset: number; op: OpcodeInfo }, newObject: boolean): Sym {
    const offset = t.offset;
    // Every result remembers the calls that made it, so a later call of it can say where it came from.
    const step = `${callee.t === 'global' ? dotted(callee.g.mapped) : describe(callee)}(${args.t === 'tuple' ? args.items.slice(0, 4).map(describe).join(', ') + (args.items.length > 4 ? ', …' : '') : describe(args)}) at byte ${offset}`;
    const via = [...(callee.t === 'obj' && callee.via !== undefined ? callee.via.slice(-7) : []), step];
    const result = (safe: boolean, what: string): Sym => ({ t: 'obj', safe, offset, what, via });
    if (callee.t !== 'global') {
      if (callee.t === 'dynamic' || callee.t === 'ext' || callee.t === 'pid' || callee.t === 'obj') {
        const chain = callee.t === 'obj' && callee.via !== undefined ? { chain: [...callee.via, step] } : {};
        this.finding('critical', 'call', `${t.op.name} calls ${describe(callee)}, a callable the scanner cannot name`, { callOffset: offset, ...chain });
      } else {
        this.finding('medium', 'not-callable', `${t.op.name} calls a ${describe(callee)}: CPython raises TypeError`, { callOffset: offset });
      }
      return result(false, `the result of ${t.op.name}`);
    }
    const g = callee.g;
    const name = dotted(g.mapped);
    const items = args.t === 'tuple' ? args.items : undefined;
    if (newObject) {
      // cls.__new__(cls, *args): harm needs a class whose __new__ does something.
      if (name === 'builtins.type') {
        this.critical('call', g, `${t.op.name} calls type.__new__: creates a new class`, offset);
        return result(false, 'a new class');
      }
      if (g.rule === undefined) {
        this.unknownCall(g, `${t.op.name} creates an instance of`, offset, args, items !== undefined && items.length === 0);
        return result(false, `a ${name}`);
      }
      return result(true, `a ${name}`);
    }
    if (g.rule === undefined) {
      if (CODE_FACTORIES.has(name) && items !== undefined) {
        const code = summarizeCode(items, (s) => (s.t === 'obj' ? s.code : undefined));
        this.unknownCall(g, `${t.op.name} calls`, offset, args, false, code);
        return code === undefined ? result(false, 'a code object') : { t: 'obj', safe: false, offset, what: 'a code object', code };
      }
      this.unknownCall(g, `${t.op.name} calls`, offset, args, false);
      const first = items?.[0];
      if (name === 'dill._dill._import_module' && first?.t === 'str') return result(false, `the module ${first.value}`);
      return result(false, `the result of ${name}`);
    }
    switch (g.rule) {
      case 'plain': {
        this.checkArguments(name, items, t);
        // Protocols 0-2 write bytes as _codecs.encode(str, 'latin1'): a pickle may hide in that str.
        const text = items?.[0];
        if (name === '_codecs.encode' && text?.t === 'str') {
          const bytes = latin1Bytes(text.value);
          if (bytes !== undefined) {
            if (bytes.length >= MIN_NESTED) this.maybeNested(bytes, offset);
            return { t: 'bytes', offset, data: bytes };
          }
        }
        if (name === 'numpy.dtype' && text?.t === 'str') {
          return { t: 'obj', safe: true, offset, what: 'a numpy.dtype', dtype: { descr: text.value } };
        }
        if (name === 'builtins.range' && items?.some((i) => i.t === 'int' && (i.value > HUGE_COUNT || i.value < -HUGE_COUNT))) {
          return { t: 'obj', safe: true, offset, what: 'a huge range' };
        }
        return result(true, `a ${name}`);
      }
      case 'state':
        // cls() with no arguments (Cython extension types' __reduce__) is a rebuild from state too.
        if (items !== undefined && items.length === 0) return result(true, `a ${name}`);
        this.finding(
          'high',
          'call',
          `${t.op.name} calls ${name} with arguments; the allowlist explains it only as a class rebuilt from its state (${g.entry!.library})`,
          {
            global: { written: g.written, mapped: g.mapped },
            importOffset: g.importOffset,
            callOffset: offset,
          },
        );
        return result(false, `the result of ${name}`);
      case 'type1':
        if (items !== undefined && items.length === 1) return result(true, 'a type');
        this.critical(
          'call',
          g,
          `${t.op.name} calls ${name} with ${items ? items.length : 'unknown'} arguments: type(name, bases, dict) creates a class`,
          offset,
        );
        return result(false, 'a new class');
      case 'getattr': {
        const target = items?.[0];
        const attr = items?.[1];
        if (target?.t === 'global' && attr?.t === 'str' && items!.length <= 3) {
          const derived = this.derive(target.g, attr.value, offset);
          return { t: 'global', g: derived };
        }
        const what = `getattr(${target ? describe(target) : '?'}, ${attr ? describe(attr) : '?'})`;
        this.finding(
          target?.t === 'obj' && !target.safe ? 'critical' : 'high',
          'dynamic-global',
          `${t.op.name} looks up an attribute the scanner cannot name: ${what}`,
          { callOffset: offset },
        );
        return { t: 'dynamic', offset, what };
      }
      case 'import2': {
        const m = items?.[0];
        const n = items?.[1];
        if (m?.t === 'str' && n?.t === 'str') return { t: 'global', g: this.makeGlobal(m.value, n.value, offset, 3) };
        this.finding('high', 'dynamic-global', `${t.op.name} calls ${name}, which imports a module and name the scanner cannot read`, { callOffset: offset });
        return { t: 'dynamic', offset, what: `the result of ${name}` };
      }
      case 'reconstructor': {
        const cls = items?.[0];
        const base = items?.[1];
        if (base === undefined || base.t !== 'global' || base.g.rule === undefined || base.g.rule === 'state') {
          if (base?.t === 'global') this.unknownCall(base.g, `${name} calls __init__ of`, offset, items?.[2], false);
          else this.finding('critical', 'call', `${name} calls the constructor of ${base ? describe(base) : 'an unknown base'}`, { callOffset: offset });
          return result(false, `the result of ${name}`);
        }
        return this.instanceOf(cls, name, offset);
      }
      case 'newobj': {
        const cls = items?.[0];
        if (cls?.t === 'global' && dotted(cls.g.mapped) === 'builtins.type') {
          this.critical('call', cls.g, `${name}(type, ...) calls type.__new__: creates a new class`, offset);
          return result(false, 'a new class');
        }
        return this.instanceOf(cls, name, offset);
      }
      case 'factory': {
        // The factory instantiates or calls its first argument: only a plain value type or a class rebuilt
        // from state explains that (not type, getattr, another factory or a loader).
        const cls = items?.[0];
        if (cls?.t === 'global' && dotted(cls.g.mapped) === 'builtins.type') {
          this.critical('call', cls.g, `${name}(type, ...) creates a class`, offset);
          return result(false, 'a new class');
        }
        if (cls?.t === 'global' && cls.g.rule !== undefined && cls.g.rule !== 'plain' && cls.g.rule !== 'state') {
          this.finding(
            'high',
            'call',
            `${t.op.name} calls ${name} on ${dotted(cls.g.mapped)}, which it would call with arguments the pickle chooses; its allowlist rule (${cls.g.rule}) does not explain that`,
            {
              global: { written: cls.g.written, mapped: cls.g.mapped },
              importOffset: cls.g.importOffset,
              callOffset: offset,
            },
          );
          return result(false, `the result of ${name}`);
        }
        return this.instanceOf(cls, name, offset);
      }
      case 'loads': {
        const data = items?.[0];
        if (data?.t === 'bytes' && data.data !== undefined) {
          this.ctx.nested(data.data, data.offset, true, true);
          return result(true, `what ${name} unpickles`);
        }
        this.finding(
          'critical',
          'nested-pickle',
          `${t.op.name} calls ${name} on ${data ? describe(data) : 'nothing'}: a nested unpickler on data the scanner cannot read`,
          {
            global: { written: g.written, mapped: g.mapped },
            importOffset: g.importOffset,
            callOffset: offset,
          },
        );
        return result(false, `the result of ${name}`);
      }
    }
  }

  /** Benign constructors fed huge arguments: memory or time the input does not pay for. */
  private checkArguments(name: string, items: readonly Sym[] | undefined, t: { offset: number; op: OpcodeInfo }): void {
    const first = items?.[0];
    if (first === undefined) return;
    if ((name === 'builtins.bytes' || name === 'builtins.bytearray') && first.t === 'int') {
      const severity = first.value > HUGE_BYTES ? 'medium' : 'low';
      this.finding(severity, 'resource', `${t.op.name} calls ${name}(${first.value}): allocates a buffer of the size the pickle chooses`, {
        callOffset: t.offset,
      });
    } else if (first.t === 'obj' && first.what === 'a huge range' && CONSUMERS.has(name)) {
      this.finding('medium', 'resource', `${t.op.name} calls ${name} on a range of more than ${HUGE_COUNT} items: memory and time the input does not pay for`, {
        callOffset: t.offset,
      });
    } else if ((name === 'fractions.Fraction' || name === 'builtins.int' || name === 'builtins.float' || name === 'decimal.Decimal') && first.t === 'str') {
      const exp = /[eE]\s*([+-]?\d+)/.exec(first.value);
      if (name === 'fractions.Fraction' && exp !== null && Math.abs(Number(exp[1])) > HUGE_EXPONENT) {
        this.finding(
          'medium',
          'resource',
          `${t.op.name} calls ${name}(${JSON.stringify(first.value.slice(0, 40))}): an exponent of ${exp[1]} makes a number of that many digits`,
          { callOffset: t.offset },
        );
      }
    }
  }

  /** An object created by `cls.__new__` (or `object.__new__(cls)`): its class code may run later (__setstate__, __del__, …). */
  instanceOf(cls: Sym | undefined, via: string, offset: number): Sym {
    if (cls?.t === 'global' && cls.g.rule !== undefined) {
      if (dotted(cls.g.mapped) === 'builtins.type') {
        this.critical('call', cls.g, `${via} on type creates a new class`, offset);
        return { t: 'obj', safe: false, offset, what: 'a new class' };
      }
      return { t: 'obj', safe: true, offset, what: `a ${dotted(cls.g.mapped)}` };
    }
    if (cls?.t === 'global') {
      this.unknownCall(cls.g, `${via} creates an instance of`, offset, undefined, true);
    } else {
      this.finding('critical', 'call', `${via} creates an instance of ${cls ? describe(cls) : 'an unknown class'}`, { callOffset: offset });
    }
    return { t: 'obj', safe: false, offset, what: `the result of ${via}` };
  }

  /** `getattr(global, 'attr')`: the dotted global it reaches, as protocol 4 would name it. */
  derive(g: GlobalRecord, attr: string, offset: number): GlobalRecord {
    const mapped = { module: g.mapped.module, name: `${g.mapped.name}.${attr}` };
    const entry = this.ctx.allow.get(mapped.module, mapped.name);
    const d: GlobalRecord = {
      written: { module: g.written.module, name: `${g.written.name}.${attr}` },
      mapped,
      rule: entry?.rule,
      entry,
      importOffset: offset,
      called: false,
    };
    this.ctx.noteGlobal(mapped.module, mapped.name, entry);
    this.globals.push(d);
    return d;
  }

  critical(kind: FindingKind, g: GlobalRecord, message: string, callOffset: number): void {
    g.called = true;
    this.finding('critical', kind, message, { global: { written: g.written, mapped: g.mapped }, importOffset: g.importOffset, callOffset });
  }

  /**
   * BINPERSID / PERSID: the application's `persistent_load` decides. PyTorch's
   * storages (`('storage', torch.FloatStorage, key, location, numel)`) are
   * benign: only torch's loader understands them, and it reads raw bytes.
   */
  persistentId(id: Sym | undefined, offset: number): Sym {
    const items = id?.t === 'tuple' ? id.items : undefined;
    const kind = items?.[0];
    const cls = items?.[1];
    if (kind?.t === 'str' && kind.value === 'storage' && cls?.t === 'global' && cls.g.entry?.library === 'torch') {
      this.ctx.noteGlobal('(persistent id)', 'storage', {
        rule: 'plain',
        library: 'torch',
        why: 'torch.save storage reference: torch.load reads the raw bytes of the named storage',
      });
      const key = items?.[2];
      if (key?.t === 'str') this.ctx.storage?.(dotted(cls.g.mapped), key.value);
      return { t: 'pid', offset };
    }
    this.finding(
      this.ctx.allowPersistentIds ? 'low' : 'high',
      'persistent-id',
      `asks the application's persistent_load for an object by persistent id (${id === undefined ? 'text' : describe(id)})`,
      { importOffset: offset },
    );
    return { t: 'pid', offset };
  }

  /** BUILD: `__setstate__` or a `__dict__`/attribute update on the top of the stack. */
  build(target: Sym, t: { offset: number; op: OpcodeInfo }): void {
    if (target.t === 'obj' && (target.what === 'a type' || target.what === 'a new class')) {
      this.finding(
        'critical',
        'global-mutation',
        `BUILD sets attributes of ${target.what} (a class object, not an instance): poisons every later use of that class`,
        { callOffset: t.offset },
      );
    } else if (target.t === 'global') {
      this.critical('global-mutation', target.g, `BUILD sets attributes of ${dotted(target.g.mapped)} itself (or calls its __setstate__)`, t.offset);
    } else if (target.t === 'dynamic' || target.t === 'ext' || target.t === 'pid') {
      this.finding('critical', 'setstate', `BUILD on ${describe(target)} calls its class's __setstate__, unknown to the scanner`, { callOffset: t.offset });
    }
  }

  /** APPEND(S), SETITEM(S), ADDITEMS on something that is not a plain container call its methods. */
  mutate(target: Sym, t: { offset: number; op: OpcodeInfo }, method: string): void {
    if (target.t === 'obj' && (target.what === 'a type' || target.what === 'a new class')) {
      this.finding('critical', 'global-mutation', `${t.op.name} calls ${method} of ${target.what} (a class object)`, { callOffset: t.offset });
    } else if (target.t === 'global') {
      this.critical('global-mutation', target.g, `${t.op.name} changes ${dotted(target.g.mapped)} itself through ${method}`, t.offset);
    } else if (target.t === 'dynamic' || target.t === 'ext' || target.t === 'pid') {
      this.finding('critical', 'call', `${t.op.name} calls ${method} of ${describe(target)}, unknown to the scanner`, { callOffset: t.offset });
    }
  }

  /** Every import outside the allowlist that no call reported is a finding of its own. */
  flushImports(): void {
    for (const g of this.globals) {
      if (g.rule !== undefined || g.called) continue;
      g.called = true;
      this.finding('high', 'import', `imports ${dotted(g.mapped)}, outside the allowlist (never called by the pickle itself)`, {
        global: { written: g.written, mapped: g.mapped },
        importOffset: g.importOffset,
      });
    }
    this.globals = [];
  }
}

/** The latin-1 encoding of `s`, or undefined when it has characters beyond U+00FF. */
function latin1Bytes(s: string): Uint8Array | undefined {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return undefined;
    out[i] = c;
  }
  return out;
}

/** Argument kind by opcode byte, for guessing whether bytes hold a pickle. */
const OPCODES_KIND: readonly (string | undefined)[] = OPCODES_BY_CODE.map((info) => info?.arg);
