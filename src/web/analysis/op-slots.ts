/**
 * Which opcode built which part of the value. The unpickler keeps no such
 * record (it would slow every load), so the page replays the opcodes over a
 * skeleton: each stack entry is a `Slot` that remembers the opcode that
 * created it, the opcodes that changed it (APPENDS, SETITEMS, BUILD, PUT, GET)
 * and its children in the order the value tree lists them. Walking the loaded
 * value and the skeleton side by side then links tree nodes and dis lines.
 */
import type { OpToken } from '../../tools/genops.js';

/** One stack entry of the replay. */
export interface Slot {
  /** Offset of the opcode that pushed it. */
  readonly offset: number;
  /** What it is, as far as the replay can tell. */
  readonly kind: 'scalar' | 'list' | 'tuple' | 'dict' | 'set' | 'frozenset' | 'global' | 'object' | 'mark';
  /** Items in order: list/tuple/set members; dict keys and values alternating; an object's appended items. */
  items: readonly Slot[];
  /** Offsets of the opcodes that changed or re-used it, in order. */
  ops: readonly number[];
  /** For objects: the callable or class, the arguments, the BUILD state. */
  callable?: Slot;
  args?: Slot;
  kwargs?: Slot;
  state?: Slot;
  /** Where the first tree node built from it sits (set by `indexTree`). */
  node?: PathNode;
}

/** A tree position as a parent-linked record: cheap to make for every node, turned into a path on demand. */
export interface PathNode {
  readonly parent: PathNode | undefined;
  readonly index: number;
}

/**
 * The child indices from the root to `node`.
 * @throws never.
 */
export function pathOf(node: PathNode): number[] {
  const out: number[] = [];
  for (let n: PathNode | undefined = node; n !== undefined && n.parent !== undefined; n = n.parent) out.push(n.index);
  return out.reverse();
}

/** The replay of one pickle. */
export interface SlotReplay {
  /** What STOP returned, when the replay got that far. */
  readonly root: Slot | undefined;
  /** For each token (same index as the tokens given): the slot it created or acted on. */
  readonly slots: readonly (Slot | undefined)[];
}

/**
 * The index of the token at byte `offset` (tokens are in offset order), or -1.
 * @throws never.
 */
export function tokenIndex(tokens: readonly { readonly offset: number }[], offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = tokens[mid]!.offset;
    if (at === offset) return mid;
    if (at < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

const SCALAR_PUSHES = new Set([
  'INT',
  'BININT',
  'BININT1',
  'BININT2',
  'LONG',
  'LONG1',
  'LONG4',
  'STRING',
  'BINSTRING',
  'SHORT_BINSTRING',
  'BINBYTES',
  'SHORT_BINBYTES',
  'BINBYTES8',
  'BYTEARRAY8',
  'NONE',
  'NEWTRUE',
  'NEWFALSE',
  'UNICODE',
  'SHORT_BINUNICODE',
  'BINUNICODE',
  'BINUNICODE8',
  'FLOAT',
  'BINFLOAT',
  'PERSID',
  'EXT1',
  'EXT2',
  'EXT4',
  'NEXT_BUFFER',
]);

/** Shared by every slot until it gets its own: most slots are scalars that never do. */
const NONE: readonly never[] = Object.freeze([]);

function slot(offset: number, kind: Slot['kind']): Slot {
  // Every field from the start: one object shape for all slots keeps the replay monomorphic.
  return { offset, kind, items: NONE, ops: NONE, callable: undefined, args: undefined, kwargs: undefined, state: undefined, node: undefined };
}

function addItems(s: Slot, items: readonly Slot[]): void {
  if (s.items === NONE) s.items = [];
  for (const x of items) (s.items as Slot[]).push(x);
}

function addOp(s: Slot, offset: number): void {
  if (s.ops === NONE) s.ops = [];
  (s.ops as number[]).push(offset);
}

/**
 * Replays a pickle's opcodes over skeleton slots. Malformed input ends the
 * replay early (the unpickler reports the error); nothing here throws.
 * @param tokens the pickle's opcodes, as `genops` reads them (up to and including STOP).
 * @returns the root slot and the slot of every opcode (undefined where it has none).
 * @throws never: a token sequence the replay cannot follow stops it.
 */
export function replaySlots(tokens: Iterable<OpToken>): SlotReplay {
  // An array beside the tokens, not a Map keyed by offset: a million Map entries cost seconds.
  const slots: (Slot | undefined)[] = [];
  const stack: Slot[] = [];
  const memo = new Map<unknown, Slot>();
  let root: Slot | undefined;
  const popMark = (): Slot[] | undefined => {
    let i = stack.length - 1;
    while (i >= 0 && stack[i]!.kind !== 'mark') i--;
    if (i < 0) return undefined;
    const items = stack.splice(i + 1);
    stack.pop();
    return items;
  };
  const top = (): Slot | undefined => stack[stack.length - 1];
  for (const { op, arg, offset } of tokens) {
    const name = op.name;
    let acted: Slot | undefined;
    if (SCALAR_PUSHES.has(name)) {
      acted = slot(offset, 'scalar');
      stack.push(acted);
    } else {
      switch (name) {
        case 'MARK':
          stack.push(slot(offset, 'mark'));
          break;
        case 'EMPTY_LIST':
        case 'EMPTY_DICT':
        case 'EMPTY_SET':
        case 'EMPTY_TUPLE':
          acted = slot(offset, name === 'EMPTY_LIST' ? 'list' : name === 'EMPTY_DICT' ? 'dict' : name === 'EMPTY_SET' ? 'set' : 'tuple');
          stack.push(acted);
          break;
        case 'LIST':
        case 'TUPLE':
        case 'DICT':
        case 'FROZENSET': {
          const items = popMark();
          if (items === undefined) return { root, slots };
          acted = slot(offset, name === 'LIST' ? 'list' : name === 'TUPLE' ? 'tuple' : name === 'DICT' ? 'dict' : 'frozenset');
          addItems(acted, items);
          stack.push(acted);
          break;
        }
        case 'TUPLE1':
        case 'TUPLE2':
        case 'TUPLE3': {
          const n = name === 'TUPLE1' ? 1 : name === 'TUPLE2' ? 2 : 3;
          if (stack.length < n) return { root, slots };
          acted = slot(offset, 'tuple');
          addItems(acted, stack.splice(stack.length - n));
          stack.push(acted);
          break;
        }
        case 'APPEND':
        case 'SETITEM':
        case 'APPENDS':
        case 'SETITEMS':
        case 'ADDITEMS': {
          let items: Slot[] | undefined;
          if (name === 'APPEND') items = stack.length >= 2 ? stack.splice(stack.length - 1) : undefined;
          else if (name === 'SETITEM') items = stack.length >= 3 ? stack.splice(stack.length - 2) : undefined;
          else items = popMark();
          acted = top();
          if (items === undefined || acted === undefined) return { root, slots };
          addItems(acted, items);
          addOp(acted, offset);
          break;
        }
        case 'GLOBAL':
          acted = slot(offset, 'global');
          stack.push(acted);
          break;
        case 'STACK_GLOBAL':
          if (stack.length < 2) return { root, slots };
          stack.length -= 2;
          acted = slot(offset, 'global');
          stack.push(acted);
          break;
        case 'REDUCE':
        case 'NEWOBJ': {
          if (stack.length < 2) return { root, slots };
          const args = stack.pop()!;
          acted = slot(offset, 'object');
          acted.callable = stack.pop()!;
          acted.args = args;
          stack.push(acted);
          break;
        }
        case 'NEWOBJ_EX': {
          if (stack.length < 3) return { root, slots };
          acted = slot(offset, 'object');
          acted.kwargs = stack.pop()!;
          acted.args = stack.pop()!;
          acted.callable = stack.pop()!;
          stack.push(acted);
          break;
        }
        case 'OBJ':
        case 'INST': {
          const items = popMark();
          if (items === undefined) return { root, slots };
          acted = slot(offset, 'object');
          const args = slot(offset, 'tuple');
          if (name === 'OBJ') {
            acted.callable = items.shift();
          } else {
            acted.callable = slot(offset, 'global');
          }
          addItems(args, items);
          acted.args = args;
          stack.push(acted);
          break;
        }
        case 'BUILD': {
          const state = stack.pop();
          acted = top();
          if (state === undefined || acted === undefined) return { root, slots };
          acted.state = state;
          addOp(acted, offset);
          break;
        }
        case 'BINPERSID': {
          if (stack.length < 1) return { root, slots };
          stack.pop();
          acted = slot(offset, 'scalar');
          stack.push(acted);
          break;
        }
        case 'PUT':
        case 'BINPUT':
        case 'LONG_BINPUT':
        case 'MEMOIZE':
          acted = top();
          if (acted === undefined) return { root, slots };
          memo.set(name === 'MEMOIZE' ? memo.size : arg, acted);
          addOp(acted, offset);
          break;
        case 'GET':
        case 'BINGET':
        case 'LONG_BINGET':
          acted = memo.get(arg);
          if (acted === undefined) return { root, slots };
          addOp(acted, offset);
          stack.push(acted);
          break;
        case 'POP':
          stack.pop();
          break;
        case 'POP_MARK':
          if (popMark() === undefined) return { root, slots };
          break;
        case 'DUP':
          acted = top();
          if (acted !== undefined) stack.push(acted);
          break;
        case 'READONLY_BUFFER':
          acted = top();
          break;
        case 'STOP':
          root = stack.pop();
          acted = root;
          break;
        default:
          // PROTO and FRAME change nothing on the stack.
          break;
      }
    }
    slots.push(acted);
    if (name === 'STOP') break;
  }
  return { root, slots };
}
