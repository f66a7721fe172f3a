/**
 * The pickler's reduce and global logic: CPython's `save_global`,
 * `save_reduce` (for what a registry or hook returned), `save_pers`, and
 * inert objects written back with the opcode they were read from. These
 * push `Task` frames (task.ts) on the machine's stack; the machine runs them.
 */
import { Op } from '../opcodes.js';
import { toPython2 } from '../compat/fix-imports.js';
import type { ReduceValue } from '../registry/contract.js';
import { PyGlobal } from '../values/py-global.js';
import type { PyObject } from '../values/py-object.js';
import { Tuple } from '../values/tuple.js';
import { isUnresolved } from '../values/unresolved.js';
import { freshNamesOf, textGlobalMemoized } from '../values/written-as.js';
import { hasFloatSlots, slotsToPairs } from '../values/float-slots.js';
import { newObjExPartial } from '../values/newobj-ex-partial.js';
import { encodeUtf8 } from '../wire/utf8.js';
import { Segment } from './frames.js';
import { hasFreshQualname, isBuiltinFunction } from './global-names.js';
import type { PickleMachine } from './machine.js';
import { EMPTY_TUPLE, FreshString, GLOBALS } from './synthetic.js';
import { END_NEWOBJ, END_NEWOBJ_EX, END_OBJ, END_REDUCE, END_STACK_GLOBAL, makeTask, NEWOBJ_EX_LABELS, REDUCE_LABELS, type Task } from './task.js';

/**
 * The memo key of a global: module and name (Python globals are singletons).
 * @throws never.
 */
export function globalKey(module: string, name: string): string {
  return `${module.length}:${module}${name}`;
}

/**
 * True when `s` is 7-bit ASCII.
 * @throws never.
 */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
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

function checkClass(m: PickleMachine, cls: unknown, message: string): void {
  if (!(cls instanceof PyGlobal) && typeof cls !== 'function') m.fail(message);
}

/**
 * CPython's `save_global` for an inert or registered global; `alias` is the JS value it stands for.
 * @throws PicklingError for a name the protocol cannot write.
 */
export function saveGlobal(m: PickleMachine, g: PyGlobal, alias: object | undefined): void {
  const key = globalKey(g.module, g.name);
  const known = m.memoGlobals.get(key);
  if (known !== undefined) {
    m.memoGet(known);
    if (alias !== undefined) m.alias(alias, known);
    return;
  }
  if (alias !== undefined) {
    const idx = m.memoIds.get(alias);
    if (idx >= 0) return m.memoGet(idx);
  }
  if (m.protocol >= 2 && m.extensions !== undefined) {
    const code = m.extensions.codeOf(g.module, g.name);
    if (code !== undefined) return saveExtension(m, code);
  }
  const text = m.protocol >= 4 ? textGlobalMemoized(g) : undefined;
  if (text !== undefined) {
    // Read from a text GLOBAL at protocol 4+: written back the same way (UTF-8, as CPython reads it).
    m.w.byte(Op.GLOBAL);
    m.w.raw(encodeUtf8(`${g.module}\n${g.name}\n`));
    if (!text) return;
    const idx = m.memoPut();
    m.memoGlobals.set(key, idx);
    if (alias !== undefined) m.alias(alias, idx);
    return;
  }
  if (m.protocol >= 4) {
    // A lossless load saw the strs written afresh where an equal str was already memoized: write them so again.
    const fresh = freshNamesOf(g);
    const module = isBuiltinFunction(g.module, g.name)
      ? new FreshString(g.module, 'builtins-function')
      : fresh & 1 && m.memoStrs.get(g.module) >= 0
        ? new FreshString(g.module)
        : g.module;
    const name = hasFreshQualname(g.module, g.name) || (fresh & 2 && m.memoStrs.get(g.name) >= 0) ? new FreshString(g.name) : g.name;
    const task = makeTask([module, name], ['.module', '.name'], END_STACK_GLOBAL, undefined);
    task.globalKey = key;
    task.alias = alias;
    return m.pushTask(task);
  }
  const dot = g.name.lastIndexOf('.');
  if (dot >= 0) {
    // Below protocol 4 a nested name is written as getattr(parent, last), as CPython does.
    const parent = new PyGlobal(g.module, g.name.slice(0, dot));
    // The last name comes from str.split in CPython: a fresh str.
    const args = new Tuple([parent, new FreshString(g.name.slice(dot + 1))]);
    m.synthetic.set(args, Segment.None);
    const task = makeTask([GLOBALS.getattr, args], ['', ''], END_REDUCE, undefined);
    task.globalKey = key;
    task.alias = alias;
    return m.pushTask(task);
  }
  let { module, name } = g;
  if (m.fixImports) ({ module, name } = toPython2(module, name));
  m.w.byte(Op.GLOBAL);
  writeIdentifier(m, module, 'module');
  writeIdentifier(m, name, 'global');
  if (textGlobalMemoized(g) === false) return;
  const idx = m.memoPut();
  m.memoGlobals.set(key, idx);
  if (alias !== undefined) m.alias(alias, idx);
}

/** A GLOBAL/INST name line: ASCII below protocol 3, UTF-8 at 3, as CPython. */
function writeIdentifier(m: PickleMachine, text: string, what: string): void {
  if (m.protocol === 3) m.w.raw(encodeUtf8(text));
  else if (isAscii(text)) m.w.ascii(text);
  else m.fail(`can't pickle ${what} identifier '${text}' using pickle protocol ${m.protocol}`);
  m.w.byte(0x0a);
}

/**
 * CPython's `save_global` with a copyreg extension code: EXT1 / EXT2 / EXT4.
 * @throws PicklingError below protocol 2 or for a code out of range.
 */
export function saveExtension(m: PickleMachine, code: number): void {
  if (m.protocol < 2) m.fail(`extension code ${code} can only be pickled with protocol >= 2`);
  if (!Number.isInteger(code) || code <= 0 || code > 0x7fffffff) m.fail(`extension code ${code} is out of range`);
  if (code <= 0xff) m.w.byte2(Op.EXT1, code);
  else if (code <= 0xffff) m.w.opU16(Op.EXT2, code);
  else m.w.opU32(Op.EXT4, code);
}

/**
 * CPython's `save_pers`: BINPERSID after the saved id, or PERSID with its text at protocol 0.
 * @throws PicklingError for a protocol 0 id that is not ASCII text or an int.
 */
export function writePersistentId(m: PickleMachine, pid: unknown): void {
  if (m.bin) {
    m.pushOp(Op.BINPERSID);
    m.save(pid, true);
    return;
  }
  let text: string;
  if (typeof pid === 'string') text = pid;
  else if (typeof pid === 'bigint' || (typeof pid === 'number' && Number.isInteger(pid))) text = String(pid);
  else return m.fail('persistent IDs in protocol 0 must be ASCII strings');
  if (!isAscii(text)) m.fail('persistent IDs in protocol 0 must be ASCII strings');
  m.w.ascii(`P${text}\n`);
}

/**
 * An inert object, written back with the opcode it was read from.
 * @param memoize false for a discarded call, which the pickle did not memoize.
 * @throws PicklingError for an INST class that is not a global, or a name the protocol cannot write.
 */
export function savePyObject(m: PickleMachine, o: PyObject, memoize = true): void {
  const args = o.args;
  let task: Task;
  switch (o.creation) {
    case 'NEWOBJ':
      task =
        m.protocol >= 2
          ? makeTask([o.callable, argsValue(args)], REDUCE_LABELS, END_NEWOBJ, o)
          : makeTask([GLOBALS.newobj, new Tuple([o.callable, ...asArray(args)])], REDUCE_LABELS, END_REDUCE, o);
      break;
    case 'NEWOBJ_EX':
      task =
        m.protocol >= 4
          ? makeTask([o.callable, argsValue(args), o.kwargs], NEWOBJ_EX_LABELS, END_NEWOBJ_EX, o)
          : m.protocol >= 2 && newObjExPartial(o.callable, asTuple(args), o.kwargs) !== undefined
            ? makeTask([newObjExPartial(o.callable, asTuple(args), o.kwargs), EMPTY_TUPLE], REDUCE_LABELS, END_REDUCE, o)
            : makeTask([GLOBALS.newobjEx, new Tuple([o.callable, asTuple(args), o.kwargs])], REDUCE_LABELS, END_REDUCE, o);
      break;
    case 'INST': {
      const cls = o.callable;
      if (!(cls instanceof PyGlobal)) return m.fail('an INST object needs a PyGlobal class');
      let { module, name } = cls;
      if (m.fixImports) ({ module, name } = toPython2(module, name));
      const items = asArray(args);
      const end = identifierLine(m, 'i', module, name);
      m.w.byte(Op.MARK);
      task = makeTask(
        items,
        items.map((_, i) => `.args[${i}]`),
        end,
        o,
      );
      break;
    }
    case 'OBJ': {
      const items = asArray(args);
      m.w.byte(Op.MARK);
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
  m.pushTask(task);
}

/** INST's opcode and name lines, ASCII below protocol 3 as CPython. */
function identifierLine(m: PickleMachine, op: string, module: string, name: string): Uint8Array {
  if (m.protocol !== 3 && !(isAscii(module) && isAscii(name))) {
    m.fail(`can't pickle global identifier '${module}.${name}' using pickle protocol ${m.protocol}`);
  }
  return encodeUtf8(`${op}${module}\n${name}\n`);
}

/**
 * CPython's `save_reduce` for what a registry or hook returned.
 * @throws PicklingError with CPython's message for a malformed reduction.
 */
export function saveReduceValue(m: PickleMachine, r: ReduceValue, obj: object): void {
  const callable = r.callable;
  if (callable === null || (typeof callable !== 'object' && typeof callable !== 'function')) {
    m.fail('first item of the tuple returned by __reduce__ must be callable');
  }
  if (!Array.isArray(r.args)) m.fail('second item of the tuple returned by __reduce__ must be a tuple');
  const args = asTuple(r.args);
  const name = callable instanceof PyGlobal ? callable.name : undefined;
  let task: Task;
  const labels = ['.reduce().callable', '.reduce().args'];
  if (m.protocol >= 2 && name === '__newobj_ex__') {
    if (args.length !== 3) m.fail(`length of the NEWOBJ_EX argument tuple must be exactly 3, not ${args.length}`);
    checkClass(m, args[0], 'first item from NEWOBJ_EX argument tuple must be a class');
    if (!Array.isArray(args[1])) m.fail('second item from NEWOBJ_EX argument tuple must be a tuple');
    if (!(args[2] instanceof Map) && !isPlainObject(args[2])) m.fail('third item from NEWOBJ_EX argument tuple must be a dict');
    // Below protocol 4: functools.partial(cls.__new__, cls, *args, **kwargs)() as CPython (newobj-ex-partial.ts).
    const partial = m.protocol >= 4 ? undefined : newObjExPartial(args[0], args[1], args[2]);
    task =
      m.protocol >= 4
        ? makeTask([args[0], asTuple(args[1] as unknown[]), args[2]], ['.reduce().args[0]', '.reduce().args[1]', '.reduce().args[2]'], END_NEWOBJ_EX, obj)
        : makeTask(partial !== undefined ? [partial, EMPTY_TUPLE] : [callable, args], labels, END_REDUCE, obj);
  } else if (m.protocol >= 2 && name === '__newobj__') {
    if (args.length < 1) m.fail('__newobj__ arglist is empty');
    checkClass(m, args[0], 'args[0] from __newobj__ args is not a type');
    // CPython checks the class against obj.__class__; a JS class can be checked the same way.
    if (typeof args[0] === 'function' && !(obj instanceof args[0])) m.fail('args[0] from __newobj__ args has the wrong class');
    const rest = new Tuple(args.slice(1));
    m.synthetic.set(rest, Segment.None);
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
        m.fail('sixth element of the tuple returned by __reduce__ must be a function');
      }
      task.setter = setter;
    }
  }
  m.pushTask(task);
}
