/**
 * A pending reduce-like write (CPython's `save_reduce`, `save_global` with
 * STACK_GLOBAL, INST, OBJ): the values to save in order, the opcodes that
 * end them, then memo, list items, dict items and state, in phases.
 */
import { Op } from '../opcodes.js';

/** Where a task is. */
export const enum TaskPhase {
  /** Saving `seq`, then `end` and the memo. */
  Create = 0,
  /** List items next. */
  ListItems = 1,
  /** Dict items next. */
  DictItems = 2,
  /** State next. */
  State = 3,
  /** Saving the state (`seq` again), then `end`, then done. */
  StateWriting = 4,
}

/** A pending reduce. */
export interface Task {
  /** Values saved in order, then `end` is written. */
  seq: readonly unknown[];
  /** Path segment for each `seq` value. */
  labels: readonly string[];
  end: Uint8Array;
  i: number;
  phase: TaskPhase;
  /** The object to memoize after creation (with CPython's recursion check), or undefined. */
  obj: object | undefined;
  /** Memoize after creation without the recursion check (save_global), under these keys. */
  globalKey: string | undefined;
  alias: object | undefined;
  /** Also memoize under this key of the singleton memo. */
  singletonKey: string | undefined;
  listItems: readonly unknown[] | undefined;
  dictItems: readonly (readonly [unknown, unknown])[] | undefined;
  hasState: boolean;
  state: unknown;
  setter: unknown;
  /** Prefix for the item/state segments, e.g. `.reduce()`. */
  prefix: string;
}

/**
 * A task in its creation phase.
 * @throws never.
 */
export function makeTask(seq: readonly unknown[], labels: readonly string[], end: Uint8Array, obj: object | undefined): Task {
  return {
    seq,
    labels,
    end,
    i: 0,
    phase: TaskPhase.Create,
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

export const END_REDUCE = Uint8Array.of(Op.REDUCE);
export const END_NEWOBJ = Uint8Array.of(Op.NEWOBJ);
export const END_NEWOBJ_EX = Uint8Array.of(Op.NEWOBJ_EX);
export const END_OBJ = Uint8Array.of(Op.OBJ);
export const END_STACK_GLOBAL = Uint8Array.of(Op.STACK_GLOBAL);
export const END_BUILD = Uint8Array.of(Op.BUILD);
export const END_SETTER = Uint8Array.of(Op.TUPLE2, Op.REDUCE, Op.POP);
export const REDUCE_LABELS = ['.callable', '.args'];
export const NEWOBJ_EX_LABELS = ['.callable', '.args', '.kwargs'];
